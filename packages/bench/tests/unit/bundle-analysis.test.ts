import { describe, expect, it } from 'vitest';
import {
  baselineSource,
  bytesByPackage,
  bytesBySource,
  decodeVlq,
  packageOf,
  sdkClientPackages,
} from '../../src';

describe('source-map analysis', () => {
  it('decodes base64 VLQ segments', () => {
    expect(decodeVlq('AAAA')).toEqual([0, 0, 0, 0]);
    expect(decodeVlq('C')).toEqual([1]);
    expect(decodeVlq('D')).toEqual([-1]);
    expect(decodeVlq('2H')).toEqual([123]);
    expect(decodeVlq('gBACA')).toEqual([16, 0, 1, 0]);
    expect(() => decodeVlq('g')).toThrow(SyntaxError);
    expect(() => decodeVlq('!')).toThrow(SyntaxError);
  });

  it('gives each source the generated code up to the next mapping', () => {
    // line 1: `BANNER;abcdefXYZ` — columns 0–6 unmapped, 7–12 from a.js, 13–15 from b.js
    // line 2: `qq` from b.js
    const code = 'BANNER;abcdefXYZ\nqq';
    const map = { sources: ['a.js', 'b.js'], mappings: 'OAAA,MCAA;AAAA' };
    const bytes = bytesBySource(code, map);
    expect(Object.fromEntries(bytes)).toEqual({ '(unmapped)': 7, 'a.js': 6, 'b.js': 3 + 1 + 2 });
  });

  it('names the package of a source', () => {
    expect(packageOf('../../node_modules/zod/v4/core/schemas.js')).toBe('zod');
    expect(packageOf('../../node_modules/@aws-sdk/client-dynamodb/dist-es/index.js')).toBe(
      '@aws-sdk/client-dynamodb',
    );
    expect(packageOf('../../packages/cases/src/views.ts')).toBe('@jilin/cases');
    expect(packageOf('../../functions/read-cases/handler.ts')).toBe('functions');
    expect(packageOf('../../node_modules/a/node_modules/@smithy/core/x.js')).toBe('@smithy/core');
  });

  it('sums by package and finds the SDK clients', () => {
    const map = {
      sources: [
        'node_modules/@aws-sdk/client-sqs/a.js',
        'node_modules/@aws-sdk/lib-dynamodb/b.js',
        'node_modules/@aws-sdk/core/c.js',
      ],
      mappings: 'AAAA,CCAA,CCAA',
    };
    expect(bytesByPackage('abc', map)).toEqual([
      ['@aws-sdk/client-sqs', 1],
      ['@aws-sdk/lib-dynamodb', 1],
      ['@aws-sdk/core', 1],
    ]);
    expect(sdkClientPackages(map)).toEqual(['@aws-sdk/client-sqs', '@aws-sdk/lib-dynamodb']);
  });

  it('writes a baseline that constructs each client at load, and knows no other', () => {
    const source = baselineSource(['@aws-sdk/lib-dynamodb', '@aws-sdk/client-sqs']);
    expect(source).toContain("import { DynamoDBClient } from '@aws-sdk/client-dynamodb';");
    expect(source).toContain('DynamoDBDocumentClient.from(new DynamoDBClient({}))');
    expect(source).toContain('new SQSClient({})');
    expect(source).toContain('export const handler');
    expect(() => baselineSource(['@aws-sdk/client-s3'])).toThrow(/client-s3/);
  });
});
