import { describe, expect, it } from 'vitest';
import {
  caseIdsIn,
  consumedByTarget,
  freshCaseId,
  idempotencyIdsIn,
  type RecordedCall,
  rewriteCalls,
  streamInsertsOf,
  withConsumedCapacity,
  writeTargets,
} from '../../src';

const ID = '220100-20260315-7K3F9Q2M';
const submit: RecordedCall = {
  operation: 'TransactWriteItems',
  input: {
    ClientRequestToken: 'token-1',
    TransactItems: [
      {
        Put: {
          TableName: 'cases',
          Item: { pk: { S: `CASE#${ID}` }, sk: { S: 'CASE' }, caseId: { S: ID } },
        },
      },
      {
        Put: {
          TableName: 'cases',
          Item: { pk: { S: `CASE#${ID}` }, sk: { S: 'TASK#hrss' }, caseId: { S: ID } },
        },
      },
      { Put: { TableName: 'idem', Item: { id: { S: 'submission#abc' } } } },
    ],
  },
};
const read: RecordedCall = {
  operation: 'Query',
  input: { TableName: 'cases', ExpressionAttributeValues: { ':pk': { S: `CASE#${ID}` } } },
};

describe('recorded calls and their replay', () => {
  it('finds the case numbers and idempotency ids a list of calls uses', () => {
    expect(caseIdsIn([submit, read])).toEqual([ID]);
    expect(
      idempotencyIdsIn(
        [
          submit,
          { operation: 'UpdateItem', input: { TableName: 'idem', Key: { id: { S: 'r1' } } } },
        ],
        'idem',
      ),
    ).toEqual(['submission#abc', 'r1']);
  });

  it('draws a fresh case number of the same area and day', () => {
    const fresh = freshCaseId(ID, () => new Uint8Array(8).fill(1));
    expect(fresh).toBe('220100-20260315-11111111');
  });

  it('rewrites every occurrence and drops the SDK’s idempotency token', () => {
    const fresh = '220100-20260315-AAAAAAAA';
    const [rewritten] = rewriteCalls([submit], new Map([[ID, fresh]]));
    const text = JSON.stringify(rewritten);
    expect(text).not.toContain(ID);
    expect(text).toContain(`CASE#${fresh}`);
    expect(rewritten?.input.ClientRequestToken).toBeUndefined();
    expect(submit.input.ClientRequestToken).toBe('token-1');
  });

  it('asks every read and write for its capacity, and nothing else', () => {
    expect(withConsumedCapacity(read).input.ReturnConsumedCapacity).toBe('INDEXES');
    const other = { operation: 'DescribeTable', input: {} };
    expect(withConsumedCapacity(other)).toBe(other);
  });

  it('lists the items a write touches, by each table’s key', () => {
    expect(writeTargets(submit, { cases: ['pk', 'sk'], idem: ['id'] })).toEqual([
      {
        tableName: 'cases',
        key: { pk: { S: `CASE#${ID}` }, sk: { S: 'CASE' } },
        transactional: true,
      },
      {
        tableName: 'cases',
        key: { pk: { S: `CASE#${ID}` }, sk: { S: 'TASK#hrss' } },
        transactional: true,
      },
      { tableName: 'idem', key: { id: { S: 'submission#abc' } }, transactional: true },
    ]);
    expect(writeTargets(read, {})).toEqual([]);
    expect(() => writeTargets(submit, { cases: ['pk', 'sk'] })).toThrow(/idem/);
  });

  it('splits consumed capacity by table and index', () => {
    const totals = consumedByTarget([
      {
        TableName: 'cases',
        CapacityUnits: 10,
        Table: { CapacityUnits: 6 },
        GlobalSecondaryIndexes: { byDue: { CapacityUnits: 4 } },
      },
      { TableName: 'idem', CapacityUnits: 2 },
    ]);
    expect(Object.fromEntries(totals)).toEqual({ cases: 6, 'cases/byDue': 4, idem: 2 });
    expect(consumedByTarget(undefined).size).toBe(0);
  });

  it('turns a transaction’s puts into stream INSERT records', () => {
    const records = streamInsertsOf(submit, {
      tableArn: 'arn:aws-cn:dynamodb:cn-north-1:000000000000:table/cases',
      region: 'cn-north-1',
      firstSequence: 100,
    }) as { eventName: string; dynamodb: { Keys: unknown; SequenceNumber: string } }[];
    expect(records).toHaveLength(3);
    expect(records[1]?.eventName).toBe('INSERT');
    expect(records[1]?.dynamodb.Keys).toEqual({
      pk: { S: `CASE#${ID}` },
      sk: { S: 'TASK#hrss' },
    });
    expect(records[1]?.dynamodb.SequenceNumber).toBe('000000000000000000101');
    expect(() => streamInsertsOf(read, { tableArn: 'x', region: 'r', firstSequence: 0 })).toThrow();
  });
});
