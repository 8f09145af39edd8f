import {
  DeleteMessageBatchCommand,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { LOCAL_AWS } from './dynamodb-local';

export interface RedriveOptions {
  /** The dead-letter queue to empty. */
  readonly dlqUrl: string;
  /** The queue to move its messages to (the department queue they came from). */
  readonly targetUrl: string;
  /**
   * fauxqs's endpoint; with it the local credentials and region are used.
   * @default the SDK's own resolution: AWS_ENDPOINT_URL_SQS, or the real SQS
   */
  readonly sqsEndpoint?: string;
  /** A client to use instead (its endpoint, region and credentials). */
  readonly client?: SQSClient;
  /** The most messages to move. @default all */
  readonly max?: number;
}

/**
 * Seconds a received DLQ message stays hidden while it is copied; should a copy fail, it shows
 * up in the DLQ again after this.
 */
const MOVE_VISIBILITY_SECONDS = 30;

/**
 * Moves messages that exhausted their receives from a DLQ back to their queue: receive (10 at a
 * time) → send to the target with the same body and message attributes → delete from the DLQ,
 * until the DLQ has nothing visible or `max` moved. A message is deleted only after its copy was
 * accepted, so a failure can duplicate a message (consumers are idempotent) but never lose one.
 *
 * fauxqs has no StartMessageMoveTask, so this is the local way, and it works against SQS as well.
 * In the cloud the managed equivalent is
 * `aws sqs start-message-move-task --source-arn <dlq arn>` (without `--destination-arn` SQS moves
 * each message back to the queue it came from); `aws sqs list-message-move-tasks` follows it.
 */
export async function redrive(options: RedriveOptions): Promise<{ moved: number }> {
  if (options.dlqUrl === options.targetUrl) {
    throw new RangeError('the target queue must not be the DLQ itself');
  }
  const max = options.max ?? Number.POSITIVE_INFINITY;
  if (!(max >= 0)) throw new RangeError(`max must be 0 or more (got ${options.max})`);
  const client =
    options.client ??
    new SQSClient(options.sqsEndpoint ? { ...LOCAL_AWS, endpoint: options.sqsEndpoint } : {});
  let moved = 0;
  try {
    while (moved < max) {
      const { Messages = [] } = await client.send(
        new ReceiveMessageCommand({
          QueueUrl: options.dlqUrl,
          MaxNumberOfMessages: Math.min(10, max - moved),
          VisibilityTimeout: MOVE_VISIBILITY_SECONDS,
          WaitTimeSeconds: 0,
          MessageAttributeNames: ['All'],
        }),
      );
      if (Messages.length === 0) break;
      const entries = Messages.flatMap((message, i) =>
        message.Body === undefined || message.ReceiptHandle === undefined
          ? []
          : [{ id: String(i), body: message.Body, receiptHandle: message.ReceiptHandle, message }],
      );
      const sent = await client.send(
        new SendMessageBatchCommand({
          QueueUrl: options.targetUrl,
          Entries: entries.map(({ id, body, message }) => ({
            Id: id,
            MessageBody: body,
            MessageAttributes: copyAttributes(message.MessageAttributes),
          })),
        }),
      );
      const copied = new Set((sent.Successful ?? []).map((entry) => entry.Id));
      const toDelete = entries.filter((entry) => copied.has(entry.id));
      if (toDelete.length > 0) {
        const deleted = await client.send(
          new DeleteMessageBatchCommand({
            QueueUrl: options.dlqUrl,
            Entries: toDelete.map(({ id, receiptHandle }) => ({
              Id: id,
              ReceiptHandle: receiptHandle,
            })),
          }),
        );
        if (deleted.Failed?.length) {
          throw new Error(
            `moved ${moved + toDelete.length} messages, but ${deleted.Failed.length} copies could not be deleted from the DLQ and will be delivered twice: ${deleted.Failed.map((f) => f.Message).join('; ')}`,
          );
        }
      }
      moved += toDelete.length;
      if (sent.Failed?.length) {
        throw new Error(
          `moved ${moved} messages, then ${sent.Failed.length} could not be sent to ${options.targetUrl} (they stay in the DLQ): ${sent.Failed.map((f) => f.Message).join('; ')}`,
        );
      }
    }
  } finally {
    if (!options.client) client.destroy();
  }
  return { moved };
}

/** The attributes as SendMessage takes them (a received value may carry empty list fields). */
function copyAttributes(
  attributes: Record<string, MessageAttributeValue> | undefined,
): Record<string, MessageAttributeValue> | undefined {
  if (!attributes || Object.keys(attributes).length === 0) return undefined;
  return Object.fromEntries(
    Object.entries(attributes).map(([name, value]) => [
      name,
      {
        DataType: value.DataType,
        ...(value.StringValue !== undefined && { StringValue: value.StringValue }),
        ...(value.BinaryValue !== undefined && { BinaryValue: value.BinaryValue }),
      },
    ]),
  );
}
