import type { Interval } from './stats';

/** A target on a ratio: at most `max` (the issue's: cold ≤ 1.25, warm ≤ 1.15, scale ≤ 1.2). */
export interface Target {
  readonly max: number;
}

export const TARGETS = {
  coldInit: { max: 1.25 },
  warmOverhead: { max: 1.15 },
  scale: { max: 1.2 },
} as const satisfies Record<string, Target>;

/**
 * `pass`: the ratio meets the target; `miss`: it does not. `noise` qualifies either when the
 * interval straddles the target, i.e. the run cannot tell (run again, or with more samples).
 */
export interface Verdict {
  readonly verdict: 'pass' | 'miss';
  readonly withinNoise: boolean;
}

export function evaluate(ratio: number, target: Target, interval?: Interval): Verdict {
  if (!Number.isFinite(ratio)) throw new RangeError(`not a ratio: ${ratio}`);
  const verdict = ratio <= target.max ? 'pass' : 'miss';
  const withinNoise =
    interval !== undefined && interval.low <= target.max && interval.high > target.max;
  return { verdict, withinNoise };
}

/** `PASS`, `MISS`, with `~` when the interval straddles the target. */
export function verdictLabel(v: Verdict): string {
  return `${v.verdict === 'pass' ? 'PASS' : 'MISS'}${v.withinNoise ? '~' : ''}`;
}
