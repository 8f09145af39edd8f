import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { apiEvent } from '@jilin/lambda-kit';
import { FUNCTIONS } from '@jilin/platform';
import { App, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLING, bundlingFor, ESM_REQUIRE_BANNER } from '../../src/bundling';
import { PlatformKey } from '../../src/constructs/encryption';
import { PlatformFunction } from '../../src/constructs/platform-function';
import { CDK_CONTEXT } from '../support/app';

/**
 * The one test that bundles for real: the catalogue function, through PlatformFunction, so with
 * exactly the settings of every stack (BUNDLING: esbuild, ESM, minified, tree-shaken, AWS SDK
 * bundled, Node.js 24 target). The bundle is then loaded by Node as Lambda loads it (an ES module
 * `index.mjs`, top-level await included) and answers an HTTP API event.
 */
describe('Bundling: a real esbuild bundle of a function', () => {
  let bundleDir: string;

  beforeAll(() => {
    const outdir = mkdtempSync(join(tmpdir(), 'jilin-bundle-'));
    // No `aws:cdk:bundling-stacks` here: the app bundles, as `cdk synth` does.
    const app = new App({ outdir, context: { ...CDK_CONTEXT } });
    const stack = new Stack(app, 'Bundle', { env: { region: 'cn-north-1' } });
    const spec = FUNCTIONS.find((f) => f.name === 'catalogue');
    if (!spec) throw new Error('the topology has no catalogue function');
    new PlatformFunction(stack, 'Catalogue', {
      platform: 'changchun',
      spec,
      environment: { PLATFORM: 'changchun' },
      encryptionKey: new PlatformKey(stack, 'Key').key,
      logRetention: logs.RetentionDays.SIX_MONTHS,
    });
    const assembly = app.synth();
    const assets = readdirSync(assembly.directory).filter((name) => name.startsWith('asset.'));
    expect(assets).toHaveLength(1);
    bundleDir = join(assembly.directory, assets[0] as string);
  });

  it('writes index.mjs with the require shim first, and an external source map without sources', () => {
    // Act
    const code = readFileSync(join(bundleDir, 'index.mjs'), 'utf8');
    const map = JSON.parse(readFileSync(join(bundleDir, 'index.mjs.map'), 'utf8')) as {
      sourcesContent?: unknown;
    };

    // Assess
    expect(code.startsWith(ESM_REQUIRE_BANNER)).toBe(true);
    expect(/\/\/# sourceMappingURL=index\.mjs\.map\s*$/.test(code)).toBe(true);
    expect(map.sourcesContent).toBeUndefined();
    expect(existsSync(join(bundleDir, 'node_modules'))).toBe(false);
    // ASCII (--charset=ascii): the catalogue's zh-CN names are there, as escapes.
    expect(/[\u0080-\uffff]/.test(code)).toBe(false);
    expect(code).toContain('\\u5C45\\u6C11\\u8EAB\\u4EFD\\u8BC1'); // 居民身份证
  });

  it('is minified and bundles everything, the AWS SDK included: only Node built-ins stay imports', () => {
    // Act
    const code = readFileSync(join(bundleDir, 'index.mjs'), 'utf8');
    const specifiers = [...code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g)].map(
      (m) => m[1] as string,
    );
    const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

    // Assess
    // Minified: long lines (the few line breaks left are inside template literals).
    expect(code.length / code.split('\n').length).toBeGreaterThan(2_000);
    expect(specifiers.filter((s) => !builtins.has(s))).toEqual([]);
    expect(/require\(["']@aws-sdk\//.test(code)).toBe(false);
  });

  it('loads as an ES module in Node and answers a catalogue request', () => {
    // Prepare
    const event = apiEvent({ routeKey: 'GET /v1/catalogue/departments' });
    const script = `
      const { handler } = await import(${JSON.stringify(pathToFileURL(join(bundleDir, 'index.mjs')).href)});
      const context = {
        functionName: 'changchun-catalogue', functionVersion: '$LATEST', memoryLimitInMB: '256',
        invokedFunctionArn: 'arn:aws-cn:lambda:cn-north-1:123456789012:function:changchun-catalogue',
        awsRequestId: 'bundle-test', logGroupName: '/aws/lambda/changchun-catalogue', logStreamName: 's',
        getRemainingTimeInMillis: () => 5000, callbackWaitsForEmptyEventLoop: true,
      };
      const response = await handler(JSON.parse(process.env.EVENT), context);
      process.stdout.write('RESPONSE ' + JSON.stringify(response) + '\\n');
    `;

    // Act
    const child = spawnSync(
      process.execPath,
      ['--enable-source-maps', '--input-type=module', '-e', script],
      {
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH,
          PLATFORM: 'changchun',
          POWERTOOLS_SERVICE_NAME: 'changchun',
          POWERTOOLS_LOG_LEVEL: 'ERROR',
          AWS_REGION: 'cn-north-1',
          EVENT: JSON.stringify(event),
        },
      },
    );
    const line = child.stdout.split('\n').find((l) => l.startsWith('RESPONSE '));

    // Assess
    expect(child.status, child.stderr).toBe(0);
    const response = JSON.parse(line?.slice('RESPONSE '.length) ?? 'null') as {
      statusCode: number;
      body: string;
    };
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body).departments.map((d: { id: string }) => d.id)).toContain(
      'public-security',
    );
  });
});

/**
 * The files that put code in a function's bundle, built with the stacks' esbuild settings
 * (the metafile's inputs list every file resolved, shaken off or not: only those with bytes).
 */
async function bundledFiles(fn: string, options: { tracing: boolean }): Promise<string[]> {
  const result = await build({
    entryPoints: [join(import.meta.dirname, '..', '..', '..', 'functions', fn, 'handler.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    mainFields: [...(BUNDLING.mainFields ?? [])],
    minify: true,
    define: { ...bundlingFor(options).define },
    outfile: 'index.mjs',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const [output] = Object.values(result.metafile.outputs);
  return Object.entries(output?.inputs ?? {})
    .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
    .map(([path]) => path);
}

describe('Bundling: X-Ray only where tracing is on', () => {
  /** The packages esbuild put in a bundle of the catalogue function built with these options. */
  async function bundledPackages(options: { tracing: boolean }): Promise<Set<string>> {
    const files = await bundledFiles('catalogue', options);
    return new Set(
      files.flatMap((path) => {
        const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
        return name ? [name] : [];
      }),
    );
  }

  it('leaves the Tracer and the X-Ray SDK out of a bundle without tracing, and keeps them with it', async () => {
    // Act
    const [off, on] = await Promise.all([
      bundledPackages({ tracing: false }),
      bundledPackages({ tracing: true }),
    ]);

    // Assess
    expect(on).toContain('aws-xray-sdk-core');
    expect(on).toContain('@aws-lambda-powertools/tracer');
    expect(off).not.toContain('aws-xray-sdk-core');
    expect(off).not.toContain('@aws-lambda-powertools/tracer');
    // Everything else is the same.
    expect([...off].filter((name) => !on.has(name))).toEqual([]);
    expect(off).toContain('@aws-lambda-powertools/logger');
  });

  it('defines the switch only without tracing', () => {
    expect(bundlingFor({ tracing: true })).toBe(BUNDLING);
    expect(bundlingFor({ tracing: false }).define).toEqual({
      'process.env.JILIN_BUNDLE_TRACING': '"false"',
    });
  });
});

describe('Bundling: what a function loads at a cold start', () => {
  const built = new Map<string, Promise<string[]>>();
  /** bundledFiles without tracing, built once per function. */
  function filesOf(fn: string): Promise<string[]> {
    let files = built.get(fn);
    if (!files) {
      files = bundledFiles(fn, { tracing: false });
      built.set(fn, files);
    }
    return files;
  }

  const functionNames = FUNCTIONS.map((f) => f.name);

  it.each(functionNames)(
    'bundles %s with zod/mini only: no classic zod, none of its locales, no JSON Schema code',
    async (fn) => {
      // Act
      const files = await filesOf(fn);

      // Assess
      const zod = files.filter((path) => path.includes('node_modules/zod/'));
      expect(zod.some((path) => path.includes('/v4/mini/'))).toBe(true);
      expect(zod.filter((path) => /\/v4\/(classic|locales)\/|json-schema/.test(path))).toEqual([]);
    },
  );

  it.each(functionNames)(
    'leaves the catalogue entry and platform schemas, and the calendar library, out of %s',
    async (fn) => {
      // Act
      const files = await filesOf(fn);

      // Assess: these would only be built at load, never used (the configuration is checked at synth)
      expect(
        files.filter((path) =>
          /service-guide\.ts|platform-schema\.ts|platform\/src\/checks\.ts/.test(path),
        ),
      ).toEqual([]);
      // The calendar carries chinese-days' dates, generated: none of the library's code or JSON.
      expect(files.filter((path) => path.includes('node_modules/chinese-days/'))).toEqual([]);
    },
  );

  it('leaves the CaseService out of dispatch-tasks and read-cases: they change no case', async () => {
    // Act
    const [dispatch, read, flagOverdue] = await Promise.all([
      filesOf('dispatch-tasks'),
      filesOf('read-cases'),
      filesOf('flag-overdue'),
    ]);

    // Assess
    const service = (files: string[]) => files.filter((path) => path.endsWith('case-service.ts'));
    expect(service(dispatch)).toEqual([]);
    expect(service(read)).toEqual([]);
    expect(service(flagOverdue)).toHaveLength(1);
    // read-cases reads through the CaseReader, and so does the CaseService of the others
    expect(read.filter((path) => path.endsWith('case-reader.ts'))).toHaveLength(1);
    expect(flagOverdue.filter((path) => path.endsWith('case-reader.ts'))).toHaveLength(1);
  });

  it('leaves the service catalogue out of read-cases: reading a case looks no service up', async () => {
    // Act
    const [read, action] = await Promise.all([filesOf('read-cases'), filesOf('case-action')]);

    // Assess: the directories (who the platform is, its departments) are in, the 办事指南 not
    // (province.ts stays for the province's departments, its services shaken off)
    const catalogue = (files: string[]) =>
      files.filter((path) => /platform\/src\/catalogue\/(services|materials)\.ts$/.test(path));
    expect(catalogue(read)).toEqual([]);
    expect(read.filter((path) => path.endsWith('platform/src/directory.ts'))).toHaveLength(1);
    expect(read.filter((path) => path.endsWith('platform/src/registry.ts'))).toEqual([]);
    // The functions that look services up keep both catalogues (every platform's, one bundle)
    expect(catalogue(action)).toHaveLength(2);
  });

  it.each([
    ['catalogue', ['catalogue']],
    ['submit-application', ['submit']],
    ['read-cases', ['cases', 'shared']],
    ['case-action', ['case-action', 'cases', 'shared']],
    ['department-tasks', ['department-tasks', 'shared']],
    ['dispatch-tasks', []],
    ['flag-overdue', []],
  ])('builds only its own routes’ request schemas into %s', async (fn, modules) => {
    // Act
    const files = await filesOf(fn);

    // Assess: every schema in a bundled module is built at load, used or not
    const schemaModules = files.flatMap((path) => {
      const name = /cases\/src\/api-schemas\/([a-z-]+)\.ts$/.exec(path)?.[1];
      return name ? [name] : [];
    });
    expect(schemaModules.sort()).toEqual(modules);
  });
});
