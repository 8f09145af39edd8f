import * as z from 'zod/mini';
import { type IdentifierRule, InvalidIdentifierError } from '../errors';
import { identifierCheck } from './identifier-check';

/**
 * 公民身份号码 (GB 11643-1999): 6-digit area code (GB/T 2260) + 8-digit birth date (YYYYMMDD) +
 * 3-digit sequence (odd for men, even for women) + a MOD 11-2 check character (0-9 or X).
 *
 * Rules are checked in a fixed order and only the first one broken is reported:
 * ID_LENGTH → ID_CHARSET → ID_AREA → ID_BIRTH_DATE → ID_BIRTH_FUTURE → ID_CHECKSUM.
 */

/** The rules of a 公民身份号码. */
export type CitizenIdRule = Extract<IdentifierRule, `ID_${string}`>;

/**
 * The first two digits of the area code: GB/T 2260 province-level codes.
 *
 * Only the province prefix is checked, not the full six-digit code against a GB/T 2260 list: a
 * number is issued once and stays valid for life, so numbers issued under county codes that have
 * since been abolished, merged or renumbered stay in use (e.g. 220181 九台市, which became 九台区
 * 220113 in 2014), and the current list does not hold them. A province prefix is the part that can
 * be checked without rejecting someone's lawful number.
 */
// biome-ignore format: grouped by region as in GB/T 2260
export const CITIZEN_ID_PROVINCE_CODES: readonly string[] = [
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71',
  // 81 香港, 82 澳门, 83 台湾: the 18-digit numbers on 港澳台居民居住证 (国办发〔2018〕81号)
  // follow GB 11643 and their holders apply for services like anyone else.
  '81', '82', '83',
];

const PROVINCES: ReadonlySet<string> = new Set(CITIZEN_ID_PROVINCE_CODES);
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
const SHAPE = /^\d{17}[\dX]$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MIN_BIRTH_YEAR = 1900;
/** China Standard Time: UTC+8 all year (no daylight saving since 1991). */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

const MESSAGES_ZH: Readonly<Record<CitizenIdRule, string>> = {
  ID_LENGTH: '公民身份号码应为18位',
  ID_CHARSET: '公民身份号码应由17位数字和1位数字或X组成',
  ID_AREA: '公民身份号码的地址码不正确',
  ID_BIRTH_DATE: '公民身份号码中的出生日期不是有效日期',
  ID_BIRTH_FUTURE: '公民身份号码中的出生日期晚于当前日期',
  ID_CHECKSUM: '公民身份号码校验位不正确',
};

/**
 * A 公民身份号码 that passed every rule of GB 11643-1999, upper-case X.
 * @example '11010519491231002X'
 */
export const CitizenIdSchema = z
  .string()
  .check(
    identifierCheck((input) => validateCitizenId(input)),
    z.overwrite(normalise),
  )
  .brand<'CitizenId'>()
  .register(z.globalRegistry, {
    description: '公民身份号码 (GB 11643-1999): 18 characters, the last a check digit or X',
    pattern: '^[0-9]{17}[0-9Xx]$',
    example: '11010519491231002X',
  });
export type CitizenId = z.infer<typeof CitizenIdSchema>;

/** Options of {@link validateCitizenId}. */
export interface ValidateCitizenIdOptions {
  /**
   * The date against which a birth date counts as future, as YYYY-MM-DD.
   * @default today in Asia/Shanghai
   */
  readonly today?: string;
}

export type CitizenIdResult =
  | { readonly ok: true; readonly value: CitizenId }
  | { readonly ok: false; readonly error: InvalidIdentifierError };

/**
 * Validates a 公民身份号码 and normalises a lowercase check character x to X. The input is not
 * trimmed. The error's `message` never contains the number.
 * @throws RangeError when `options.today` is not YYYY-MM-DD (a programming error)
 * @example validateCitizenId('11010519491231002x') // { ok: true, value: '11010519491231002X' }
 */
export function validateCitizenId(
  input: string,
  options: ValidateCitizenIdOptions = {},
): CitizenIdResult {
  const today = options.today ?? todayInShanghai();
  if (!DATE.test(today)) {
    throw new RangeError('options.today must be a date as YYYY-MM-DD');
  }
  if (input.length !== 18) {
    return fail('ID_LENGTH', `citizen id must be 18 characters long, got ${input.length}`);
  }
  const id = normalise(input);
  if (!SHAPE.test(id)) {
    return fail('ID_CHARSET', 'citizen id must be 17 digits followed by a digit or X');
  }
  if (!PROVINCES.has(id.slice(0, 2))) {
    return fail('ID_AREA', 'citizen id area code does not start with a province-level code');
  }
  const birthDate = birthDateOf(id);
  if (!isRealDate(birthDate)) {
    return fail(
      'ID_BIRTH_DATE',
      `citizen id birth date is not a calendar date in ${MIN_BIRTH_YEAR} or later`,
    );
  }
  if (birthDate > today) {
    return fail('ID_BIRTH_FUTURE', 'citizen id birth date is in the future');
  }
  if (checkCharOf(id.slice(0, 17)) !== id.slice(17)) {
    return fail('ID_CHECKSUM', 'citizen id check character does not match the first 17 digits');
  }
  // The one place the brand is minted: every rule has just been checked.
  return { ok: true, value: id as CitizenId };
}

/**
 * The facts a 公民身份号码 encodes.
 * @example citizenIdFacts(id) // { areaCode: '110105', birthDate: '1949-12-31', sex: 'female' }
 */
export function citizenIdFacts(id: CitizenId): {
  areaCode: string;
  birthDate: string;
  sex: 'male' | 'female';
} {
  return {
    areaCode: id.slice(0, 6),
    birthDate: birthDateOf(id),
    sex: Number(id.charAt(16)) % 2 === 1 ? 'male' : 'female',
  };
}

/**
 * The MOD 11-2 check character (0-9 or X) of the first 17 digits of a 公民身份号码.
 * @throws RangeError when `first17` is not exactly 17 digits
 * @example citizenIdCheckChar('11010519491231002') // 'X'
 */
export function citizenIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new RangeError('citizenIdCheckChar expects exactly 17 digits');
  }
  return checkCharOf(first17);
}

function checkCharOf(first17: string): string {
  let sum = 0;
  for (const [i, weight] of WEIGHTS.entries()) {
    sum += Number(first17.charAt(i)) * weight;
  }
  return CHECK_CHARS.charAt(sum % 11);
}

/** A lowercase x as the check character (the 18th) becomes X; anything else is left as it is. */
function normalise(input: string): string {
  return input.length === 18 && input.endsWith('x') ? `${input.slice(0, 17)}X` : input;
}

function birthDateOf(id: string): string {
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

function isRealDate(isoDate: string): boolean {
  const year = Number(isoDate.slice(0, 4));
  const month = Number(isoDate.slice(5, 7));
  const day = Number(isoDate.slice(8, 10));
  if (year < MIN_BIRTH_YEAR || month < 1 || month > 12 || day < 1) {
    return false;
  }
  // Day 0 of the next month is the last day of this one.
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Today in Shanghai and the instants it runs between: every 公民身份号码 parsed asks for it. */
let today: { readonly date: string; readonly from: number; readonly until: number } | undefined;

function todayInShanghai(): string {
  const now = Date.now();
  if (!today || now < today.from || now >= today.until) {
    const from = Math.floor((now + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS;
    const date = new Date(from + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
    today = { date, from, until: from + DAY_MS };
  }
  return today.date;
}

function fail(rule: CitizenIdRule, message: string): CitizenIdResult {
  return { ok: false, error: new InvalidIdentifierError(rule, message, MESSAGES_ZH[rule]) };
}
