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
 */
import { parseArgs } from 'node:util';
import { GetQueueUrlCommand, SQSClient, type SQSClientConfig } from '@aws-sdk/client-sqs';
import { deadLetterQueueName, findDepartment, getPlatform, queueName } from '@jilin/platform';
import { LOCAL_AWS } from '../dynamodb-local';
import { redrive } from '../redrive';

const USAGE =
  'usage: tsx packages/local/src/cli/redrive.ts --platform <slug> --department <id> [--max <n>]\n';

async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      platform: { type: 'string' },
      department: { type: 'string' },
      max: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
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
