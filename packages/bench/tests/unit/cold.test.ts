import { describe, expect, it } from 'vitest';
import { coldVerdict } from '../../src';

describe('the cold-init verdict', () => {
  const interval = { low: 1.2, high: 1.4 };

  it('judges a function loaded as it runs, with source maps', () => {
    expect(coldVerdict({ kind: 'function', sourceMaps: true, ratio: 1.3, interval })).toEqual({
      verdict: 'miss',
      withinNoise: true,
    });
    expect(
      coldVerdict({
        kind: 'function',
        sourceMaps: true,
        ratio: 1.1,
        interval: { low: 1, high: 1.2 },
      }),
    ).toEqual({ verdict: 'pass', withinNoise: false });
  });

  it('judges nothing else: the baseline, the stack floor, rows without source maps', () => {
    expect(coldVerdict({ kind: 'baseline', sourceMaps: true, ratio: 1, interval })).toBeUndefined();
    expect(
      coldVerdict({ kind: 'reference', sourceMaps: true, ratio: 2, interval }),
    ).toBeUndefined();
    expect(
      coldVerdict({ kind: 'function', sourceMaps: false, ratio: 2, interval }),
    ).toBeUndefined();
  });
});
