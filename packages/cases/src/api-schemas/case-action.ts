import { RatingLevelSchema, SuppliedMaterialSchema } from '@jilin/domain';
import * as z from 'zod/mini';
import { ExpectedVersion } from './shared';

/** The applicant's actions on a case (the case-action function). */

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
