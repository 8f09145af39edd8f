import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { RUNTIME } from '@jilin/infra';
import { nodePackage } from './node-versions';
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

/**
 * A Node binary of exactly `version`: the one in the cache, or fetched into it from the npm
 * registry first (about 30 MB to download, 190 MB on disk, once).
 * @throws Error when npm cannot fetch it or what it fetched reports another version
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
      `npm could not fetch ${pkg.name}@${version} (${npm.stderr.trim().split('\n').pop()}); ` +
        'run the bench with --node=current to measure on the Node that runs it',
    );
  }
  const got = versionOf(binary);
  if (got !== version) {
    throw new Error(`${binary} reports Node ${got ?? 'nothing'}, not ${version}`);
  }
  return binary;
}

/** Set on the bench's own re-run, so that it never starts a third. */
const REEXEC_MARK = 'JILIN_BENCH_ON_NODE';

/**
 * Runs this bench script again on `version` of Node (its child processes follow, as they start
 * from `process.execPath`) and exits with its status; returns at once when it already runs there.
 * @throws Error when a re-run still finds itself on another version
 */
export function onNode(
  version: string | undefined,
  script: string,
  log: (message: string) => void,
): void {
  if (version === undefined || process.versions.node === version) return;
  if (process.env[REEXEC_MARK]) {
    throw new Error(`re-run on Node ${version} but running on ${process.versions.node}`);
  }
  const node = ensureNode(version, log);
  log(
    `measuring on Node.js ${version}, as the functions' runtime (${LAMBDA_RUNTIME}); --node=current for ${process.versions.node}`,
  );
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const run = spawnSync(node, [tsx, script, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, [REEXEC_MARK]: version },
  });
  process.exit(run.status ?? 1);
}
