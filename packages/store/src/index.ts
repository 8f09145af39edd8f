export type { ApplicantKeyer } from './applicant-key';
export { createApplicantKeyer } from './applicant-key';
export type { AuditEntry, AuditLogProps, AuditRecord, ChainVerification } from './audit-log';
export { AuditLog, AuditRecordSchema, auditHash, genesisHash, verifyChain } from './audit-log';
export type {
  CaseChange,
  CaseRepositoryProps,
  CaseUpdate,
  Page,
  PageRequest,
  RatingTallyChange,
  SubmissionClaim,
  TaskUpdate,
} from './case-repository';
export { CaseRepository, recordAfter, taskFromItem } from './case-repository';
export { createDocumentClient, documentClientFor } from './client';
export { caseTableInput, createCaseTable } from './create-table';
export {
  CaseExistsError,
  CaseNotFoundError,
  CorruptItemError,
  InvalidCursorError,
  ReadIncompleteError,
  StoreError,
  SubmissionClaimedError,
  UnreadableChangeError,
  VersionConflictError,
} from './errors';
export { keys, matchesTaskStreamFilter, TASK_STREAM_FILTER } from './keys';
export type { CaseSummary, DueEntry, FollowUpEntry, TaskSummary } from './summaries';
export {
  CaseSummarySchema,
  DueEntrySchema,
  FollowUpEntrySchema,
  TaskSummarySchema,
} from './summaries';
export type { IndexName } from './table';
export { CASE_TABLE } from './table';
