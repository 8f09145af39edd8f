export { canActForApplicant, canRead, isOwner, isStaffOf } from './access';
export type { CaseView, DepartmentRatingStats, RatingOverview } from './api-responses';
export {
  CaseSummaryPageSchema,
  CaseViewSchema,
  DepartmentListSchema,
  DepartmentRatingStatsSchema,
  FollowUpPageSchema,
  ProblemSchema,
  RatingOverviewSchema,
  ServiceDetailSchema,
  ServiceListSchema,
  TaskSummaryPageSchema,
} from './api-responses';
export {
  ApplicantNumberSchema,
  CaseListQuerySchema,
  CaseParamsSchema,
  DecisionBodySchema,
  DecisionParamsSchema,
  FollowUpBodySchema,
  FollowUpListQuerySchema,
  FollowUpParamsSchema,
  RatingBodySchema,
  RatingOverviewQuerySchema,
  RatingStatsQuerySchema,
  ResubmitBodySchema,
  ServiceCodeParamsSchema,
  ServiceListQuerySchema,
  SubmitBodySchema,
  WithdrawBodySchema,
  WorklistParamsSchema,
  WorklistQuerySchema,
} from './api-schemas';
export type { CaseListQuery, CaseReaderProps } from './case-reader';
export { CaseReader } from './case-reader';
export type {
  CaseServiceProps,
  DecisionInput,
  FlagReport,
  OfficerAction,
} from './case-service';
export { CaseService } from './case-service';
export type {
  DispatchReport,
  TaskChangeRecord,
  TaskDispatcherProps,
  TaskPublisher,
} from './dispatch';
export { classifyTaskChange, TaskDispatcher } from './dispatch';
export {
  AccessDeniedError,
  AlreadyRatedError,
  ApplicantRequiredError,
  CorrectionNotAllowedError,
  IdempotencyKeyReusedError,
  InvalidPeriodError,
  NoFollowUpOwedError,
  NotRateableError,
  ReasonRequiredError,
  StaleTaskError,
} from './errors';
export type { ReaderWiring, StoreWiring, Wiring } from './from-env';
export { wireFromEnv, wireReaderFromEnv, wireStoreFromEnv } from './from-env';
export { createOpenApiDocument, OPERATIONS } from './openapi';
export type { TaskMessage, TaskMessageType } from './task-message';
export {
  TASK_MESSAGE_SCHEMA_ID,
  TaskMessageSchema,
  taskMessageBody,
  taskMessageJsonSchema,
} from './task-message';
export type { ApplicantView } from './views';
export { applicantView, toCaseView } from './views';
