import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addWorkingDays, workingDaysBetween } from '../../../src/calendar/deadline';
import {
  addDays,
  daysBetween,
  isWeekend,
  type PlainDate,
  yearOf,
} from '../../../src/calendar/plain-date';
import { officialCalendar } from '../../../src/calendar/working-calendar';

/** The day a count goes by: the official answer, or Monday to Friday in an unpublished year. */
function countsAsWorkingDay(date: PlainDate): boolean {
  const answer = officialCalendar.isWorkingDay(date);
  return answer === 'unpublished' ? !isWeekend(date) : answer;
}

/** Working days after `from` up to and including `to`, counted one by one. */
function countWorkingDays(from: PlainDate, to: PlainDate): number {
  let count = 0;
  for (let date = addDays(from, 1); date <= to; date = addDays(date, 1)) {
    if (countsAsWorkingDay(date)) {
      count += 1;
    }
  }
  return count;
}

const FIRST = '2024-01-01';
const LAST = '2026-12-31';
/** A day of receipt in 2024-2026, published years in chinese-days 1.5.x. */
const startDate = fc
  .integer({ min: 0, max: daysBetween(FIRST, LAST) })
  .map((n) => addDays(FIRST, n));
const dayCount = fc.integer({ min: 0, max: 60 });
const runs = { numRuns: 200 };

describe('Function: addWorkingDays (properties)', () => {
  it('returns a due date that is a working day', () => {
    fc.assert(
      fc.property(startDate, dayCount, (start, days) => {
        // Act
        const { due } = addWorkingDays(start, days);

        // Assess
        expect(countsAsWorkingDay(due)).toBe(true);
      }),
      runs,
    );
  });

  it('returns a due date with exactly `days` working days after the day of receipt', () => {
    fc.assert(
      fc.property(startDate, fc.integer({ min: 1, max: 60 }), (start, days) => {
        // Act
        const { due } = addWorkingDays(start, days);

        // Assess
        expect(countWorkingDays(start, due)).toBe(days);
        expect(workingDaysBetween(start, due).days).toBe(days);
      }),
      runs,
    );
  });

  it('returns for 0 days the first working day on or after the day of receipt', () => {
    fc.assert(
      fc.property(startDate, (start) => {
        // Act
        const { due } = addWorkingDays(start, 0);

        // Assess: no working day from the receipt up to the day before the due date
        expect(due >= start).toBe(true);
        expect(countsAsWorkingDay(start) ? due === start : countWorkingDays(start, due) === 1).toBe(
          true,
        );
      }),
      runs,
    );
  });

  it('returns a due date that grows with days (strictly from 1 day on)', () => {
    fc.assert(
      fc.property(startDate, dayCount, dayCount, (start, a, b) => {
        // Prepare
        const [fewer, more] = a <= b ? [a, b] : [b, a];

        // Act
        const earlier = addWorkingDays(start, fewer).due;
        const later = addWorkingDays(start, more).due;

        // Assess
        expect(earlier <= later).toBe(true);
        if (fewer >= 1 && fewer < more) {
          expect(earlier < later).toBe(true);
        }
      }),
      runs,
    );
  });

  it('returns provisional exactly when the due date lies in an unpublished year', () => {
    fc.assert(
      fc.property(startDate, dayCount, (start, days) => {
        // Act
        const result = addWorkingDays(start, days);

        // Assess: counting only moves forward, so an unpublished year reached is the due date's
        const dueYear = yearOf(result.due);
        if (officialCalendar.isPublished(dueYear)) {
          expect(result.kind).toBe('exact');
        } else {
          expect(result).toMatchObject({ kind: 'provisional', unpublishedYears: [dueYear] });
        }
      }),
      runs,
    );
  });
});
