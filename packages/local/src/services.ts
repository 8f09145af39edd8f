import { performance } from 'node:perf_hooks';
import { ENV, getPlatform, type PlatformSlug } from '@jilin/platform';
import type { FauxqsServer } from 'fauxqs';
import { type DynamoDbLocal, LOCAL_AWS, startDynamoDbLocal } from './dynamodb-local';
import {
  createDepartmentQueues,
  createDispatchFailureQueue,
  type DepartmentQueue,
  type LocalSqs,
  startSqs,
} from './sqs';
import { createPlatformTables, type PlatformTables } from './tables';

/**
 * The applicant-number HMAC secret every local platform uses unless one is passed in. For local
 * development only: it is in the source, so nothing keyed with it is private.
 */
export const DEV_APPLICANT_KEY_SECRET =
  'local-dev-only:applicant-key-secret:not-for-any-deployment';

/** The Powertools metrics namespace, as in the cloud. */
const METRICS_NAMESPACE = 'JilinGovServices';

export interface LocalServicesOptions {
  /** The platforms to create tables and queues for. */
  readonly platforms: readonly PlatformSlug[];
  /**
   * The secret for applicant-number HMACs, at least 32 bytes.
   * @default DEV_APPLICANT_KEY_SECRET
   */
  readonly applicantKeySecret?: string;
  /**
   * Seconds a received department task stays invisible before it is delivered again.
   * @default 30
   */
  readonly visibilityTimeoutSeconds?: number;
  /** DynamoDB Local's port. @default a free port chosen by the OS */
  readonly dynamoPort?: number;
  /** fauxqs's port. @default a free port chosen by the OS */
  readonly sqsPort?: number;
  /**
   * Whether the case tables have their stream (what dispatch reads). Without a stream poller
   * nothing reads it, and DynamoDB Local slows every request to a table with a stream as its
   * records pile up (the bench's emulator check), so the bench turns it off.
   * @default true
   */
  readonly caseTableStream?: boolean;
}

export interface LocalServices {
  /** DynamoDB Local, e.g. http://127.0.0.1:41234. */
  readonly dynamoEndpoint: string;
  /** fauxqs, e.g. http://127.0.0.1:41235. */
  readonly sqsEndpoint: string;
  /** The fauxqs server, for inspection (`inspectQueue`) and resets in tests. */
  readonly sqs: FauxqsServer;
  /** Milliseconds from the call to everything created (both emulators started in parallel). */
  readonly startupMs: number;
  /** The environment every function of the platform runs with. */
  env(platform: PlatformSlug): Record<string, string>;
  /** The platform's tables. */
  tables(platform: PlatformSlug): PlatformTables;
  /** Department id → its queue and DLQ URLs. */
  queues(platform: PlatformSlug): Record<string, DepartmentQueue>;
  /** Where the table-stream poller sends a record of each batch that exhausted its retries. */
  failureQueueUrl(platform: PlatformSlug): string;
  /** Stops both emulators (their state is in memory and is gone). Safe to call twice. */
  stop(): Promise<void>;
}

interface PlatformResources {
  readonly tables: PlatformTables;
  readonly queues: Record<string, DepartmentQueue>;
  readonly failureQueueUrl: string;
}

/**
 * Starts DynamoDB Local and fauxqs in parallel, creates each platform's tables and queues, and
 * returns the environment its functions get: the same variable names as in the cloud, with the
 * SDK's standard endpoint variables pointing at the emulators, so handlers have no local branch.
 */
export async function startLocalServices(options: LocalServicesOptions): Promise<LocalServices> {
  const started = performance.now();
  const secret = options.applicantKeySecret ?? DEV_APPLICANT_KEY_SECRET;
  if (Buffer.byteLength(secret, 'utf8') < 32) {
    throw new RangeError('applicantKeySecret must be at least 32 bytes');
  }
  const slugs = [...new Set(options.platforms)];
  // Resolve every slug before starting anything, so a typo fails fast.
  const platforms = slugs.map((slug) => getPlatform(slug));

  const [dynamo, sqs] = await startBoth(options);
  const stop = once(async () => {
    await Promise.all([dynamo.stop(), sqs.stop()]);
  });

  const resources = new Map<PlatformSlug, PlatformResources>();
  try {
    const tables = await Promise.all(
      platforms.map((platform) =>
        createPlatformTables(dynamo.endpoint, platform.slug, {
          stream: options.caseTableStream !== false,
        }),
      ),
    );
    platforms.forEach((platform, i) => {
      const platformTables = tables[i];
      if (!platformTables) throw new Error(`no tables were created for ${platform.slug}`);
      resources.set(platform.slug, {
        tables: platformTables,
        queues: createDepartmentQueues(sqs.server, platform, {
          visibilityTimeoutSeconds: options.visibilityTimeoutSeconds,
        }),
        failureQueueUrl: createDispatchFailureQueue(sqs.server, platform.slug),
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }

  const resourcesOf = (slug: PlatformSlug): PlatformResources => {
    const found = resources.get(slug);
    if (!found) {
      throw new RangeError(
        `platform ${slug} was not started; start the local services with platforms: [${[...resources.keys()].map((s) => `'${s}'`).join(', ')}, '${slug}']`,
      );
    }
    return found;
  };

  return {
    dynamoEndpoint: dynamo.endpoint,
    sqsEndpoint: sqs.endpoint,
    sqs: sqs.server,
    startupMs: Math.round(performance.now() - started),
    env: (slug) => {
      const { tables, queues } = resourcesOf(slug);
      return {
        [ENV.platform]: slug,
        [ENV.caseTable]: tables.caseTable,
        [ENV.idempotencyTable]: tables.idempotencyTable,
        [ENV.departmentQueues]: JSON.stringify(
          Object.fromEntries(Object.entries(queues).map(([id, q]) => [id, q.queueUrl])),
        ),
        [ENV.applicantKeySecret]: secret,
        AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
        AWS_ENDPOINT_URL_SQS: sqs.endpoint,
        AWS_REGION: LOCAL_AWS.region,
        AWS_ACCESS_KEY_ID: LOCAL_AWS.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: LOCAL_AWS.credentials.secretAccessKey,
        POWERTOOLS_SERVICE_NAME: slug,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_TRACE_ENABLED: 'false',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        // No AWS_LAMBDA_FUNCTION_NAME: it names one function, not a platform, so it is not set here.
      };
    },
    tables: (slug) => resourcesOf(slug).tables,
    queues: (slug) => resourcesOf(slug).queues,
    failureQueueUrl: (slug) => resourcesOf(slug).failureQueueUrl,
    stop,
  };
}

/** Starts both emulators in parallel; if one fails, stops the other before rethrowing. */
async function startBoth(
  ports: Pick<LocalServicesOptions, 'dynamoPort' | 'sqsPort'>,
): Promise<[DynamoDbLocal, LocalSqs]> {
  const [dynamo, sqs] = await Promise.allSettled([
    startDynamoDbLocal({ port: ports.dynamoPort }),
    startSqs({ port: ports.sqsPort }),
  ]);
  if (dynamo.status === 'fulfilled' && sqs.status === 'fulfilled') {
    return [dynamo.value, sqs.value];
  }
  await Promise.all([
    dynamo.status === 'fulfilled' ? dynamo.value.stop() : undefined,
    sqs.status === 'fulfilled' ? sqs.value.stop() : undefined,
  ]);
  const failed = [dynamo, sqs].find((result) => result.status === 'rejected');
  throw failed?.reason;
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => {
    running ??= fn();
    return running;
  };
}
