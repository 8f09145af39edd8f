import * as z from 'zod/mini';

/**
 * A calendar date without a time or a time zone, written `YYYY-MM-DD` (ISO 8601 calendar date).
 * In this platform a plain date is always a date in China (Asia/Shanghai); turn an instant into
 * one with `toChinaDate`.
 *
 * Plain dates of four-digit years compare correctly as strings: `'2026-02-14' < '2026-02-24'`.
 *
 * @example
 * PlainDateSchema.parse('2026-02-14'); // '2026-02-14'
 * PlainDateSchema.parse('2026-02-30'); // throws: not a real date
 * PlainDateSchema.parse('2026-2-14');  // throws: not zero-padded
 */
export const PlainDateSchema = z.iso.date({ error: 'expected a real date written YYYY-MM-DD' });

export type PlainDate = z.infer<typeof PlainDateSchema>;

/** ISO 8601 day of the week: 1 = Monday … 5 = Friday, 6 = Saturday, 7 = Sunday. */
export type IsoDayOfWeek = 1 | 2 | 3 | 4 | 5 | 6 | 7;

const MS_PER_DAY = 86_400_000;

/** Whether `value` is a real date written `YYYY-MM-DD`. */
export function isPlainDate(value: unknown): value is PlainDate {
  return PlainDateSchema.safeParse(value).success;
}

/**
 * Throws a `RangeError` naming `name` unless `value` is a real date written `YYYY-MM-DD`.
 * For arguments a caller got wrong (a programming error), not for input from citizens — parse
 * that with `PlainDateSchema`.
 */
export function assertPlainDate(value: unknown, name = 'date'): asserts value is PlainDate {
  if (!isPlainDate(value)) {
    throw new RangeError(`${name} must be a real date written YYYY-MM-DD, got ${String(value)}`);
  }
}

/** Midnight UTC of `date`, in milliseconds since the epoch (years 0000-9999, no 1900 offset). */
function toUtcMs(date: PlainDate): number {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d.getTime();
}

/** The plain date of the UTC calendar day containing `ms`. */
function fromUtcMs(ms: number): PlainDate {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  if (year < 0 || year > 9999) {
    throw new RangeError(`date out of range: year ${year} is not a four-digit year`);
  }
  const yyyy = String(year).padStart(4, '0');
  const mm = String(d.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(d.getUTCDate()).padStart(2, '0');
  return `${yyyy}-${mm}-${dd}`;
}

/**
 * The date `days` calendar days after `date` (before it when negative). Pure UTC arithmetic, so
 * the host's time zone and its daylight-saving changes play no part.
 *
 * @example addDays('2026-02-28', 1); // '2026-03-01'
 */
export function addDays(date: PlainDate, days: number): PlainDate {
  if (!Number.isSafeInteger(days)) {
    throw new RangeError(`days must be an integer, got ${days}`);
  }
  return fromUtcMs(toUtcMs(date) + days * MS_PER_DAY);
}

/**
 * The ISO day of the week of `date`: 1 = Monday … 7 = Sunday.
 *
 * @example dayOfWeek('2026-01-04'); // 7 (a Sunday)
 */
export function dayOfWeek(date: PlainDate): IsoDayOfWeek {
  const jsDay = new Date(toUtcMs(date)).getUTCDay(); // 0 = Sunday
  return (jsDay === 0 ? 7 : jsDay) as IsoDayOfWeek;
}

/** Whether `date` falls on Saturday or Sunday. */
export function isWeekend(date: PlainDate): boolean {
  return dayOfWeek(date) >= 6;
}

/** The calendar year of `date`. */
export function yearOf(date: PlainDate): number {
  return Number(date.slice(0, 4));
}

/** Calendar days from `from` to `to`: positive when `to` is later, 0 on the same day. */
export function daysBetween(from: PlainDate, to: PlainDate): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / MS_PER_DAY);
}

/** Negative, 0 or positive as `a` is before, on or after `b`. */
export function compareDates(a: PlainDate, b: PlainDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000; // Asia/Shanghai: UTC+8 all year, no DST since 1991

/** An ISO 8601 date-time with an explicit offset; without one, `Date` would read host time. */
const INSTANT_PATTERN =
  /^(\d{4}-\d{2}-\d{2})T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/i;

/**
 * The date in China (Asia/Shanghai, UTC+8) at `instant`. A string must be an ISO 8601 date-time
 * with an explicit `Z` or `±HH:MM` offset: a date-time without one would be read in the host's
 * time zone, which is exactly the bug this function exists to avoid.
 *
 * @example
 * toChinaDate('2026-01-31T16:00:00Z');      // '2026-02-01' (midnight in Beijing)
 * toChinaDate('2026-01-31T15:59:59.999Z');  // '2026-01-31'
 * toChinaDate('2026-02-01T00:30:00+08:00'); // '2026-02-01'
 */
export function toChinaDate(instant: string | Date): PlainDate {
  let ms: number;
  if (instant instanceof Date) {
    ms = instant.getTime();
  } else {
    const datePart = INSTANT_PATTERN.exec(instant)?.[1];
    // `Date.parse` rolls 2026-02-30 over to March 2: check the date part is a real date first.
    if (datePart === undefined || !isPlainDate(datePart)) {
      throw new RangeError(
        `instant must be an ISO 8601 date-time with a Z or ±HH:MM offset, got ${instant}`,
      );
    }
    ms = Date.parse(instant);
  }
  if (Number.isNaN(ms)) {
    throw new RangeError(`instant is not a valid date-time: ${String(instant)}`);
  }
  return fromUtcMs(ms + CHINA_OFFSET_MS);
}
