import { setTimeout as delay } from 'node:timers/promises';
import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { LOCAL_AWS } from './dynamodb-local';

/** One task message as a department back-end reads it from its queue. */
export interface DepartmentMessage {
  readonly department: string;
  readonly queueUrl: string;
  readonly messageId: string;
  /** The message body, parsed as JSON (its format belongs to the dispatch function). */
  readonly body: unknown;
  /** How many times the message has been received, this time included. */
  readonly receiveCount: number;
  /** The message as the SDK returned it, attributes included. */
  readonly raw: Message;
}

export interface DepartmentSimulatorOptions {
  readonly sqsEndpoint: string;
  /** Department id → its queue URL. */
  readonly queues: Readonly<Record<string, string>>;
  /**
   * Decides on one task (typically by calling the platform's API as the department). Resolving
   * deletes the message; rejecting leaves it to be delivered again after the visibility timeout,
   * and to the DLQ after MAX_RECEIVES receives.
   */
  readonly decide: (message: DepartmentMessage) => Promise<void>;
  /** Seconds a ReceiveMessage waits for a message (long polling). @default 1 */
  readonly waitTimeSeconds?: number;
  /** A failed decision, an unreadable message or a failed receive, for logging. */
  readonly onError?: (error: unknown, message?: DepartmentMessage | Message) => void;
}

export interface DepartmentSimulators {
  /** Stops polling; waits for decisions in progress. */
  stop(): Promise<void>;
}

/**
 * Department back-ends, simulated for `npm start --simulate`: each department's queue is long-polled
 * like a real back-end would with the AWS SDK, each task handed to `decide`, and deleted once
 * decided.
 */
export function startDepartmentSimulators(
  options: DepartmentSimulatorOptions,
): DepartmentSimulators {
  const client = new SQSClient({ ...LOCAL_AWS, endpoint: options.sqsEndpoint });
  const abort = new AbortController();
  const waitTimeSeconds = options.waitTimeSeconds ?? 1;
  const reportError = options.onError ?? (() => undefined);
  let stopped = false;

  const pause = (ms: number) =>
    delay(ms, undefined, { signal: abort.signal }).catch(() => undefined);

  async function handle(
    department: string,
    queueUrl: string,
    raw: Message,
  ): Promise<{ Id: string; ReceiptHandle: string } | undefined> {
    if (!raw.MessageId || !raw.ReceiptHandle) return undefined;
    let body: unknown;
    try {
      body = JSON.parse(raw.Body ?? '');
    } catch (error) {
      // Not a task: leave it, so it ends in the DLQ like any message no back-end can read.
      reportError(
        new Error(`message ${raw.MessageId} on ${queueUrl} is not JSON`, { cause: error }),
        raw,
      );
      return undefined;
    }
    const message: DepartmentMessage = {
      department,
      queueUrl,
      messageId: raw.MessageId,
      body,
      receiveCount: Number(raw.Attributes?.ApproximateReceiveCount ?? '1'),
      raw,
    };
    try {
      await options.decide(message);
      return { Id: raw.MessageId, ReceiptHandle: raw.ReceiptHandle };
    } catch (error) {
      reportError(error, message);
      return undefined;
    }
  }

  async function poll(department: string, queueUrl: string): Promise<void> {
    while (!stopped) {
      try {
        const { Messages = [] } = await client.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: waitTimeSeconds,
            MessageAttributeNames: ['All'],
            MessageSystemAttributeNames: ['ApproximateReceiveCount'],
          }),
          { abortSignal: abort.signal },
        );
        const decided = (
          await Promise.all(Messages.map((raw) => handle(department, queueUrl, raw)))
        ).filter((entry) => entry !== undefined);
        if (decided.length > 0) {
          const { Failed = [] } = await client.send(
            new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: decided }),
          );
          for (const failure of Failed) {
            reportError(new Error(`could not delete message ${failure.Id}: ${failure.Message}`));
          }
        }
      } catch (error) {
        if (stopped) return;
        reportError(error);
        await pause(1000);
      }
    }
  }

  const loops = Object.entries(options.queues).map(([department, queueUrl]) =>
    poll(department, queueUrl),
  );

  return {
    stop: async () => {
      if (stopped) return;
      stopped = true;
      abort.abort();
      await Promise.allSettled(loops);
      client.destroy();
    },
  };
}
