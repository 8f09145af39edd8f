/**
 * The statistics of the harness. The machines are noisy (two cores shared with DynamoDB Local),
 * so every figure is a median, and every judgement a ratio of medians measured in the same run,
 * with a bootstrap interval to say how sure it is.
 */

export interface Summary {
  readonly n: number;
  readonly median: number;
  /** 25th and 75th percentiles. */
  readonly p25: number;
  readonly p75: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
}

function sorted(values: readonly number[]): number[] {
  if (values.length === 0) throw new RangeError('no values');
  for (const v of values) {
    if (!Number.isFinite(v)) throw new RangeError(`not a finite number: ${v}`);
  }
  return [...values].sort((a, b) => a - b);
}

/** The q-quantile (0 ≤ q ≤ 1) of sorted values, interpolating linearly between ranks. */
function quantileOfSorted(values: readonly number[], q: number): number {
  if (q < 0 || q > 1) throw new RangeError(`quantile must be within [0, 1], got ${q}`);
  const position = (values.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = values[lower] as number;
  const high = values[upper] as number;
  return low + (high - low) * (position - lower);
}

export function quantile(values: readonly number[], q: number): number {
  return quantileOfSorted(sorted(values), q);
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

export function summarize(values: readonly number[]): Summary {
  const s = sorted(values);
  return {
    n: s.length,
    median: quantileOfSorted(s, 0.5),
    p25: quantileOfSorted(s, 0.25),
    p75: quantileOfSorted(s, 0.75),
    min: s[0] as number,
    max: s[s.length - 1] as number,
    mean: s.reduce((sum, v) => sum + v, 0) / s.length,
  };
}

/** `a`'s median over `b`'s: how many times the baseline's time a measurement takes. */
export function ratioOfMedians(a: readonly number[], b: readonly number[]): number {
  const denominator = median(b);
  if (denominator <= 0) throw new RangeError('the baseline median must be positive');
  return median(a) / denominator;
}

/** The median of per-pair ratios a[i]/b[i], for measurements taken in interleaved pairs. */
export function medianPairedRatio(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new RangeError('paired samples must have equal lengths');
  return median(
    a.map((x, i) => {
      const y = b[i] as number;
      if (y <= 0) throw new RangeError('a baseline sample must be positive');
      return x / y;
    }),
  );
}

/** A small, seeded PRNG (mulberry32), so intervals are reproducible from the same samples. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Interval {
  readonly low: number;
  readonly high: number;
}

export interface BootstrapOptions {
  /** Resample pairs together (interleaved measurements) rather than each sample on its own. */
  readonly paired?: boolean;
  /** @default 1000 */
  readonly iterations?: number;
  /** @default 0.95 */
  readonly confidence?: number;
  /** @default 1 */
  readonly seed?: number;
}

/** A percentile-bootstrap interval of the ratio of medians a/b. */
export function bootstrapRatioInterval(
  a: readonly number[],
  b: readonly number[],
  options: BootstrapOptions = {},
): Interval {
  const iterations = options.iterations ?? 1000;
  const confidence = options.confidence ?? 0.95;
  if (options.paired && a.length !== b.length) {
    throw new RangeError('paired samples must have equal lengths');
  }
  const random = mulberry32(options.seed ?? 1);
  const pick = (n: number) => Math.floor(random() * n);
  const ratios: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const ra: number[] = [];
    const rb: number[] = [];
    if (options.paired) {
      for (let j = 0; j < a.length; j++) {
        const k = pick(a.length);
        ra.push(a[k] as number);
        rb.push(b[k] as number);
      }
    } else {
      for (let j = 0; j < a.length; j++) ra.push(a[pick(a.length)] as number);
      for (let j = 0; j < b.length; j++) rb.push(b[pick(b.length)] as number);
    }
    ratios.push(ratioOfMedians(ra, rb));
  }
  const tail = (1 - confidence) / 2;
  return { low: quantile(ratios, tail), high: quantile(ratios, 1 - tail) };
}

/** Events per second from a count and the milliseconds it took. */
export function perSecond(count: number, elapsedMs: number): number {
  if (elapsedMs <= 0) throw new RangeError('elapsed time must be positive');
  return (count * 1000) / elapsedMs;
}
