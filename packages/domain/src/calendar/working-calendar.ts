import { DAYS_OFF, WEEKENDS_WORKED } from './official-arrangements.generated';
import { assertPlainDate, isWeekend, type PlainDate, yearOf } from './plain-date';

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
   * @default chinese-days' calendar (its rule, `getDayDetail(date).work`, on its published data)
   */
  readonly isWorkday?: (date: PlainDate) => boolean;
}

/**
 * chinese-days' arrangements, as dates: the days off and the weekends worked (调休) of each year
 * the library publishes, generated from its published data file (`dist/chinese-days.json`) by
 * `npm run generate` (official-arrangements.generated.ts; a test fails when it is stale).
 *
 * Not the library's functions: importing them expands every arrangement since 2004 at module
 * load, about 6 ms of every cold start of every function; and not its JSON file either, which
 * carries every holiday's names (44 KiB in each bundle, built as an object at load, for 5 KiB of
 * dates). Its rule for a working day is three lines, reproduced below; a test compares the two on
 * every date of every published year, so an upgraded library that changed it would fail there.
 */
const arrangements = new Map<
  number,
  { readonly off: ReadonlySet<string>; readonly worked: ReadonlySet<string> }
>();

/** One year's days off and weekends worked (MMDD), split on first use; undefined if unpublished. */
function arrangementOf(year: number) {
  let found = arrangements.get(year);
  if (!found) {
    const off = DAYS_OFF[year];
    if (off === undefined) return undefined;
    found = {
      off: new Set(off.split(' ')),
      worked: new Set((WEEKENDS_WORKED[year] ?? '').split(' ')),
    };
    arrangements.set(year, found);
  }
  return found;
}

/**
 * chinese-days' working-day rule (`isWorkday`, `getDayDetail(date).work`): a weekend worked is a
 * working day, a day off is not, any other day is one from Monday to Friday. Pure UTC arithmetic
 * on the plain date, so the host's time zone plays no part (the library's functions read dates
 * in local time and are a day off west of UTC).
 */
function libraryIsWorkday(date: PlainDate): boolean {
  const arrangement = arrangementOf(yearOf(date));
  const day = `${date.slice(5, 7)}${date.slice(8, 10)}`;
  if (arrangement?.worked.has(day)) return true;
  return !arrangement?.off.has(day) && !isWeekend(date);
}

/** Whether chinese-days lists at least one day off in `year`: its years with published data. */
function libraryHasHolidaysIn(year: number): boolean {
  return Object.hasOwn(DAYS_OFF, year);
}

function publishedPredicate(
  publishedYears: WorkingCalendarOptions['publishedYears'],
): (year: number) => boolean {
  if (publishedYears === undefined) {
    return libraryHasHolidaysIn;
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
