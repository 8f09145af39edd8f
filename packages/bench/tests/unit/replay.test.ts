import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  caseIdsIn,
  consumedByTarget,
  documentCall,
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
  it('turns wire inputs into the document client’s form, which marshalls back into the same input', async () => {
    // Arrange: every kind of field that holds items, at the top and inside a transaction and a batch.
    const item = {
      pk: { S: `CASE#${ID}` },
      sk: { S: 'CASE' },
      version: { N: '3' },
      open: { BOOL: true },
      rating: { NULL: true },
      materials: { L: [{ S: 'id-card' }, { M: { trust: { S: 'C' } } }] },
      form: { M: { 注册资本: { N: '100.5' }, 名称: { S: '吉林' } } },
    };
    const key = { pk: item.pk, sk: item.sk };
    const values = { ':v': { N: '3' }, ':s': { S: 'accepted' } };
    const calls: RecordedCall[] = [
      {
        operation: 'Query',
        input: {
          TableName: 'cases',
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': item.pk },
          ExclusiveStartKey: key,
          ConsistentRead: true,
        },
      },
      { operation: 'PutItem', input: { TableName: 'cases', Item: item } },
      {
        operation: 'UpdateItem',
        input: { TableName: 'cases', Key: key, ExpressionAttributeValues: values },
      },
      {
        operation: 'TransactWriteItems',
        input: {
          TransactItems: [
            { Put: { TableName: 'cases', Item: item, ExpressionAttributeValues: values } },
            { Update: { TableName: 'cases', Key: key, ExpressionAttributeValues: values } },
            { ConditionCheck: { TableName: 'cases', Key: key, ExpressionAttributeValues: values } },
            { Delete: { TableName: 'cases', Key: key } },
          ],
        },
      },
      {
        operation: 'BatchWriteItem',
        input: {
          RequestItems: {
            cases: [{ PutRequest: { Item: item } }, { DeleteRequest: { Key: key } }],
          },
        },
      },
    ];

    // Act
    const documents = calls.map(documentCall);

    // Assess: native values where the wire had AttributeValues, and nothing else touched
    const [query, put, update, transaction, batch] = documents.map((d) => d.input) as Record<
      string,
      // biome-ignore lint/suspicious/noExplicitAny: reaching into the converted inputs
      any
    >[];
    expect(query?.ExpressionAttributeValues).toEqual({ ':pk': `CASE#${ID}` });
    expect(query?.ConsistentRead).toBe(true);
    expect(put?.Item.form).toEqual({ 注册资本: 100.5, 名称: '吉林' });
    expect(put?.Item.materials).toEqual(['id-card', { trust: 'C' }]);
    expect(update?.ExpressionAttributeValues).toEqual({ ':v': 3, ':s': 'accepted' });
    expect(transaction?.TransactItems[2].ConditionCheck.Key).toEqual({
      pk: `CASE#${ID}`,
      sk: 'CASE',
    });
    expect(batch?.RequestItems.cases[1].DeleteRequest.Key.sk).toBe('CASE');
    // Through JSON, as the bench hands them to the floor's process, then through lib-dynamodb's
    // document client as the floor builds it: the request body is the recorded input.
    const sent: unknown[] = [];
    const client = new DynamoDBClient({
      region: 'cn-north-1',
      endpoint: 'http://127.0.0.1:9',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    const stop = new Error('captured');
    client.middlewareStack.add(
      (_next) => async (args) => {
        const raw = (args.request as { body: string | Uint8Array }).body;
        const text = typeof raw === 'string' ? raw : new TextDecoder().decode(raw);
        const { ClientRequestToken: _token, ...body } = JSON.parse(text) as Record<string, unknown>;
        sent.push(body);
        throw stop;
      },
      { step: 'build', name: 'captureBody' },
    );
    const documentClient = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true },
    });
    const send = (operation: string, input: never) => {
      if (operation === 'Query') return documentClient.send(new QueryCommand(input));
      if (operation === 'PutItem') return documentClient.send(new PutCommand(input));
      if (operation === 'UpdateItem') return documentClient.send(new UpdateCommand(input));
      if (operation === 'TransactWriteItems') {
        return documentClient.send(new TransactWriteCommand(input));
      }
      return documentClient.send(new BatchWriteCommand(input));
    };
    for (const document of documents) {
      const input = JSON.parse(JSON.stringify(document.input)) as never;
      await expect(send(document.operation, input)).rejects.toBe(stop);
    }
    expect(sent).toEqual(calls.map((c) => c.input));
    expect(documents.map((d) => d.operation)).toEqual(calls.map((c) => c.operation));
    // The recorded calls stay as they were (the raw side sends them).
    expect(calls[1]?.input.Item).toBe(item);
    expect(item.version).toEqual({ N: '3' });
  });

  it('refuses calls that would not come back the same through the floor', () => {
    const put = (value: unknown): RecordedCall => ({
      operation: 'PutItem',
      input: { TableName: 'cases', Item: { pk: { S: 'CASE#1' }, value } },
    });
    expect(() => documentCall(put({ SS: ['a', 'b'] }))).toThrow(/SS value/);
    expect(() => documentCall(put({ B: 'AAEC' }))).toThrow(/B value/);
    expect(() => documentCall(put({ M: { deep: { L: [{ NS: ['1'] }] } } }))).toThrow(/NS value/);
    expect(() => documentCall(put({ N: '1.50' }))).toThrow(/1\.50/);
    expect(() => documentCall(put({ N: '9007199254740993' }))).toThrow(/round-trip exactly/);
    expect(() =>
      documentCall({ operation: 'BatchGetItem', input: { RequestItems: { cases: { Keys: [] } } } }),
    ).toThrow(/BatchGetItem/);
    expect(documentCall(put({ N: '100.5' })).input.Item).toEqual({ pk: 'CASE#1', value: 100.5 });
  });

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
