/**
 * `npm start`: the whole platform, every city, on this machine, with one command.
 *
 *   npm start [-- --port 3000] [--platforms changchun,siping] [--simulate] [--no-watch]
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type PlatformSlug, PlatformSlugSchema, platformSlugs } from '@jilin/platform';
import { endpointsFile } from '../endpoints-file';
import { startLocalPlatform } from '../platform';
import { findRepoRoot } from '../repo-root';

const USAGE = `Usage: npm start [-- options]

  --port <n>             the API's port (default 3000, or $PORT)
  --dynamo-port <n>      DynamoDB Local's port (default 8000)
  --sqs-port <n>         the SQS emulator's port (default 4566)
  --platforms <a,b>      which platforms (default: ${platformSlugs.join(',')})
  --simulate             department back-ends that accept, approve and complete every task
  --no-watch             do not reload functions when their source changes
`;

export async function startCli(args: readonly string[]): Promise<number> {
  let values: ReturnType<typeof parse>;
  try {
    values = parse(args);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const platforms = (values.platforms?.split(',') ?? [...platformSlugs]).map((p) =>
    PlatformSlugSchema.safeParse(p.trim()),
  );
  const unknown = platforms.filter((p) => !p.success);
  if (unknown.length > 0) {
    process.stderr.write(`unknown platform; choose from ${platformSlugs.join(', ')}\n`);
    return 2;
  }
  // Lambda runs in UTC: so do the functions here.
  process.env.TZ = 'UTC';
  const started = performance.now();
  const platform = await startLocalPlatform({
    platforms: platforms.flatMap((p) => (p.success ? [p.data as PlatformSlug] : [])),
    port: Number(values.port ?? process.env.PORT ?? 3000),
    dynamoPort: Number(values['dynamo-port'] ?? 8000),
    sqsPort: Number(values['sqs-port'] ?? 4566),
    simulate: values.simulate ?? false,
    watch: !values['no-watch'],
    onError: (where, error) =>
      process.stderr.write(
        `[local] ${where}: ${error instanceof Error ? error.message : String(error)}\n`,
      ),
  });
  const repoRoot = findRepoRoot();
  mkdirSync(join(repoRoot, '.local'), { recursive: true });
  writeFileSync(
    endpointsFile(repoRoot),
    `${JSON.stringify({ api: platform.url, dynamodb: platform.services.dynamoEndpoint, sqs: platform.services.sqsEndpoint }, null, 2)}\n`,
  );
  const first = platform.platforms.includes('changchun') ? 'changchun' : platform.platforms[0];
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(`
吉林省“一号一窗一网”政务服务平台 — local platform up in ${seconds} s

  API           ${platform.url}   (each platform under /<slug>; OpenAPI at /openapi.json)
${platform.platforms.map((p) => `    ${p.padEnd(10)}  ${platform.url}/${p}/v1/catalogue/services`).join('\n')}
  DynamoDB      ${platform.services.dynamoEndpoint}   (tables <slug>-cases, <slug>-idempotency)
  SQS           ${platform.services.sqsEndpoint}   (queues <slug>-<department>, DLQs <slug>-<department>-dlq)
  stream        → dispatch-tasks;  schedule → flag-overdue every minute${values.simulate ? ';  department simulators on' : ''}
  reload        ${values['no-watch'] ? 'off' : 'on source change'}

A token, and a first request:

  TOKEN=$(npm run -s token -- citizen --id 11010519491231002X)
  curl -s ${platform.url}/${first}/v1/cases -H "authorization: Bearer $TOKEN"

A department back-end is any SQS client:

  AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local aws --region cn-north-1 \\
    --endpoint-url ${platform.services.sqsEndpoint} sqs receive-message \\
    --queue-url ${platform.services.queues(first ?? 'changchun').hrss?.queueUrl ?? '<queue url>'}

Invoke one function with a sample event (in another terminal):  npm run invoke -- catalogue --event events/catalogue.list-services.json
Ctrl-C stops everything.
`);
  // The handlers stay while stopping: a second signal to this process (`kill`, a process manager,
  // an IDE's stop button) would otherwise end it on Node's default before DynamoDB Local (a Java
  // process of its own) is stopped, leaving that on its port. (In a terminal, Ctrl-C reaches
  // the Java process too.)
  let stopping = false;
  await new Promise<void>((resolve) => {
    const onSignal = () => {
      if (stopping) {
        process.stdout.write('still stopping DynamoDB Local and fauxqs (a few seconds at most)…\n');
        return;
      }
      stopping = true;
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  process.stdout.write('\nstopping…\n');
  rmSync(endpointsFile(repoRoot), { force: true });
  await platform.stop();
  return 0;
}

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    options: {
      port: { type: 'string' },
      'dynamo-port': { type: 'string' },
      'sqs-port': { type: 'string' },
      platforms: { type: 'string' },
      simulate: { type: 'boolean' },
      'no-watch': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }).values;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  startCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(
        `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
