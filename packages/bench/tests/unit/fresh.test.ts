import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type BenchResult, freshReport, summarize } from '../../src';
import { measureFreshStart } from '../../src/fresh';

const root = mkdtempSync(join(tmpdir(), 'jilin-fresh-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A bundle directory holding `index.mjs` with `source`. */
function bundle(name: string, source: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.mjs'), source);
  return dir;
}

// The stand-ins write what they were given, one line a process, to TRIAL_LOG, and log to stdout
// as the functions' Powertools do (the times must not be read from there).
const log = join(root, 'trials.log');

// A handler that answers what its event asks for, after a first-request pause.
const handlerDir = bundle(
  'handler',
  `import { appendFileSync } from 'node:fs';
console.log(JSON.stringify({ level: 'INFO', message: 'loaded' }));
export const handler = async (event, context) => {
  await new Promise((r) => setTimeout(r, 20));
  appendFileSync(process.env.TRIAL_LOG, 'handler ' + event.id + ' ' + context.functionName + '\\n');
  return { statusCode: event.status, body: JSON.stringify({ env: process.env.BENCH_MARK ?? null }) };
};`,
);
// The raw side: a client built as the functions build theirs (no configuration: the environment
// gives it all), whose calls take 5 ms each.
const rawDir = bundle(
  'raw',
  `import { appendFileSync } from 'node:fs';
export const createRawDynamoDb = (config) => ({
  send: async (operation, input) => {
    if (Object.keys(config).length > 0 || operation !== 'Query') throw new Error('unexpected');
    await new Promise((r) => setTimeout(r, 5));
    appendFileSync(process.env.TRIAL_LOG, 'raw ' + input.id + ' ' + process.env.BENCH_MARK + '\\n');
    return {};
  },
});`,
);

const trials = (status: number, n: number) =>
  Array.from({ length: n }, (_, id) => ({
    event: { status, id },
    context: { functionName: 'changchun-read-cases' },
    calls: [{ operation: 'Query', input: { id } }],
  }));

describe("a fresh container's first request", () => {
  it('runs each trial once on each side, in the function environment, in alternating order', async () => {
    writeFileSync(log, '');
    const fresh = await measureFreshStart({
      bundleDir: handlerDir,
      rawBundleDir: rawDir,
      env: { BENCH_MARK: 'fn-env', TRIAL_LOG: log },
      trials: trials(200, 3),
      expectStatus: 200,
    });
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual([
      'handler 0 changchun-read-cases',
      'raw 0 fn-env',
      'raw 1 fn-env',
      'handler 1 changchun-read-cases',
      'handler 2 changchun-read-cases',
      'raw 2 fn-env',
    ]);
    expect(fresh.runs).toBe(3);
    // The handler waits 20 ms on its first request, the raw side 5 ms a call.
    expect(fresh.handler.firstMs.median).toBeGreaterThanOrEqual(19);
    expect(fresh.raw.firstMs.median).toBeGreaterThanOrEqual(4.5);
    expect(fresh.raw.firstMs.median).toBeLessThan(fresh.handler.firstMs.median);
    expect(fresh.handler.totalMs.median).toBeGreaterThan(fresh.handler.firstMs.median);
    expect(fresh.ratio).toBeCloseTo(fresh.handler.totalMs.median / fresh.raw.totalMs.median, 5);
    expect(fresh.interval.low).toBeLessThanOrEqual(fresh.ratio);
    expect(fresh.interval.high).toBeGreaterThanOrEqual(fresh.ratio);
  });

  it('fails on an answer other than the one expected, with its body', async () => {
    await expect(
      measureFreshStart({
        bundleDir: handlerDir,
        rawBundleDir: rawDir,
        env: { BENCH_MARK: 'the function env', TRIAL_LOG: log },
        trials: trials(201, 1),
        expectStatus: 200,
      }),
    ).rejects.toThrow(/answered 201, not 200: .*the function env/);
  });

  it('is printed as section 3b for the requests that have it, and only then', () => {
    const side = (ms: number) => ({
      initMs: summarize([60]),
      firstMs: summarize([ms]),
      totalMs: summarize([60 + ms]),
    });
    const row = (scenario: string, withFresh: boolean) => ({
      scenario,
      function: 'read-cases',
      handlerMs: summarize([1.5]),
      ...(withFresh
        ? {
            freshStart: {
              runs: 15,
              handler: side(25),
              raw: side(15),
              ratio: 85 / 75,
              interval: { low: 1.1, high: 1.2 },
            },
          }
        : {}),
    });
    const result = (rows: unknown[]) =>
      ({
        schema: 'jilin-bench/1',
        machine: { node: 'v24.21.0', platform: 'linux', cpus: 2 },
        warm: rows,
      }) as unknown as BenchResult;
    const text = freshReport(result([row('read case', true), row('my cases', false)])) ?? '';
    expect(text).toContain("3b. A fresh container's first request (median of 15 fresh processes");
    expect(text).toMatch(
      /read-cases read case\s+60\.0 ms\s+25\.0 ms\s+85\.0 ms\s+60\.0 ms\s+15\.0 ms\s+75\.0 ms\s+1\.13×\s+\[1\.10–1\.20\]/,
    );
    expect(text).toContain('handler total');
    expect(text).not.toContain('read-cases my cases');
    expect(freshReport(result([row('my cases', false)]))).toBeUndefined();
  });
});
