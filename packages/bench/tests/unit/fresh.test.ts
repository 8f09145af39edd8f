import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

// A handler that answers what its event asks for, after a first-request pause, and logs to
// stdout as the functions' Powertools do (the times must not be read from there).
const handlerDir = bundle(
  'handler',
  `console.log(JSON.stringify({ level: 'INFO', message: 'loaded' }));
export const handler = async (event, context) => {
  await new Promise((r) => setTimeout(r, 20));
  console.log(JSON.stringify({ level: 'INFO', message: 'answered', fn: context.functionName }));
  return { statusCode: event.status, body: JSON.stringify({ env: process.env.BENCH_MARK ?? null }) };
};`,
);
// The raw side: a client whose calls take 5 ms each, and which remembers nothing.
const rawDir = bundle(
  'raw',
  `export const createRawDynamoDb = (config) => ({
  send: async (operation) => {
    if (config.region !== 'cn-north-1' || operation !== 'Query') throw new Error('unexpected');
    await new Promise((r) => setTimeout(r, 5));
    return {};
  },
});`,
);

const trials = (status: number, n: number) =>
  Array.from({ length: n }, () => ({
    event: { status },
    context: { functionName: 'changchun-read-cases' },
    calls: [{ operation: 'Query', input: {} }],
  }));

describe("a fresh container's first request", () => {
  it('times the init and the first invocation of each fresh process beside the raw calls', async () => {
    const fresh = await measureFreshStart({
      bundleDir: handlerDir,
      rawBundleDir: rawDir,
      env: { BENCH_MARK: 'x' },
      rawConfig: { region: 'cn-north-1' },
      trials: trials(200, 3),
      expectStatus: 200,
    });
    expect(fresh.runs).toBe(3);
    // The handler waits 20 ms on its first request, the raw side 5 ms a call.
    expect(fresh.handler.firstMs.median).toBeGreaterThanOrEqual(19);
    expect(fresh.raw.firstMs.median).toBeGreaterThanOrEqual(4.5);
    expect(fresh.handler.firstMs.median).toBeGreaterThan(fresh.raw.firstMs.median);
    expect(fresh.handler.initMs.median).toBeGreaterThan(0);
    expect(fresh.handler.totalMs.median).toBeGreaterThanOrEqual(fresh.handler.firstMs.median);
    expect(fresh.ratio).toBeCloseTo(fresh.handler.totalMs.median / fresh.raw.totalMs.median, 5);
  });

  it('fails on an answer other than the one expected, with its body', async () => {
    await expect(
      measureFreshStart({
        bundleDir: handlerDir,
        rawBundleDir: rawDir,
        env: { BENCH_MARK: 'the function env' },
        rawConfig: { region: 'cn-north-1' },
        trials: trials(500, 1),
        expectStatus: 200,
      }),
    ).rejects.toThrow(/answered 500, not 200: .*the function env/);
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
        ? { freshStart: { runs: 15, handler: side(25), raw: side(15), ratio: 85 / 75 } }
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
      /read-cases read case\s+60\.0 ms\s+25\.0 ms\s+85\.0 ms\s+60\.0 ms\s+15\.0 ms\s+75\.0 ms\s+1\.13×/,
    );
    expect(text).not.toContain('read-cases my cases');
    expect(freshReport(result([row('my cases', false)]))).toBeUndefined();
  });
});
