import { deadLetterQueueName, MAX_RECEIVES, type Platform, queueName } from '@jilin/platform';
import { type FauxqsServer, startFauxqs } from 'fauxqs';
import { LOCAL_AWS } from './dynamodb-local';

/**
 * fauxqs builds queue URLs as `http://sqs.<region>.<host>:<port>/000000000000/<name>`, and the
 * SQS client sends a request to its queue URL's origin whenever that differs from the endpoint it
 * resolved (`useQueueUrlAsEndpoint`, on by default; only an endpoint passed in code turns it off,
 * not AWS_ENDPOINT_URL_SQS). `sqs.cn-north-1.localhost` does not resolve on glibc, so a handler
 * configured only by the environment would fail with ENOTFOUND. With this host the
 * `sqs.<region>.localhost` part becomes the URL's user-info, so every queue URL has the origin
 * `http://127.0.0.1:<port>`: the same as AWS_ENDPOINT_URL_SQS, reachable by handlers, the AWS
 * CLI and any SDK client with no DNS patch and no client option.
 */
const QUEUE_URL_HOST = 'localhost@127.0.0.1';

export interface LocalSqsOptions {
  /** Port to listen on. @default a free port chosen by the OS */
  readonly port?: number;
}

export interface LocalSqs {
  /** e.g. http://127.0.0.1:41234, for AWS_ENDPOINT_URL_SQS or a client's `endpoint`. */
  readonly endpoint: string;
  readonly port: number;
  /** The fauxqs server: programmatic queue creation, `inspectQueue`, `reset`. */
  readonly server: FauxqsServer;
  stop(): Promise<void>;
}

/**
 * Starts fauxqs (SQS, SNS and S3 in-process) with its logger off and the local region, so ARNs
 * and queue URLs read `cn-north-1` like the ones the SDK clients (region LOCAL_AWS.region) see.
 */
export async function startSqs(options: LocalSqsOptions = {}): Promise<LocalSqs> {
  const server = await startFauxqs({
    port: options.port ?? 0,
    logger: false,
    defaultRegion: LOCAL_AWS.region,
    host: QUEUE_URL_HOST,
  });
  const endpoint = `http://127.0.0.1:${server.port}`;
  return { endpoint, port: server.port, server, stop: () => server.stop() };
}

/** A department's task queue and its dead-letter queue. */
export interface DepartmentQueue {
  readonly queueUrl: string;
  readonly dlqUrl: string;
}

export interface DepartmentQueueOptions {
  /**
   * Seconds a received task stays invisible before it is delivered again.
   * @default 30
   */
  readonly visibilityTimeoutSeconds?: number;
}

/** The dead-letter retention: the SQS maximum, so a failed task waits two weeks for a redrive. */
const DLQ_RETENTION_SECONDS = '1209600';

/**
 * Creates every department queue of a platform, `queueName(slug, department)`, each with its DLQ
 * `deadLetterQueueName(slug, department)` after MAX_RECEIVES receives. Idempotent: a queue that
 * exists is kept with its messages.
 * @returns department id → its queue and DLQ URLs
 */
export function createDepartmentQueues(
  server: FauxqsServer,
  platform: Pick<Platform, 'slug' | 'departments'>,
  options: DepartmentQueueOptions = {},
): Record<string, DepartmentQueue> {
  const visibilityTimeout = options.visibilityTimeoutSeconds ?? 30;
  if (!Number.isInteger(visibilityTimeout) || visibilityTimeout < 0 || visibilityTimeout > 43_200) {
    throw new RangeError(
      `visibilityTimeoutSeconds must be a whole number of seconds from 0 to 43200 (got ${visibilityTimeout})`,
    );
  }
  const queues: Record<string, DepartmentQueue> = {};
  for (const department of platform.departments) {
    const dlq = ensureQueue(server, deadLetterQueueName(platform.slug, department.id), {
      MessageRetentionPeriod: DLQ_RETENTION_SECONDS,
    });
    const queue = ensureQueue(server, queueName(platform.slug, department.id), {
      VisibilityTimeout: String(visibilityTimeout),
      RedrivePolicy: JSON.stringify({
        deadLetterTargetArn: dlq.queueArn,
        maxReceiveCount: String(MAX_RECEIVES),
      }),
    });
    queues[department.id] = { queueUrl: queue.queueUrl, dlqUrl: dlq.queueUrl };
  }
  return queues;
}

/**
 * The queue the table-stream event source mapping sends a record of each batch that exhausted
 * its retries to (the mapping's on-failure destination).
 */
export const dispatchFailureQueueName = (platform: string): string =>
  `${platform}-dispatch-failures`;

/** Creates the platform's dispatch failure queue (idempotent) and returns its URL. */
export function createDispatchFailureQueue(server: FauxqsServer, platform: string): string {
  return ensureQueue(server, dispatchFailureQueueName(platform), {
    MessageRetentionPeriod: DLQ_RETENTION_SECONDS,
  }).queueUrl;
}

function ensureQueue(
  server: FauxqsServer,
  name: string,
  attributes: Record<string, string>,
): { queueUrl: string; queueArn: string } {
  const existing = server.inspectQueue(name);
  if (existing) return { queueUrl: existing.url, queueArn: existing.arn };
  const created = server.createQueue(name, { attributes });
  return { queueUrl: created.queueUrl, queueArn: created.queueArn };
}
