import { describe, expect, it } from 'vitest';
import { evaluate, TARGETS, verdictLabel } from '../../src';

describe('targets', () => {
  it('holds the issue’s targets', () => {
    expect(TARGETS).toEqual({
      coldInit: { max: 1.25 },
      warmOverhead: { max: 1.15 },
      scale: { max: 1.2 },
    });
  });

  it('passes a ratio at or under the target and misses one over it', () => {
    expect(evaluate(1.25, TARGETS.coldInit)).toEqual({ verdict: 'pass', withinNoise: false });
    expect(evaluate(1.3, TARGETS.coldInit)).toEqual({ verdict: 'miss', withinNoise: false });
  });

  it('says when the interval straddles the target', () => {
    const noisy = evaluate(1.1, TARGETS.warmOverhead, { low: 1.0, high: 1.3 });
    expect(noisy).toEqual({ verdict: 'pass', withinNoise: true });
    expect(verdictLabel(noisy)).toBe('PASS~');
    const clear = evaluate(1.5, TARGETS.warmOverhead, { low: 1.4, high: 1.6 });
    expect(verdictLabel(clear)).toBe('MISS');
  });

  it('refuses a ratio that is not a number', () => {
    expect(() => evaluate(Number.NaN, TARGETS.scale)).toThrow(RangeError);
  });
});
