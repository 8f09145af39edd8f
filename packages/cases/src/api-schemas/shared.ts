import * as z from 'zod/mini';

/**
 * Parts of the request schemas that several functions' routes use. Each function's schemas are
 * in a module of their own, so that a bundle builds only its own routes' schemas at load (a
 * schema is built when its module loads, used or not; README, Performance).
 */

export const Limit = z.optional(
  z.coerce
    .number({ message: '每页条数必须是数字' })
    .check(
      z.int(),
      z.gte(1, { message: '每页条数至少为1' }),
      z.lte(100, { message: '每页条数最多为100' }),
    ),
);
export const Cursor = z.optional(
  z
    .string()
    .check(
      z.maxLength(2048, { message: '分页游标无效' }),
      z.regex(/^[A-Za-z0-9_-]+$/, { message: '分页游标无效' }),
    ),
);
export const ExpectedVersion = z.int().check(z.positive());
