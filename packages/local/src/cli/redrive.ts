/**
 * Moves a department's dead-lettered tasks back to its queue:
 *
 *   npx tsx packages/local/src/cli/redrive.ts --platform changchun --department civil-affairs [--max 10]
 *
 * Against the local platform when AWS_ENDPOINT_URL_SQS is set (as `npm start` prints it), else
 * against SQS in the account and region of the usual AWS environment: the same SDK calls.
 * In the cloud SQS can also do it itself:
 *
 *   aws sqs start-message-move-task --source-arn <the DLQ's ARN>
 *
 * which moves every message back to the queue it came from (see `redrive` for the details).
 *
 * Gives the table stream's failed batches to dispatch-tasks again (the batches that exhausted
 * their retries, recorded in `<platform>-dispatch-failures`), against a running `npm start`:
 *
 *   npx tsx packages/local/src/cli/redrive.ts --platform changchun --dispatch-failures
 *
 * (see dispatch-failures.ts; in the cloud the same records are read with the Streams API and the
 * function invoked through Lambda).
 */
import { parseArgs } from 'node:util';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { GetQueueUrlCommand, SQSClient, type SQSClientConfig } from '@aws-sdk/client-sqs';
import {
  deadLetterQueueName,
  findDepartment,
  getPlatform,
  type Platform,
  queueName,
} from '@jilin/platform';
import { matchesTaskStreamFilter } from '@jilin/store';
import { redriveDispatchFailures } from '../dispatch-failures';
import { LOCAL_AWS } from '../dynamodb-local';
import { redrive } from '../redrive';
import { findRepoRoot } from '../repo-root';
import { createRuntime } from '../runtime';
import { dispatchFailureQueueName } from '../sqs';
import { environmentOfRunningServices } from './invoke';

const USAGE = `usage: tsx packages/local/src/cli/redrive.ts --platform <slug> --department <id> [--max <n>]
       tsx packages/local/src/cli/redrive.ts --platform <slug> --dispatch-failures
`;

async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      platform: { type: 'string' },
      department: { type: 'string' },
      max: { type: 'string' },
      'dispatch-failures': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (values.platform && values['dispatch-failures'] && !values.department) {
    return redriveFailedBatches(getPlatform(values.platform));
  }
  if (!values.platform || !values.department) {
    process.stderr.write(USAGE);
    return 2;
  }
  const platform = getPlatform(values.platform);
  if (!findDepartment(platform, values.department)) {
    process.stderr.write(
      `${platform.slug} has no department "${values.department}"; its departments: ${platform.departments.map((d) => d.id).join(', ')}\n`,
    );
    return 2;
  }
  const max = values.max === undefined ? undefined : Number(values.max);
  if (max !== undefined && !(Number.isInteger(max) && max > 0)) {
    process.stderr.write(`--max must be a positive whole number (got ${values.max})\n`);
    return 2;
  }

  const client = new SQSClient(clientConfig(process.env));
  try {
    const [dlq, target] = await Promise.all(
      [
        deadLetterQueueName(platform.slug, values.department),
        queueName(platform.slug, values.department),
      ].map((name) => client.send(new GetQueueUrlCommand({ QueueName: name }))),
    );
    if (!dlq?.QueueUrl || !target?.QueueUrl) throw new Error('GetQueueUrl returned no URL');
    const { moved } = await redrive({
      client,
      dlqUrl: dlq.QueueUrl,
      targetUrl: target.QueueUrl,
      max,
    });
    process.stdout.write(
      `moved ${moved} message${moved === 1 ? '' : 's'} from ${deadLetterQueueName(platform.slug, values.department)} to ${queueName(platform.slug, values.department)}\n`,
    );
    return 0;
  } finally {
    client.destroy();
  }
}

/** The stream batches in the platform's dispatch failure destination, dispatched again. */
async function redriveFailedBatches(platform: Platform): Promise<number> {
  const env = await environmentOfRunningServices(platform.slug);
  const config = { ...LOCAL_AWS, region: env.AWS_REGION ?? LOCAL_AWS.region };
  const sqs = new SQSClient({ ...config, endpoint: env.AWS_ENDPOINT_URL_SQS });
  const streams = new DynamoDBStreamsClient({ ...config, endpoint: env.AWS_ENDPOINT_URL_DYNAMODB });
  // The function's log lines go to stderr; stdout holds the outcome.
  const runtime = createRuntime({
    repoRoot: findRepoRoot(),
    envFor: () => env,
    functionLogs: 'stderr',
  });
  const name = dispatchFailureQueueName(platform.slug);
  try {
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
    if (!QueueUrl) throw new Error(`GetQueueUrl returned no URL for ${name}`);
    const { batches, records, left } = await redriveDispatchFailures({
      failureQueueUrl: QueueUrl,
      sqs,
      streams,
      invoke: (event) => runtime.invoke(platform.slug, 'dispatch-tasks', event),
      filter: matchesTaskStreamFilter,
    });
    process.stdout.write(
      `dispatched ${records} stream record${records === 1 ? '' : 's'} of ${batches} failed batch${batches === 1 ? '' : 'es'} from ${name} again${left > 0 ? `; ${left} failed again and stay in ${name}` : ''}\n`,
    );
    return left > 0 ? 1 : 0;
  } finally {
    await runtime.close();
    sqs.destroy();
    streams.destroy();
  }
}

/**
 * The SDK's own configuration, except that against a local endpoint with no credentials or
 * region set the local ones are used, so `AWS_ENDPOINT_URL_SQS=… tsx …` is enough.
 */
function clientConfig(env: NodeJS.ProcessEnv): SQSClientConfig {
  if (!env.AWS_ENDPOINT_URL_SQS && !env.AWS_ENDPOINT_URL) return {};
  return {
    ...(!env.AWS_REGION && !env.AWS_DEFAULT_REGION && { region: LOCAL_AWS.region }),
    ...(!env.AWS_ACCESS_KEY_ID && !env.AWS_PROFILE && { credentials: LOCAL_AWS.credentials }),
  };
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `redrive failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
