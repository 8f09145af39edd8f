export type { PlatformAppOptions } from './app';
export { addNagChecks, buildPlatformApp, OVERRIDE_CONTEXT_KEYS } from './app';
export { BUNDLING, bundlingFor, ESBUILD_TARGET, ESM_REQUIRE_BANNER, RUNTIME } from './bundling';
export type { DeploymentConfig, DeploymentOverrides } from './config';
export {
  DeploymentConfigSchema,
  isChinaRegion,
  LOG_RETENTION_DAYS,
  loadDeploymentConfig,
  MIN_LOG_RETENTION_DAYS,
  parseDeploymentConfig,
} from './config';
export type { PlatformApiProps } from './constructs/api';
export { ACCESS_LOG_FIELDS, CORS_ALLOW_HEADERS, PlatformApi } from './constructs/api';
export type { CaseAccess, CaseStoreProps } from './constructs/case-store';
export {
  CASE_TABLE_ACTIONS,
  CaseStore,
  IDEMPOTENCY_TABLE_ACTIONS,
  IDEMPOTENCY_TTL_ATTRIBUTE,
} from './constructs/case-store';
export type { DepartmentQueue, DepartmentQueuesProps } from './constructs/department-queues';
export {
  DEFAULT_VISIBILITY_TIMEOUT,
  DepartmentQueues,
  MAX_RETENTION,
} from './constructs/department-queues';
export type { PlatformKeyProps } from './constructs/encryption';
export { allowCloudWatchLogs, allowServiceToSend, PlatformKey } from './constructs/encryption';
export type { PlatformFunctionsProps, StreamTriggerOptions } from './constructs/functions';
export {
  METRICS_NAMESPACE,
  PlatformFunctions,
  STREAM_TRIGGER_DEFAULTS,
} from './constructs/functions';
export type { MonitoredParts, ObservabilityProps } from './constructs/observability';
export { ALARM_THRESHOLDS, Observability } from './constructs/observability';
export type { PlatformFunctionProps } from './constructs/platform-function';
export { PlatformFunction } from './constructs/platform-function';
export { ConstructPropsError, DeploymentConfigError, InfraError } from './errors';
export type { PlatformStackProps } from './stack';
export { PlatformStack, stackNameOf } from './stack';
