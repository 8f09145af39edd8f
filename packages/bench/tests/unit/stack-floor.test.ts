import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { stackFloorSource } from '../../src';
import { CACHE_DIR } from '../../src/paths';

describe('the stack floor (a reference beside the functions)', () => {
  const out = mkdtempSync(join(tmpdir(), 'jilin-stack-floor-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('bundles and loads, and its handler parses the request with zod behind middy', async () => {
    // Arrange: a plain esbuild bundle (the bench bundles it through PlatformFunction like the
    // functions; here: that the generated source builds, loads and answers). The entry sits
    // under the repository so that esbuild finds node_modules.
    mkdirSync(CACHE_DIR, { recursive: true });
    const entry = join(CACHE_DIR, `stack-floor-test-${process.pid}.ts`);
    writeFileSync(
      entry,
      stackFloorSource([
        '@aws-sdk/client-dynamodb',
        '@aws-sdk/client-sqs',
        '@aws-sdk/lib-dynamodb',
      ]),
    );
    const outfile = join(out, 'index.mjs');
    try {
      await build({
        entryPoints: [entry],
        bundle: true,
        platform: 'node',
        format: 'esm',
        outfile,
        logLevel: 'silent',
        banner: {
          js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
        },
      });
    } finally {
      rmSync(entry, { force: true });
    }

    // Act
    const { handler } = (await import(pathToFileURL(outfile).href)) as {
      handler: (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string }>;
    };
    const context = { functionName: 'stack-floor', awsRequestId: 'r-1' };
    const answer = await handler({ body: JSON.stringify({ name: '吉林' }) }, context);

    // Assess: three clients constructed at load (DynamoDB, SQS, a document client), the body parsed
    expect(answer).toEqual({ statusCode: 200, body: 'hello 吉林 3' });
    await expect(handler({ body: JSON.stringify({ name: '' }) }, context)).rejects.toThrow();
  });

  it('is the baseline and the mandated stack, no code of the platform', () => {
    const source = stackFloorSource(['@aws-sdk/client-dynamodb']);
    expect(source).toContain("import { DynamoDBClient } from '@aws-sdk/client-dynamodb';");
    expect(source).toContain("from '@aws-lambda-powertools/logger'");
    expect(source).toContain("from '@aws-lambda-powertools/metrics'");
    expect(source).toContain("from '@middy/core'");
    expect(source).toContain("from 'zod/mini'");
    expect(source).not.toMatch(/@jilin\//);
  });
});
