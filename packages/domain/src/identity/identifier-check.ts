import * as z from 'zod/mini';
import type { InvalidIdentifierError } from '../errors';

/**
 * A zod check that runs one of the identifier validators (公民身份号码, 统一社会信用代码) and
 * reports its failure as one custom issue: the rule's zh-CN message, and its machine code in
 * `params.code`. The number itself is never in the issue.
 */
export const identifierCheck = (
  validate: (
    input: string,
  ) => { readonly ok: true } | { readonly ok: false; readonly error: InvalidIdentifierError },
) =>
  z.superRefine<string>((input, ctx) => {
    const result = validate(input);
    if (!result.ok) {
      ctx.addIssue({
        code: 'custom',
        message: result.error.messageZh,
        params: { code: result.error.code },
      });
    }
  });
