import { ApplicantKindSchema, DepartmentIdSchema } from '@jilin/domain';
import * as z from 'zod/mini';

/** The catalogue function's routes. */

export const ServiceCodeParamsSchema = z.strictObject({
  code: z.string().check(z.regex(/^[0-9A-Za-z-]{4,40}$/, { message: '事项编码格式不正确' })),
});
export const ServiceListQuerySchema = z.strictObject({
  audience: z.optional(ApplicantKindSchema),
  department: z.optional(DepartmentIdSchema),
  /** A word of the service's name. */
  q: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(40))),
});
