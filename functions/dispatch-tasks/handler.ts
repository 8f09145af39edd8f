import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { SQSClient } from '@aws-sdk/client-sqs';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { type TaskChangeRecord, TaskDispatcher, wireStoreFromEnv } from '@jilin/cases';
import { logger, metrics, parseJsonEnv } from '@jilin/lambda-kit';
import { ENV } from '@jilin/platform';
import { taskFromItem } from '@jilin/store';
import middy from '@middy/core';
import type {
  DynamoDBBatchResponse,
  DynamoDBStreamEvent,
  AttributeValue as StreamAttributeValue,
} from 'aws-lambda';
import * as z from 'zod/mini';
import { SqsTaskPublisher } from './sqs-publisher';

const { platform, repository } = await wireStoreFromEnv();
const queues = parseJsonEnv(ENV.departmentQueues, z.record(z.string(), z.url()));
const dispatcher = new TaskDispatcher({
  repository,
  platform,
  publisher: new SqsTaskPublisher(new SQSClient({}), queues),
});

type Image = Record<string, StreamAttributeValue> | undefined;
const read = (image: Image) =>
  // The stream's AttributeValue type and the SDK's differ only in TypeScript's eyes.
  image ? taskFromItem(unmarshall(image as Parameters<typeof unmarshall>[0])) : undefined;

/**
 * The case table's stream → department queues. Powertools' BatchProcessor handles records one
 * at a time; this handler sends per queue in batches of ten, so it reports batch item failures
 * itself (the documented `{ batchItemFailures: [{ itemIdentifier }] }` response), each a record's
 * sequence number, from which the stream retries.
 */
async function dispatch(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const records: TaskChangeRecord[] = [];
  const unreadable: string[] = [];
  for (const record of event.Records) {
    const id = record.dynamodb?.SequenceNumber ?? record.eventID ?? '';
    try {
      records.push({
        id,
        old: read(record.dynamodb?.OldImage),
        new: read(record.dynamodb?.NewImage),
      });
    } catch (error) {
      logger.error('stream record does not hold a valid task', { sequenceNumber: id, error });
      unreadable.push(id);
    }
  }
  const report = await dispatcher.dispatch(records);
  metrics.addMetric('TaskMessagesSent', MetricUnit.Count, report.sent);
  metrics.addMetric('TaskMessagesFailed', MetricUnit.Count, report.failed.length);
  if (report.failed.length > 0) logger.warn('task messages not sent', { failed: report.failed });
  return {
    batchItemFailures: [...unreadable, ...report.failed].map((itemIdentifier) => ({
      itemIdentifier,
    })),
  };
}

export const handler = middy(dispatch).use(injectLambdaContext(logger)).use(logMetrics(metrics));
