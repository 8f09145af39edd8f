/**
 * The soak: `npm run soak -- --cases 10000 [--seed 1] [--concurrency 16]`
 *
 * Starts one city's local platform with faults injected (see src/faults.ts and src/soak/run.ts),
 * files the cases through the HTTP API, lets the department back-ends decide everything, redrives
 * what was dead-lettered, and checks the table. Prints what was injected and the final line
 *
 *   cases N, tasks delivered N, lost 0, duplicated 0
 *
 * and exits 1 on any loss or duplicate (or a submission that was refused or given up on).
 */
import { parseArgs } from 'node:util';
import { PlatformSlugSchema } from '@jilin/platform';
import { finalLine, formatReport, runSoak } from '../soak/run';

const USAGE = `Usage: npm run soak -- [--cases <n>] [--seed <n>] [--concurrency <n>] [--platform <slug>]

  --cases <n>          logical submissions (default 10000)
  --seed <n>           seeds the faults, the mix and the consumers (default 1)
  --concurrency <n>    submissions in flight at once (default 16)
  --platform <slug>    the city (default changchun)
`;

const positiveInt = (name: string, value: string | undefined, fallback: number): number => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`--${name} must be a whole number`);
  return n;
};

async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      cases: { type: 'string' },
      seed: { type: 'string' },
      concurrency: { type: 'string' },
      platform: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const cases = positiveInt('cases', values.cases, 10_000);
  const report = await runSoak({
    cases,
    seed: positiveInt('seed', values.seed, 1),
    concurrency: Math.max(1, positiveInt('concurrency', values.concurrency, 16)),
    platform: PlatformSlugSchema.parse(values.platform ?? 'changchun'),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  for (const line of formatReport(report)) process.stdout.write(`${line}\n`);
  process.stdout.write(`${finalLine(report)}\n`);
  return report.ok ? 0 : 1;
}

// Local tooling on Node 20: the SDK's notice about Node 22 is noise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `soak failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 2;
  },
);
