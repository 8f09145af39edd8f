import { CaseSchema, TaskSchema } from '@jilin/domain';
import * as z from 'zod/mini';

/**
 * What the index queries return: the attributes each GSI projects (table.ts `include`), so a
 * list reads small items. A unit test keeps these and the projections equal.
 */
export const CaseSummarySchema = z.pick(CaseSchema, {
  caseId: true,
  platform: true,
  serviceCode: true,
  serviceName: true,
  channel: true,
  status: true,
  outcome: true,
  submittedAt: true,
  due: true,
  dueState: true,
  version: true,
  updatedAt: true,
});
export type CaseSummary = z.infer<typeof CaseSummarySchema>;

/**
 * A running part in the overdue index (byDue): see table.ts `DUE_ENTRY`; its department is read
 * from the item's sort key.
 */
export const DueEntrySchema = z.pick(TaskSchema, {
  caseId: true,
  department: true,
  due: true,
  dueState: true,
});
export type DueEntry = z.infer<typeof DueEntrySchema>;

export const TaskSummarySchema = z.pick(TaskSchema, {
  caseId: true,
  department: true,
  partName: true,
  status: true,
  version: true,
  due: true,
  updatedAt: true,
});
export type TaskSummary = z.infer<typeof TaskSummarySchema>;

/**
 * A case with a 差评 whose follow-up a department owes (byDepartment, on the case item): the
 * follow-up's due date is the item's index sort key (`<date>#<caseId>`). Not strict: the index
 * also projects the case's own `due`, which is not the follow-up's and is left out.
 */
export const FollowUpEntrySchema = z.object({
  ...z.pick(CaseSchema, { caseId: true, status: true, version: true, updatedAt: true }).shape,
  followUpDue: z.iso.date(),
});
export type FollowUpEntry = z.infer<typeof FollowUpEntrySchema>;
