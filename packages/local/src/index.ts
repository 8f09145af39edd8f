export type {
  ApiGateway,
  ApiGatewayOptions,
  CorsOptions,
  InvokeFunction,
} from './api-gateway';
export {
  createApiGateway,
  isTextContentType,
  MAX_REQUEST_BYTES,
  mapFunctionResult,
} from './api-gateway';
export type {
  BearerVerification,
  DevIssuer,
  DevIssuerOptions,
  IssueTokenOptions,
  VerifyBearerOptions,
} from './dev-issuer';
export {
  createDevIssuer,
  DEV_ISSUER_ALGORITHM,
  DEV_ISSUER_KEY_FILE_ENV,
  devIssuer,
  issueToken,
  jwks,
  stringifyClaim,
  verifyBearer,
} from './dev-issuer';
export type { DynamoDbLocal, DynamoDbLocalOptions } from './dynamodb-local';
export { LOCAL_AWS, startDynamoDbLocal } from './dynamodb-local';
export type { LocalPlatform, LocalPlatformOptions } from './platform';
export { startLocalPlatform } from './platform';
export { freePort } from './ports';
export type { RedriveOptions } from './redrive';
export { redrive } from './redrive';
export { findRepoRoot } from './repo-root';
export type { Runtime, RuntimeFunctionSpec, RuntimeOptions } from './runtime';
export {
  createRuntime,
  FunctionError,
  FunctionTimeoutError,
  partitionOf,
  RuntimeExitError,
  UnknownFunctionError,
} from './runtime';
export type { ScheduledEventOptions, Scheduler, SchedulerOptions } from './scheduler';
export { scheduledEvent, startScheduler } from './scheduler';
export type { LocalServices, LocalServicesOptions } from './services';
export { DEV_APPLICANT_KEY_SECRET, startLocalServices } from './services';
export type {
  DepartmentMessage,
  DepartmentSimulatorOptions,
  DepartmentSimulators,
} from './simulators';
export { startDepartmentSimulators } from './simulators';
export type { DepartmentQueue, DepartmentQueueOptions, LocalSqs, LocalSqsOptions } from './sqs';
export {
  createDepartmentQueues,
  createDispatchFailureQueue,
  dispatchFailureQueueName,
  startSqs,
} from './sqs';
export type {
  FailedBatch,
  SqsFailureDestinationOptions,
  StreamPoller,
  StreamPollerOptions,
} from './stream-poller';
export {
  batchItemFailures,
  sqsFailureDestination,
  startStreamPoller,
  toLambdaRecord,
} from './stream-poller';
export type { PlatformTables } from './tables';
export {
  caseTableName,
  createPlatformTables,
  idempotencyTableInput,
  idempotencyTableName,
} from './tables';
