import { describe, expect, it } from 'vitest';
import type { BenchResult } from '../../src';
import { compareResults, parseOptions, SECTIONS, WARM_REQUESTS } from '../../src';

describe('the command line', () => {
  it('runs every section with the full settings by default', () => {
    const options = parseOptions([]);
    expect(options.sections).toEqual([...SECTIONS]);
    expect(options.quick).toBe(false);
    expect(options.coldRuns).toBeGreaterThanOrEqual(10);
    expect(options.concurrency).toBe(16);
  });

  it('takes --quick, --only and numbers', () => {
    const options = parseOptions(['--quick', '--only=bundle,cold', '--runs=12', '--label=after']);
    expect(options.quick).toBe(true);
    expect(options.sections).toEqual(['bundle', 'cold']);
    expect(options.coldRuns).toBe(12);
    expect(options.label).toBe('after');
    expect(options.iterations).toBeLessThan(parseOptions([]).iterations);
  });

  it('warms each warm scenario up before timing it, more in a full run, or as --warmup says', () => {
    expect(parseOptions([]).warmup).toBeGreaterThanOrEqual(1500);
    expect(parseOptions(['--quick']).warmup).toBeLessThan(parseOptions([]).warmup);
    expect(parseOptions(['--quick', '--warmup=50']).warmup).toBe(50);
    expect(() => parseOptions(['--warmup=0'])).toThrow(/positive integer/);
  });

  it("starts fresh containers for each function's first request, fewer in a quick run", () => {
    expect(parseOptions([]).freshRuns).toBeGreaterThanOrEqual(10);
    expect(parseOptions(['--quick']).freshRuns).toBeLessThan(parseOptions([]).freshRuns);
    expect(parseOptions(['--fresh=3']).freshRuns).toBe(3);
    expect(parseOptions(['--fresh=0']).freshRuns).toBe(0);
    expect(() => parseOptions(['--fresh=-1'])).toThrow(/0 or more/);
    expect(() => parseOptions(['--fresh=x'])).toThrow(/0 or more/);
  });

  it('loads the cold bundles without source maps too only when asked, and takes no value', () => {
    expect(parseOptions([]).withoutSourceMaps).toBe(false);
    expect(parseOptions(['--only=bundle,cold', '--without-source-maps']).withoutSourceMaps).toBe(
      true,
    );
    expect(() => parseOptions(['--without-source-maps=false'])).toThrow(/takes no value/);
  });

  it('times every warm request, or those --requests names, in the section’s order', () => {
    expect(parseOptions([]).requests).toEqual([...WARM_REQUESTS]);
    expect(parseOptions(['--only=warm', '--requests=my cases, read case']).requests).toEqual([
      'read case',
      'my cases',
    ]);
    expect(() => parseOptions(['--requests=read case,list'])).toThrow(
      /no warm request "list"; they are submit, /,
    );
    expect(() => parseOptions(['--requests'])).toThrow(/no warm request "true"/);
    expect(() => parseOptions(['--only=cold', '--requests=read case'])).toThrow(/warm section/);
  });

  it('times the warm floor only when asked, and takes no value', () => {
    expect(parseOptions([]).floor).toBe(false);
    expect(parseOptions(['--only=warm', '--floor']).floor).toBe(true);
    expect(() => parseOptions(['--floor=yes'])).toThrow(/takes no value/);
  });

  it('refuses unknown sections, options, arguments and fewer than ten cold runs', () => {
    expect(() => parseOptions(['--only=speed'])).toThrow(/speed/);
    expect(() => parseOptions(['--fast'])).toThrow(/--fast/);
    expect(() => parseOptions(['quick'])).toThrow(/quick/);
    expect(() => parseOptions(['--runs=5'])).toThrow(/at least 10/);
    expect(() => parseOptions(['--runs=x'])).toThrow(/positive integer/);
  });
});

describe('comparing two results', () => {
  const result = (bytes: number, ratio: number): BenchResult =>
    ({
      schema: 'jilin-bench/1',
      bundle: {
        bundles: [{ name: 'read-cases', kind: 'function', bytes }],
        baselineClients: [],
        synthMs: 0,
      },
      throughput: { e2eMedian: 10, ratio },
    }) as unknown as BenchResult;

  it('pairs each measure of the two runs', () => {
    expect(compareResults(result(1000, 0.5), result(800, 0.6))).toEqual([
      { metric: 'bundle read-cases', before: 1000, after: 800, unit: 'bytes' },
      { metric: 'throughput submissions', before: 10, after: 10, unit: 'per s' },
      { metric: 'throughput ratio', before: 0.5, after: 0.6, unit: 'ratio' },
    ]);
  });
});
