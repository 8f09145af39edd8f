/**
 * The performance harness (`npm run bench`, entry src/run.ts). Exported: its pure parts, for the
 * unit tests and for reading results.
 */
export { baselineSource, stackFloorSource } from './baseline';
export {
  bytesByPackage,
  bytesBySource,
  decodeVlq,
  packageOf,
  sdkClientPackages,
} from './bundle-analysis';
export type { IndexShape, Pricing, TableShape, WireItem, WireValue, WriteUnits } from './capacity';
export {
  floorWriteUnits,
  indexEntrySize,
  itemSize,
  numberSize,
  readUnits,
  requestCost,
  US_EAST_1_ON_DEMAND,
  valueSize,
  writeUnits,
} from './capacity';
export { coldVerdict, NO_MAPS } from './cold';
export type { Change } from './compare';
export { compareReport, compareResults } from './compare';
export type { NodeChoice } from './node-versions';
export {
  majorOf,
  measuredOn,
  nodePackage,
  nodeToRunOn,
  RUNTIME_NODE_VERSION,
  runtimeMajor,
} from './node-versions';
export type { BenchOptions, Section, WarmRequest } from './options';
export { nodeChoice, parseOptions, SECTIONS, USAGE, WARM_REQUESTS } from './options';
export type { RecordedCall, WriteTarget } from './replay';
export {
  CASE_ID_PATTERN,
  caseIdsIn,
  consumedByTarget,
  documentCall,
  freshCaseId,
  idempotencyIdsIn,
  rewriteCalls,
  streamInsertsOf,
  withConsumedCapacity,
  writeTargets,
} from './replay';
export { freshReport, fullReport, misses } from './report';
export type { BenchResult } from './result';
export type { BootstrapOptions, Interval, Summary } from './stats';
export {
  bootstrapRatioInterval,
  median,
  medianPairedRatio,
  mulberry32,
  perSecond,
  quantile,
  ratioOfMedians,
  summarize,
} from './stats';
export type { Column } from './table';
export {
  displayWidth,
  formatBytes,
  formatMs,
  formatNumber,
  formatRatio,
  formatTable,
} from './table';
export type { Target, Verdict } from './targets';
export { evaluate, TARGETS, verdictLabel } from './targets';
