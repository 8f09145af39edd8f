import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import { RUNTIME } from '@jilin/infra';
import { type NodeChoice, nodePackage, nodeToRunOn, RUNTIME_NODE_VERSION } from './node-versions';
import { CACHE_DIR } from './paths';

/** The Lambda runtime the stacks deploy, e.g. `nodejs24.x`. */
export const LAMBDA_RUNTIME: string = RUNTIME.name;

/** Where a fetched Node lives: node_modules/.cache/jilin-bench/node-v<version>. */
export function nodeBinaryPath(
  version: string,
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
  cacheDir: string = CACHE_DIR,
): string {
  const pkg = nodePackage(platform, arch);
  return join(cacheDir, `node-v${version}`, 'node_modules', pkg.name, pkg.binary);
}

/** The version a Node binary reports, or undefined if it does not run. */
export function versionOf(binary: string): string | undefined {
  if (!existsSync(binary)) return undefined;
  const out = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return out.status === 0 ? out.stdout.trim().replace(/^v/, '') : undefined;
}

/** What npm said went wrong: its error code and message lines, not its pointer to a log file. */
export function npmFailure(
  stderr: string | null | undefined,
  spawnError: Error | undefined,
): string {
  if (spawnError) return spawnError.message;
  const lines = (stderr ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('npm error') && !/complete log of this run/.test(l));
  return lines.slice(0, 3).join('; ') || 'npm failed without a message';
}

/**
 * A Node binary of exactly `version`: the one in the cache, or fetched into it from the npm
 * registry first (about 50 MB to download, 190 MB on disk, once). npm checks the package against
 * the registry's integrity hash.
 * @throws Error when npm cannot fetch it (offline, or no package for this platform and version)
 *   or what it fetched reports another version
 */
export function ensureNode(
  version: string,
  log: (message: string) => void,
  cacheDir: string = CACHE_DIR,
): string {
  const binary = nodeBinaryPath(version, process.platform, process.arch, cacheDir);
  if (versionOf(binary) === version) return binary;
  const pkg = nodePackage(process.platform, process.arch);
  const prefix = join(cacheDir, `node-v${version}`);
  log(`fetching Node.js ${version} (${pkg.name}) from the npm registry into ${prefix}`);
  const npm = spawnSync(
    'npm',
    [
      'install',
      '--prefix',
      prefix,
      '--no-save',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      `${pkg.name}@${version}`,
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (npm.status !== 0) {
    throw new Error(
      `npm could not fetch ${pkg.name}@${version}: ${npmFailure(npm.stderr, npm.error)}. ` +
        `Run the bench on Node ${version.split('.')[0]} (it then measures there), or with --node=current`,
    );
  }
  const got = versionOf(binary);
  if (got !== version) {
    throw new Error(`${binary} reports Node ${got ?? 'nothing'}, not ${version}`);
  }
  return binary;
}

/** Set on the bench's own re-run, so that it never starts a third. */
export const REEXEC_MARK = 'JILIN_BENCH_ON_NODE';

/** The exit status of a child that ended with `code` or by `signal`, as a shell reports it. */
export function exitStatus(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  return signal ? 128 + (constants.signals[signal] ?? 0) : 1;
}

export interface OnNodeOptions {
  /** The script to run again: the entry that called this, as a path. */
  readonly script: string;
  readonly log: (message: string) => void;
  readonly cacheDir?: string;
  /** The running Node's version (tests). */
  readonly running?: string;
}

/**
 * Puts the rest of this bench command on the Node `choice` names: returns at once when it
 * already runs there; otherwise runs `script` with the same arguments on that Node (through
 * tsx's loader, as the bench's own child processes; they then follow it, as they start from
 * `process.execPath`), passes SIGINT, SIGTERM and SIGHUP on to it, and exits as it exits.
 * @throws Error when the Node cannot be had, or a re-run still finds itself on another version
 */
export async function onNode(choice: NodeChoice, options: OnNodeOptions): Promise<void> {
  const running = options.running ?? process.versions.node;
  const version = nodeToRunOn(choice, running);
  if (version === undefined) return;
  if (process.env[REEXEC_MARK]) {
    throw new Error(`re-run on Node ${process.env[REEXEC_MARK]} but running on ${running}`);
  }
  const node = ensureNode(version, options.log, options.cacheDir);
  options.log(
    version === RUNTIME_NODE_VERSION
      ? `measuring on Node.js ${version}, of the functions' runtime (${LAMBDA_RUNTIME}); --node=current for ${running}`
      : `measuring on Node.js ${version} (--node); the functions' runtime is ${LAMBDA_RUNTIME}`,
  );
  const child = spawn(
    node,
    ['--import', import.meta.resolve('tsx'), options.script, ...process.argv.slice(2)],
    { stdio: 'inherit', env: { ...process.env, [REEXEC_MARK]: version } },
  );
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  for (const signal of signals) process.on(signal, forward);
  const status = await new Promise<number>((resolve) => {
    child.once('error', (error) => {
      options.log(`could not start Node.js ${version} at ${node}: ${error.message}`);
      resolve(1);
    });
    child.once('exit', (code, signal) => resolve(exitStatus(code, signal)));
  });
  process.exit(status);
}

/**
 * `onNode` for a command's entry (`npm run bench`, `bench:load`): a failure to get the Node is
 * printed as `<command>: <why>` and the command exits 1.
 */
export async function startOnNode(
  command: string,
  choice: NodeChoice,
  options: OnNodeOptions,
): Promise<void> {
  try {
    await onNode(choice, options);
  } catch (error) {
    process.stderr.write(`${command}: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
