import * as z from 'zod/mini';

/** The zod issue code (in `params.code`) of a string that is not a mainland mobile number. */
export const PHONE_FORMAT = 'PHONE_FORMAT';

const MOBILE = /^1[3-9]\d{9}$/;

/**
 * A mainland China mobile number: 11 digits, starting 13 to 19, without +86, spaces or hyphens.
 * On failure the issue carries `params: { code: 'PHONE_FORMAT' }` and a zh-CN message.
 * @example '13812345678'
 */
export const MobilePhoneSchema = z
  .string()
  .check(
    z.superRefine((input, ctx) => {
      if (!MOBILE.test(input)) {
        ctx.addIssue({
          code: 'custom',
          message: '手机号码应为11位数字，以13至19开头',
          params: { code: PHONE_FORMAT },
        });
      }
    }),
  )
  .brand<'MobilePhone'>()
  .register(z.globalRegistry, {
    description: '手机号码',
    pattern: '^1[3-9][0-9]{9}$',
    example: '13812345678',
  });
export type MobilePhone = z.infer<typeof MobilePhoneSchema>;
