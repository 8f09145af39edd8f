import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type TaskMessage, type TaskPublisher, taskMessageBody } from '@jilin/cases';

/** SendMessageBatch takes at most 10 entries. */
const BATCH = 10;

/**
 * Sends task messages to a department's queue in batches of ten. An entry SQS refuses, or a
 * batch whose call fails, is reported back unsent so its stream record is retried.
 */
export class SqsTaskPublisher implements TaskPublisher {
  readonly #sqs: SQSClient;
  readonly #queues: Readonly<Record<string, string>>;

  constructor(sqs: SQSClient, queues: Readonly<Record<string, string>>) {
    this.#sqs = sqs;
    this.#queues = queues;
  }

  async publish(department: string, messages: readonly TaskMessage[]): Promise<readonly string[]> {
    const queueUrl = this.#queues[department];
    if (!queueUrl) return messages.map((m) => m.messageId);
    const unsent: string[] = [];
    for (let i = 0; i < messages.length; i += BATCH) {
      const chunk = messages.slice(i, i + BATCH);
      try {
        const result = await this.#sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: chunk.map((m, j) => ({
              Id: String(j),
              MessageBody: taskMessageBody(m),
              MessageAttributes: {
                messageId: { DataType: 'String', StringValue: m.messageId },
                type: { DataType: 'String', StringValue: m.type },
                schema: { DataType: 'String', StringValue: m.schema },
              },
            })),
          }),
        );
        for (const failed of result.Failed ?? []) {
          const message = chunk[Number(failed.Id)];
          if (message) unsent.push(message.messageId);
        }
      } catch {
        unsent.push(...chunk.map((m) => m.messageId));
      }
    }
    return unsent;
  }
}
