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
import * as z from 'zod/mini';

/**
 * The request schemas of the HTTP API, one per route part: the handlers parse with them and the
 * OpenAPI document is generated from them. zod is the API's only request validation: the HTTP
 * API has none of its own.
 */

const Limit = z.optional(
  z.coerce
    .number({ message: '每页条数必须是数字' })
    .check(
      z.int(),
      z.gte(1, { message: '每页条数至少为1' }),
      z.lte(100, { message: '每页条数最多为100' }),
    ),
);
const Cursor = z.optional(
  z
    .string()
    .check(
      z.maxLength(2048, { message: '分页游标无效' }),
      z.regex(/^[A-Za-z0-9_-]+$/, { message: '分页游标无效' }),
    ),
);
const Reason = z.string().check(z.trim(), z.minLength(1), z.maxLength(1000));
const ExpectedVersion = z.int().check(z.positive());

/** A 公民身份号码 or a 统一社会信用代码. */
export const ApplicantNumberSchema = z.union([CitizenIdSchema, CreditCodeSchema], {
  message: '请提供有效的公民身份号码或统一社会信用代码',
});

export const ServiceCodeParamsSchema = z.strictObject({
  code: z.string().check(z.regex(/^[0-9A-Za-z-]{4,40}$/, { message: '事项编码格式不正确' })),
});
export const ServiceListQuerySchema = z.strictObject({
  audience: z.optional(ApplicantKindSchema),
  department: z.optional(DepartmentIdSchema),
  /** A word of the service's name. */
  q: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(40))),
});

export const SubmitBodySchema = ApplicationSchema;

export const CaseListQuerySchema = z.strictObject({
  /** Window staff: the applicant's number. Citizens: their own, or the organisation's. */
  applicant: z.optional(ApplicantNumberSchema),
  limit: Limit,
  cursor: Cursor,
});
export const CaseParamsSchema = z.strictObject({ caseId: CaseIdSchema });

export const WithdrawBodySchema = z.strictObject({
  reason: z.optional(z.string().check(z.trim(), z.maxLength(500))),
  expectedVersion: z.optional(ExpectedVersion),
});
export const ResubmitBodySchema = z.strictObject({
  materials: z.array(SuppliedMaterialSchema).check(z.minLength(1), z.maxLength(50)),
  expectedVersion: z.optional(ExpectedVersion),
});
export const RatingBodySchema = z.strictObject({
  level: RatingLevelSchema,
  comment: z.optional(z.string().check(z.trim(), z.maxLength(500))),
});

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
