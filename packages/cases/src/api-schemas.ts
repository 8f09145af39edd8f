import {
  ApplicantKindSchema,
  ApplicationSchema,
  CaseIdSchema,
  CitizenIdSchema,
  CreditCodeSchema,
  DepartmentIdSchema,
  MaterialIdSchema,
  PlainDateSchema,
  RatingLevelSchema,
  StatusSchema,
  SuppliedMaterialSchema,
} from '@jilin/domain';
import * as z from 'zod';

/**
 * The request schemas of the HTTP API, one per route part: the handlers parse with them and the
 * OpenAPI document is generated from them. zod is the API's only request validation: the HTTP
 * API has none of its own.
 */

const Limit = z.coerce
  .number({ message: '每页条数必须是数字' })
  .int()
  .min(1, { message: '每页条数至少为1' })
  .max(100, { message: '每页条数最多为100' })
  .optional();
const Cursor = z
  .string()
  .max(2048, { message: '分页游标无效' })
  .regex(/^[A-Za-z0-9_-]+$/, { message: '分页游标无效' })
  .optional();
const Reason = z.string().trim().min(1).max(1000);
const ExpectedVersion = z.number().int().positive();

/** A 公民身份号码 or a 统一社会信用代码. */
export const ApplicantNumberSchema = z.union([CitizenIdSchema, CreditCodeSchema], {
  message: '请提供有效的公民身份号码或统一社会信用代码',
});

export const ServiceCodeParamsSchema = z.strictObject({
  code: z.string().regex(/^[0-9A-Za-z-]{4,40}$/, { message: '事项编码格式不正确' }),
});
export const ServiceListQuerySchema = z.strictObject({
  audience: ApplicantKindSchema.optional(),
  department: DepartmentIdSchema.optional(),
  /** A word of the service's name. */
  q: z.string().trim().min(1).max(40).optional(),
});

export const SubmitBodySchema = ApplicationSchema;

export const CaseListQuerySchema = z.strictObject({
  /** Window staff: the applicant's number. Citizens: their own, or the organisation's. */
  applicant: ApplicantNumberSchema.optional(),
  limit: Limit,
  cursor: Cursor,
});
export const CaseParamsSchema = z.strictObject({ caseId: CaseIdSchema });

export const WithdrawBodySchema = z.strictObject({
  reason: z.string().trim().max(500).optional(),
  expectedVersion: ExpectedVersion.optional(),
});
export const ResubmitBodySchema = z.strictObject({
  materials: z.array(SuppliedMaterialSchema).min(1).max(50),
  expectedVersion: ExpectedVersion.optional(),
});
export const RatingBodySchema = z.strictObject({
  level: RatingLevelSchema,
  comment: z.string().trim().max(500).optional(),
});

export const WorklistParamsSchema = z.strictObject({ department: DepartmentIdSchema });
export const WorklistQuerySchema = z.strictObject({
  status: StatusSchema.default('prereview'),
  dueOnOrBefore: PlainDateSchema.optional(),
  limit: Limit,
  cursor: Cursor,
});

export const DecisionParamsSchema = z.strictObject({
  caseId: CaseIdSchema,
  department: DepartmentIdSchema,
});
export const DecisionBodySchema = z.strictObject({
  action: z.enum(['accept', 'refuse', 'request_correction', 'approve', 'deny', 'complete']),
  reason: Reason.optional(),
  /** For request_correction: the materials to supply again. */
  materials: z.array(MaterialIdSchema).min(1).max(50).optional(),
  /** The task version the officer read (tasks[].version in the case, or the message's taskVersion). */
  expectedVersion: ExpectedVersion,
});
