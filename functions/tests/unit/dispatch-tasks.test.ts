import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { apiEvent, lambdaContext } from '@jilin/lambda-kit';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler as dispatch } from '../../dispatch-tasks/handler';
import { handler as submit } from '../../submit-application/handler';

const ddb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
beforeEach(() => {
  ddb.reset();
  sqs.reset();
});

/** Files a case through the submit handler and returns the items it wrote. */
async function fileCase(): Promise<Record<string, unknown>[]> {
  ddb.on(TransactWriteCommand).resolves({});
  await submit(
    apiEvent({
      routeKey: 'POST /v1/cases',
      claims: { role: 'citizen', sub: 'sub-1', id_number: '11010519491231002X' },
      body: {
        serviceCode: '220100-RS-0001',
        applicant: {
          kind: 'natural',
          idNumber: '11010519491231002X',
          name: '张三',
          phone: '13800138000',
        },
        form: {},
        materials: ['id-card', 'photo'].map((materialId) => ({
          materialId,
          source: { kind: 'upload', objectKey: `uploads/${materialId}.jpg` },
          trustLevel: 'C',
        })),
      },
    }),
    lambdaContext(),
  );
  const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
  ddb.reset();
  return items.map((t) => t.Put?.Item ?? {});
}

function insertEvent(item: Record<string, unknown>): DynamoDBStreamEvent {
  return {
    Records: [
      {
        eventID: '1',
        eventName: 'INSERT',
        eventVersion: '1.1',
        eventSource: 'aws:dynamodb',
        awsRegion: 'cn-north-1',
        dynamodb: {
          Keys: marshall({ pk: item.pk, sk: item.sk }) as never,
          NewImage: marshall(item, { removeUndefinedValues: true }) as never,
          SequenceNumber: '100',
          SizeBytes: 512,
          StreamViewType: 'NEW_AND_OLD_IMAGES',
        },
        eventSourceARN:
          'arn:aws-cn:dynamodb:cn-north-1:000000000000:table/changchun-cases/stream/2026-03-02T00:00:00.000',
      },
    ],
  };
}

describe('Handler: dispatch-tasks', () => {
  it('sends a new task to its department’s queue with a stable message id, and marks it received', async () => {
    // Prepare
    const items = await fileCase();
    const task = items.find((i) => String(i.sk).startsWith('TASK#')) ?? {};
    ddb.on(QueryCommand).resolves({ Items: items });
    ddb.on(TransactWriteCommand).resolves({});
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });

    // Act
    const result = await dispatch(insertEvent(task), lambdaContext());

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    const sent = sqs.commandCalls(SendMessageBatchCommand);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.args[0].input.QueueUrl).toMatch(/changchun-hrss$/);
    const message = JSON.parse(sent[0]?.args[0].input.Entries?.[0]?.MessageBody ?? '{}');
    expect(message).toMatchObject({
      type: 'task.assigned',
      messageId: `${task.caseId}:hrss:v1`,
      applicant: { number: '11010519491231002X', name: '张三' },
    });
    expect(JSON.stringify(message)).not.toContain('13800138000');
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('reports the record as a batch item failure when SQS refuses the message', async () => {
    // Prepare
    const items = await fileCase();
    const task = items.find((i) => String(i.sk).startsWith('TASK#')) ?? {};
    ddb.on(QueryCommand).resolves({ Items: items });
    sqs.on(SendMessageBatchCommand).resolves({
      Successful: [],
      Failed: [{ Id: '0', SenderFault: false, Code: 'InternalError' }],
    });

    // Act
    const result = await dispatch(insertEvent(task), lambdaContext());

    // Assess
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '100' }] });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('ignores changes that are not tasks', async () => {
    // Prepare
    const items = await fileCase();
    const caseItem = items.find((i) => i.sk === 'CASE') ?? {};

    // Act
    const result = await dispatch(insertEvent(caseItem), lambdaContext());

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });
});
