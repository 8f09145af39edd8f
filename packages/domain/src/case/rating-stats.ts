import * as z from 'zod/mini';
import { toChinaDate } from '../calendar/plain-date';
import { DepartmentIdSchema } from '../catalogue';
import { RATING_LEVELS, type RatingLevel } from './case';

/**
 * 好差评 counted for each department's evaluation (国办发〔2019〕51号: ratings feed the
 * evaluation of the departments; the 差评 整改率 is part of it). A rating counts for the
 * department that answers for the case (the service's 实施机构, the one a 差评's follow-up goes
 * to), in the month (Beijing time) it was given; a follow-up closed later counts in the month of
 * the 差评 it answers, so a month shows how many of its 差评 were answered, and in time.
 */
export const RATING_COUNTERS = [
  ...RATING_LEVELS,
  'online',
  'window',
  'followUpsClosed',
  'followUpsClosedOnTime',
] as const;
export type RatingCounter = (typeof RATING_COUNTERS)[number];

/** A calendar month, `YYYY-MM`, of this century (the platform's plan dates from 2017). */
export const RatingMonthSchema = z
  .string()
  .check(z.regex(/^20\d\d-(0[1-9]|1[0-2])$/, { message: '月份格式应为 YYYY-MM' }));

const Count = z.optional(z.int().check(z.nonnegative()));

/** What the store keeps for a department and month: counters, absent until first added to. */
export const RatingTallySchema = z.strictObject({
  department: DepartmentIdSchema,
  month: RatingMonthSchema,
  ...(Object.fromEntries(RATING_COUNTERS.map((c) => [c, Count])) as Record<
    RatingCounter,
    typeof Count
  >),
});
export type RatingTally = z.infer<typeof RatingTallySchema>;

/** The month (Beijing time) an instant falls in. */
export const ratingMonthOf = (at: string): string => toChinaDate(at).slice(0, 7);

/** The month `n` months after `month` (before it, for a negative `n`). */
export function addMonths(month: string, n: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The months from `from` to `to`, both included; empty if `to` is before `from`. */
export function monthsFrom(from: string, to: string): string[] {
  const months: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) months.push(m);
  return months;
}

/** A department's 好差评 over some months, as its evaluation reads them. */
export interface RatingSummary {
  /** Ratings given, online and at the window. */
  readonly total: number;
  readonly levels: Readonly<Record<RatingLevel, number>>;
  readonly channels: { readonly online: number; readonly window: number };
  /** 满意率: the ratings above 差评 over all ratings; `null` with none. */
  readonly satisfactionRate: number | null;
  /** 差评 (不满意 and 非常不满意), each of which the department owes a follow-up. */
  readonly negative: number;
  readonly followUps: {
    readonly owed: number;
    readonly closed: number;
    readonly closedOnTime: number;
    /** Owed and not yet answered. */
    readonly open: number;
    /** 整改率: the 差评 answered over those given; `null` with none. */
    readonly closedRate: number | null;
  };
}

const ratio = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;

/** Adds up tallies (one month's, or a range's) into what an evaluation reads. */
export function summarizeRatings(tallies: readonly RatingTally[]): RatingSummary {
  const sum = (counter: RatingCounter) => tallies.reduce((n, t) => n + (t[counter] ?? 0), 0);
  const levels = Object.fromEntries(RATING_LEVELS.map((l) => [l, sum(l)])) as Record<
    RatingLevel,
    number
  >;
  const total = RATING_LEVELS.reduce((n, l) => n + levels[l], 0);
  const negative = levels.dissatisfied + levels.very_dissatisfied;
  const closed = sum('followUpsClosed');
  return {
    total,
    levels,
    channels: { online: sum('online'), window: sum('window') },
    satisfactionRate: ratio(total - negative, total),
    negative,
    followUps: {
      owed: negative,
      closed,
      closedOnTime: sum('followUpsClosedOnTime'),
      open: Math.max(0, negative - closed),
      closedRate: ratio(closed, negative),
    },
  };
}
