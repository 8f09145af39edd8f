import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  monthsFrom,
  RatingMonthSchema,
  RatingTallySchema,
  ratingMonthOf,
  summarizeRatings,
} from '../../../src/case/rating-stats';

const month = fc
  .record({ year: fc.integer({ min: 2017, max: 2080 }), m: fc.integer({ min: 1, max: 12 }) })
  .map(({ year, m }) => `${year}-${String(m).padStart(2, '0')}`);

describe('Function: addMonths', () => {
  it('crosses years both ways', () => {
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-07', -11)).toBe('2025-08');
    expect(addMonths('2026-03', 0)).toBe('2026-03');
  });

  it('is undone by the opposite count, and stays a valid month', () => {
    fc.assert(
      fc.property(month, fc.integer({ min: -200, max: 200 }), (m, n) => {
        const moved = addMonths(m, n);
        expect(RatingMonthSchema.safeParse(moved).success).toBe(true);
        expect(addMonths(moved, -n)).toBe(m);
        expect(moved > m).toBe(n > 0);
      }),
      { numRuns: 300 },
    );
  });
});

describe('Function: monthsFrom', () => {
  it('lists the months between two, both included, in order', () => {
    expect(monthsFrom('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsFrom('2026-02', '2026-02')).toEqual(['2026-02']);
    expect(monthsFrom('2026-03', '2026-02')).toEqual([]);
  });

  it('has n + 1 months from a month to n after it', () => {
    fc.assert(
      fc.property(month, fc.integer({ min: 0, max: 60 }), (m, n) => {
        const months = monthsFrom(m, addMonths(m, n));
        expect(months).toHaveLength(n + 1);
        expect(new Set(months).size).toBe(n + 1);
      }),
      { numRuns: 200 },
    );
  });
});

describe('Function: ratingMonthOf', () => {
  it('is the month in Beijing time', () => {
    expect(ratingMonthOf('2026-04-30T15:59:59.999Z')).toBe('2026-04');
    expect(ratingMonthOf('2026-04-30T16:00:00.000Z')).toBe('2026-05');
    expect(ratingMonthOf('2026-12-31T16:00:00.000Z')).toBe('2027-01');
  });
});

describe('Schema: RatingMonthSchema', () => {
  it.each(['2026-00', '2026-13', '2026-1', '26-01', '2026-01-01', '', '0000-03', '1999-12'])(
    'refuses %j',
    (m) => {
      expect(RatingMonthSchema.safeParse(m).success).toBe(false);
    },
  );
});

describe('Function: summarizeRatings', () => {
  it('is all zeros, and no rates, without tallies', () => {
    expect(summarizeRatings([])).toEqual({
      total: 0,
      levels: {
        very_satisfied: 0,
        satisfied: 0,
        basically_satisfied: 0,
        dissatisfied: 0,
        very_dissatisfied: 0,
      },
      channels: { online: 0, window: 0 },
      satisfactionRate: null,
      negative: 0,
      followUps: { owed: 0, closed: 0, closedOnTime: 0, open: 0, closedRate: null },
    });
  });

  it('adds up months and works out 满意率 and 整改率', () => {
    const summary = summarizeRatings([
      RatingTallySchema.parse({
        department: 'hrss',
        month: '2026-03',
        very_satisfied: 5,
        basically_satisfied: 1,
        dissatisfied: 1,
        online: 5,
        window: 2,
        followUpsClosed: 1,
        followUpsClosedOnTime: 1,
      }),
      RatingTallySchema.parse({
        department: 'hrss',
        month: '2026-04',
        satisfied: 1,
        very_dissatisfied: 1,
        online: 2,
      }),
    ]);
    expect(summary).toMatchObject({
      total: 9,
      channels: { online: 7, window: 2 },
      negative: 2,
      satisfactionRate: 0.7778,
      followUps: { owed: 2, closed: 1, closedOnTime: 1, open: 1, closedRate: 0.5 },
    });
  });

  it('adds up: the summary of two periods together is the sum of theirs, its rates in [0, 1]', () => {
    const count = fc.integer({ min: 0, max: 10_000 });
    const tally = fc
      .record({
        very_satisfied: count,
        satisfied: count,
        basically_satisfied: count,
        dissatisfied: count,
        very_dissatisfied: count,
        online: count,
        followUpsClosed: count,
      })
      // an answer counts only for a 差评 counted in the same item: never more answered than given
      .map((c) =>
        RatingTallySchema.parse({
          department: 'hrss',
          month: '2026-01',
          ...c,
          followUpsClosed: Math.min(c.followUpsClosed, c.dissatisfied + c.very_dissatisfied),
        }),
      );
    const tallies = fc.array(tally, { maxLength: 12 });
    fc.assert(
      fc.property(tallies, tallies, (a, b) => {
        const [both, first, second] = [
          summarizeRatings([...a, ...b]),
          summarizeRatings(a),
          summarizeRatings(b),
        ];
        expect(both.total).toBe(first.total + second.total);
        expect(both.negative).toBe(first.negative + second.negative);
        expect(both.channels.online).toBe(first.channels.online + second.channels.online);
        expect(both.followUps.closed).toBe(first.followUps.closed + second.followUps.closed);
        for (const level of Object.keys(both.levels) as (keyof typeof both.levels)[]) {
          expect(both.levels[level]).toBe(first.levels[level] + second.levels[level]);
        }
        for (const rate of [both.satisfactionRate, both.followUps.closedRate]) {
          if (rate !== null) expect(rate >= 0 && rate <= 1).toBe(true);
        }
        expect(both.satisfactionRate === null).toBe(both.total === 0);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a stored tally with a negative or fractional count', () => {
    const base = { department: 'hrss', month: '2026-03' };
    expect(RatingTallySchema.safeParse({ ...base, satisfied: -1 }).success).toBe(false);
    expect(RatingTallySchema.safeParse({ ...base, satisfied: 1.5 }).success).toBe(false);
    expect(RatingTallySchema.safeParse({ ...base, unknown: 1 }).success).toBe(false);
  });
});
