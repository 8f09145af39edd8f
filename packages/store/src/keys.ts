/** Key builders for the case table; see table.ts for the design. */
export const keys = {
  casePk: (caseId: string) => `CASE#${caseId}`,
  caseSk: 'CASE',
  taskSk: (department: string) => `TASK#${department}`,
  timelineSk: (seq: number) => `TL#${String(seq).padStart(6, '0')}`,
  applicantPk: (applicantKey: string) => `APPLICANT#${applicantKey}`,
  applicantSk: (submittedAt: string, caseId: string) => `${submittedAt}#${caseId}`,
  worklistPk: (department: string, status: string) => `DEPT#${department}#${status}`,
  /** byDepartment, on the case item: a 差评 whose follow-up the department owes. */
  followUpPk: (department: string) => `FOLLOWUP#${department}`,
  dueSk: (dueDate: string, caseId: string) => `${dueDate}#${caseId}`,
  /** byDue: a part whose 承诺时限 runs (the overdue scan's partition). */
  openPartPk: 'OPENPART',
  /**
   * byDue: a case indexed whole by its own due date, as every case was until parts were indexed
   * (session 11). Nothing writes it any more: the overdue scan moves such cases to their parts.
   */
  legacyOpenCasePk: 'OPEN',
  /** 好差评 statistics of a department (`@jilin/domain` rating-stats.ts): one item a month. */
  ratingStatsPk: (department: string) => `RATINGS#${department}`,
  ratingStatsSk: (month: string) => `MONTH#${month}`,
  /** The table's own bookkeeping (not a case): which one-off moves of its items are done. */
  metaPk: 'META',
  partsIndexedSk: 'PARTS_INDEXED',
  recountedSk: (year: number) => `RECOUNTED#${year}`,
  auditSk: (seq: number) => `AUDIT#${String(seq).padStart(6, '0')}`,
  auditDayPk: (day: string) => `AUDITDAY#${day}`,
} as const;

/**
 * Sort keys within a case's partition, in their sort order: the audit chain (AUDIT#…) sorts
 * before the case itself, so reading a case (sk >= CASE) never reads its audit records.
 */
export const SK_PREFIX = { audit: 'AUDIT#', case: 'CASE', task: 'TASK#', timeline: 'TL#' } as const;

/**
 * The records of the table's stream that the dispatcher is given: task items written or changed
 * (`INSERT`/`MODIFY` with a `TASK#` sort key). The cloud's event source mapping filters with
 * exactly this (Lambda event filtering, infra's functions.ts), and so does the local stream
 * poller; records that do not match are never delivered, in either.
 */
export const TASK_STREAM_FILTER = {
  eventNames: ['INSERT', 'MODIFY'],
  sortKeyPrefix: keys.taskSk(''),
} as const;

/** Whether a stream record passes {@link TASK_STREAM_FILTER}. */
export function matchesTaskStreamFilter(record: {
  readonly eventName?: string;
  readonly dynamodb?: { readonly Keys?: { readonly sk?: { readonly S?: string } } };
}): boolean {
  return (
    (TASK_STREAM_FILTER.eventNames as readonly (string | undefined)[]).includes(record.eventName) &&
    (record.dynamodb?.Keys?.sk?.S ?? '').startsWith(TASK_STREAM_FILTER.sortKeyPrefix)
  );
}
