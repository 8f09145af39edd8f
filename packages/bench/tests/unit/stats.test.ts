import { describe, expect, it } from 'vitest';
import {
  bootstrapRatioInterval,
  median,
  medianPairedRatio,
  mulberry32,
  perSecond,
  quantile,
  ratioOfMedians,
  summarize,
} from '../../src';

describe('statistics', () => {
  it('takes medians and quantiles by linear interpolation, whatever the order', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantile([10, 20, 30, 40, 50], 0.25)).toBe(20);
    expect(quantile([1, 2], 0.75)).toBe(1.75);
  });

  it('summarises a sample', () => {
    expect(summarize([5, 1, 4, 2, 3])).toEqual({
      n: 5,
      median: 3,
      p25: 2,
      p75: 4,
      min: 1,
      max: 5,
      mean: 3,
    });
  });

  it('refuses what is not a sample', () => {
    expect(() => median([])).toThrow(RangeError);
    expect(() => median([1, Number.NaN])).toThrow(RangeError);
    expect(() => quantile([1], 1.5)).toThrow(RangeError);
    expect(() => ratioOfMedians([1], [0])).toThrow(RangeError);
    expect(() => medianPairedRatio([1, 2], [1])).toThrow(RangeError);
  });

  it('compares medians, and pairs ratio by ratio', () => {
    expect(ratioOfMedians([12, 10, 11], [10, 9, 11])).toBeCloseTo(1.1);
    expect(medianPairedRatio([2, 6, 4], [1, 2, 4])).toBe(2);
  });

  it('draws reproducible numbers from a seed', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const draws = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(draws);
    for (const x of draws) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });

  it('bootstraps an interval around the ratio, the same for the same samples', () => {
    const handler = [11, 12, 10, 13, 12, 11, 12, 14, 11, 12];
    const raw = [10, 10, 9, 11, 10, 10, 11, 12, 9, 10];
    const interval = bootstrapRatioInterval(handler, raw, { paired: true, iterations: 300 });
    const ratio = ratioOfMedians(handler, raw);
    expect(interval.low).toBeLessThanOrEqual(ratio);
    expect(interval.high).toBeGreaterThanOrEqual(ratio);
    expect(bootstrapRatioInterval(handler, raw, { paired: true, iterations: 300 })).toEqual(
      interval,
    );
    // Identical samples: no doubt at all.
    expect(bootstrapRatioInterval([5, 5, 5], [5, 5, 5])).toEqual({ low: 1, high: 1 });
  });

  it('turns counts into rates', () => {
    expect(perSecond(50, 2000)).toBe(25);
    expect(() => perSecond(1, 0)).toThrow(RangeError);
  });
});
