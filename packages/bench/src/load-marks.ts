import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundlingFor, ESBUILD_TARGET, ESM_REQUIRE_BANNER } from '@jilin/infra';
import { FUNCTIONS, type FunctionSpec } from '@jilin/platform';
import { build, type Plugin } from 'esbuild';
import { BASELINE_CLIENTS, baselineSource } from './baseline';
import { lambdaEnvironment } from './lambda-env';
import { CACHE_DIR, REPO_ROOT } from './paths';
import { summarize } from './stats';

/**
 * Where a cold start's time goes, module by module: `npm run bench:load -- <function>`.
 *
 * The function is bundled with the stacks' esbuild settings, plus a marker at the start and end
 * of every ES module's top-level code. An ES module bundle runs its modules' top-level code one
 * after another (leaves first), so the time between a module's markers, less the modules run
 * inside it, is what that module does at load: building schemas, constructing clients. What
 * comes before the first marker is reading, compiling and linking the whole file. The same for
 * the baseline (the hello world with the SDK clients), then both are imported in fresh
 * processes, alternately. CommonJS modules are left unmarked (their code runs inside whoever
 * requires them). The markers add a little to every time; compare the two bundles, not the
 * totals with `npm run bench`'s.
 */

/** A marker: a module's top-level code starting (0) or ending (1), at performance.now(). */
export interface Mark {
  readonly file: string;
  readonly edge: 0 | 1;
  readonly at: number;
}

/**
 * Each module's own top-level time from the markers: its span less the spans of the modules that
 * ran inside it (a lazily initialised module runs inside the one that first needs it).
 * @throws Error when the markers do not nest.
 */
export function selfTimes(marks: readonly Mark[]): Map<string, number> {
  const selfMs = new Map<string, number>();
  const open: { file: string; at: number; inner: number }[] = [];
  for (const mark of marks) {
    if (mark.edge === 0) {
      open.push({ file: mark.file, at: mark.at, inner: 0 });
      continue;
    }
    const frame = open.pop();
    if (!frame || frame.file !== mark.file) throw new Error(`unbalanced markers at ${mark.file}`);
    const spent = mark.at - frame.at;
    const parent = open.at(-1);
    if (parent) parent.inner += spent;
    selfMs.set(frame.file, (selfMs.get(frame.file) ?? 0) + spent - frame.inner);
  }
  if (open.length > 0) throw new Error(`unbalanced markers at ${open.at(-1)?.file}`);
  return selfMs;
}

interface Sample {
  readonly importMs: number;
  readonly beforeFirstMs: number;
  readonly selfMs: ReadonlyMap<string, number>;
}

/**
 * Prepends and appends a marker to every ES module esbuild loads from disk, and to every JSON
 * file (made a module whose default export is the data, as esbuild's JSON loader does).
 */
export const markers = (root: string): Plugin => ({
  name: 'jilin-load-marks',
  setup(builder) {
    const mark = (path: string, edge: number) =>
      `globalThis.__jilinMarks ??= []; globalThis.__jilinMarks.push([${JSON.stringify(relative(root, path))}, ${edge}, performance.now()]);`;
    builder.onLoad({ filter: /\.(ts|mjs|js)$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      // CommonJS: its code runs when required, inside the requiring module's time.
      if (/\bmodule\.exports\b|\bexports\.\w+\s*=/.test(source)) return undefined;
      if (!/^\s*(import|export)\b/m.test(source)) return undefined;
      return {
        contents: `${mark(args.path, 0)}\n${source}\n${mark(args.path, 1)}\n`,
        loader: args.path.endsWith('.ts') ? 'ts' : 'js',
        resolveDir: join(args.path, '..'),
      };
    });
    builder.onLoad({ filter: /\.json$/ }, (args) => ({
      contents: `${mark(args.path, 0)}\nconst data = ${readFileSync(args.path, 'utf8')};\n${mark(args.path, 1)}\nexport default data;\n`,
      loader: 'js',
      resolveDir: join(args.path, '..'),
    }));
  },
});

async function bundle(entry: string, outdir: string): Promise<string> {
  const options = bundlingFor({ tracing: false });
  await build({
    entryPoints: { index: entry },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: ESBUILD_TARGET,
    mainFields: [...(options.mainFields ?? [])],
    minify: true,
    charset: 'ascii',
    banner: { js: ESM_REQUIRE_BANNER },
    define: { ...options.define },
    plugins: [markers(REPO_ROOT)],
    absWorkingDir: REPO_ROOT,
    logLevel: 'warning',
  });
  return join(outdir, 'index.mjs');
}

const IMPORT_SCRIPT = `
const started = performance.now();
await import(process.argv[1]);
const loaded = performance.now();
process.stdout.write(JSON.stringify({ started, loaded, marks: globalThis.__jilinMarks ?? [] }));
process.exit();
`;

function sample(file: string, env: Record<string, string>): Sample {
  const child = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', IMPORT_SCRIPT, pathToFileURL(file).href],
    { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' },
  );
  if (child.status !== 0) throw new Error(`importing ${file} failed:\n${child.stderr}`);
  const out = JSON.parse(child.stdout) as {
    started: number;
    loaded: number;
    marks: [string, 0 | 1, number][];
  };
  const marks: Mark[] = out.marks.map(([file, edge, at]) => ({ file, edge, at }));
  const selfMs = selfTimes(marks);
  return {
    importMs: out.loaded - out.started,
    beforeFirstMs: (marks[0]?.at ?? out.loaded) - out.started,
    selfMs,
  };
}

/** A package name, or a workspace file's package and path. */
const owner = (file: string): string =>
  /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? file.split('/').slice(0, 2).join('/');

function report(name: string, samples: readonly Sample[], top: number, byFile: boolean): string[] {
  const median = (values: number[]) => summarize(values).median;
  const totals = new Map<string, number[]>();
  for (const s of samples) {
    const perKey = new Map<string, number>();
    for (const [file, ms] of s.selfMs) {
      const key = byFile ? file : owner(file);
      perKey.set(key, (perKey.get(key) ?? 0) + ms);
    }
    for (const [key, ms] of perKey) totals.set(key, [...(totals.get(key) ?? []), ms]);
  }
  const rows = [...totals]
    .map(([key, values]) => [key, median(values)] as const)
    .sort((a, b) => b[1] - a[1]);
  const topLevel = median(samples.map((s) => [...s.selfMs.values()].reduce((a, b) => a + b, 0)));
  return [
    `${name}: import ${median(samples.map((s) => s.importMs)).toFixed(1)} ms, of which reading, compiling and linking before any module ran ${median(samples.map((s) => s.beforeFirstMs)).toFixed(1)} ms and top-level code ${topLevel.toFixed(1)} ms (medians of ${samples.length})`,
    ...rows.slice(0, top).map(([key, ms]) => `  ${ms.toFixed(2).padStart(6)} ms  ${key}`),
  ];
}

export interface LoadMarksOptions {
  readonly fn: string;
  readonly runs: number;
  readonly top: number;
  readonly byFile: boolean;
}

export async function loadMarks(options: LoadMarksOptions): Promise<string[]> {
  const spec = FUNCTIONS.find((f) => f.name === options.fn);
  if (!spec) {
    throw new Error(`no function ${options.fn}; one of ${FUNCTIONS.map((f) => f.name).join(', ')}`);
  }
  const work = mkdtempSync(join(tmpdir(), 'jilin-load-marks-'));
  try {
    const fnFile = await bundle(
      join(REPO_ROOT, 'functions', spec.name, 'handler.ts'),
      join(work, 'fn'),
    );
    mkdirSync(CACHE_DIR, { recursive: true });
    const baselineEntry = join(CACHE_DIR, 'load-marks-baseline.ts');
    writeFileSync(baselineEntry, baselineSource(Object.keys(BASELINE_CLIENTS).sort()));
    const baseFile = await bundle(baselineEntry, join(work, 'baseline'));
    const env = {
      ...lambdaEnvironment(spec as FunctionSpec),
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    };
    const fnSamples: Sample[] = [];
    const baseSamples: Sample[] = [];
    sample(fnFile, env); // warm the file cache
    sample(baseFile, env);
    for (let i = 0; i < options.runs; i++) {
      fnSamples.push(sample(fnFile, env));
      baseSamples.push(sample(baseFile, env));
    }
    return [
      ...report(spec.name, fnSamples, options.top, options.byFile),
      '',
      ...report('baseline', baseSamples, Math.min(options.top, 8), options.byFile),
    ];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
