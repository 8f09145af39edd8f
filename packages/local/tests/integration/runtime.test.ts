import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PlatformSlug } from '@jilin/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRuntime,
  FunctionError,
  FunctionTimeoutError,
  type Runtime,
  UnknownFunctionError,
} from '../../src/runtime';
import type { ProbeEvent } from '../fixtures/functions/probe/handler';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
const PROBE = [{ name: 'probe', timeout: 1, memoryMb: 128 }] as const;
const envFor = (platform: PlatformSlug) => ({
  PLATFORM: platform,
  CASE_TABLE_NAME: `${platform}-cases`,
  AWS_REGION: 'cn-north-1',
});

let runtime: Runtime<'probe'>;
const probe = (platform: PlatformSlug, event: ProbeEvent) =>
  runtime.invoke(platform, 'probe', event);

beforeAll(() => {
  runtime = createRuntime({ repoRoot: FIXTURES, envFor, functions: PROBE, logErrors: false });
});
afterAll(async () => {
  await runtime.close();
});

describe('Function: createRuntime', () => {
  describe('Method: invoke', () => {
    it('gives each platform its own environment and module instances', async () => {
      // Act
      const first = await probe('changchun', { action: 'env' });
      const second = await probe('changchun', { action: 'env' });
      const other = await probe('siping', { action: 'env' });

      // Assess
      expect(first).toEqual({
        platform: 'changchun',
        caseTable: 'changchun-cases',
        lambdaFunctionName: 'changchun-probe',
        invocations: 1,
      });
      expect(second).toMatchObject({ caseTable: 'changchun-cases', invocations: 2 });
      expect(other).toEqual({
        platform: 'siping',
        caseTable: 'siping-cases',
        lambdaFunctionName: 'siping-probe',
        invocations: 1,
      });
    });

    it('passes a Lambda context built from the function’s spec', async () => {
      // Act
      const context = await probe('liaoyuan', { action: 'context' });

      // Assess
      expect(context).toEqual({
        awsRequestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        functionName: 'liaoyuan-probe',
        functionVersion: '$LATEST',
        invokedFunctionArn: 'arn:aws-cn:lambda:cn-north-1:000000000000:function:liaoyuan-probe',
        memoryLimitInMB: '128',
        logGroupName: '/aws/lambda/liaoyuan-probe',
        logStreamName: expect.stringMatching(/^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/),
        callbackWaitsForEmptyEventLoop: true,
        remainingTimeInMillis: expect.any(Number),
      });
      const { remainingTimeInMillis } = context as { remainingTimeInMillis: number };
      expect(remainingTimeInMillis).toBeGreaterThan(500);
      expect(remainingTimeInMillis).toBeLessThanOrEqual(1000);
    });

    it('runs invocations concurrently', async () => {
      // Prepare: the first invocation loads the module, so the three below only sleep
      await probe('jilin', { action: 'sleep', ms: 1 });
      const started = Date.now();

      // Act
      const results = await Promise.all([
        probe('jilin', { action: 'sleep', ms: 600 }),
        probe('jilin', { action: 'sleep', ms: 600 }),
        probe('jilin', { action: 'sleep', ms: 600 }),
      ]);

      // Assess: one after another would take 1.8 s; overlapping, about 0.6 s. The margin is wide so
      // a loaded machine cannot fail it (this checks overlap, not speed).
      expect(results).toEqual([{ slept: 600 }, { slept: 600 }, { slept: 600 }]);
      expect(Date.now() - started).toBeLessThan(1500);
    });

    it('rejects with the handler’s error name, message and stack', async () => {
      // Act
      const error = await probe('changchun', { action: 'throw', message: 'no such case' }).catch(
        (e: unknown) => e,
      );

      // Assess
      expect(error).toBeInstanceOf(FunctionError);
      expect(error).toMatchObject({
        name: 'RangeError',
        message: 'no such case',
        functionName: 'changchun-probe',
      });
      expect((error as Error).stack).toContain('probe/handler.ts');
    });

    it('rejects with a timeout past the function’s timeout and starts a fresh environment', async () => {
      // Prepare
      await probe('siping', { action: 'env' });

      // Act
      const error = await probe('siping', { action: 'sleep', ms: 5000 }).catch((e: unknown) => e);
      const after = await probe('siping', { action: 'env' });

      // Assess
      expect(error).toBeInstanceOf(FunctionTimeoutError);
      expect((error as Error).message).toBe('siping-probe: Task timed out after 1.00 seconds');
      expect(after).toMatchObject({ invocations: 1 });
    });

    it('rejects with UnknownFunctionError for a function not in the list', async () => {
      // Prepare
      const loose = createRuntime<string>({ repoRoot: FIXTURES, envFor, functions: PROBE });

      // Act & Assess
      await expect(loose.invoke('changchun', 'nope', {})).rejects.toThrow(UnknownFunctionError);
      await loose.close();
    });
  });

  describe('Method: reload', () => {
    let root: string;
    beforeAll(async () => {
      root = await mkdtemp(join(FIXTURES, 'tmp-reload-'));
      await mkdir(join(root, 'functions', 'probe'), { recursive: true });
    });
    afterAll(async () => {
      await rm(root, { recursive: true, force: true });
    });
    const writeVersion = (version: string) =>
      writeFile(
        join(root, 'functions', 'probe', 'handler.ts'),
        `export const handler = async (): Promise<string> => '${version}';\n`,
      );

    it('makes the next invocation load the changed source', async () => {
      // Prepare
      const reloading = createRuntime({
        repoRoot: root,
        envFor,
        functions: PROBE,
        logErrors: false,
      });
      try {
        await writeVersion('v1');
        const before = await reloading.invoke('changchun', 'probe', {});
        await writeVersion('v2');
        const cached = await reloading.invoke('changchun', 'probe', {});

        // Act
        await reloading.reload();
        const after = await reloading.invoke('changchun', 'probe', {});

        // Assess
        expect([before, cached, after]).toEqual(['v1', 'v1', 'v2']);
      } finally {
        await reloading.close();
      }
    });
  });
});
