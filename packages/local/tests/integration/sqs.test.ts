import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { deadLetterQueueName, getPlatform, MAX_RECEIVES, queueName } from '@jilin/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDepartmentQueues,
  createDispatchFailureQueue,
  type DepartmentQueue,
  LOCAL_AWS,
  type LocalSqs,
  redrive,
  startDepartmentSimulators,
  startSqs,
} from '../../src';

const platform = getPlatform('siping');
let sqs: LocalSqs;
let client: SQSClient;
let queues: Record<string, DepartmentQueue>;

beforeAll(async () => {
  sqs = await startSqs();
  client = new SQSClient({ ...LOCAL_AWS, endpoint: sqs.endpoint });
  queues = createDepartmentQueues(sqs.server, platform);
});
afterAll(async () => {
  client.destroy();
  await sqs.stop();
});

/** The queues of one department, for a test that needs them to itself. */
function queuesOf(index: number): DepartmentQueue & { department: string } {
  const department = platform.departments[index]?.id;
  const found = department === undefined ? undefined : queues[department];
  if (!department || !found) throw new Error(`siping has no department #${index}`);
  return { department, ...found };
}

const receive = (queueUrl: string, visibilityTimeout?: number) =>
  client
    .send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: visibilityTimeout,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
    )
    .then((r) => r.Messages ?? []);

describe('Function: createDepartmentQueues', () => {
  it('creates a queue and a DLQ for every department, wired by a redrive policy', async () => {
    // Assess
    expect(Object.keys(queues).sort()).toEqual(platform.departments.map((d) => d.id).sort());
    const { department, queueUrl, dlqUrl } = queuesOf(0);
    expect(queueUrl).toMatch(new RegExp(`/${queueName('siping', department)}$`));
    expect(dlqUrl).toMatch(new RegExp(`/${deadLetterQueueName('siping', department)}$`));
    // The URLs have the endpoint's origin, so env-configured clients never switch hosts.
    expect(new URL(queueUrl).origin).toBe(sqs.endpoint);
    const { Attributes } = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }),
    );
    expect(Attributes?.VisibilityTimeout).toBe('30');
    expect(JSON.parse(Attributes?.RedrivePolicy ?? '{}')).toEqual({
      deadLetterTargetArn: `arn:aws:sqs:cn-north-1:000000000000:${deadLetterQueueName('siping', department)}`,
      maxReceiveCount: String(MAX_RECEIVES),
    });
  });

  it('keeps existing queues and their messages when called again', async () => {
    // Prepare
    const { department, queueUrl } = queuesOf(1);
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: '{"kept":true}' }));

    // Act
    const again = createDepartmentQueues(sqs.server, platform);

    // Assess
    expect(again[department]?.queueUrl).toBe(queueUrl);
    expect((await receive(queueUrl)).map((m) => m.Body)).toEqual(['{"kept":true}']);
  });

  it('rejects a visibility timeout SQS would not accept', () => {
    expect(() =>
      createDepartmentQueues(sqs.server, platform, { visibilityTimeoutSeconds: 1.5 }),
    ).toThrow(/whole number of seconds/);
  });
});

describe('Function: createDispatchFailureQueue', () => {
  it('creates <slug>-dispatch-failures once', () => {
    const url = createDispatchFailureQueue(sqs.server, 'siping');
    expect(url).toMatch(/\/siping-dispatch-failures$/);
    expect(createDispatchFailureQueue(sqs.server, 'siping')).toBe(url);
  });
});

describe('Dead-letter queues and Function: redrive', () => {
  it(`moves a task received ${MAX_RECEIVES} times without a delete to the DLQ, and redrive brings it back`, async () => {
    // Prepare
    const { queueUrl, dlqUrl } = queuesOf(2);
    await client.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify({ caseId: 'c-1', department: 'x' }),
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'task' } },
      }),
    );

    // Act: a back-end that fails every time (visible again at once instead of after 30 s)
    const counts: string[] = [];
    for (let i = 0; i < MAX_RECEIVES; i += 1) {
      const [message] = await receive(queueUrl, 0);
      counts.push(message?.Attributes?.ApproximateReceiveCount ?? 'none');
    }
    const afterLimit = await receive(queueUrl, 0);

    // Assess
    expect(counts).toEqual(['1', '2', '3', '4', '5']);
    expect(afterLimit).toEqual([]);
    const dead = sqs.server.inspectQueue(deadLetterQueueName('siping', queuesOf(2).department));
    expect(dead?.messages.ready.map((m) => m.body)).toEqual([
      JSON.stringify({ caseId: 'c-1', department: 'x' }),
    ]);

    // Act
    const { moved } = await redrive({ sqsEndpoint: sqs.endpoint, dlqUrl, targetUrl: queueUrl });

    // Assess
    expect(moved).toBe(1);
    expect(await receive(dlqUrl)).toEqual([]);
    const [back] = await receive(queueUrl);
    expect(back?.Body).toBe(JSON.stringify({ caseId: 'c-1', department: 'x' }));
    expect(back?.MessageAttributes?.kind?.StringValue).toBe('task');
    expect(back?.Attributes?.ApproximateReceiveCount).toBe('1');
  });

  it('moves more than one batch of ten, and stops at max', async () => {
    // Prepare: send straight to the DLQ
    const { queueUrl, dlqUrl } = queuesOf(3);
    for (let i = 0; i < 23; i += 1) {
      await client.send(new SendMessageCommand({ QueueUrl: dlqUrl, MessageBody: `{"n":${i}}` }));
    }

    // Act
    const first = await redrive({
      sqsEndpoint: sqs.endpoint,
      dlqUrl,
      targetUrl: queueUrl,
      max: 12,
    });
    const rest = await redrive({ sqsEndpoint: sqs.endpoint, dlqUrl, targetUrl: queueUrl });

    // Assess
    expect(first.moved).toBe(12);
    expect(rest.moved).toBe(11);
    const target = sqs.server.inspectQueue(queueName('siping', queuesOf(3).department));
    expect(target?.messages.ready).toHaveLength(23);
  });
});

describe('Function: startDepartmentSimulators', () => {
  it('hands each task to decide, deletes it when decided and leaves it when decide fails', async () => {
    // Prepare
    const { department, queueUrl } = queuesOf(4);
    const seen: unknown[] = [];
    let markDecided = () => {};
    const decided = new Promise<void>((resolve) => {
      markDecided = resolve;
    });
    const simulators = startDepartmentSimulators({
      sqsEndpoint: sqs.endpoint,
      queues: { [department]: queueUrl },
      decide: async (message) => {
        seen.push(message.body);
        if ((message.body as { ok: boolean }).ok === false) throw new Error('refused');
        markDecided();
      },
    });

    // Act
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: '{"ok":false}' }));
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: '{"ok":true}' }));
    await decided;
    await simulators.stop();

    // Assess
    expect(seen).toEqual(expect.arrayContaining([{ ok: true }, { ok: false }]));
    const queue = sqs.server.inspectQueue(queueName('siping', department));
    expect(queue?.messages.ready).toHaveLength(0);
    expect(queue?.messages.inflight.map((m) => m.message.body)).toEqual(['{"ok":false}']);
  });
});
