import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BundleResult } from './bundles';
import { lambdaEnvironment } from './lambda-env';
import { bootstrapRatioInterval, ratioOfMedians, type Summary, summarize } from './stats';
import { evaluate, TARGETS, type Verdict } from './targets';

/**
 * Cold init: a fresh `node` per run loads one bundle as Lambda's runtime does (an ES module
 * import of `index.mjs`, with `--enable-source-maps` as the functions' NODE_OPTIONS set) and
 * exits. The child times the import itself (performance.now() around the dynamic import: the
 * module's parse, compile and top-level code, top-level await included); the parent times the
 * whole process, spawn to exit. Runs go round-robin over the bundles, so drift hits them alike.
 * With `withoutSourceMaps`, every bundle is also loaded without the flag in the same rounds
 * (`<name>@no-maps`, against the baseline loaded the same way, never judged): what readable
 * stack traces cost a cold start.
 */

/** The suffix of a bundle loaded without `--enable-source-maps` (`withoutSourceMaps`). */
export const NO_MAPS = '@no-maps';

const IMPORT_SCRIPT = `
const cpu = process.cpuUsage();
const started = performance.now();
const mod = await import(process.argv[1]);
const loaded = performance.now();
const used = process.cpuUsage(cpu);
if (typeof mod.handler !== 'function') process.exitCode = 3;
process.stdout.write(JSON.stringify({
  importMs: loaded - started,
  cpuMs: (used.user + used.system) / 1000,
  sinceStartMs: loaded,
}));
process.exit();
`;

/**
 * The same import with every socket connection and DNS lookup counted (a separate run, not
 * timed): a handler must not reach the network while it loads.
 */
const NETWORK_PRELOAD = `
import net from 'node:net';
import dns from 'node:dns';
globalThis.__benchNetwork = [];
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const a = args[0];
  globalThis.__benchNetwork.push(typeof a === 'object' && a ? String(a.host ?? a.path ?? a.port) : String(a));
  return connect.apply(this, args);
};
const lookup = dns.lookup;
dns.lookup = function (host, ...rest) {
  globalThis.__benchNetwork.push('dns:' + host);
  return lookup.call(this, host, ...rest);
};
`;
const NETWORK_SCRIPT = `
await import(process.argv[1]);
await new Promise((resolve) => setTimeout(resolve, 300));
process.stdout.write(JSON.stringify({ network: globalThis.__benchNetwork }));
process.exit();
`;

interface RunOutput {
  readonly stdout: string;
  readonly wallMs: number;
}

/**
 * A fresh `node` with `args`, its stdout kept; rejects on a non-zero exit, or after `timeoutMs`
 * (the process killed): a request that never returns must not hang the bench.
 */
export function runNode(
  args: readonly string[],
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<RunOutput> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`node ${args.join(' ')} took over ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr = (stderr + c.toString()).slice(-8000);
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      const wallMs = performance.now() - started;
      if (code !== 0) reject(new Error(`node ${args.join(' ')} exited ${code}\n${stderr}`));
      else resolve({ stdout, wallMs });
    });
  });
}

export interface ColdSample {
  readonly importMs: number;
  /** CPU time (user + system, all threads) during the import: less sensitive to a busy machine. */
  readonly cpuMs: number;
  readonly wallMs: number;
}

export interface ColdResult {
  readonly name: string;
  readonly kind: BundleResult['kind'];
  readonly runs: number;
  readonly importMs: Summary;
  readonly cpuMs: Summary;
  readonly wallMs: Summary;
  /** Median import time over the baseline's (the target's measure). */
  readonly ratio: number;
  readonly interval: { readonly low: number; readonly high: number };
  readonly wallRatio: number;
  /** Median CPU time of the import over the baseline's. */
  readonly cpuRatio: number;
  readonly verdict: Verdict | undefined;
  /** Connections and DNS lookups while loading (should be none). */
  readonly networkAtInit: readonly string[];
  /** Loaded with `--enable-source-maps`, as the functions run (false: a `@no-maps` row). */
  readonly sourceMaps: boolean;
  readonly samples: readonly ColdSample[];
}

function envFor(bundle: BundleResult): Record<string, string> {
  // The baseline gets the environment of the function it is compared with (any: it reads none).
  const spec = bundle.spec ?? {
    name: bundle.name,
    memoryMb: 512,
    access: { cases: 'write', idempotency: true, sendToDepartmentQueues: true },
  };
  return {
    PATH: process.env.PATH ?? '',
    ...lambdaEnvironment(spec as Parameters<typeof lambdaEnvironment>[0]),
    // Nothing listens here: a request at load would fail the import rather than reach AWS.
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  };
}

/**
 * The target's verdict on a row: only functions, loaded as they run (with source maps), are
 * judged; the baseline, the stack floor and the rows without source maps are shown, not judged.
 */
export function coldVerdict(
  row: Pick<ColdResult, 'kind' | 'sourceMaps' | 'ratio' | 'interval'>,
): Verdict | undefined {
  return row.kind === 'function' && row.sourceMaps
    ? evaluate(row.ratio, TARGETS.coldInit, row.interval)
    : undefined;
}

interface Variant {
  readonly name: string;
  readonly bundle: BundleResult;
  readonly sourceMaps: boolean;
}

export async function measureCold(
  bundles: readonly BundleResult[],
  options: {
    readonly runs: number;
    /** Also load every bundle without `--enable-source-maps`, in the same rounds. */
    readonly withoutSourceMaps?: boolean;
    readonly onProgress: (m: string) => void;
  },
): Promise<ColdResult[]> {
  const loaded = bundles.filter((b) => b.kind !== 'helper');
  const measured: Variant[] = [
    ...loaded.map((bundle) => ({ name: bundle.name, bundle, sourceMaps: true })),
    ...(options.withoutSourceMaps
      ? loaded.map((bundle) => ({ name: bundle.name + NO_MAPS, bundle, sourceMaps: false }))
      : []),
  ];
  const baselineOf = (sourceMaps: boolean) =>
    measured.find((v) => v.bundle.kind === 'baseline' && v.sourceMaps === sourceMaps);
  if (!baselineOf(true)) throw new Error('no baseline bundle');
  const url = (b: BundleResult) => pathToFileURL(join(b.dir, 'index.mjs')).href;
  const flags = (v: Variant) => (v.sourceMaps ? ['--enable-source-maps'] : []);
  const samples = new Map<string, ColdSample[]>(measured.map((v) => [v.name, []]));

  // One round to warm the file cache, then the measured rounds, each in a rotated order.
  for (let round = -1; round < options.runs; round++) {
    const shift = ((round % measured.length) + measured.length) % measured.length;
    const order = [...measured.slice(shift), ...measured.slice(0, shift)];
    for (const variant of order) {
      const { stdout, wallMs } = await runNode(
        [...flags(variant), '--input-type=module', '-e', IMPORT_SCRIPT, url(variant.bundle)],
        envFor(variant.bundle),
      );
      const { importMs, cpuMs } = JSON.parse(stdout) as { importMs: number; cpuMs: number };
      if (round >= 0) samples.get(variant.name)?.push({ importMs, cpuMs, wallMs });
    }
    if (round >= 0) options.onProgress(`cold init: round ${round + 1}/${options.runs}`);
  }

  const network = new Map<string, string[]>();
  for (const variant of measured) {
    const { stdout } = await runNode(
      [
        ...flags(variant),
        '--import',
        `data:text/javascript,${encodeURIComponent(NETWORK_PRELOAD)}`,
        '--input-type=module',
        '-e',
        NETWORK_SCRIPT,
        url(variant.bundle),
      ],
      envFor(variant.bundle),
    );
    network.set(variant.name, (JSON.parse(stdout) as { network: string[] }).network);
  }

  return measured.map((variant) => {
    const base = samples.get(baselineOf(variant.sourceMaps)?.name ?? '') ?? [];
    const baseImport = base.map((s) => s.importMs);
    const own = samples.get(variant.name) ?? [];
    const importMs = own.map((s) => s.importMs);
    const wallMs = own.map((s) => s.wallMs);
    const cpuMs = own.map((s) => s.cpuMs);
    const ratio = ratioOfMedians(importMs, baseImport);
    // Runs of one round are pairs: resample rounds.
    const interval = bootstrapRatioInterval(importMs, baseImport, { paired: true });
    const row = { kind: variant.bundle.kind, sourceMaps: variant.sourceMaps, ratio, interval };
    return {
      name: variant.name,
      ...row,
      runs: own.length,
      importMs: summarize(importMs),
      cpuMs: summarize(cpuMs),
      wallMs: summarize(wallMs),
      wallRatio: ratioOfMedians(
        wallMs,
        base.map((s) => s.wallMs),
      ),
      cpuRatio: ratioOfMedians(
        cpuMs,
        base.map((s) => s.cpuMs),
      ),
      verdict: coldVerdict(row),
      networkAtInit: network.get(variant.name) ?? [],
      samples: own,
    };
  });
}
