import { describe, expect, it } from 'vitest';
import { type BenchResult, coldVerdict, fullReport, misses, summarize } from '../../src';

const cold = (
  name: string,
  kind: 'function' | 'baseline' | 'reference',
  ratio: number,
  sourceMaps = true,
) => {
  const row = { kind, sourceMaps, ratio, interval: { low: ratio - 0.1, high: ratio + 0.1 } };
  return {
    name,
    ...row,
    runs: 3,
    importMs: summarize([ratio * 50, ratio * 51, ratio * 52]),
    cpuMs: summarize([ratio * 40, ratio * 41, ratio * 42]),
    wallMs: summarize([90, 91, 92]),
    wallRatio: 1,
    cpuRatio: ratio,
    verdict: coldVerdict(row),
    networkAtInit: [],
  };
};

/** As run.ts records it: measured on the functions' runtime's Node. */
const machine = {
  cpus: 2,
  cpuModel: 'test',
  memoryGb: 24,
  node: 'v24.21.0',
  lambdaRuntime: 'nodejs24.x',
  platform: 'linux 6.1',
};

const result = {
  schema: 'jilin-bench/1',
  machine,
  command: 'npx tsx packages/bench/src/run.ts --quick',
  cold: [
    cold('catalogue', 'function', 1.1),
    cold('read-cases', 'function', 2),
    cold('read-cases@before', 'function', 2.5),
    cold('stack-floor', 'reference', 1.3),
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
    // The stack floor is shown, unjudged, even above the target
    expect(text).toMatch(/stack-floor\s+66\.3 ms\s+[\d.–]+\s+1\.30×\s+\[1\.20–1\.40\]\s+[\d.]+ ms/);
    expect(text).toContain('stack-floor: a reference, not judged');
    expect(text).not.toContain('2c.');
  });

  it('puts the bundles loaded without source maps in a table of their own, unjudged', () => {
    // Arrange: --without-source-maps, same rounds
    const both = {
      ...result,
      cold: [
        ...(result.cold ?? []),
        cold('read-cases@no-maps', 'function', 1.6),
        cold('baseline@no-maps', 'baseline', 0.8),
      ].map((c) =>
        c.name.endsWith('@no-maps') ? { ...c, sourceMaps: false, verdict: undefined } : c,
      ),
    } as unknown as BenchResult;

    // Act
    const text = fullReport(both);

    // Assess: 102 ms with, 81.6 ms without (the fixture's numbers), the main table without them
    expect(text).toContain('2c. What --enable-source-maps costs a cold start');
    expect(text).toMatch(/read-cases\s+102 ms\s+81\.6 ms\s+20\.4 ms\s+20%\s+2\.00× → 1\.60×/);
    expect(text).toMatch(/baseline\s+51\.0 ms\s+40\.8 ms\s+10\.2 ms\s+20%/);
    expect(text.split('2c.')[0]).not.toContain('@no-maps');
    expect(misses(both)).toEqual(misses(result));
  });

  it('counts misses of this checkout only, not of the one compared with', () => {
    expect(misses(result)).toEqual(['cold init read-cases: 2.00× > 1.25']);
  });
});

describe('the scale section', () => {
  const query = (name: string, ratio: number, control = false) => ({
    query: name,
    control,
    description: name,
    latency1x: summarize([1, 1.1, 1.2]),
    latency10x: summarize([ratio, ratio * 1.1, ratio * 1.2]),
    ratio,
    interval: { low: ratio - 0.05, high: ratio + 0.05 },
    verdict: { verdict: ratio <= 1.2 ? ('pass' as const) : ('miss' as const), withinNoise: false },
    items: { count1x: 5, scanned1x: 5, count10x: 5, scanned10x: 5 },
    rru1x: 0.5,
    rru10x: 0.5,
  });
  const check = (stream: boolean, ratio: number) => ({
    stream,
    latency1x: summarize([1.2, 1.3, 1.4]),
    latency10x: summarize([1.2 * ratio, 1.3 * ratio, 1.4 * ratio]),
    ratio,
    interval: { low: ratio - 0.1, high: ratio + 0.1 },
  });
  const scaled = (streamCheck: unknown) =>
    ({
      schema: 'jilin-bench/1',
      machine,
      command: 'npx tsx packages/bench/src/run.ts --only=scale',
      scale: {
        cases: [500, 5000],
        fillPerSecond: 600,
        queries: [query('read case (control)', 1.05, true), query('my cases', 1.3)],
        overdueScan: { pages1x: 2, items1x: 180, pages10x: 19, items10x: 1800 },
        ...(streamCheck ? { streamCheck } : {}),
      },
    }) as unknown as BenchResult;

  it('prints the emulator check, stream on and off, under the table', () => {
    const text = fullReport(
      scaled({
        partitions: [500, 5000],
        itemsPerPartition: 7,
        rows: [check(true, 1.71), check(false, 0.99)],
      }),
    );
    expect(text).toContain('emulator check (the tables above have no stream)');
    expect(text).toMatch(/stream on : 1\.30 ms → 2\.22 ms, 1\.71×/);
    expect(text).toMatch(/stream off: 1\.30 ms → 1\.29 ms, 0\.99×/);
  });

  it('lists a query over 1.2 as a miss, and never the control', () => {
    expect(misses(scaled(undefined))).toEqual(['scale my cases: 1.30× > 1.2']);
  });

  it('prints no check when a result has none (results written before it existed)', () => {
    expect(fullReport(scaled(undefined))).not.toContain('emulator check');
    expect(fullReport(scaled(undefined))).not.toContain('raw replay');
  });

  it('prints each query’s raw replay beside it, and still judges the query', () => {
    // Arrange: the overdue page grows 1.26×, and so does its very request sent raw
    const overdue = {
      ...query('overdue', 1.26),
      raw: {
        latency1x: summarize([3.3, 3.34, 3.4]),
        latency10x: summarize([4.1, 4.2, 4.3]),
        ratio: 1.26,
        interval: { low: 1.24, high: 1.28 },
      },
    };
    const result = scaled(undefined);
    const withRaw = {
      ...result,
      scale: { ...result.scale, queries: [...(result.scale?.queries ?? []), overdue] },
    } as BenchResult;

    // Act
    const text = fullReport(withRaw);

    // Assess
    expect(text).toMatch(/overdue .*1\.26×.*MISS.*1\.26× \[1\.24–1\.28\]/);
    expect(text).toContain("DynamoDB Local's own growth for that request");
    expect(misses(withRaw)).toContain('scale overdue: 1.26× > 1.2');
  });
});

describe('the warm section', () => {
  const row = (scenario: string, ratio: number, first?: number) => ({
    scenario,
    function: 'read-cases',
    route: 'GET /v1/cases/{caseId}',
    operations: ['Query'],
    n: 3,
    handlerMs: summarize([ratio, ratio, ratio]),
    rawMs: summarize([1, 1, 1]),
    ratio,
    overheadMs: ratio - 1,
    pairedRatio: ratio,
    interval: { low: ratio - 0.02, high: ratio + 0.02 },
    verdict: { verdict: ratio <= 1.15 ? ('pass' as const) : ('miss' as const), withinNoise: false },
    samples: { handler: [], raw: [] },
    ...(first === undefined
      ? {}
      : {
          firstRequests: {
            n: 100,
            handlerMs: first,
            rawMs: 1,
            ratio: first,
            overheadMs: first - 1,
          },
        }),
  });
  const warmResult = (rows: ReturnType<typeof row>[]) =>
    ({
      schema: 'jilin-bench/1',
      machine,
      options: { warmup: 1000 },
      warm: rows,
    }) as unknown as BenchResult;

  it('judges the warmed-up pairs and shows the first requests beside them, unjudged', () => {
    const result = warmResult([row('read case', 1.12, 1.48), row('worklist', 1.2, 1.37)]);
    const text = fullReport(result);
    expect(text).toMatch(/read-cases read case .*1\.12×.*PASS\s+1\.48×\s+0\.48/);
    expect(text).toContain('Judged after 1000 warm-up invocations');
    expect(text).toContain('"first 100"');
    // The first requests' 1.48 is shown, not judged: only the warmed-up 1.20 misses.
    expect(misses(result)).toEqual(['warm read-cases worklist: 1.20× > 1.15']);
  });

  it('prints the warm floor and what the platform adds over it, and never judges the floor', () => {
    // Arrange: the handler misses (1.25); the floor, timed in the same iterations, is at 1.08.
    const floored = {
      ...row('read case', 1.25),
      floor: {
        handlerMs: summarize([1.08, 1.08, 1.08]),
        ratio: 1.08,
        overheadMs: 0.08,
        interval: { low: 1.06, high: 1.1 },
        handlerOverFloorMs: 0.17,
      },
    };

    // Act
    const result = warmResult([floored, row('worklist', 1.1)]);
    const text = fullReport(result);

    // Assess: floor ratio, its +ms and the handler's own +ms over it; the verdict is the handler's.
    expect(text).toContain('floor: ratio');
    expect(text).toMatch(/read-cases read case .*1\.25×.*MISS\s+1\.08×\s+0\.08\s+0\.17\s*$/m);
    expect(text).toContain('"handler − floor" (ms, median over the iterations)');
    expect(misses(result)).toEqual(['warm read-cases read case: 1.25× > 1.15']);
  });

  it('prints no floor columns when the floor was not timed', () => {
    const text = fullReport(warmResult([row('read case', 1.12)]));
    expect(text).not.toContain('floor: ratio');
    expect(text).not.toContain('handler − floor');
  });

  it('prints no first-requests columns for results written before they existed', () => {
    const text = fullReport(warmResult([row('read case', 1.12)]));
    expect(text).toMatch(/read-cases read case .*1\.12×.*PASS\s*$/m);
    expect(text).not.toContain('first 100');
    expect(text).not.toContain('Judged after');
  });
});
