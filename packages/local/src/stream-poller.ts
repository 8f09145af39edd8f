import { randomUUID } from 'node:crypto';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type AttributeValue as SdkAttributeValue,
  type _Record as SdkRecord,
  type Shard,
  type ShardIteratorType,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { AttributeValue, DynamoDBRecord, DynamoDBStreamEvent, StreamRecord } from 'aws-lambda';
import { LOCAL_AWS } from './dynamodb-local';
import type { StreamFaults } from './faults';

/** What the event source mapping knows about a batch that exhausted its retries. */
export interface FailedBatch {
  readonly streamArn: string;
  readonly shardId: string;
  /** Invocations of the last batch, the first one included. */
  readonly attempts: number;
  readonly condition: 'RetryAttemptsExhausted';
}

export interface StreamPollerOptions {
  /** DynamoDB Local's endpoint (the Streams API is served on the same port). */
  readonly endpoint: string;
  readonly tableName: string;
  /**
   * Invokes the function with one batch. Like Lambda's answer: `{ batchItemFailures }` reports
   * failed records; a rejection fails the whole batch.
   */
  readonly invoke: (event: DynamoDBStreamEvent) => Promise<unknown>;
  /**
   * Lambda's event filtering: only records it accepts are delivered; the others are passed over
   * (the shard's position moves past them), never invoked with nor failed.
   * @default every record
   */
  readonly filter?: (record: DynamoDBRecord) => boolean;
  /** The most records in one batch. @default 100 */
  readonly batchSize?: number;
  /** Retries of a failing batch after its first invocation (MaximumRetryAttempts). @default 3 */
  readonly maxRetries?: number;
  /**
   * The on-failure destination: gets each batch that exhausted its retries; the poller then
   * moves on. Until it resolves, the shard waits (and it is tried again), so nothing is dropped
   * silently. See `sqsFailureDestination`.
   * @default the batch is discarded, reported to `onError`
   */
  readonly onFailure?: (
    records: readonly DynamoDBRecord[],
    error: unknown,
    batch: FailedBatch,
  ) => Promise<void>;
  /** Milliseconds between reads of a shard with nothing new, and before a retry. @default 200 */
  readonly pollIntervalMs?: number;
  /**
   * Where to start in the shards open when polling begins. TRIM_HORIZON also delivers what was
   * written before the poller started (the table was created moments ago); shards that appear
   * later are always read from their start.
   * @default 'TRIM_HORIZON'
   */
  readonly startingPosition?: 'TRIM_HORIZON' | 'LATEST';
  /** The region put in the records' `awsRegion`. @default LOCAL_AWS.region */
  readonly region?: string;
  /** Errors the poller survives (a read that failed, a discarded batch), for logging. */
  readonly onError?: (error: unknown) => void;
  /**
   * Local fault injection (see faults.ts `streamFaults`): after a batch went through, deliver it
   * again at once (a duplicate), or keep it and deliver it again after newer batches of the shard
   * went through (older records after newer ones, as a replay from an earlier checkpoint or a
   * redrive of the on-failure destination brings them). Lambda itself keeps a shard's order; what
   * it does not promise is exactly once. The outcome of such a redelivery is not retried: its
   * records went through once already. @default none
   */
  readonly faults?: StreamFaults;
}

export interface StreamPoller {
  /** The stream read (the table's LatestStreamArn). */
  readonly streamArn: string;
  /** Stops reading; waits for an invocation in progress to finish. */
  stop(): Promise<void>;
  /**
   * Resolves once every record written before the call has been processed: delivered, or
   * handed to `onFailure` after its retries. Rejects if the poller is stopped first.
   */
  drain(): Promise<void>;
}

interface ShardState {
  readonly id: string;
  readonly parentId: string | undefined;
  readonly initialPosition: ShardIteratorType;
  started: boolean;
  done: boolean;
  /** The drain generation this shard was last seen caught up in (nothing read, nothing held). */
  caughtUp: number;
}

interface IteratorPosition {
  readonly type: ShardIteratorType;
  readonly sequenceNumber?: string;
}

interface DrainWaiter {
  readonly generation: number;
  resolve(): void;
  reject(error: Error): void;
}

const DISCOVERY_INTERVAL_MS = 1000;

/**
 * The case table's event source mapping, emulated: reads the table's stream from DynamoDB Local
 * and invokes the function with Lambda's DynamoDB stream events. Per shard, records are delivered
 * in order, one batch at a time; shards that close and their children (DynamoDB rotates shards)
 * are followed, a child only after its parent is finished. Failures are handled as Lambda does
 * with ReportBatchItemFailures: the checkpoint moves to just before the lowest failed sequence
 * number and the batch is retried from there; a rejected invocation retries the whole batch;
 * after `maxRetries` retries the batch goes to `onFailure` and the shard moves on.
 */
export async function startStreamPoller(options: StreamPollerOptions): Promise<StreamPoller> {
  const batchSize = options.batchSize ?? 100;
  const maxRetries = options.maxRetries ?? 3;
  const pollIntervalMs = options.pollIntervalMs ?? 200;
  const region = options.region ?? LOCAL_AWS.region;
  const reportError = options.onError ?? (() => undefined);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    throw new RangeError(`batchSize must be a whole number from 1 to 10000 (got ${batchSize})`);
  }
  if (!Number.isInteger(maxRetries) || maxRetries < 0) {
    throw new RangeError(`maxRetries must be a whole number, 0 or more (got ${maxRetries})`);
  }

  const config = { ...LOCAL_AWS, endpoint: options.endpoint };
  const tables = new DynamoDBClient(config);
  let streamArn: string;
  try {
    const { Table } = await tables.send(new DescribeTableCommand({ TableName: options.tableName }));
    if (!Table?.LatestStreamArn || Table.StreamSpecification?.StreamEnabled === false) {
      throw new Error(`table ${options.tableName} has no stream enabled`);
    }
    streamArn = Table.LatestStreamArn;
  } finally {
    tables.destroy();
  }
  const streams = new DynamoDBStreamsClient(config);
  const abort = new AbortController();
  const { signal } = abort;

  const shards = new Map<string, ShardState>();
  const loops = new Set<Promise<void>>();
  const waiters = new Set<DrainWaiter>();
  const sleepers = new Set<() => void>();
  /** Bumped by each drain(); work that starts after the bump sees what was written before it. */
  let generation = 0;
  let discoveredIn = -1;
  let firstDiscovery = true;
  let stopped = false;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      sleepers.add(wake);
    });
  const wakeAll = () => {
    for (const wake of [...sleepers]) wake();
  };

  const settleDrains = () => {
    for (const waiter of [...waiters]) {
      if (discoveredIn < waiter.generation) continue;
      const pending = [...shards.values()].some(
        (shard) => !shard.done && shard.caughtUp < waiter.generation,
      );
      if (!pending) {
        waiters.delete(waiter);
        waiter.resolve();
      }
    }
  };

  const track = (loop: Promise<void>) => {
    loops.add(loop);
    void loop.finally(() => loops.delete(loop));
  };

  const startReady = () => {
    for (const shard of shards.values()) {
      if (shard.started) continue;
      const parent = shard.parentId === undefined ? undefined : shards.get(shard.parentId);
      if (parent && !parent.done) continue;
      shard.started = true;
      track(readShard(shard));
    }
  };

  async function discover(): Promise<void> {
    const seenIn = generation;
    const found: Shard[] = [];
    let exclusiveStartShardId: string | undefined;
    do {
      const { StreamDescription } = await streams.send(
        new DescribeStreamCommand({
          StreamArn: streamArn,
          ExclusiveStartShardId: exclusiveStartShardId,
        }),
        { abortSignal: signal },
      );
      found.push(...(StreamDescription?.Shards ?? []));
      exclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
    for (const shard of found) {
      if (!shard.ShardId || shards.has(shard.ShardId)) continue;
      shards.set(shard.ShardId, {
        id: shard.ShardId,
        parentId: shard.ParentShardId,
        initialPosition: firstDiscovery
          ? (options.startingPosition ?? 'TRIM_HORIZON')
          : 'TRIM_HORIZON',
        started: false,
        done: false,
        caughtUp: -1,
      });
    }
    firstDiscovery = false;
    discoveredIn = Math.max(discoveredIn, seenIn);
    startReady();
    settleDrains();
  }

  async function discoverLoop(): Promise<void> {
    while (!stopped) {
      try {
        await discover();
        // A drain() arrived while DescribeStream was under way: look again at once.
        if (discoveredIn < generation) continue;
      } catch (error) {
        if (stopped) return;
        reportError(error);
      }
      await sleep(DISCOVERY_INTERVAL_MS);
    }
  }

  async function shardIterator(
    shard: ShardState,
    position: IteratorPosition,
  ): Promise<string | undefined> {
    const { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shard.id,
        ShardIteratorType: position.type,
        SequenceNumber: position.sequenceNumber,
      }),
      { abortSignal: signal },
    );
    return ShardIterator;
  }

  async function readShard(shard: ShardState): Promise<void> {
    /** Records read and not yet processed, oldest first. */
    const held: DynamoDBRecord[] = [];
    /** Where a new iterator starts: after the last record read, once there is one. */
    let resume: IteratorPosition = { type: shard.initialPosition };
    let iterator: string | undefined;
    let open = true;
    let failures = 0;
    let exhausted: { records: DynamoDBRecord[]; error: unknown } | undefined;
    /** Batches delivered and kept for a stale replay, with the count of batches they wait for. */
    const replays: { records: readonly DynamoDBRecord[]; after: number }[] = [];
    let delivered = 0;

    while (!stopped) {
      try {
        if (open && iterator === undefined) {
          iterator = await shardIterator(shard, resume);
          if (iterator === undefined) open = false;
        }
        let readNothing = false;
        if (iterator !== undefined && held.length < batchSize) {
          const readIn = generation;
          const page = await streams
            .send(
              new GetRecordsCommand({ ShardIterator: iterator, Limit: Math.min(batchSize, 1000) }),
              { abortSignal: signal },
            )
            .catch((error: unknown) => {
              // Iterators expire (after 15 minutes in the cloud): take a new one from `resume`.
              if (error instanceof ExpiredIteratorException) return undefined;
              // Records older than the retention are gone: go on from the oldest one left.
              if (error instanceof TrimmedDataAccessException) {
                resume = { type: 'TRIM_HORIZON' };
                return undefined;
              }
              throw error;
            });
          if (page === undefined) {
            iterator = undefined;
            continue;
          }
          const records = (page.Records ?? []).map((record) =>
            toLambdaRecord(record, streamArn, region),
          );
          held.push(...(options.filter ? records.filter(options.filter) : records));
          const lastRead = records.at(-1)?.dynamodb?.SequenceNumber;
          if (lastRead !== undefined) {
            resume = { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: lastRead };
          }
          iterator = page.NextShardIterator;
          if (iterator === undefined) open = false;
          readNothing = records.length === 0;
          if (readNothing && held.length === 0) shard.caughtUp = Math.max(shard.caughtUp, readIn);
        }

        if (exhausted) {
          await deliverFailure(shard, exhausted.records, exhausted.error, failures);
          held.splice(0, exhausted.records.length);
          exhausted = undefined;
          failures = 0;
          continue;
        }

        if (held.length === 0) {
          // Nothing newer to wait for: the kept batches go again now.
          await replayStale(replays, Number.POSITIVE_INFINITY);
          if (!open) {
            shard.done = true;
            startReady();
            settleDrains();
            // The shard closed: its children appear in DescribeStream now.
            wakeAll();
            return;
          }
          settleDrains();
          // Nothing new: wait, unless a drain() arrived during the read and wants another.
          if (readNothing && shard.caughtUp >= generation) await sleep(pollIntervalMs);
          continue;
        }

        const batch = held.slice(0, batchSize);
        const outcome = await invokeBatch(batch);
        if (outcome.failedAt === undefined) {
          held.splice(0, batch.length);
          failures = 0;
          delivered += 1;
          await injectRedeliveries(batch, replays, delivered);
          continue;
        }
        // Checkpoint just before the lowest failed record; retry from it.
        held.splice(0, outcome.failedAt);
        failures += 1;
        if (failures > maxRetries) {
          exhausted = { records: batch.slice(outcome.failedAt), error: outcome.error };
          continue;
        }
        await sleep(pollIntervalMs);
      } catch (error) {
        if (stopped) return;
        reportError(error);
        await sleep(pollIntervalMs);
      }
    }
  }

  /** The fault plan's duplicate and stale deliveries of a batch that went through. */
  async function injectRedeliveries(
    batch: readonly DynamoDBRecord[],
    replays: { records: readonly DynamoDBRecord[]; after: number }[],
    delivered: number,
  ): Promise<void> {
    const faults = options.faults;
    if (!faults) return;
    await replayStale(replays, delivered);
    if (faults.random() < faults.duplicateBatchRate) {
      faults.onFault('stream.duplicateBatch');
      await redeliver(batch);
    }
    if (faults.random() < faults.staleReplayRate) {
      replays.push({ records: batch, after: delivered + faults.staleReplayAfterBatches });
    }
  }

  async function replayStale(
    replays: { records: readonly DynamoDBRecord[]; after: number }[],
    delivered: number,
  ): Promise<void> {
    while (replays.length > 0 && (replays[0]?.after ?? 0) <= delivered) {
      const replay = replays.shift();
      if (!replay) break;
      options.faults?.onFault('stream.staleReplay');
      await redeliver(replay.records);
    }
  }

  async function redeliver(records: readonly DynamoDBRecord[]): Promise<void> {
    const outcome = await invokeBatch(records);
    if (outcome.failedAt !== undefined) reportError(outcome.error);
  }

  async function invokeBatch(
    batch: readonly DynamoDBRecord[],
  ): Promise<{ failedAt?: number; error?: unknown }> {
    let response: unknown;
    try {
      response = await options.invoke({ Records: [...batch] });
    } catch (error) {
      return { failedAt: 0, error };
    }
    return batchItemFailures(response, batch);
  }

  async function deliverFailure(
    shard: ShardState,
    records: readonly DynamoDBRecord[],
    error: unknown,
    attempts: number,
  ): Promise<void> {
    const batch: FailedBatch = {
      streamArn,
      shardId: shard.id,
      attempts,
      condition: 'RetryAttemptsExhausted',
    };
    if (!options.onFailure) {
      reportError(
        new Error(
          `discarded ${records.length} stream records of ${shard.id} after ${attempts} attempts (no onFailure destination)`,
          { cause: error },
        ),
      );
      return;
    }
    // Until the destination takes the batch, keep trying: the shard waits, nothing is lost.
    for (;;) {
      try {
        await options.onFailure(records, error, batch);
        return;
      } catch (destinationError) {
        if (stopped) throw destinationError;
        reportError(destinationError);
        await sleep(pollIntervalMs);
      }
    }
  }

  track(discoverLoop());

  return {
    streamArn,
    drain: () => {
      if (stopped) return Promise.reject(new Error('the stream poller is stopped'));
      generation += 1;
      const drained = new Promise<void>((resolve, reject) => {
        waiters.add({ generation, resolve, reject });
      });
      // Read everything again now rather than after the current sleeps.
      wakeAll();
      return drained;
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      abort.abort();
      wakeAll();
      await Promise.allSettled([...loops]);
      streams.destroy();
      for (const waiter of waiters) waiter.reject(new Error('the stream poller was stopped'));
      waiters.clear();
    },
  };
}

/**
 * Reads a function's answer as Lambda does with ReportBatchItemFailures: nothing, or an empty
 * `batchItemFailures`, is success; otherwise the index of the lowest failed record. A malformed
 * answer (not a list, or an identifier that is empty or not in the batch) fails the whole batch.
 */
export function batchItemFailures(
  response: unknown,
  batch: readonly DynamoDBRecord[],
): { failedAt?: number; error?: unknown } {
  if (typeof response !== 'object' || response === null || !('batchItemFailures' in response)) {
    return {};
  }
  const failures = response.batchItemFailures;
  if (failures === null || failures === undefined) return {};
  if (!Array.isArray(failures)) {
    return { failedAt: 0, error: new Error('batchItemFailures is not a list') };
  }
  if (failures.length === 0) return {};
  const sequence = batch.map((record) => record.dynamodb?.SequenceNumber);
  let failedAt = batch.length;
  for (const failure of failures) {
    const id: unknown =
      typeof failure === 'object' && failure !== null && 'itemIdentifier' in failure
        ? failure.itemIdentifier
        : undefined;
    const index = typeof id === 'string' && id !== '' ? sequence.indexOf(id) : -1;
    if (index < 0) {
      return {
        failedAt: 0,
        error: new Error(
          `batchItemFailures names ${JSON.stringify(id)}, not a record of the batch`,
        ),
      };
    }
    failedAt = Math.min(failedAt, index);
  }
  return {
    failedAt,
    error: new Error(
      `the function reported ${failures.length} failed record(s), the first at sequence number ${sequence[failedAt]}`,
    ),
  };
}

/** A stream record as Lambda puts it in the event: images in DynamoDB JSON, binary as base64. */
export function toLambdaRecord(
  record: SdkRecord,
  eventSourceArn: string,
  region: string,
): DynamoDBRecord {
  const source = record.dynamodb ?? {};
  const dynamodb: StreamRecord = {};
  if (source.ApproximateCreationDateTime) {
    dynamodb.ApproximateCreationDateTime = Math.floor(
      source.ApproximateCreationDateTime.getTime() / 1000,
    );
  }
  if (source.Keys) dynamodb.Keys = toLambdaImage(source.Keys);
  if (source.NewImage) dynamodb.NewImage = toLambdaImage(source.NewImage);
  if (source.OldImage) dynamodb.OldImage = toLambdaImage(source.OldImage);
  if (source.SequenceNumber !== undefined) dynamodb.SequenceNumber = source.SequenceNumber;
  if (source.SizeBytes !== undefined) dynamodb.SizeBytes = source.SizeBytes;
  if (source.StreamViewType) dynamodb.StreamViewType = source.StreamViewType;
  const lambdaRecord: DynamoDBRecord = {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    dynamodb,
    eventSourceARN: eventSourceArn,
  };
  // TTL deletions carry the DynamoDB service as their identity.
  if (record.userIdentity) {
    lambdaRecord.userIdentity = {
      type: record.userIdentity.Type,
      principalId: record.userIdentity.PrincipalId,
    };
  }
  return lambdaRecord;
}

function toLambdaImage(image: Record<string, SdkAttributeValue>): Record<string, AttributeValue> {
  return Object.fromEntries(
    Object.entries(image).map(([name, value]) => [name, toLambdaValue(value)]),
  );
}

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

function toLambdaValue(value: SdkAttributeValue): AttributeValue {
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  if (value.NULL !== undefined) return { NULL: value.NULL };
  if (value.B !== undefined) return { B: base64(value.B) };
  if (value.SS !== undefined) return { SS: [...value.SS] };
  if (value.NS !== undefined) return { NS: [...value.NS] };
  if (value.BS !== undefined) return { BS: value.BS.map(base64) };
  if (value.L !== undefined) return { L: value.L.map(toLambdaValue) };
  if (value.M !== undefined) return { M: toLambdaImage(value.M) };
  // The SDK's Streams client reads `{"M":{}}` back as `{}` (an empty list survives as L: []),
  // so a value with no member at all can only have been an empty map.
  if (Object.keys(value).length === 0) return { M: {} };
  throw new TypeError(`unknown attribute value type: ${Object.keys(value).join(', ')}`);
}

export interface SqsFailureDestinationOptions {
  /** The queue to send to, e.g. LocalServices.failureQueueUrl(platform). */
  readonly queueUrl: string;
  /** fauxqs's endpoint. @default the SDK's own resolution (AWS_ENDPOINT_URL_SQS) */
  readonly sqsEndpoint?: string;
  /** Put in the record's requestContext.functionArn. @default 'dispatch-tasks' */
  readonly functionName?: string;
  readonly region?: string;
}

/**
 * An `onFailure` that sends what Lambda sends an SQS on-failure destination for a stream batch:
 * the batch's coordinates (shard, first and last sequence numbers), not the records themselves,
 * which stay readable in the stream for 24 hours in the cloud.
 */
export function sqsFailureDestination(
  options: SqsFailureDestinationOptions,
): NonNullable<StreamPollerOptions['onFailure']> & { close(): void } {
  const region = options.region ?? LOCAL_AWS.region;
  const client = new SQSClient(
    options.sqsEndpoint ? { ...LOCAL_AWS, region, endpoint: options.sqsEndpoint } : { region },
  );
  const partition = region.startsWith('cn-') ? 'aws-cn' : 'aws';
  const functionArn = `arn:${partition}:lambda:${region}:000000000000:function:${options.functionName ?? 'dispatch-tasks'}`;
  const send = async (records: readonly DynamoDBRecord[], error: unknown, batch: FailedBatch) => {
    const first = records[0]?.dynamodb;
    const last = records.at(-1)?.dynamodb;
    const arrival = (seconds: number | undefined) =>
      seconds === undefined ? undefined : new Date(seconds * 1000).toISOString();
    const message = {
      requestContext: {
        requestId: randomUUID(),
        functionArn,
        condition: batch.condition,
        approximateInvokeCount: batch.attempts,
      },
      responseContext: {
        statusCode: 200,
        executedVersion: '$LATEST',
        functionError: 'Unhandled',
      },
      version: '1.0',
      timestamp: new Date().toISOString(),
      DDBStreamBatchInfo: {
        shardId: batch.shardId,
        startSequenceNumber: first?.SequenceNumber,
        endSequenceNumber: last?.SequenceNumber,
        approximateArrivalOfFirstRecord: arrival(first?.ApproximateCreationDateTime),
        approximateArrivalOfLastRecord: arrival(last?.ApproximateCreationDateTime),
        batchSize: records.length,
        streamArn: batch.streamArn,
      },
      // Local only: why the last attempt failed, to save a trip through the logs.
      errorMessage: error instanceof Error ? error.message : String(error),
    };
    await client.send(
      new SendMessageCommand({ QueueUrl: options.queueUrl, MessageBody: JSON.stringify(message) }),
    );
  };
  return Object.assign(send, { close: () => client.destroy() });
}
