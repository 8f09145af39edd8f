import {
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import * as z from 'zod';
import { LOCAL_AWS } from './dynamodb-local';
import { batchItemFailures, toLambdaRecord } from './stream-poller';

/**
 * Recovers the stream batches that exhausted their retries. The table stream's event source
 * mapping sends such a batch to its on-failure destination (`<slug>-dispatch-failures`) and moves
 * on, so the tasks in it never reach their departments: an officer could still take a task at
 * 申报 through 预审 from the worklist, but the department's back-end never hears of it. The
 * destination holds the batch's coordinates only (shard, first and last sequence numbers; the
 * records stay readable in the stream for 24 hours), so this reads the records again by those
 * numbers and gives them to the dispatch function again, exactly as the mapping would have:
 * the same records, the same messages, the same messageIds (the back-ends recognise a message
 * they had). A failure record is deleted only once its records went through; one that cannot be
 * read or dispatched stays for the next run (and for the queue's alarm).
 *
 * Locally `LocalPlatform.redriveDispatchFailures` and `npm run redrive -- --platform <slug>
 * --dispatch-failures` run it against the local runtime. The same calls work against AWS with
 * the function invoked through Lambda.
 */

/** What Lambda sends an SQS on-failure destination for a DynamoDB stream batch (the part used). */
const FailureRecordSchema = z.object({
  DDBStreamBatchInfo: z.object({
    shardId: z.string(),
    startSequenceNumber: z.string(),
    endSequenceNumber: z.string(),
    streamArn: z.string(),
  }),
});

export interface DispatchFailureRedriveOptions {
  /** The on-failure destination, `<slug>-dispatch-failures`. */
  readonly failureQueueUrl: string;
  readonly sqs: SQSClient;
  readonly streams: DynamoDBStreamsClient;
  /** Invokes the dispatch function with a DynamoDB stream event, as the mapping does. */
  readonly invoke: (event: DynamoDBStreamEvent) => Promise<unknown>;
  /** Put in the records' `awsRegion`. @default LOCAL_AWS.region */
  readonly region?: string;
  /**
   * The mapping's event filter: a failed batch holds only records that passed it, but reading
   * the range back from the stream returns every record in it. @default every record
   */
  readonly filter?: (record: DynamoDBRecord) => boolean;
  /** Records per invocation. @default 100 */
  readonly batchSize?: number;
  /** Invocations per batch before the failure record is left for another run. @default 4 */
  readonly attempts?: number;
}

export interface DispatchFailureRedrive {
  /** Failure records whose batches went through (and were deleted from the destination). */
  readonly batches: number;
  /** Stream records dispatched again. */
  readonly records: number;
  /** Failure records left in the destination (their batch failed again, or is unreadable). */
  readonly left: number;
}

export async function redriveDispatchFailures(
  options: DispatchFailureRedriveOptions,
): Promise<DispatchFailureRedrive> {
  const region = options.region ?? LOCAL_AWS.region;
  const batchSize = options.batchSize ?? 100;
  const attempts = options.attempts ?? 4;
  let batches = 0;
  let records = 0;
  /** Failure records that failed again: hidden until the end of this run, then visible again. */
  const failed: string[] = [];
  try {
    for (;;) {
      const { Messages = [] } = await options.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: options.failureQueueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 0,
          VisibilityTimeout: 300,
        }),
      );
      if (Messages.length === 0) break;
      for (const message of Messages) {
        let replayed: number | undefined;
        try {
          const info = FailureRecordSchema.parse(JSON.parse(message.Body ?? '')).DDBStreamBatchInfo;
          const range = await readRange(options.streams, info, region);
          const batch = options.filter ? range.filter(options.filter) : range;
          if (await dispatchAll(batch, options.invoke, batchSize, attempts)) {
            replayed = batch.length;
          }
        } catch {
          replayed = undefined;
        }
        if (replayed === undefined) {
          if (message.ReceiptHandle) failed.push(message.ReceiptHandle);
          continue;
        }
        await options.sqs.send(
          new DeleteMessageCommand({
            QueueUrl: options.failureQueueUrl,
            ReceiptHandle: message.ReceiptHandle,
          }),
        );
        batches += 1;
        records += replayed;
      }
    }
  } finally {
    // What failed again is there for the next run (and for the queue's alarm).
    for (const receiptHandle of failed) {
      await options.sqs
        .send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: options.failureQueueUrl,
            ReceiptHandle: receiptHandle,
            VisibilityTimeout: 0,
          }),
        )
        .catch(() => undefined);
    }
  }
  return { batches, records, left: failed.length };
}

/** The records of a shard from `start` to `end` (sequence numbers, both included). */
async function readRange(
  streams: DynamoDBStreamsClient,
  info: z.infer<typeof FailureRecordSchema>['DDBStreamBatchInfo'],
  region: string,
): Promise<DynamoDBRecord[]> {
  const end = BigInt(info.endSequenceNumber);
  const { ShardIterator } = await streams.send(
    new GetShardIteratorCommand({
      StreamArn: info.streamArn,
      ShardId: info.shardId,
      ShardIteratorType: 'AT_SEQUENCE_NUMBER',
      SequenceNumber: info.startSequenceNumber,
    }),
  );
  const found: DynamoDBRecord[] = [];
  let iterator = ShardIterator;
  let empty = 0;
  while (iterator && empty < 3) {
    const page = await streams.send(
      new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }),
    );
    const rows = page.Records ?? [];
    empty = rows.length === 0 ? empty + 1 : 0;
    for (const row of rows) {
      const sequence = row.dynamodb?.SequenceNumber;
      if (sequence === undefined) continue;
      if (BigInt(sequence) > end) return found;
      found.push(toLambdaRecord(row, info.streamArn, region));
    }
    if (found.at(-1)?.dynamodb?.SequenceNumber === info.endSequenceNumber) return found;
    iterator = page.NextShardIterator;
  }
  if (found.at(-1)?.dynamodb?.SequenceNumber !== info.endSequenceNumber) {
    throw new Error(
      `the stream no longer holds records ${info.startSequenceNumber}–${info.endSequenceNumber} of ${info.shardId}`,
    );
  }
  return found;
}

/** Dispatches the records in order, as the mapping would: partial failures retried from there. */
async function dispatchAll(
  records: readonly DynamoDBRecord[],
  invoke: DispatchFailureRedriveOptions['invoke'],
  batchSize: number,
  attempts: number,
): Promise<boolean> {
  let pending = [...records];
  let failures = 0;
  while (pending.length > 0) {
    const batch = pending.slice(0, batchSize);
    let failedAt: number | undefined;
    try {
      failedAt = batchItemFailures(await invoke({ Records: batch }), batch).failedAt;
    } catch {
      failedAt = 0;
    }
    if (failedAt === undefined) {
      pending = pending.slice(batch.length);
      failures = 0;
      continue;
    }
    pending = pending.slice(failedAt);
    failures += 1;
    if (failures >= attempts) return false;
    await new Promise((resolve) => setTimeout(resolve, 200 * failures));
  }
  return true;
}
