import { type NodeChoice, RUNTIME_NODE_VERSION } from './node-versions';

/** The command line of `npm run bench`. */

export const SECTIONS = ['bundle', 'cold', 'warm', 'scale', 'throughput'] as const;
export type Section = (typeof SECTIONS)[number];

/** The warm section's requests, in the order it times them (the worklist prepares the decision's twins). */
export const WARM_REQUESTS = [
  'submit',
  'submit + Idempotency-Key',
  'worklist',
  'decision (accept)',
  'rating',
  'read case',
  'my cases',
] as const;
export type WarmRequest = (typeof WARM_REQUESTS)[number];

export interface BenchOptions {
  readonly quick: boolean;
  readonly sections: readonly Section[];
  /** Cold-init runs per bundle. */
  readonly coldRuns: number;
  /** Warm iterations per scenario (after `warmup`). */
  readonly iterations: number;
  /**
   * Invocations of each warm scenario before its timed ones: enough for V8 to optimise the
   * handler's code (and DynamoDB Local's JVM its own), so the ratio is a warm container's.
   */
  readonly warmup: number;
  /**
   * Fresh containers (init and first request, fresh.ts) per function in the warm section, each
   * beside a fresh process sending the same DynamoDB calls.
   */
  readonly freshRuns: number;
  /** Seconds a warm scenario may take after its warm-up before it stops early. */
  readonly scenarioSeconds: number;
  /** Cases in the 1× table of the scale section (the other holds 10×). */
  readonly scaleCases: number;
  readonly scaleIterations: number;
  readonly concurrency: number;
  readonly throughputRounds: number;
  readonly roundSeconds: number;
  /** A name for this run, kept in the JSON (e.g. `before`, `after`). */
  readonly label?: string;
  /** A previous result to compare with. */
  readonly compare?: string;
  /** Another checkout whose functions are bundled and measured in the same cold rounds. */
  readonly ab?: string;
  /**
   * The cold section also loads every bundle without `--enable-source-maps` (the functions run
   * with it), in the same rounds: what readable stack traces cost a cold start.
   */
  readonly withoutSourceMaps: boolean;
  /**
   * The warm section also times the warm floor (middy, Powertools' logger and the document
   * client sending each handler's own calls, no code of ours) in the same iterations.
   */
  readonly floor: boolean;
  /** The warm requests to time, in {@link WARM_REQUESTS}' order (all of them by default). */
  readonly requests: readonly WarmRequest[];
  /**
   * The Node.js that measures: the functions' runtime's (pinned, fetched once), the running one,
   * or an exact version (runtime-node.ts).
   */
  readonly node: NodeChoice;
  readonly help: boolean;
}

const FULL = {
  coldRuns: 20,
  iterations: 200,
  warmup: 1500,
  freshRuns: 15,
  scenarioSeconds: 40,
  scaleCases: 1000,
  scaleIterations: 200,
  throughputRounds: 4,
  roundSeconds: 5,
} as const;
const QUICK = {
  coldRuns: 10,
  iterations: 40,
  warmup: 300,
  freshRuns: 5,
  scenarioSeconds: 15,
  scaleCases: 500,
  scaleIterations: 60,
  throughputRounds: 2,
  roundSeconds: 3,
} as const;

export const USAGE = `npm run bench [-- options]     (or: npx tsx packages/bench/src/run.ts [options])

  --quick                 fewer runs and a smaller table (about 2 minutes instead of about 5)
  --only=a,b              sections: ${SECTIONS.join(', ')} (warm includes capacity)
  --runs=N                cold-init runs per bundle (full ${FULL.coldRuns}, quick ${QUICK.coldRuns}; at least 10)
  --iterations=N          warm iterations per scenario (full ${FULL.iterations}, quick ${QUICK.iterations})
  --warmup=N              warm-up invocations before them (full ${FULL.warmup}, quick ${QUICK.warmup})
  --fresh=N               fresh containers per function, init and first request (full ${FULL.freshRuns}, quick ${QUICK.freshRuns}; 0: none)
  --cases=N               cases in the 1× scale table, 10·N in the other (full ${FULL.scaleCases}, quick ${QUICK.scaleCases})
  --concurrency=N         throughput concurrency (16)
  --label=TEXT            a name for this run in the JSON (before, after, …)
  --compare=FILE          also print the change from an earlier result (e.g. bench-results/latest.json)
  --without-source-maps   also load every bundle without --enable-source-maps, in the same cold
                          rounds (<name>@no-maps, not judged): what the flag costs a cold start
  --ab=DIR                also bundle another checkout (e.g. \`git worktree add ../before HEAD~1\`, with
                          this package) and measure its functions in the same cold rounds, as <name>@before,
                          and its handlers in the same warm iterations
  --floor                 also time the warm floor in the same warm iterations (not judged): middy,
                          Powertools' logger and the document client sending each handler's own calls,
                          no code of ours; a third process per iteration moves the ratios, so read the
                          floor beside its own run's handlers
  --requests=a,b          time only these warm requests (quote the names: '--requests=read case,my cases'):
                          ${WARM_REQUESTS.join(', ')}
  --node=WHICH            the Node.js that measures: runtime (default: the running one if it has the
                          major version of the functions' Lambda runtime, else ${RUNTIME_NODE_VERSION}, fetched
                          once from the npm registry), current (the one running this), or an exact
                          version such as 22.23.3
  --help                  this text

Writes bench-results/<timestamp>.json and bench-results/latest.json, and prints the tables.`;

function positiveInteger(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new RangeError(`--${name} takes a positive integer, got "${value}"`);
  return n;
}

/** `--node`: runtime, current or an exact x.y.z. */
export function nodeChoice(value: string): NodeChoice {
  if (value === 'runtime' || value === 'current' || /^\d+\.\d+\.\d+$/.test(value)) {
    return value as NodeChoice;
  }
  throw new RangeError(
    `--node takes runtime, current or an exact version such as 24.21.0, got "${value}"`,
  );
}

function nonNegativeInteger(name: string, value: string): number {
  const n = Number(value);
  if (value === '' || !Number.isInteger(n) || n < 0)
    throw new RangeError(`--${name} takes an integer of 0 or more, got "${value}"`);
  return n;
}

/** `--requests`: names of {@link WARM_REQUESTS}, comma-separated; answered in the section's order. */
function warmRequests(value: string): WarmRequest[] {
  const names = value.split(',').map((name) => name.trim());
  for (const name of names) {
    if (!(WARM_REQUESTS as readonly string[]).includes(name)) {
      throw new RangeError(
        `--requests: no warm request "${name}"; they are ${WARM_REQUESTS.join(', ')}`,
      );
    }
  }
  return WARM_REQUESTS.filter((name) => names.includes(name));
}

export function parseOptions(argv: readonly string[]): BenchOptions {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new RangeError(`unknown argument "${arg}" (see --help)`);
    flags.set(match[1] as string, match[2] ?? 'true');
  }
  const known = new Set([
    'quick',
    'only',
    'runs',
    'iterations',
    'warmup',
    'fresh',
    'cases',
    'concurrency',
    'label',
    'compare',
    'ab',
    'without-source-maps',
    'floor',
    'requests',
    'node',
    'help',
  ]);
  for (const name of flags.keys()) {
    if (!known.has(name)) throw new RangeError(`unknown option --${name} (see --help)`);
  }
  /** A switch: `--name` alone (`--name=true` too); any other value is refused. */
  const flag = (name: string): boolean => {
    const value = flags.get(name);
    if (value !== undefined && value !== 'true') {
      throw new RangeError(`--${name} takes no value, got "${value}"`);
    }
    return value !== undefined;
  };
  const quick = flags.has('quick');
  const base = quick ? QUICK : FULL;
  const only = flags.get('only');
  const sections = only
    ? only.split(',').map((s) => {
        if (!(SECTIONS as readonly string[]).includes(s)) {
          throw new RangeError(
            `--only: no section "${s}"; the sections are ${SECTIONS.join(', ')}`,
          );
        }
        return s as Section;
      })
    : [...SECTIONS];
  const number = (name: string, fallback: number) => {
    const value = flags.get(name);
    return value === undefined ? fallback : positiveInteger(name, value);
  };
  const coldRuns = number('runs', base.coldRuns);
  const freshRuns = flags.get('fresh');
  if (coldRuns < 10) throw new RangeError('--runs: at least 10 cold runs per bundle');
  const label = flags.get('label');
  const compare = flags.get('compare');
  const requests = flags.get('requests');
  if (requests !== undefined && !sections.includes('warm')) {
    throw new RangeError('--requests chooses warm requests: add the warm section (--only=warm)');
  }
  const ab = flags.get('ab');
  return {
    quick,
    sections,
    coldRuns,
    iterations: number('iterations', base.iterations),
    warmup: number('warmup', base.warmup),
    freshRuns: freshRuns === undefined ? base.freshRuns : nonNegativeInteger('fresh', freshRuns),
    scenarioSeconds: base.scenarioSeconds,
    scaleCases: number('cases', base.scaleCases),
    scaleIterations: base.scaleIterations,
    concurrency: number('concurrency', 16),
    throughputRounds: base.throughputRounds,
    roundSeconds: base.roundSeconds,
    ...(label ? { label } : {}),
    ...(compare ? { compare } : {}),
    ...(ab ? { ab } : {}),
    withoutSourceMaps: flag('without-source-maps'),
    floor: flag('floor'),
    requests: requests === undefined ? [...WARM_REQUESTS] : warmRequests(requests),
    node: nodeChoice(flags.get('node') ?? 'runtime'),
    help: flags.has('help'),
  };
}
