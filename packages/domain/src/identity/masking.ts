/**
 * Masking for display and logs (REFERENCE: never show a full number except to its owner). No
 * national standard fixes the pattern; this platform keeps the area (first 6) and the last 4 of an
 * identifier, the carrier prefix (first 3) and the last 4 of a phone number, and the first
 * character of a name. Every function takes any string and never throws; input too short to keep
 * anything while still hiding most of it is masked entirely. Characters are counted as Unicode code
 * points, so a name with a rare character outside the BMP (e.g. 𠮷) is masked one star per
 * character.
 */

const MASK = '*';

/** Shortest identifier shown partly: the 15-digit first-generation 身份证 keeps 6 + 5 masked + 4. */
const MIN_PARTIAL_IDENTIFIER = 15;
/** Shortest phone number shown partly: an 11-digit mobile keeps 3 + 4 masked + 4. */
const MIN_PARTIAL_PHONE = 11;

/**
 * Keeps the first 6 and the last 4 characters of a 公民身份号码 or 统一社会信用代码.
 * @example maskIdentifier('22010219900307123X') // '220102********123X'
 */
export function maskIdentifier(id: string): string {
  return keepEnds(id, 6, 4, MIN_PARTIAL_IDENTIFIER);
}

/**
 * Keeps the first 3 and the last 4 digits of a phone number.
 * @example maskPhone('13812345678') // '138****5678'
 */
export function maskPhone(phone: string): string {
  return keepEnds(phone, 3, 4, MIN_PARTIAL_PHONE);
}

/**
 * Keeps the first character of a name; a one-character name is masked entirely.
 * @example maskName('欧阳娜娜') // '欧***'
 */
export function maskName(name: string): string {
  return keepEnds(name, 1, 0, 2);
}

function keepEnds(value: string, head: number, tail: number, minPartial: number): string {
  const chars = Array.from(value);
  if (chars.length < minPartial) {
    return MASK.repeat(chars.length);
  }
  const middle = chars.length - head - tail;
  return (
    chars.slice(0, head).join('') + MASK.repeat(middle) + chars.slice(chars.length - tail).join('')
  );
}
