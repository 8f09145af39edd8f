import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PlatformFunction, PlatformKey } from '@jilin/infra';
import { FUNCTIONS, type FunctionName, type FunctionSpec } from '@jilin/platform';
import { App, type CfnResource, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { baselineSource, stackFloorSource } from './baseline';
import { sdkClientPackages } from './bundle-analysis';
import { progress, serveChild } from './child';
import { benchSource, CACHE_DIR, REPO_ROOT } from './paths';

/**
 * Bundles every function exactly as a city's stack does: through PlatformFunction (BUNDLING from
 * infra/src/bundling.ts, the Node.js 24 target, the repository as project root), synthesised by
 * a CDK app with cdk.json's context, so CDK runs esbuild itself. Then the baseline (a hello world
 * constructing the AWS SDK clients those bundles contain), the stack floor (the baseline with
 * the Powertools, middy and zod every handler loads) and the raw-SDK helper go through the same
 * construct.
 */

export interface BundleInput {
  readonly platform: string;
}

export interface BuiltBundle {
  readonly name: string;
  /** `reference`: measured beside the functions, not judged (the stack's floor). */
  readonly kind: 'function' | 'baseline' | 'reference' | 'helper';
  /** The asset directory: `index.mjs` and `index.mjs.map`. */
  readonly dir: string;
  readonly sdkClients: readonly string[];
  readonly spec?: FunctionSpec;
}

export interface BundleOutput {
  readonly bundles: readonly BuiltBundle[];
  readonly baselineClients: readonly string[];
  readonly synthMs: number;
}

function cdkContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  // Asset metadata names each function's asset directory; nothing else differs from `cdk synth`.
  return { ...cdkJson.context, 'aws:cdk:enable-asset-metadata': true };
}

/** Synthesises one app of PlatformFunctions; returns each one's asset directory. */
function synthesise(
  platform: string,
  functions: readonly { readonly spec: FunctionSpec; readonly entry?: string }[],
): Map<string, string> {
  const outdir = mkdtempSync(join(tmpdir(), 'jilin-bench-cdk-'));
  const app = new App({ outdir, context: cdkContext() });
  const stack = new Stack(app, 'Bench', { env: { region: 'cn-north-1' } });
  const key = new PlatformKey(stack, 'Key').key;
  const built = functions.map(({ spec, entry }) => ({
    name: spec.name as string,
    fn: new PlatformFunction(stack, spec.name, {
      platform,
      spec,
      environment: {},
      encryptionKey: key,
      logRetention: logs.RetentionDays.SIX_MONTHS,
      ...(entry ? { entry } : {}),
    }),
  }));
  const assembly = app.synth();
  const dirs = new Map<string, string>();
  for (const { name, fn } of built) {
    const asset = (fn.function.node.defaultChild as CfnResource).getMetadata('aws:asset:path');
    if (typeof asset !== 'string') throw new Error(`no asset path for ${name}`);
    dirs.set(name, join(assembly.directory, asset));
  }
  return dirs;
}

async function bundle(input: BundleInput): Promise<BundleOutput> {
  const started = performance.now();
  progress(`bundling ${FUNCTIONS.length} functions through PlatformFunction (cdk synth)`);
  const functionDirs = synthesise(
    input.platform,
    FUNCTIONS.map((spec) => ({ spec })),
  );
  const bundles: BuiltBundle[] = FUNCTIONS.map((spec) => {
    const dir = functionDirs.get(spec.name) as string;
    const map = JSON.parse(readFileSync(join(dir, 'index.mjs.map'), 'utf8'));
    return { name: spec.name, kind: 'function', dir, sdkClients: sdkClientPackages(map), spec };
  });

  const baselineClients = [...new Set(bundles.flatMap((b) => b.sdkClients))].sort();
  mkdirSync(CACHE_DIR, { recursive: true });
  const baselineEntry = join(CACHE_DIR, 'baseline.ts');
  writeFileSync(baselineEntry, baselineSource(baselineClients));
  const floorEntry = join(CACHE_DIR, 'stack-floor.ts');
  writeFileSync(floorEntry, stackFloorSource(baselineClients));
  const template =
    FUNCTIONS.find((f) => f.trigger.kind === 'http') ?? (FUNCTIONS[0] as FunctionSpec);
  const extra = [
    { spec: { ...template, name: 'baseline' as FunctionName }, entry: baselineEntry },
    { spec: { ...template, name: 'stack-floor' as FunctionName }, entry: floorEntry },
    { spec: { ...template, name: 'raw-sdk' as FunctionName }, entry: benchSource('raw-sdk.ts') },
    {
      spec: { ...template, name: 'warm-floor' as FunctionName },
      entry: benchSource('warm-floor.ts'),
    },
  ];
  progress(
    'bundling the baseline, the stack floor, the warm floor and the raw-SDK helper the same way',
  );
  const extraDirs = synthesise(input.platform, extra);
  bundles.push(
    {
      name: 'baseline',
      kind: 'baseline',
      dir: extraDirs.get('baseline') as string,
      sdkClients: baselineClients,
    },
    {
      name: 'stack-floor',
      kind: 'reference',
      dir: extraDirs.get('stack-floor') as string,
      sdkClients: baselineClients,
    },
    {
      name: 'raw-sdk',
      kind: 'helper',
      dir: extraDirs.get('raw-sdk') as string,
      sdkClients: ['@aws-sdk/client-dynamodb'],
    },
    {
      name: 'warm-floor',
      kind: 'helper',
      dir: extraDirs.get('warm-floor') as string,
      sdkClients: ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'],
    },
  );
  return { bundles, baselineClients, synthMs: performance.now() - started };
}

serveChild({ bundle });
