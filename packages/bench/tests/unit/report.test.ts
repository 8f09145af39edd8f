import { describe, expect, it } from 'vitest';
import { type BenchResult, fullReport, misses, summarize } from '../../src';

const cold = (name: string, kind: 'function' | 'baseline', ratio: number) => ({
  name,
  kind,
  runs: 3,
  importMs: summarize([ratio * 50, ratio * 51, ratio * 52]),
  cpuMs: summarize([ratio * 40, ratio * 41, ratio * 42]),
  wallMs: summarize([90, 91, 92]),
  ratio,
  interval: { low: ratio - 0.1, high: ratio + 0.1 },
  wallRatio: 1,
  cpuRatio: ratio,
  verdict:
    kind === 'function'
      ? { verdict: ratio <= 1.25 ? ('pass' as const) : ('miss' as const), withinNoise: false }
      : undefined,
  networkAtInit: [],
});

const result = {
  schema: 'jilin-bench/1',
  command: 'npx tsx packages/bench/src/run.ts --quick',
  cold: [
    cold('catalogue', 'function', 1.1),
    cold('read-cases', 'function', 2),
    cold('read-cases@before', 'function', 2.5),
    cold('baseline', 'baseline', 1),
  ],
} as unknown as BenchResult;

describe('the printed report', () => {
  it('prints a table per measured section and lists the targets missed', () => {
    const text = fullReport(result);
    expect(text).toContain('2. Cold init');
    expect(text).toMatch(/catalogue\s+56\.1 ms/);
    expect(text).toContain('2b. Cold init, this checkout against --ab');
    expect(text).toContain('cold init read-cases: 2.00× > 1.25');
    expect(text).not.toContain('1. Bundle size');
  });

  it('counts misses of this checkout only, not of the one compared with', () => {
    expect(misses(result)).toEqual(['cold init read-cases: 2.00× > 1.25']);
  });
});
