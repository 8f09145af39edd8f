import { NO_MAPS } from './cold';
import { measuredOn } from './node-versions';
import type { BenchResult } from './result';
import type { ScaleSection } from './scale';
import {
  type Column,
  formatBytes,
  formatMs,
  formatNumber,
  formatRatio,
  formatTable,
  heading,
} from './table';
import { verdictLabel } from './targets';

/** The printed report: one table per section, from a result (fresh or read back from JSON). */

const interval = (i: { low: number; high: number }) => `[${i.low.toFixed(2)}–${i.high.toFixed(2)}]`;
const shortClient = (name: string) =>
  name.replace('@aws-sdk/client-', '').replace('@aws-sdk/lib-', 'lib-');

export function bundleReport(result: BenchResult): string | undefined {
  const section = result.bundle;
  if (!section) return undefined;
  const baseline = section.bundles.find((b) => b.kind === 'baseline');
  type Row = (typeof section.bundles)[number];
  const columns: Column<Row>[] = [
    { header: 'bundle', value: (b) => b.name },
    { header: 'index.mjs', value: (b) => formatBytes(b.bytes), align: 'right' },
    { header: 'gzip', value: (b) => formatBytes(b.gzipBytes), align: 'right' },
    { header: '.map', value: (b) => formatBytes(b.mapBytes), align: 'right' },
    {
      header: '× baseline',
      value: (b) => (baseline ? formatRatio(b.bytes / baseline.bytes) : ''),
      align: 'right',
    },
    { header: 'SDK clients', value: (b) => b.sdkClients.map(shortClient).join(' ') || '–' },
    {
      header: 'largest parts (chars)',
      value: (b) =>
        b.topPackages
          .slice(0, 4)
          .map((p) => `${p.name} ${formatBytes(p.bytes)}`)
          .join(', '),
    },
  ];
  return [
    heading('1. Bundle size (PlatformFunction: esbuild ESM, minified, SDK bundled)'),
    formatTable(
      columns,
      section.bundles.filter((b) => b.kind !== 'helper'),
    ),
    `baseline: a hello world constructing ${section.baselineClients.map(shortClient).join(', ')} at load`,
    ...(section.bundles.some((b) => b.kind === 'reference')
      ? [
          'stack-floor (reference, not judged): the baseline with Powertools logger and metrics behind middy',
          'and one zod/mini schema, what DESIGN has every handler load before any code of ours',
        ]
      : []),
  ].join('\n');
}

export function coldReport(result: BenchResult): string | undefined {
  const cold = result.cold;
  if (!cold) return undefined;
  type Row = (typeof cold)[number];
  const columns: Column<Row>[] = [
    { header: 'bundle', value: (c) => c.name },
    { header: 'import (median)', value: (c) => formatMs(c.importMs.median), align: 'right' },
    {
      header: 'p25–p75',
      value: (c) => `${c.importMs.p25.toFixed(1)}–${c.importMs.p75.toFixed(1)}`,
      align: 'right',
    },
    { header: 'ratio', value: (c) => formatRatio(c.ratio), align: 'right' },
    { header: '95% interval', value: (c) => interval(c.interval) },
    { header: '≤ 1.25', value: (c) => (c.verdict ? verdictLabel(c.verdict) : '') },
    { header: 'CPU', value: (c) => formatMs(c.cpuMs.median), align: 'right' },
    { header: 'ratio', value: (c) => formatRatio(c.cpuRatio), align: 'right' },
    { header: 'process', value: (c) => formatMs(c.wallMs.median), align: 'right' },
    { header: 'ratio', value: (c) => formatRatio(c.wallRatio), align: 'right' },
    {
      header: 'network at init',
      value: (c) => (c.networkAtInit.length === 0 ? 'none' : c.networkAtInit.join(' ')),
    },
  ];
  const runs = cold[0]?.runs ?? 0;
  // Rows loaded without source maps (--without-source-maps) have a table of their own, below.
  const asDeployed = cold.filter((c) => c.sourceMaps !== false);
  return [
    heading(`2. Cold init (fresh node, import of index.mjs; median of ${runs} runs)`),
    formatTable(columns, asDeployed),
    "ratio: import wall time over the baseline's (the target); CPU: user+system time of the import;",
    "process: spawn to exit. Each bundle loads with its function's environment and --enable-source-maps.",
    ...(cold.some((c) => c.kind === 'reference')
      ? [
          'stack-floor: a reference, not judged: the baseline with Powertools logger and metrics behind middy',
          "and one zod/mini schema, DESIGN's stack with no code of ours.",
        ]
      : []),
  ].join('\n');
}

type ColdRow = NonNullable<BenchResult['cold']>[number];

/**
 * Each row `include` keeps, with the row named as it plus `suffix`: the same bundle measured
 * another way (`@no-maps`) or another checkout's (`@before`), in the same rounds.
 */
function pairedRows(
  result: BenchResult,
  include: (row: ColdRow) => boolean,
  suffix: string,
): { readonly row: ColdRow; readonly other: ColdRow }[] {
  const cold = result.cold ?? [];
  return cold.filter(include).flatMap((row) => {
    const other = cold.find((c) => c.name === `${row.name}${suffix}`);
    return other ? [{ row, other }] : [];
  });
}

/** With --without-source-maps: each bundle with and without the flag, from the same rounds. */
export function sourceMapReport(result: BenchResult): string | undefined {
  const pairs = pairedRows(result, (c) => c.sourceMaps !== false, NO_MAPS).map((p) => ({
    withMaps: p.row,
    without: p.other,
  }));
  if (pairs.length === 0) return undefined;
  type Row = (typeof pairs)[number];
  const cost = (p: Row) => p.withMaps.importMs.median - p.without.importMs.median;
  const columns: Column<Row>[] = [
    { header: 'bundle', value: (p) => p.withMaps.name },
    {
      header: 'with source maps',
      value: (p) => formatMs(p.withMaps.importMs.median),
      align: 'right',
    },
    { header: 'without', value: (p) => formatMs(p.without.importMs.median), align: 'right' },
    { header: 'cost', value: (p) => formatMs(cost(p)), align: 'right' },
    {
      header: 'share',
      value: (p) => `${((cost(p) / p.withMaps.importMs.median) * 100).toFixed(0)}%`,
      align: 'right',
    },
    {
      header: 'ratio with → without',
      value: (p) => `${formatRatio(p.withMaps.ratio)} → ${formatRatio(p.without.ratio)}`,
    },
  ];
  return [
    heading('2c. What --enable-source-maps costs a cold start (same rounds)'),
    formatTable(columns, pairs),
    "without: the same bundle loaded without the flag; its ratio is over the baseline's loaded the",
    'same way. The functions run with it (NODE_OPTIONS), for TypeScript positions in stack traces.',
  ].join('\n');
}

/** With --ab: each function against its build from the other checkout, from the same rounds. */
export function abReport(result: BenchResult): string | undefined {
  const pairs = pairedRows(
    result,
    (c) => c.kind === 'function' && !c.name.includes('@'),
    '@before',
  ).map((p) => ({ now: p.row, before: p.other }));
  if (pairs.length === 0) return undefined;
  const change = (after: number, before: number) =>
    `${after >= before ? '+' : ''}${(((after - before) / before) * 100).toFixed(0)}%`;
  type Row = (typeof pairs)[number];
  const columns: Column<Row>[] = [
    { header: 'function', value: (p) => p.now.name },
    { header: 'import before', value: (p) => formatMs(p.before.importMs.median), align: 'right' },
    { header: 'after', value: (p) => formatMs(p.now.importMs.median), align: 'right' },
    {
      header: 'change',
      value: (p) => change(p.now.importMs.median, p.before.importMs.median),
      align: 'right',
    },
    { header: 'CPU before', value: (p) => formatMs(p.before.cpuMs.median), align: 'right' },
    { header: 'after', value: (p) => formatMs(p.now.cpuMs.median), align: 'right' },
    {
      header: 'change',
      value: (p) => change(p.now.cpuMs.median, p.before.cpuMs.median),
      align: 'right',
    },
    {
      header: 'ratio before → after',
      value: (p) => `${formatRatio(p.before.ratio)} → ${formatRatio(p.now.ratio)}`,
    },
  ];
  return [
    heading('2b. Cold init, this checkout against --ab (same rounds, same baseline)'),
    formatTable(columns, pairs),
  ].join('\n');
}

export function warmReport(result: BenchResult): string | undefined {
  const warm = result.warm;
  if (!warm) return undefined;
  type Row = (typeof warm)[number];
  const columns: Column<Row>[] = [
    { header: 'request', value: (w) => `${w.function} ${w.scenario}` },
    { header: 'DynamoDB calls', value: (w) => w.operations.join(' + ') },
    { header: 'handler', value: (w) => formatMs(w.handlerMs.median), align: 'right' },
    { header: 'raw SDK', value: (w) => formatMs(w.rawMs.median), align: 'right' },
    { header: '+ms', value: (w) => w.overheadMs.toFixed(2), align: 'right' },
    { header: 'ratio', value: (w) => formatRatio(w.ratio), align: 'right' },
    { header: '95% interval', value: (w) => interval(w.interval) },
    { header: 'paired', value: (w) => formatRatio(w.pairedRatio), align: 'right' },
    { header: '≤ 1.15', value: (w) => verdictLabel(w.verdict) },
  ];
  /** Another measurement of each request (its first requests, the floor, --ab): ratio and +ms. */
  const sideColumns = (
    ratioHeader: string,
    msHeader: string,
    of: (w: Row) => { readonly ratio: number; readonly overheadMs: number } | undefined,
  ): Column<Row>[] => [
    {
      header: ratioHeader,
      value: (w) => {
        const side = of(w);
        return side ? formatRatio(side.ratio) : '';
      },
      align: 'right',
    },
    { header: msHeader, value: (w) => of(w)?.overheadMs.toFixed(2) ?? '', align: 'right' },
  ];
  const first = warm.find((w) => w.firstRequests)?.firstRequests?.n;
  if (first !== undefined) {
    columns.push(...sideColumns(`first ${first}`, '+ms', (w) => w.firstRequests));
  }
  if (warm.some((w) => w.floor)) {
    columns.push(...sideColumns('floor: ratio', 'floor +ms', (w) => w.floor), {
      header: 'handler − floor',
      value: (w) => w.floor?.handlerOverFloorMs.toFixed(2) ?? '',
      align: 'right',
    });
  }
  if (warm.some((w) => w.before)) {
    columns.push(...sideColumns('--ab: ratio', '+ms', (w) => w.before));
  }
  return [
    heading(
      `3. Warm handler overhead (handler ÷ the same DynamoDB calls raw; median of ${warm[0]?.n ?? 0})`,
    ),
    formatTable(columns, warm),
    ...(first !== undefined
      ? [
          `Judged after ${result.options.warmup} warm-up invocations of each request;`,
          `"first ${first}": the first ${first} of each request's warm-up (not judged); a new container's early requests for the first request of each function, after the earlier ones' warm-up for the others.`,
        ]
      : []),
    ...(warm.some((w) => w.floor)
      ? [
          "floor (--floor, not judged): middy, Powertools' logger and the document client sending the same calls, no code of ours, timed in the",
          'same iterations against the same raw side. "handler − floor" (ms, median over the iterations): the platform\'s code, and the Powertools',
          'work the floor leaves out (the metrics middleware; for submit with an Idempotency-Key, the idempotency utility beyond its DynamoDB calls).',
        ]
      : []),
  ].join('\n');
}

/** 3b: a fresh container's init and first request, beside a fresh process sending its calls. */
export function freshReport(result: BenchResult): string | undefined {
  const rows = (result.warm ?? []).filter((w) => w.freshStart);
  const first = rows[0]?.freshStart;
  if (!first) return undefined;
  type Row = (typeof rows)[number];
  const fresh = (w: Row) => w.freshStart as NonNullable<Row['freshStart']>;
  const columns: Column<Row>[] = [
    { header: 'first request', value: (w) => `${w.function} ${w.scenario}` },
    { header: 'init', value: (w) => formatMs(fresh(w).handler.initMs.median), align: 'right' },
    { header: 'request', value: (w) => formatMs(fresh(w).handler.firstMs.median), align: 'right' },
    {
      header: 'handler total',
      value: (w) => formatMs(fresh(w).handler.totalMs.median),
      align: 'right',
    },
    { header: 'raw: client', value: (w) => formatMs(fresh(w).raw.initMs.median), align: 'right' },
    { header: 'calls', value: (w) => formatMs(fresh(w).raw.firstMs.median), align: 'right' },
    { header: 'raw total', value: (w) => formatMs(fresh(w).raw.totalMs.median), align: 'right' },
    { header: 'ratio', value: (w) => formatRatio(fresh(w).ratio), align: 'right' },
    { header: '95% interval', value: (w) => interval(fresh(w).interval) },
    { header: 'warm', value: (w) => formatMs(w.handlerMs.median), align: 'right' },
  ];
  return [
    heading(
      `3b. A fresh container's first request (median of ${first.runs} fresh processes; not judged)`,
    ),
    formatTable(columns, rows),
    'init: the bundle imported (as section 2); request: its first invocation, where the SDK resolves',
    'credentials, endpoint and connection and V8 first runs the code. raw: a fresh process in the same',
    'environment that loads the low-level DynamoDB client alone, builds it as the functions do and sends',
    "the same calls once (one client where the functions load up to three: not the cold target's scale).",
    "warm: section 3's handler.",
  ].join('\n');
}

export function capacityReport(result: BenchResult): string | undefined {
  const capacity = result.capacity;
  if (!capacity) return undefined;
  const parts: string[] = [
    heading('4. Capacity per case lifecycle (request units by the documented formulas)'),
    'From the items each step read and wrote, replayed on DynamoDB Local; "Local" is what its',
    'ReturnConsumedCapacity (INDEXES) reported, which undercounts transactions of several items.',
  ];
  interface Row {
    step: string;
    operations: string;
    rru: number;
    wru: number;
    localRru: number;
    localWru: number;
    floorWru: number;
    itemsWritten: number;
  }
  for (const lifecycle of capacity.lifecycles) {
    // A bundled case's decisions are one row per action, summed over its departments.
    const rows: Row[] = [];
    for (const step of lifecycle.steps) {
      const action = /^(accept|approve|complete) \(/.exec(step.step)?.[1];
      const name = action && lifecycle.parts > 1 ? `${action} ×${lifecycle.parts}` : step.step;
      const ops = summarizeOperations(step.operations);
      const row: Row = rows.find((r) => r.step === name) ?? {
        step: name,
        operations: action && lifecycle.parts > 1 ? `${ops} (each)` : ops,
        rru: 0,
        wru: 0,
        localRru: 0,
        localWru: 0,
        floorWru: 0,
        itemsWritten: 0,
      };
      if (!rows.includes(row)) rows.push(row);
      row.rru += step.billed.rru;
      row.wru += step.billed.wru;
      row.localRru += step.reported.rru;
      row.localWru += step.reported.wru;
      row.floorWru += step.floorWru;
      row.itemsWritten += step.itemsWritten;
    }
    rows.push({
      step: 'lifecycle',
      operations: '',
      rru: lifecycle.total.billed.rru,
      wru: lifecycle.total.billed.wru,
      localRru: lifecycle.total.reported.rru,
      localWru: lifecycle.total.reported.wru,
      floorWru: lifecycle.total.floorWru,
      itemsWritten: rows.reduce((s, r) => s + r.itemsWritten, 0),
    });
    const columns: Column<Row>[] = [
      { header: 'step', value: (r) => r.step },
      { header: 'calls', value: (r) => r.operations },
      { header: 'RRU', value: (r) => formatNumber(r.rru), align: 'right' },
      { header: 'WRU', value: (r) => formatNumber(r.wru), align: 'right' },
      {
        header: 'Local R/W',
        value: (r) => `${formatNumber(r.localRru)}/${formatNumber(r.localWru)}`,
        align: 'right',
      },
      { header: 'items written', value: (r) => String(r.itemsWritten), align: 'right' },
      { header: 'floor WRU', value: (r) => formatNumber(r.floorWru), align: 'right' },
    ];
    parts.push(
      '',
      `${lifecycle.service} (${lifecycle.serviceCode}, ${lifecycle.parts} part${lifecycle.parts > 1 ? 's' : ''}); stored: ${formatBytes(lifecycle.storedBytes)} a case with its index entries`,
      formatTable(columns, rows),
    );
  }
  const p = capacity.pricing;
  parts.push(
    '',
    `Monthly cost of 10,000 cases, on-demand, ${p.region} ${p.currency}: ${p.perMillionWrites}/M WRU, ${p.perMillionReads}/M RRU, ${p.perGbMonth}/GB-month (${p.source})`,
    formatTable(
      [
        { header: 'cases', value: (m) => `10,000 × ${m.service}` },
        { header: 'RRU', value: (m) => m.rru.toLocaleString('en-US'), align: 'right' },
        { header: 'WRU', value: (m) => m.wru.toLocaleString('en-US'), align: 'right' },
        {
          header: 'requests',
          value: (m) => `${p.currency} ${m.requestCost.toFixed(2)}`,
          align: 'right',
        },
        {
          header: 'storage',
          value: (m) =>
            `${m.storageGb.toFixed(3)} GB, ${p.currency} ${m.storageCostPerMonth.toFixed(4)}/month`,
          align: 'right',
        },
      ],
      capacity.monthly,
    ),
    'floor WRU: each item written once, to its table only, outside a transaction. Storage before the 25 GB free tier; idempotency records expire after 24 h.',
  );
  return parts.join('\n');
}

function summarizeOperations(operations: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const op of operations) counts.set(op, (counts.get(op) ?? 0) + 1);
  return [...counts]
    .map(([op, n]) => `${n > 1 ? `${n}×` : ''}${op.replace('TransactWriteItems', 'TransactWrite')}`)
    .join(' + ');
}

export function scaleReport(result: BenchResult): string | undefined {
  const scale = result.scale;
  if (!scale) return undefined;
  type Row = (typeof scale.queries)[number];
  const [small, large] = scale.cases;
  const columns: Column<Row>[] = [
    { header: 'query', value: (q) => q.query },
    {
      header: `items ${small}`,
      value: (q) => `${q.items.count1x}/${q.items.scanned1x}`,
      align: 'right',
    },
    {
      header: `items ${large}`,
      value: (q) => `${q.items.count10x}/${q.items.scanned10x}`,
      align: 'right',
    },
    {
      header: 'RRU',
      value: (q) => `${formatNumber(q.rru1x)}/${formatNumber(q.rru10x)}`,
      align: 'right',
    },
    { header: `${small} cases`, value: (q) => formatMs(q.latency1x.median), align: 'right' },
    { header: `${large} cases`, value: (q) => formatMs(q.latency10x.median), align: 'right' },
    { header: 'ratio', value: (q) => formatRatio(q.ratio), align: 'right' },
    { header: '95% interval', value: (q) => interval(q.interval) },
    { header: '≤ 1.2', value: (q) => (q.control ? 'control' : verdictLabel(q.verdict)) },
    {
      header: '÷ control',
      value: (q) => (q.overControl === undefined ? '' : formatRatio(q.overControl)),
      align: 'right',
    },
  ];
  if (scale.queries.some((q) => q.raw)) {
    columns.push({
      header: 'raw replay',
      value: (q) => (q.raw ? `${formatRatio(q.raw.ratio)} ${interval(q.raw.interval)}` : ''),
    });
  }
  const s = scale.overdueScan;
  return [
    heading(`5. Scale: queries at 1× and 10× table size (items: returned/read per call)`),
    formatTable(columns, scale.queries),
    `whole overdue scan: ${s.items1x} items in ${s.pages1x} pages at ${small} cases, ${s.items10x} in ${s.pages10x} at ${large} (it reads the open cases that are due, by design); fill rate ${scale.fillPerSecond.toFixed(0)} cases/s`,
    ...(scale.queries.some((q) => q.raw)
      ? [
          'raw replay: the same Query request sent with the low-level client (not unmarshalled, not validated),',
          "1× against 10× in the query's rounds: DynamoDB Local's own growth for that request (judged: the query's ratio).",
        ]
      : []),
    ...streamCheckLines(scale.streamCheck),
  ].join('\n');
}

/** The emulator check: the same one-partition Query as its table grows, stream on and off. */
function streamCheckLines(check: ScaleSection['streamCheck']): string[] {
  if (!check) return [];
  const [small, large] = check.partitions;
  return [
    `emulator check (the tables above have no stream): one partition of ${check.itemsPerPartition} items, Query at ${small} and ${large} partitions`,
    ...check.rows.map(
      (r) =>
        `  stream ${r.stream ? 'on ' : 'off'}: ${formatMs(r.latency1x.median)} → ${formatMs(r.latency10x.median)}, ${formatRatio(r.ratio)} ${interval(r.interval)}`,
    ),
  ];
}

export function throughputReport(result: BenchResult): string | undefined {
  const t = result.throughput;
  if (!t) return undefined;
  return [
    heading(
      `6. Throughput at concurrency ${t.concurrency} (median of ${t.rounds} rounds of ${t.roundMs / 1000} s)`,
    ),
    formatTable(
      [
        { header: 'what', value: (r: { what: string }) => r.what },
        { header: 'per second', value: (r: { rate: number }) => r.rate.toFixed(1), align: 'right' },
        {
          header: 'rounds',
          value: (r: { rounds: readonly number[] }) => r.rounds.map((x) => x.toFixed(0)).join(' '),
        },
      ],
      [
        {
          what: 'submissions through the local HTTP API',
          rate: t.e2eMedian,
          rounds: t.e2ePerSecond,
        },
        {
          what: `DynamoDB Local TransactWriteItems (${t.itemsPerCase} items)`,
          rate: t.rawMedian,
          rounds: t.rawPerSecond,
        },
      ],
    ),
    `ratio: ${formatRatio(t.ratio)} of the ceiling${t.errors > 0 ? `; ${t.errors} failed requests` : ''}${t.rawErrors > 0 ? `; ${t.rawErrors} failed raw transactions` : ''}`,
  ].join('\n');
}

/** Every target the run measured that it missed. */
export function misses(result: BenchResult): string[] {
  const out: string[] = [];
  for (const c of result.cold ?? []) {
    // Names with @ are the other checkout's (--ab), measured for comparison.
    if (!c.name.includes('@') && c.verdict?.verdict === 'miss') {
      out.push(`cold init ${c.name}: ${formatRatio(c.ratio)} > 1.25`);
    }
  }
  for (const w of result.warm ?? []) {
    if (w.verdict.verdict === 'miss')
      out.push(`warm ${w.function} ${w.scenario}: ${formatRatio(w.ratio)} > 1.15`);
  }
  for (const q of result.scale?.queries ?? []) {
    if (!q.control && q.verdict.verdict === 'miss') {
      out.push(`scale ${q.query}: ${formatRatio(q.ratio)} > 1.2`);
    }
  }
  return out;
}

export function fullReport(result: BenchResult): string {
  const sections = [
    measuredOn(result.machine),
    bundleReport(result),
    coldReport(result),
    abReport(result),
    sourceMapReport(result),
    warmReport(result),
    freshReport(result),
    capacityReport(result),
    scaleReport(result),
    throughputReport(result),
  ].filter((s): s is string => s !== undefined);
  const missed = misses(result);
  sections.push(
    missed.length === 0
      ? 'Targets: every measured target met.'
      : `Targets missed (${missed.length}):\n${missed.map((m) => `  - ${m}`).join('\n')}`,
  );
  return `${sections.join('\n\n')}\n`;
}
