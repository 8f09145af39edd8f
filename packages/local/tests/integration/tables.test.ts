import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { ENV, getPlatform } from '@jilin/platform';
import { CASE_TABLE } from '@jilin/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPlatformTables,
  DEV_APPLICANT_KEY_SECRET,
  LOCAL_AWS,
  type LocalServices,
  startLocalServices,
} from '../../src';

let services: LocalServices;
let client: DynamoDBClient;

beforeAll(async () => {
  services = await startLocalServices({ platforms: ['changchun', 'liaoyuan'] });
  client = new DynamoDBClient({ ...LOCAL_AWS, endpoint: services.dynamoEndpoint });
});
afterAll(async () => {
  client.destroy();
  await services?.stop();
});

describe('Function: startLocalServices', () => {
  it('creates each platform’s case table with its stream and indexes, and its idempotency table', async () => {
    // Act
    const [cases, idempotency, ttl] = await Promise.all([
      client.send(new DescribeTableCommand({ TableName: 'changchun-cases' })),
      client.send(new DescribeTableCommand({ TableName: 'changchun-idempotency' })),
      client.send(new DescribeTimeToLiveCommand({ TableName: 'changchun-idempotency' })),
    ]);

    // Assess
    expect(cases.Table?.StreamSpecification).toEqual({
      StreamEnabled: true,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    });
    expect(cases.Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort()).toEqual(
      Object.keys(CASE_TABLE.indexes).sort(),
    );
    expect(idempotency.Table?.KeySchema).toEqual([{ AttributeName: 'id', KeyType: 'HASH' }]);
    expect(ttl.TimeToLiveDescription).toEqual({
      AttributeName: 'expiration',
      TimeToLiveStatus: 'ENABLED',
    });
    expect(services.tables('liaoyuan')).toEqual({
      caseTable: 'liaoyuan-cases',
      idempotencyTable: 'liaoyuan-idempotency',
    });
  });

  it('gives a platform’s functions its names, the emulator endpoints and Powertools settings', () => {
    // Act
    const env = services.env('changchun');

    // Assess
    const queues = services.queues('changchun');
    expect(env).toEqual({
      [ENV.platform]: 'changchun',
      [ENV.caseTable]: 'changchun-cases',
      [ENV.idempotencyTable]: 'changchun-idempotency',
      [ENV.departmentQueues]: expect.any(String),
      [ENV.applicantKeySecret]: DEV_APPLICANT_KEY_SECRET,
      AWS_ENDPOINT_URL_DYNAMODB: services.dynamoEndpoint,
      AWS_ENDPOINT_URL_SQS: services.sqsEndpoint,
      AWS_REGION: 'cn-north-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      POWERTOOLS_SERVICE_NAME: 'changchun',
      POWERTOOLS_METRICS_NAMESPACE: 'JilinGovServices',
      POWERTOOLS_TRACE_ENABLED: 'false',
      POWERTOOLS_LOG_LEVEL: 'INFO',
    });
    expect(JSON.parse(env[ENV.departmentQueues] ?? '')).toEqual(
      Object.fromEntries(
        getPlatform('changchun').departments.map((d) => [d.id, queues[d.id]?.queueUrl]),
      ),
    );
    expect(Buffer.byteLength(DEV_APPLICANT_KEY_SECRET)).toBeGreaterThanOrEqual(32);
    expect(services.failureQueueUrl('liaoyuan')).toMatch(/\/liaoyuan-dispatch-failures$/);
  });

  it('refuses a platform it did not start, and a short secret', async () => {
    expect(() => services.env('siping')).toThrow(/siping was not started/);
    await expect(
      startLocalServices({ platforms: ['siping'], applicantKeySecret: 'too-short' }),
    ).rejects.toThrow(/at least 32 bytes/);
  });
});

describe('Function: createPlatformTables', () => {
  it('is idempotent: tables that exist are kept with their items', async () => {
    // Prepare
    const key = { pk: { S: 'CASE#kept' }, sk: { S: 'CASE' } };
    await client.send(new PutItemCommand({ TableName: 'liaoyuan-cases', Item: key }));

    // Act
    const tables = await createPlatformTables(services.dynamoEndpoint, 'liaoyuan');

    // Assess
    expect(tables).toEqual({
      caseTable: 'liaoyuan-cases',
      idempotencyTable: 'liaoyuan-idempotency',
    });
    const { Item } = await client.send(
      new GetItemCommand({ TableName: 'liaoyuan-cases', Key: key }),
    );
    expect(Item).toEqual(key);
  });

  it('makes the case table without its stream when asked (the bench: nothing polls it there)', async () => {
    // Act
    await createPlatformTables(services.dynamoEndpoint, 'siping', { stream: false });

    // Assess
    const [cases, idempotency] = await Promise.all([
      client.send(new DescribeTableCommand({ TableName: 'siping-cases' })),
      client.send(new DescribeTableCommand({ TableName: 'siping-idempotency' })),
    ]);
    expect(cases.Table?.StreamSpecification).toBeUndefined();
    expect(cases.Table?.LatestStreamArn).toBeUndefined();
    expect(cases.Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort()).toEqual(
      Object.keys(CASE_TABLE.indexes).sort(),
    );
    expect(idempotency.Table?.KeySchema).toEqual([{ AttributeName: 'id', KeyType: 'HASH' }]);
  });
});
