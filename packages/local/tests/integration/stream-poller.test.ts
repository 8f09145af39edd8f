import { randomBytes } from 'node:crypto';
import {
  CreateTableCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { caseTableInput, matchesTaskStreamFilter } from '@jilin/store';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  batchItemFailures,
  createDispatchFailureQueue,
  type DynamoDbLocal,
  type FailedBatch,
  LOCAL_AWS,
  type LocalSqs,
  type StreamPoller,
  type StreamPollerOptions,
  sqsFailureDestination,
  startDynamoDbLocal,
  startSqs,
  startStreamPoller,
} from '../../src';

let dynamo: DynamoDbLocal;
let sqs: LocalSqs;
let client: DynamoDBClient;
const cleanup: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  [dynamo, sqs] = await Promise.all([startDynamoDbLocal(), startSqs()]);
  client = new DynamoDBClient({ ...LOCAL_AWS, endpoint: dynamo.endpoint });
});
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});
afterAll(async () => {
  client.destroy();
  await Promise.all([dynamo?.stop(), sqs?.stop()]);
});

/** A fresh case table (stream on, NEW_AND_OLD_IMAGES) and helpers to write to it. */
async function freshTable() {
  const tableName = `stream-${randomBytes(4).toString('hex')}`;
  await client.send(new CreateTableCommand(caseTableInput(tableName)));
  cleanup.push(() => client.send(new DeleteTableCommand({ TableName: tableName })));
  const key = (id: string) => ({ pk: { S: `CASE#${id}` }, sk: { S: 'CASE' } });
  return {
    tableName,
    put: (id: string, n: number, extra = {}) =>
      client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: { ...key(id), n: { N: String(n) }, ...extra },
        }),
      ),
    update: (id: string, n: number) =>
      client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: key(id),
          UpdateExpression: 'SET n = :n',
          ExpressionAttributeValues: { ':n': { N: String(n) } },
        }),
      ),
  };
}

async function poll(
  tableName: string,
  invoke: StreamPollerOptions['invoke'],
  options: Partial<StreamPollerOptions> = {},
): Promise<StreamPoller> {
  const poller = await startStreamPoller({
    endpoint: dynamo.endpoint,
    tableName,
    invoke,
    pollIntervalMs: 50,
    ...options,
  });
  cleanup.push(() => poller.stop());
  return poller;
}

const ids = (records: readonly DynamoDBRecord[]) =>
  records.map((r) => r.dynamodb?.Keys?.pk?.S?.replace('CASE#', ''));

describe('Function: startStreamPoller', () => {
  it('delivers INSERT and MODIFY records in order, with images as Lambda gets them', async () => {
    // Prepare: written before the poller starts, read from the trim horizon
    const table = await freshTable();
    await table.put('a', 1, {
      doc: { M: { tags: { SS: ['x', 'y'] }, list: { L: [{ N: '1' }, { NULL: true }] } } },
      blob: { B: new Uint8Array([1, 2, 3]) },
    });
    await table.update('a', 2);
    await table.put('b', 1);
    const events: DynamoDBStreamEvent[] = [];

    // Act
    const poller = await poll(
      table.tableName,
      async (event) => {
        events.push(event);
      },
      { batchSize: 2 },
    );
    await poller.drain();

    // Assess
    expect(events.map((e) => e.Records.length)).toEqual([2, 1]);
    const records = events.flatMap((e) => e.Records);
    expect(records.map((r) => [r.eventName, ...ids([r])])).toEqual([
      ['INSERT', 'a'],
      ['MODIFY', 'a'],
      ['INSERT', 'b'],
    ]);
    const keys = { pk: { S: 'CASE#a' }, sk: { S: 'CASE' } };
    const image = {
      ...keys,
      doc: { M: { tags: { SS: ['x', 'y'] }, list: { L: [{ N: '1' }, { NULL: true }] } } },
      blob: { B: 'AQID' },
    };
    expect(records[0]).toEqual({
      eventID: expect.any(String),
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'cn-north-1',
      eventSourceARN: poller.streamArn,
      dynamodb: {
        ApproximateCreationDateTime: expect.any(Number),
        Keys: keys,
        NewImage: { ...image, n: { N: '1' } },
        SequenceNumber: expect.stringMatching(/^\d+$/),
        SizeBytes: expect.any(Number),
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    });
    expect(records[1]?.dynamodb).toMatchObject({
      OldImage: { ...image, n: { N: '1' } },
      NewImage: { ...image, n: { N: '2' } },
    });
    // Epoch seconds, as Lambda gives them (DynamoDB Local truncates them to the minute).
    const created = records[0]?.dynamodb?.ApproximateCreationDateTime ?? 0;
    expect(created).toBeGreaterThan(Date.now() / 1000 - 120);
    expect(created).toBeLessThanOrEqual(Date.now() / 1000);
    const sequence = records.map((r) => BigInt(r.dynamodb?.SequenceNumber ?? '0'));
    expect([...sequence].sort((x, y) => (x < y ? -1 : 1))).toEqual(sequence);

    // Act: written while it runs
    await table.update('b', 2);
    await poller.drain();

    // Assess
    expect(
      events
        .flatMap((e) => e.Records)
        .map((r) => [r.eventName, ...ids([r])])
        .at(-1),
    ).toEqual(['MODIFY', 'b']);
  });

  it('passes over records its filter refuses, as Lambda event filtering does, and moves past them', async () => {
    // Prepare: a task item between two items the filter refuses, and a removal of the task
    const table = await freshTable();
    const task = { pk: { S: 'CASE#t' }, sk: { S: 'TASK#hrss' } };
    await table.put('a', 1);
    await client.send(new PutItemCommand({ TableName: table.tableName, Item: { ...task } }));
    await table.put('b', 1);
    await client.send(new DeleteItemCommand({ TableName: table.tableName, Key: task }));
    const events: DynamoDBStreamEvent[] = [];

    // Act
    const poller = await poll(
      table.tableName,
      async (event) => {
        events.push(event);
      },
      { filter: matchesTaskStreamFilter },
    );
    await poller.drain();
    await table.update('a', 2);
    await poller.drain();

    // Assess: only the task's INSERT was delivered, and nothing after it came back
    const records = events.flatMap((e) => e.Records);
    expect(records.map((r) => [r.eventName, r.dynamodb?.Keys?.sk?.S])).toEqual([
      ['INSERT', 'TASK#hrss'],
    ]);
    expect(events.every((e) => e.Records.length > 0)).toBe(true);
  });

  it('keeps empty maps and lists as such (the SDK reads an empty map back as {})', async () => {
    // Prepare
    const table = await freshTable();
    await table.put('e', 1, { form: { M: {} }, materials: { L: [] }, note: { S: '' } });
    const events: DynamoDBStreamEvent[] = [];

    // Act
    const poller = await poll(table.tableName, async (event) => {
      events.push(event);
    });
    await poller.drain();

    // Assess
    const image = events[0]?.Records[0]?.dynamodb?.NewImage;
    expect(image).toMatchObject({ form: { M: {} }, materials: { L: [] }, note: { S: '' } });
  });

  it('retries from the lowest reported batch item failure: that record and the later ones again, not the earlier ones', async () => {
    // Prepare
    const table = await freshTable();
    for (const [i, id] of ['p0', 'p1', 'p2', 'p3', 'p4'].entries()) await table.put(id, i);
    const batches: (string | undefined)[][] = [];

    // Act
    const poller = await poll(table.tableName, async ({ Records }) => {
      batches.push(ids(Records));
      if (batches.length > 1) return { batchItemFailures: [] };
      return {
        batchItemFailures: [3, 2].map((i) => ({
          itemIdentifier: Records[i]?.dynamodb?.SequenceNumber,
        })),
      };
    });
    await poller.drain();

    // Assess
    expect(batches).toEqual([
      ['p0', 'p1', 'p2', 'p3', 'p4'],
      ['p2', 'p3', 'p4'],
    ]);
  });

  it('retries a failed invocation whole, then sends the batch to onFailure and moves on', async () => {
    // Prepare
    const table = await freshTable();
    await table.put('x1', 1);
    await table.put('x2', 1);
    const failureQueueUrl = createDispatchFailureQueue(
      sqs.server,
      `t${randomBytes(3).toString('hex')}`,
    );
    const destination = sqsFailureDestination({
      queueUrl: failureQueueUrl,
      sqsEndpoint: sqs.endpoint,
    });
    cleanup.push(async () => destination.close());
    const failed: { records: string[]; error: unknown; batch: FailedBatch }[] = [];
    const batches: (string | undefined)[][] = [];

    // Act
    const poller = await poll(
      table.tableName,
      async ({ Records }) => {
        batches.push(ids(Records));
        if (ids(Records).includes('x1')) throw new Error('department queue unavailable');
      },
      {
        maxRetries: 2,
        onFailure: async (records, error, batch) => {
          failed.push({ records: ids(records).map(String), error, batch });
          await destination(records, error, batch);
        },
      },
    );
    await poller.drain();
    await table.put('y', 1);
    await poller.drain();

    // Assess: 1 invocation + 2 retries, then the next record
    expect(batches).toEqual([['x1', 'x2'], ['x1', 'x2'], ['x1', 'x2'], ['y']]);
    expect(failed).toEqual([
      {
        records: ['x1', 'x2'],
        error: new Error('department queue unavailable'),
        batch: {
          streamArn: poller.streamArn,
          shardId: expect.stringMatching(/^shardId-/),
          attempts: 3,
          condition: 'RetryAttemptsExhausted',
        },
      },
    ]);
    const sqsClient = new SQSClient({ ...LOCAL_AWS, endpoint: sqs.endpoint });
    const { Messages = [] } = await sqsClient.send(
      new ReceiveMessageCommand({ QueueUrl: failureQueueUrl, MaxNumberOfMessages: 10 }),
    );
    sqsClient.destroy();
    expect(Messages).toHaveLength(1);
    expect(JSON.parse(Messages[0]?.Body ?? '{}')).toMatchObject({
      requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 3 },
      version: '1.0',
      DDBStreamBatchInfo: {
        shardId: failed[0]?.batch.shardId,
        batchSize: 2,
        streamArn: poller.streamArn,
        startSequenceNumber: expect.stringMatching(/^\d+$/),
        endSequenceNumber: expect.stringMatching(/^\d+$/),
      },
    });
  });

  it('resolves drain() at once on a quiet table and rejects it once stopped', async () => {
    // Prepare
    const table = await freshTable();
    const poller = await poll(table.tableName, async () => undefined);

    // Act & Assess
    await expect(poller.drain()).resolves.toBeUndefined();
    await poller.stop();
    await expect(poller.drain()).rejects.toThrow(/stopped/);
  });

  it('fails to start on a table without a stream', async () => {
    const tableName = `nostream-${randomBytes(4).toString('hex')}`;
    const { StreamSpecification: _, ...input } = caseTableInput(tableName);
    await client.send(new CreateTableCommand(input));
    cleanup.push(() => client.send(new DeleteTableCommand({ TableName: tableName })));
    await expect(poll(tableName, async () => undefined)).rejects.toThrow(/no stream/);
  });
});

describe('Function: batchItemFailures', () => {
  const batch = ['100', '200', '300'].map((SequenceNumber) => ({ dynamodb: { SequenceNumber } }));

  it.each([
    ['nothing', undefined],
    ['an empty list', { batchItemFailures: [] }],
    ['a null list', { batchItemFailures: null }],
    ['another answer', { statusCode: 200 }],
  ])('counts %s as success', (_, response) => {
    expect(batchItemFailures(response, batch)).toEqual({});
  });

  it('finds the lowest failed record', () => {
    const response = { batchItemFailures: [{ itemIdentifier: '300' }, { itemIdentifier: '200' }] };
    expect(batchItemFailures(response, batch).failedAt).toBe(1);
  });

  it.each([
    ['not a list', { batchItemFailures: 'all' }],
    ['an unknown identifier', { batchItemFailures: [{ itemIdentifier: '999' }] }],
    ['an empty identifier', { batchItemFailures: [{ itemIdentifier: '' }] }],
    ['no identifier', { batchItemFailures: [{}] }],
  ])('fails the whole batch on %s', (_, response) => {
    expect(batchItemFailures(response, batch).failedAt).toBe(0);
  });
});
