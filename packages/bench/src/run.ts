import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, platform as osPlatform, release, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { buildBundles } from './bundles';
import { requestCost, US_EAST_1_ON_DEMAND } from './capacity';
import { runChild } from './child';
import { measureCold } from './cold';
import { compareReport } from './compare';
import { BENCH_PLATFORM } from './lambda-env';
import { type BenchOptions, parseOptions, type Section, USAGE } from './options';
import { benchSource, REPO_ROOT, RESULTS_DIR } from './paths';
import { fullReport } from './report';
import type { BenchResult } from './result';
import { LAMBDA_RUNTIME, startOnNode } from './runtime-node';
import { measureScale } from './scale';
import type { ThroughputOutput } from './throughput-worker';
import { measureWarm } from './warm';

/**
 * `npm run bench`: every measurement against a baseline taken in the same run, as ratios of
 * medians. Progress goes to stderr, the tables to stdout, the figures to bench-results/.
 */

const started = Date.now();
// With --node=current on Node 20 (24 in Lambda), the SDK's notice about Node 20 is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const progress = (message: string) => {
  const seconds = ((Date.now() - started) / 1000).toFixed(0).padStart(4);
  process.stderr.write(`[bench ${seconds}s] ${message}\n`);
};

function git(): BenchResult['git'] {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    }).trim();
    const status = execFileSync('git', ['status', '--porcelain'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    return { commit, dirty: status.trim().length > 0 };
  } catch {
    return undefined;
  }
}

async function main(options: BenchOptions): Promise<BenchResult> {
  const wants = (s: Section) => options.sections.includes(s);
  const command =
    `npx tsx ${relative(REPO_ROOT, benchSource('run.ts'))} ${process.argv.slice(2).join(' ')}`.trim();
  progress(`${command}  (sections: ${options.sections.join(', ')})`);
  const result: {
    -readonly [K in keyof BenchResult]: BenchResult[K];
  } = {
    schema: 'jilin-bench/1',
    ...(options.label ? { label: options.label } : {}),
    command,
    startedAt: new Date(started).toISOString(),
    durationMs: 0,
    options,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGb: Math.round(totalmem() / 1024 ** 3),
      node: process.version,
      lambdaRuntime: LAMBDA_RUNTIME,
      platform: `${osPlatform()} ${release()}`,
    },
    ...(git() ? { git: git() } : {}),
  };

  const needBundles = wants('bundle') || wants('cold') || wants('warm');
  const bundles = needBundles ? await buildBundles(BENCH_PLATFORM, progress) : undefined;
  if (bundles && wants('bundle')) {
    result.bundle = {
      ...bundles,
      bundles: bundles.bundles.map(({ dir: _dir, spec: _spec, ...rest }) => rest),
    };
  }
  // --ab: the other checkout's functions, as <name>@before, measured in the same cold rounds.
  const other =
    options.ab && (wants('cold') || wants('warm'))
      ? await buildBundles(BENCH_PLATFORM, progress, options.ab)
      : undefined;
  try {
    const compared = (other?.bundles ?? [])
      .filter((b) => b.kind === 'function')
      .map((b) => ({ ...b, name: `${b.name}@before` }));
    if (bundles && wants('cold')) {
      result.cold = await measureCold([...bundles.bundles, ...compared], {
        runs: options.coldRuns,
        withoutSourceMaps: options.withoutSourceMaps,
        onProgress: progress,
      });
    }

    if (wants('warm') || wants('throughput')) {
      const { startLocalServices } = await import('@jilin/local');
      progress('starting DynamoDB Local and fauxqs');
      // No stream on the case table: nothing here polls it (the bench builds dispatch's stream
      // events itself), and on DynamoDB Local it would slow every request as records pile up.
      const services = await startLocalServices({
        platforms: [BENCH_PLATFORM],
        caseTableStream: false,
      });
      try {
        const env = services.env(BENCH_PLATFORM);
        if (wants('warm') && bundles) {
          const { warm, capacity } = await measureWarm({
            bundles: bundles.bundles,
            servicesEnv: env,
            iterations: options.iterations,
            warmup: options.warmup,
            freshRuns: options.freshRuns,
            floor: options.floor,
            requests: options.requests,
            scenarioBudgetMs: options.scenarioSeconds * 1000,
            onProgress: progress,
            ...(other ? { compareBundles: other.bundles } : {}),
          });
          result.warm = warm;
          const pricing = US_EAST_1_ON_DEMAND;
          result.capacity = {
            source:
              'RRU/WRU by the documented formulas from the items each step read and wrote (replayed on DynamoDB Local); DynamoDB Local ReturnConsumedCapacity (INDEXES) beside them',
            lifecycles: capacity,
            pricing,
            monthly: capacity.map((l) => {
              const cases = 10_000;
              const storageGb = (l.storedBytes * cases) / 1024 ** 3;
              return {
                service: l.service,
                cases,
                rru: l.total.billed.rru * cases,
                wru: l.total.billed.wru * cases,
                requestCost: requestCost(l.total.billed.rru, l.total.billed.wru, cases, pricing),
                storageGb,
                storageCostPerMonth: storageGb * pricing.perGbMonth,
              };
            }),
          };
        }
        if (wants('throughput')) {
          progress(
            `throughput: ${options.throughputRounds} rounds at concurrency ${options.concurrency}`,
          );
          result.throughput = await runChild<ThroughputOutput>(
            benchSource('throughput-worker.ts'),
            'run',
            {
              servicesEnv: env,
              concurrency: options.concurrency,
              roundMs: options.roundSeconds * 1000,
              rounds: options.throughputRounds,
            },
            { env: { TZ: 'UTC' }, onProgress: progress },
          );
        }
      } finally {
        await services.stop();
      }
    }
    if (wants('scale')) {
      // Its own DynamoDB Local: 11,000 cases would slow the other sections' (and the data of
      // theirs would slow it).
      const { LOCAL_AWS, startDynamoDbLocal } = await import('@jilin/local');
      progress('starting a DynamoDB Local for the scale section');
      const dynamo = await startDynamoDbLocal();
      try {
        result.scale = await measureScale({
          endpoint: dynamo.endpoint,
          region: LOCAL_AWS.region,
          credentials: LOCAL_AWS.credentials,
          cases: options.scaleCases,
          seed: options.quick ? 100 : 200,
          iterations: options.scaleIterations,
          onProgress: progress,
        });
      } finally {
        await dynamo.stop();
      }
    }
  } finally {
    // The synthesised assemblies (about 15 MB a run) are not needed once measured.
    for (const dir of new Set(
      [...(bundles?.bundles ?? []), ...(other?.bundles ?? [])].map((b) => dirname(b.dir)),
    )) {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  result.durationMs = Date.now() - started;
  return result;
}

function write(result: BenchResult): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = result.startedAt.replaceAll(':', '-').replace(/\.\d+Z$/, 'Z');
  const text = `${JSON.stringify(result, null, 2)}\n`;
  const file = join(RESULTS_DIR, `${stamp}.json`);
  writeFileSync(file, text);
  writeFileSync(join(RESULTS_DIR, 'latest.json'), text);
  return file;
}

let options: BenchOptions;
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
// Returns at once on the Node to measure on; otherwise runs the bench there and exits with it.
await startOnNode('bench', options.node, { script: benchSource('run.ts'), log: progress });
// Read before the run: latest.json is overwritten by it.
const before = options.compare
  ? (JSON.parse(readFileSync(options.compare, 'utf8')) as BenchResult)
  : undefined;
try {
  const result = await main(options);
  const file = write(result);
  process.stdout.write(`\n${result.command}\n\n${fullReport(result)}`);
  if (before) process.stdout.write(`\n${compareReport(before, result)}\n`);
  process.stdout.write(
    `\nWrote ${relative(REPO_ROOT, file)} and bench-results/latest.json in ${(result.durationMs / 1000).toFixed(0)} s.\n`,
  );
} catch (error) {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
}
