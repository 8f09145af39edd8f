import chineseDays from 'chinese-days';
import { assertPlainDate, type PlainDate, yearOf } from './plain-date';

/**
 * The official working-day calendar: weekends and public holidays are off, the State Council's
 * adjusted working weekends (调休) are on — but only for the years whose arrangement
 * (国务院办公厅关于部分节假日安排的通知) is published. For any other year the calendar says
 * `'unpublished'` rather than guess.
 */
export interface WorkingCalendar {
  /**
   * Whether `date` is a working day on the official calendar, or `'unpublished'` when the
   * arrangement for its year is not known.
   *
   * @example officialCalendar.isWorkingDay('2026-01-04'); // true (a Sunday worked, 调休)
   * @example officialCalendar.isWorkingDay('2027-01-01'); // 'unpublished' (chinese-days 1.5.x)
   */
  isWorkingDay(date: PlainDate): boolean | 'unpublished';

  /** Whether the holiday arrangement for `year` is published. */
  isPublished(year: number): boolean;
}

/** How to build a `WorkingCalendar`; every field is optional. */
export interface WorkingCalendarOptions {
  /**
   * The years whose holiday arrangement is published, as a list or a predicate.
   *
   * @default the years chinese-days has holiday data for (a year counts as published iff the
   *   library lists at least one holiday in it), so an upgraded library is picked up without
   *   code change
   */
  readonly publishedYears?: Iterable<number> | ((year: number) => boolean);

  /**
   * Whether a date of a published year is a working day. Only ever asked about dates in a
   * published year.
   *
   * @default chinese-days' calendar (`getDayDetail(date).work`)
   */
  readonly isWorkday?: (date: PlainDate) => boolean;
}

/** chinese-days does not know any year before this one; it also misreads years below 100. */
const LIBRARY_MIN_YEAR = 1000;

/**
 * chinese-days parses `YYYY-MM-DD` as midnight UTC but reads it back (and builds its own data)
 * in the host's local time, so west of UTC every date it answers about is the day before. The
 * library echoes the date it looked up, so check it read the date we meant: a wrong answer here
 * would be a silent wrong deadline.
 */
function libraryDayDetail(date: PlainDate): { work: boolean } {
  const detail = chineseDays.getDayDetail(date);
  if (detail.date !== date) {
    throw new Error(
      `chinese-days read ${date} as ${detail.date}: it uses the host's local time zone and is ` +
        'wrong west of UTC; run with TZ=Asia/Shanghai or TZ=UTC',
    );
  }
  return detail;
}

function libraryIsWorkday(date: PlainDate): boolean {
  return libraryDayDetail(date).work;
}

function libraryHasHolidaysIn(year: number): boolean {
  if (year < LIBRARY_MIN_YEAR) {
    return false;
  }
  const yyyy = String(year).padStart(4, '0');
  libraryDayDetail(`${yyyy}-01-01`); // fails loudly where the library misreads dates
  // includeWeekends = false: only the days the library lists as holidays, not plain weekends.
  return chineseDays.getHolidaysInRange(`${yyyy}-01-01`, `${yyyy}-12-31`, false).length > 0;
}

function publishedPredicate(
  publishedYears: WorkingCalendarOptions['publishedYears'],
): (year: number) => boolean {
  if (publishedYears === undefined) {
    const cache = new Map<number, boolean>();
    return (year) => {
      let published = cache.get(year);
      if (published === undefined) {
        published = libraryHasHolidaysIn(year);
        cache.set(year, published);
      }
      return published;
    };
  }
  if (typeof publishedYears === 'function') {
    return publishedYears;
  }
  const years = new Set<number>();
  for (const year of publishedYears) {
    if (!Number.isSafeInteger(year)) {
      throw new RangeError(`publishedYears must hold integer years, got ${year}`);
    }
    years.add(year);
  }
  return (year) => years.has(year);
}

/**
 * Builds a `WorkingCalendar`. Without options it is the official calendar from chinese-days;
 * tests and the odd local arrangement pass their own `publishedYears` and `isWorkday`.
 *
 * @example
 * const calendar = createWorkingCalendar({
 *   publishedYears: [2030],
 *   isWorkday: (date) => date !== '2030-01-01' && dayOfWeek(date) <= 5,
 * });
 * calendar.isWorkingDay('2030-01-01'); // false
 * calendar.isWorkingDay('2031-01-01'); // 'unpublished'
 */
export function createWorkingCalendar(options: WorkingCalendarOptions = {}): WorkingCalendar {
  const isPublished = publishedPredicate(options.publishedYears);
  const isWorkday = options.isWorkday ?? libraryIsWorkday;

  return Object.freeze({
    isPublished,
    isWorkingDay(date: PlainDate): boolean | 'unpublished' {
      assertPlainDate(date);
      return isPublished(yearOf(date)) ? isWorkday(date) : 'unpublished';
    },
  });
}

/** The official calendar as published in the installed chinese-days. */
export const officialCalendar: WorkingCalendar = createWorkingCalendar();
