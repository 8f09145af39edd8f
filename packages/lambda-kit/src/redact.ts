import { maskIdentifier, maskPhone } from '@jilin/domain';

/**
 * Defensive redaction of personal identifiers in text that is about to be logged. Domain and store
 * messages are written never to contain them; this catches what slips through (a library's error
 * message that echoes its input, a developer's debug line).
 *
 * Recognised, anywhere in the text and wherever they are embedded:
 * - a 公民身份号码: 17 digits and a digit or X (any run of 18 such characters, so a longer digit
 *   run is masked too: over-masking a log line is cheap, leaking a number is not);
 * - a 统一社会信用代码: `[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}`;
 * - a mainland mobile number `1[3-9]` + 9 digits, with an optional +86 / 0086 / 86 prefix and
 *   optional spaces or hyphens in 3-4-4 groups, not part of a longer digit run (so that epoch
 *   timestamps in milliseconds are left alone).
 *
 * Identifiers keep their first 6 and last 4 characters, mobiles their first 3 and last 4, as the
 * domain's masking does for display.
 * @example redact('id 11010519491231002X, tel 13812345678') // 'id 110105********002X, tel 138****5678'
 */
export function redact(text: string): string {
  return text
    .replace(CITIZEN_ID, maskIdentifier)
    .replace(CREDIT_CODE, maskIdentifier)
    .replace(
      MOBILE,
      (_match, prefix: string | undefined, a: string, b: string, c: string) =>
        `${prefix ?? ''}${maskPhone(`${a}${b}${c}`)}`,
    );
}

const CITIZEN_ID = /\d{17}[\dXx]/g;
const CREDIT_CODE = /[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}/g;
const MOBILE = /(?<!\d)((?:\+|00)?86[- ]?)?(1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})(?!\d)/g;

/**
 * The Logger's `jsonReplacerFn`: every value of every log line passes through it before
 * Powertools serialises it, so strings (messages, error messages and stacks, attributes), numbers
 * that look like a mobile number, and object keys are redacted whoever logged them.
 */
export function redactLogValue(_key: string, value: unknown): unknown {
  switch (typeof value) {
    case 'string':
      return redact(value);
    case 'number':
    case 'bigint': {
      const text = String(value);
      const redacted = redact(text);
      return redacted === text ? value : redacted;
    }
    case 'object':
      return value !== null && isPlainObject(value) ? redactKeys(value) : value;
    default:
      return value;
  }
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** An object whose keys hold a number (e.g. a map by ID number) is copied with redacted keys. */
function redactKeys(value: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(value);
  if (keys.every((key) => redact(key) === key)) return value;
  return Object.fromEntries(keys.map((key) => [redact(key), value[key]]));
}
