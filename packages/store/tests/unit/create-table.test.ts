import { describe, expect, it } from 'vitest';
import { CASE_TABLE, caseTableInput } from '../../src';

describe('Function: caseTableInput', () => {
  it('makes the case table with the stream dispatch reads, its keys and every index', () => {
    // Act
    const input = caseTableInput('changchun-cases');

    // Assess
    expect(input.StreamSpecification).toEqual({
      StreamEnabled: true,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    });
    expect(input.KeySchema).toEqual([
      { AttributeName: CASE_TABLE.partitionKey, KeyType: 'HASH' },
      { AttributeName: CASE_TABLE.sortKey, KeyType: 'RANGE' },
    ]);
    expect(input.GlobalSecondaryIndexes?.map((i) => i.IndexName)).toEqual(
      Object.keys(CASE_TABLE.indexes),
    );
  });

  it('leaves the stream out when asked, and nothing else', () => {
    // Act
    const { StreamSpecification, ...rest } = caseTableInput('bench-scale-1000');
    const without = caseTableInput('bench-scale-1000', { stream: false });

    // Assess
    expect(StreamSpecification).toBeDefined();
    expect('StreamSpecification' in without).toBe(false);
    expect(without).toEqual(rest);
  });
});
