import {
  CaseIdSchema,
  DepartmentIdSchema,
  MaterialIdSchema,
  PlainDateSchema,
  RatingMonthSchema,
  StatusSchema,
} from '@jilin/domain';
import * as z from 'zod/mini';
import { Cursor, ExpectedVersion, Limit } from './shared';

/** A department's worklist and its officers' decisions (the department-tasks function). */

const Reason = z.string().check(z.trim(), z.minLength(1), z.maxLength(1000));

export const WorklistParamsSchema = z.strictObject({ department: DepartmentIdSchema });
export const WorklistQuerySchema = z.strictObject({
  status: z._default(StatusSchema, 'prereview'),
  dueOnOrBefore: z.optional(PlainDateSchema),
  limit: Limit,
  cursor: Cursor,
});

export const DecisionParamsSchema = z.strictObject({
  caseId: CaseIdSchema,
  department: DepartmentIdSchema,
});
export const DecisionBodySchema = z.strictObject({
  action: z.enum(['accept', 'refuse', 'request_correction', 'approve', 'deny', 'complete']),
  reason: z.optional(Reason),
  /** For request_correction: the materials to supply again. */
  materials: z.optional(z.array(MaterialIdSchema).check(z.minLength(1), z.maxLength(50))),
  /** The task version the officer read (tasks[].version in the case, or the message's taskVersion). */
  expectedVersion: ExpectedVersion,
});

/**
 * The case whose 差评 is followed up. (cases.ts has the same shape: this one keeps that module,
 * with its list queries, out of the department-tasks bundle.)
 */
export const FollowUpParamsSchema = z.strictObject({ caseId: CaseIdSchema });

/** A department's list of cases owing a 差评 follow-up, soonest due first. */
export const FollowUpListQuerySchema = z.strictObject({ limit: Limit, cursor: Cursor });

const FollowUpText = z.string().check(z.trim(), z.minLength(1), z.maxLength(500));
/** 差评整改: what the department found, and what it did; the applicant reads both. */
export const FollowUpBodySchema = z.strictObject({
  finding: FollowUpText,
  rectification: FollowUpText,
  /** The case version the officer read; without it, the follow-up applies to the case as it is. */
  expectedVersion: z.optional(ExpectedVersion),
});

/**
 * A department's 好差评 statistics month by month, from `from` to `to` (`YYYY-MM`, at most 24
 * months); by default the 12 months to this one.
 */
export const RatingStatsQuerySchema = z.strictObject({
  from: z.optional(RatingMonthSchema),
  to: z.optional(RatingMonthSchema),
});

/** Every department's 好差评 statistics of one month (`YYYY-MM`); by default this month. */
export const RatingOverviewQuerySchema = z.strictObject({ month: z.optional(RatingMonthSchema) });
