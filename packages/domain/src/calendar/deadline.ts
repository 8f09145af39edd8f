import { CalendarNotPublishedError } from '../errors';
import { addDays, assertPlainDate, isWeekend, type PlainDate, yearOf } from './plain-date';
import { officialCalendar, type WorkingCalendar } from './working-calendar';

/**
 * A due date. `exact` was counted on the official calendar throughout. `provisional` means the
 * count reached `unpublishedYears`, whose holiday arrangement is not published yet, and counted
 * Monday to Friday as working days there: the date may move once the arrangement is out.
 */
export type DeadlineResult =
  | { readonly kind: 'exact'; readonly due: PlainDate }
  | {
      readonly kind: 'provisional';
      readonly due: PlainDate;
      /** Ascending, without duplicates. */
      readonly unpublishedYears: readonly number[];
    };

/** A due date counted on the official calendar throughout. */
export type ExactDeadline = Extract<DeadlineResult, { kind: 'exact' }>;

/**
 * A number of working days, `exact` or `provisional` as in `DeadlineResult`: provisional when
 * a day counted (or not) lies in a year whose arrangement is not published.
 */
export type WorkingDayCount =
  | { readonly kind: 'exact'; readonly days: number }
  | {
      readonly kind: 'provisional';
      readonly days: number;
      /** Ascending, without duplicates. */
      readonly unpublishedYears: readonly number[];
    };

/** How a case stands against its due date (超期预警). */
export type DeadlineStatus = 'on_time' | 'due_soon' | 'overdue';

/** Keeps `calendar`'s answers and notes every year it had to fall back to Monday–Friday for. */
class WorkingDayReader {
  readonly #calendar: WorkingCalendar;
  readonly #unpublished = new Set<number>();

  constructor(calendar: WorkingCalendar) {
    this.#calendar = calendar;
  }

  isWorkingDay(date: PlainDate): boolean {
    const answer = this.#calendar.isWorkingDay(date);
    if (answer !== 'unpublished') {
      return answer;
    }
    this.#unpublished.add(yearOf(date));
    return !isWeekend(date);
  }

  get unpublishedYears(): number[] {
    return [...this.#unpublished].sort((a, b) => a - b);
  }
}

function assertNonNegativeInteger(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
}

/**
 * The due date of a limit of `days` working days from `start`, the day the application was
 * received. As in 行政许可法 and 民法典 §201, the day a period starts is not counted
 * (期间开始的当日不计入): the due date is the `days`-th working day after `start`, so a receipt
 * on a Saturday or a holiday is handled from the next working day on.
 *
 * `days = 0` (to be done on the spot, 当场) is due on `start` itself when it is a working day,
 * else on the next working day — the first day the office is open to do it. (This is the one
 * case where the due date is not the `days`-th working day after `start`.)
 *
 * When the count reaches a year whose holiday arrangement is not published, it goes on counting
 * Monday to Friday there and says so with `kind: 'provisional'`; use `addWorkingDaysExact` to
 * refuse instead.
 *
 * @example
 * addWorkingDays('2025-12-31', 1); // { kind: 'exact', due: '2026-01-04' } (a Sunday worked)
 * addWorkingDays('2026-12-20', 20);
 * // { kind: 'provisional', due: '2027-01-15', unpublishedYears: [2027] } (chinese-days 1.5.x)
 */
export function addWorkingDays(
  start: PlainDate,
  days: number,
  calendar: WorkingCalendar = officialCalendar,
): DeadlineResult {
  assertPlainDate(start, 'start');
  assertNonNegativeInteger(days, 'days');
  const reader = new WorkingDayReader(calendar);

  let due = start;
  if (days === 0) {
    while (!reader.isWorkingDay(due)) {
      due = addDays(due, 1);
    }
  } else {
    for (let counted = 0; counted < days; ) {
      due = addDays(due, 1);
      if (reader.isWorkingDay(due)) {
        counted += 1;
      }
    }
  }

  const unpublishedYears = reader.unpublishedYears;
  return unpublishedYears.length === 0
    ? { kind: 'exact', due }
    : { kind: 'provisional', due, unpublishedYears };
}

/**
 * `addWorkingDays`, but a count that reaches a year whose holiday arrangement is not published
 * throws `CalendarNotPublishedError` (naming those years) instead of returning a provisional date.
 *
 * @throws {CalendarNotPublishedError} when the count reaches an unpublished year
 */
export function addWorkingDaysExact(
  start: PlainDate,
  days: number,
  calendar: WorkingCalendar = officialCalendar,
): ExactDeadline {
  const result = addWorkingDays(start, days, calendar);
  if (result.kind === 'provisional') {
    throw new CalendarNotPublishedError(result.unpublishedYears);
  }
  return result;
}

/**
 * The working days after `from` up to and including `to`: how many working days are left from
 * `from` (today) until `to` (the due date). 0 when `to` is `from`, and negative when `to` is
 * earlier: minus the working days after `to` up to and including `from`.
 *
 * @example
 * workingDaysBetween('2026-02-13', '2026-02-24'); // { kind: 'exact', days: 2 } (Feb 14, Feb 24)
 */
export function workingDaysBetween(
  from: PlainDate,
  to: PlainDate,
  calendar: WorkingCalendar = officialCalendar,
): WorkingDayCount {
  assertPlainDate(from, 'from');
  assertPlainDate(to, 'to');
  const reader = new WorkingDayReader(calendar);
  const forward = from <= to;
  const low = forward ? from : to;
  const high = forward ? to : from;

  let days = 0;
  for (let date = low; date < high; ) {
    date = addDays(date, 1);
    if (reader.isWorkingDay(date)) {
      days += 1;
    }
  }

  const signed = forward ? days : 0 - days; // 0 - 0 is 0, where -0 would be -0
  const unpublishedYears = reader.unpublishedYears;
  return unpublishedYears.length === 0
    ? { kind: 'exact', days: signed }
    : { kind: 'provisional', days: signed, unpublishedYears };
}

/**
 * How a case due on `due` stands on `today` (超期预警): `overdue` once `today` is past `due`;
 * `due_soon` while at most `warnWithin` working days are left (on the due date itself 0 are
 * left); `on_time` before that.
 *
 * Working days in a year whose arrangement is not published are counted Monday to Friday here:
 * a warning is advisory, and the due date itself was fixed (exactly or provisionally) earlier.
 *
 * @example
 * deadlineStatus('2026-02-24', '2026-02-13', 2); // 'due_soon' (Feb 14 and Feb 24 left)
 * deadlineStatus('2026-02-24', '2026-02-25', 2); // 'overdue'
 */
export function deadlineStatus(
  due: PlainDate,
  today: PlainDate,
  warnWithin: number,
  calendar: WorkingCalendar = officialCalendar,
): DeadlineStatus {
  assertPlainDate(due, 'due');
  assertPlainDate(today, 'today');
  assertNonNegativeInteger(warnWithin, 'warnWithin');
  if (today > due) {
    return 'overdue';
  }
  const left = workingDaysBetween(today, due, calendar).days;
  return left <= warnWithin ? 'due_soon' : 'on_time';
}
