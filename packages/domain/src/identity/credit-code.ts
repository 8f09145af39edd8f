import * as z from 'zod/mini';
import { type IdentifierRule, InvalidIdentifierError } from '../errors';
import { identifierCheck } from './identifier-check';

/**
 * 统一社会信用代码 (GB 32100-2015): registration authority (1) + organisation type (1) + area code
 * (6 digits, GB/T 2260) + organisation code (9) + a MOD 31 check character, all from an alphabet of
 * 31 characters without I, O, S, V and Z.
 *
 * Rules are checked in a fixed order and only the first one broken is reported:
 * USCC_LENGTH → USCC_CHARSET → USCC_AREA → USCC_CHECKSUM.
 *
 * Case: GB 32100 writes the code in upper case, and people type it as they see fit, so lowercase
 * letters are accepted and normalised to upper case — the same treatment as the x of a 公民身份号码.
 * A lowercase letter outside the alphabet (i, o, s, v, z) is still rejected as USCC_CHARSET.
 *
 * The registration-authority and organisation-type codes (characters 1 and 2) are not checked
 * against the standard's table: the table grows as authorities are added, and a code issued under
 * it stays valid.
 */

/** The rules of a 统一社会信用代码. */
export type CreditCodeRule = Extract<IdentifierRule, `USCC_${string}`>;

/** The 31 characters of GB 32100-2015, in check-value order (no I, O, S, V, Z). */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const CHARSET = /^[0-9A-HJ-NPQRTUWXY]{18}$/;
const FIRST17 = /^[0-9A-HJ-NPQRTUWXY]{17}$/;
const AREA = /^\d{6}$/;

const MESSAGES_ZH: Readonly<Record<CreditCodeRule, string>> = {
  USCC_LENGTH: '统一社会信用代码应为18位',
  USCC_CHARSET: '统一社会信用代码只能包含数字和大写英文字母（不使用I、O、S、V、Z）',
  USCC_AREA: '统一社会信用代码第3至8位应为6位数字的行政区划码',
  USCC_CHECKSUM: '统一社会信用代码校验位不正确',
};

/**
 * A 统一社会信用代码 that passed every rule of GB 32100-2015, in upper case.
 * @example '91350100M000100Y43'
 */
export const CreditCodeSchema = z
  .string()
  .check(
    identifierCheck((input) => validateCreditCode(input)),
    z.overwrite(normalise),
  )
  .brand<'CreditCode'>()
  .register(z.globalRegistry, {
    description: '统一社会信用代码 (GB 32100-2015)',
    pattern: '^[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{18}$',
    example: '91350100M000100Y43',
  });
export type CreditCode = z.infer<typeof CreditCodeSchema>;

export type CreditCodeResult =
  | { readonly ok: true; readonly value: CreditCode }
  | { readonly ok: false; readonly error: InvalidIdentifierError };

/**
 * Validates a 统一社会信用代码 and normalises it to upper case. The input is not trimmed. The error's
 * `message` never contains the code.
 * @example validateCreditCode('91350100m000100y43') // { ok: true, value: '91350100M000100Y43' }
 */
export function validateCreditCode(input: string): CreditCodeResult {
  if (input.length !== 18) {
    return fail('USCC_LENGTH', `credit code must be 18 characters long, got ${input.length}`);
  }
  const code = normalise(input);
  if (!CHARSET.test(code)) {
    return fail('USCC_CHARSET', `credit code may only use the characters ${CREDIT_CODE_ALPHABET}`);
  }
  if (!AREA.test(code.slice(2, 8))) {
    return fail('USCC_AREA', 'credit code characters 3 to 8 must be a six-digit area code');
  }
  if (checkCharOf(code.slice(0, 17)) !== code.slice(17)) {
    return fail('USCC_CHECKSUM', 'credit code check character does not match the first 17');
  }
  // The one place the brand is minted: every rule has just been checked.
  return { ok: true, value: code as CreditCode };
}

/**
 * The MOD 31 check character of the first 17 characters of a 统一社会信用代码.
 * @throws RangeError when `first17` is not exactly 17 upper-case characters of the alphabet
 * @example creditCodeCheckChar('91350100M000100Y4') // '3'
 */
export function creditCodeCheckChar(first17: string): string {
  if (!FIRST17.test(first17)) {
    throw new RangeError(
      `creditCodeCheckChar expects exactly 17 characters of ${CREDIT_CODE_ALPHABET}`,
    );
  }
  return checkCharOf(first17);
}

function checkCharOf(first17: string): string {
  let sum = 0;
  for (const [i, weight] of WEIGHTS.entries()) {
    sum += CREDIT_CODE_ALPHABET.indexOf(first17.charAt(i)) * weight;
  }
  return CREDIT_CODE_ALPHABET.charAt((31 - (sum % 31)) % 31);
}

/**
 * Upper case, only for ASCII letters: `toUpperCase` would also map characters outside ASCII (and
 * change the length of some, e.g. ß → SS), which must stay rejected.
 */
function normalise(input: string): string {
  return input.replace(/[a-z]/g, (letter) => letter.toUpperCase());
}

function fail(rule: CreditCodeRule, message: string): CreditCodeResult {
  return { ok: false, error: new InvalidIdentifierError(rule, message, MESSAGES_ZH[rule]) };
}
