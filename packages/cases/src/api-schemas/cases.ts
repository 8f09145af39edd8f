import { CaseIdSchema, CitizenIdSchema, CreditCodeSchema } from '@jilin/domain';
import * as z from 'zod/mini';
import { Cursor, Limit } from './shared';

/** Reading cases (the read-cases function), and the case id every case route has. */

/** A 公民身份号码 or a 统一社会信用代码. */
export const ApplicantNumberSchema = z.union([CitizenIdSchema, CreditCodeSchema], {
  message: '请提供有效的公民身份号码或统一社会信用代码',
});

export const CaseListQuerySchema = z.strictObject({
  /** Window staff: the applicant's number. Citizens: their own, or the organisation's. */
  applicant: z.optional(ApplicantNumberSchema),
  limit: Limit,
  cursor: Cursor,
});
export const CaseParamsSchema = z.strictObject({ caseId: CaseIdSchema });
