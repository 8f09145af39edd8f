import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runNode } from './cold';
import type { RecordedCall } from './replay';
import { bootstrapRatioInterval, ratioOfMedians, type Summary, summarize } from './stats';

/**
 * A fresh container's first request: what a citizen waits for when no warm container is left,
 * the cold section's init and then the first invocation, on which the SDK resolves its
 * credentials, endpoint and connection and V8 runs the request's code for the first time (and
 * whatever a function leaves for its first use, such as a platform's catalogue, is built).
 *
 * Each run is a fresh `node` (with `--enable-source-maps`, as the functions run, and the
 * function's environment): it imports the bundle, invokes its handler once with an event of the
 * warm section's, and reports the two times. Beside it, in the same rounds and with the same
 * environment, a fresh `node` loads the raw-sdk bundle (the low-level DynamoDB client alone),
 * builds the client as the functions build theirs (`new DynamoDBClient({})`: credentials from the
 * default provider chain, the endpoint from the environment) and sends the same DynamoDB calls
 * once: the least a container could do for that request. The raw side loads one SDK client where
 * the functions (and the cold section's baseline) load up to three, so these ratios are not on
 * the cold target's scale. Not judged: the cold target is the init alone; this keeps
 * what moved to the first request in view.
 *
 * The scripts are plain JavaScript run with `node -e`, not the bench's TypeScript workers
 * (handler-worker.ts, raw-worker.ts): tsx's loader would sit in the way of the import timed.
 */

// The handler writes its logs and metrics to stdout: the times go to a file of their own.
const HANDLER_SCRIPT = `
import { readFileSync, writeFileSync } from 'node:fs';
const { bundle, event, context } = JSON.parse(readFileSync(process.argv[1], 'utf8'));
const started = performance.now();
const mod = await import(bundle);
const loaded = performance.now();
const result = await mod.handler(event, {
  ...context,
  getRemainingTimeInMillis: () => 10_000,
  done() {},
  fail() {},
  succeed() {},
});
const answered = performance.now();
writeFileSync(process.argv[2], JSON.stringify({
  initMs: loaded - started,
  firstMs: answered - loaded,
  status: result?.statusCode,
  body: result?.body,
}));
process.exit();
`;

const RAW_SCRIPT = `
import { readFileSync, writeFileSync } from 'node:fs';
const { bundle, calls } = JSON.parse(readFileSync(process.argv[1], 'utf8'));
const started = performance.now();
const mod = await import(bundle);
const client = mod.createRawDynamoDb({});
const loaded = performance.now();
for (const call of calls) await client.send(call.operation, call.input);
const answered = performance.now();
writeFileSync(process.argv[2], JSON.stringify({ initMs: loaded - started, firstMs: answered - loaded }));
process.exit();
`;

export interface FreshSide {
  /** Loading the bundle (and, raw, building the client). */
  readonly initMs: Summary;
  /** The first invocation (raw: the calls sent once). */
  readonly firstMs: Summary;
  /** Both, run by run. */
  readonly totalMs: Summary;
}

export interface FreshStart {
  readonly runs: number;
  readonly handler: FreshSide;
  readonly raw: FreshSide;
  /** The handler's init + first request over the raw side's, medians of the totals. */
  readonly ratio: number;
  /** Paired bootstrap interval of that ratio (each trial's two sides ran back to back). */
  readonly interval: { readonly low: number; readonly high: number };
}

export interface FreshTrial {
  readonly event: unknown;
  readonly context: Readonly<Record<string, unknown>>;
  readonly calls: readonly RecordedCall[];
}

export interface FreshOptions {
  readonly bundleDir: string;
  readonly rawBundleDir: string;
  /** The function's Lambda environment, with the local services' endpoints (both sides run in it). */
  readonly env: Readonly<Record<string, string>>;
  /** One per run: each a request on a case of its own (a write must not repeat). */
  readonly trials: readonly FreshTrial[];
  /** The status the handler must answer with. */
  readonly expectStatus: number;
}

interface Sample {
  readonly initMs: number;
  readonly firstMs: number;
  readonly status?: number;
  readonly body?: string;
}

const side = (samples: readonly Sample[]): FreshSide => ({
  initMs: summarize(samples.map((s) => s.initMs)),
  firstMs: summarize(samples.map((s) => s.firstMs)),
  totalMs: summarize(samples.map((s) => s.initMs + s.firstMs)),
});

/** Runs the trials, the handler and the raw side alternating which goes first. */
export async function measureFreshStart(options: FreshOptions): Promise<FreshStart> {
  const dir = mkdtempSync(join(tmpdir(), 'jilin-fresh-'));
  const env = { PATH: process.env.PATH ?? '', ...options.env };
  const bundle = (d: string) => pathToFileURL(join(d, 'index.mjs')).href;
  const handler: Sample[] = [];
  const raw: Sample[] = [];
  try {
    for (const [i, trial] of options.trials.entries()) {
      const handlerFile = join(dir, `handler-${i}.json`);
      writeFileSync(
        handlerFile,
        JSON.stringify({
          bundle: bundle(options.bundleDir),
          event: trial.event,
          context: trial.context,
        }),
      );
      const rawFile = join(dir, `raw-${i}.json`);
      writeFileSync(
        rawFile,
        JSON.stringify({ bundle: bundle(options.rawBundleDir), calls: trial.calls }),
      );
      const runHandler = async () => {
        const out = join(dir, `handler-${i}.out.json`);
        await runNode(
          ['--enable-source-maps', '--input-type=module', '-e', HANDLER_SCRIPT, handlerFile, out],
          env,
        );
        const sample = JSON.parse(readFileSync(out, 'utf8')) as Sample;
        if (sample.status !== options.expectStatus) {
          throw new Error(
            `a fresh container answered ${sample.status}, not ${options.expectStatus}: ${sample.body ?? ''}`,
          );
        }
        handler.push(sample);
      };
      const runRaw = async () => {
        const out = join(dir, `raw-${i}.out.json`);
        await runNode(
          ['--enable-source-maps', '--input-type=module', '-e', RAW_SCRIPT, rawFile, out],
          env,
        );
        raw.push(JSON.parse(readFileSync(out, 'utf8')) as Sample);
      };
      for (const run of i % 2 === 0 ? [runHandler, runRaw] : [runRaw, runHandler]) await run();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const handlerTotals = handler.map((s) => s.initMs + s.firstMs);
  const rawTotals = raw.map((s) => s.initMs + s.firstMs);
  return {
    runs: handler.length,
    handler: side(handler),
    raw: side(raw),
    ratio: ratioOfMedians(handlerTotals, rawTotals),
    interval: bootstrapRatioInterval(handlerTotals, rawTotals, { paired: true }),
  };
}
