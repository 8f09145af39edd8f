/** Key builders for the case table; see table.ts for the design. */
export const keys = {
  casePk: (caseId: string) => `CASE#${caseId}`,
  caseSk: 'CASE',
  taskSk: (department: string) => `TASK#${department}`,
  timelineSk: (seq: number) => `TL#${String(seq).padStart(6, '0')}`,
  applicantPk: (applicantKey: string) => `APPLICANT#${applicantKey}`,
  applicantSk: (submittedAt: string, caseId: string) => `${submittedAt}#${caseId}`,
  worklistPk: (department: string, status: string) => `DEPT#${department}#${status}`,
  dueSk: (dueDate: string, caseId: string) => `${dueDate}#${caseId}`,
  openPk: 'OPEN',
} as const;

export const SK_PREFIX = { case: 'CASE', task: 'TASK#', timeline: 'TL#' } as const;
