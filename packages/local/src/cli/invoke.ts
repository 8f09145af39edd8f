import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  ENV,
  FUNCTIONS,
  type FunctionName,
  getPlatform,
  type PlatformSlug,
  PlatformSlugSchema,
  platformSlugs,
  queueName,
} from '@jilin/platform';
import { LOCAL_AWS } from '../dynamodb-local';
import { readEndpoints } from '../endpoints-file';
import { findRepoRoot } from '../repo-root';
import { createRuntime, FunctionError, FunctionTimeoutError, RuntimeExitError } from '../runtime';
import { caseTableName, idempotencyTableName } from '../tables';
import type { CliIo } from './token';

/**
 * `npm run invoke -- <function> --event events/<file>.json [--platform changchun] [--start]`:
 * runs one function once, like `sam local invoke -e`, against the local services, and prints
 * its result as JSON. The endpoints come from AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL_SQS
 * (a running `npm start`), or `--start` starts DynamoDB Local and fauxqs for this one run.
 */

const FUNCTION_NAMES = FUNCTIONS.map((f) => f.name);

const USAGE = `Usage: npm run invoke -- <function> --event <file.json> [--platform <slug>] [--start]

  <function>           ${FUNCTION_NAMES.join(', ')}
  --event <file>       the event, e.g. events/<function>.<case>.json
  --platform <slug>    ${platformSlugs.join(', ')} (default changchun)
  --start              start DynamoDB Local and the SQS emulator for this run (empty tables)

Without --start the function talks to the services of a running \`npm start\`, found through
AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL_SQS.
`;

/** Variables a running platform's function environment is made of, overridable from outside. */
const PASSED_THROUGH = [
  ...Object.values(ENV),
  'AWS_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'POWERTOOLS_SERVICE_NAME',
  'POWERTOOLS_METRICS_NAMESPACE',
  'POWERTOOLS_TRACE_ENABLED',
  'POWERTOOLS_LOG_LEVEL',
];

class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

interface Request {
  readonly fn: FunctionName;
  readonly platform: PlatformSlug;
  readonly eventFile: string;
  readonly start: boolean;
}

function requestFrom(args: readonly string[], repoRoot: string, cwd: string): Request {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const [name, ...extra] = parsed.positionals;
  if (name === undefined) throw new UsageError('name the function to invoke');
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra.join(' ')}"`);
  const fn = FUNCTION_NAMES.find((candidate) => candidate === name);
  if (fn === undefined) {
    throw new UsageError(
      `unknown function "${name}"; the functions are: ${FUNCTION_NAMES.join(', ')}`,
    );
  }
  if (!existsSync(join(repoRoot, 'functions', fn, 'handler.ts'))) {
    throw new UsageError(`functions/${fn}/handler.ts does not exist`);
  }
  const platform = PlatformSlugSchema.safeParse(parsed.values.platform ?? 'changchun');
  if (!platform.success) {
    throw new UsageError(
      `unknown platform "${parsed.values.platform}"; the platforms are: ${platformSlugs.join(', ')}`,
    );
  }
  if (parsed.values.event === undefined) {
    throw new UsageError(`--event is required${eventHint(repoRoot, cwd, fn)}`);
  }
  const eventFile = resolve(cwd, parsed.values.event);
  if (!existsSync(eventFile)) {
    throw new UsageError(`no event file at ${eventFile}${eventHint(repoRoot, cwd, fn)}`);
  }
  return { fn, platform: platform.data, eventFile, start: parsed.values.start ?? false };
}

const parse = (args: readonly string[]) =>
  parseArgs({
    args: [...args],
    allowPositionals: true,
    strict: true,
    options: {
      event: { type: 'string', short: 'e' },
      platform: { type: 'string', short: 'p' },
      start: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });

/** The sample events of the function, as a hint. */
function eventHint(repoRoot: string, cwd: string, fn: string): string {
  const dir = join(repoRoot, 'events');
  const files = existsSync(dir)
    ? readdirSync(dir).filter((file) => file.startsWith(`${fn}.`) && file.endsWith('.json'))
    : [];
  if (files.length === 0) return '';
  return `; sample events for ${fn}: ${files.map((file) => relative(cwd, join(dir, file))).join(', ')}`;
}

async function readEvent(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}

const NO_ENDPOINTS = `the local services are not known: no \`npm start\` is running here, and AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL_SQS are not set.
Either start the platform first (\`npm start\`, in another terminal; it is then found by itself), or pass endpoints:
  AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:<port> AWS_ENDPOINT_URL_SQS=http://127.0.0.1:<port> npm run invoke -- …
or add --start to start DynamoDB Local and the SQS emulator for this one run (with empty tables).`;

/**
 * The platform's function environment against already running services: the same names the
 * local services give their functions (tables `<slug>-cases` and `<slug>-idempotency`, queue
 * URLs looked up by name), any of them overridable by the caller's own environment.
 */
export async function environmentOfRunningServices(
  platform: PlatformSlug,
): Promise<Record<string, string>> {
  // The caller's endpoints first, else those of a running `npm start`.
  const running = readEndpoints(findRepoRoot());
  const dynamoEndpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB ?? running?.dynamodb;
  const sqsEndpoint = process.env.AWS_ENDPOINT_URL_SQS ?? running?.sqs;
  if (!dynamoEndpoint || !sqsEndpoint) throw new UsageError(NO_ENDPOINTS);
  const region = process.env.AWS_REGION ?? LOCAL_AWS.region;
  const sqs = new SQSClient({ ...LOCAL_AWS, region, endpoint: sqsEndpoint, maxAttempts: 1 });
  const queueUrls: Record<string, string> = {};
  try {
    for (const department of getPlatform(platform).departments) {
      const name = queueName(platform, department.id);
      try {
        const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
        if (QueueUrl) queueUrls[department.id] = QueueUrl;
      } catch (error) {
        throw new UsageError(
          `queue ${name} was not found at ${sqsEndpoint} (${(error as Error).name}): is \`npm start\` running with the ${platform} platform?`,
        );
      }
    }
  } finally {
    sqs.destroy();
  }
  const { DEV_APPLICANT_KEY_SECRET } = await import('../services');
  const derived: Record<string, string> = {
    [ENV.platform]: platform,
    [ENV.caseTable]: caseTableName(platform),
    [ENV.idempotencyTable]: idempotencyTableName(platform),
    [ENV.departmentQueues]: JSON.stringify(queueUrls),
    [ENV.applicantKeySecret]: DEV_APPLICANT_KEY_SECRET,
    AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
    AWS_ENDPOINT_URL_SQS: sqsEndpoint,
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: LOCAL_AWS.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_AWS.credentials.secretAccessKey,
    POWERTOOLS_SERVICE_NAME: platform,
    POWERTOOLS_METRICS_NAMESPACE: 'JilinGovServices',
    POWERTOOLS_TRACE_ENABLED: 'false',
  };
  for (const name of PASSED_THROUGH) {
    const value = process.env[name];
    if (value !== undefined) derived[name] = value;
  }
  return derived;
}

const errorPayload = (error: Error) => ({
  errorType: error.name,
  errorMessage: error.message,
  trace: error.stack?.split('\n') ?? [],
});

/** Runs the invoke command; resolves to the exit code (0 ok, 1 the function failed, 2 usage). */
export async function invokeCli(args: readonly string[], io: CliIo = processIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(USAGE);
    return 0;
  }
  const repoRoot = findRepoRoot();
  // npm runs scripts in the package's directory; paths are meant from where the user typed.
  const cwd = process.env.INIT_CWD ?? process.cwd();
  let stopServices: (() => Promise<void>) | undefined;
  try {
    const request = requestFrom(args, repoRoot, cwd);
    const event = await readEvent(request.eventFile);
    let env: Record<string, string>;
    if (request.start) {
      const { startLocalServices } = await import('../services');
      const services = await startLocalServices({ platforms: [request.platform] });
      stopServices = () => services.stop();
      env = services.env(request.platform);
    } else {
      env = await environmentOfRunningServices(request.platform);
    }

    // The function's log lines go to stderr, so stdout holds only the result.
    const runtime = createRuntime({ repoRoot, envFor: () => env, functionLogs: 'stderr' });
    try {
      const result = await runtime.invoke(request.platform, request.fn, event);
      io.stdout(`${JSON.stringify(result, null, 2)}\n`);
      return 0;
    } catch (error) {
      if (
        error instanceof FunctionError ||
        error instanceof FunctionTimeoutError ||
        error instanceof RuntimeExitError
      ) {
        io.stdout(`${JSON.stringify(errorPayload(error), null, 2)}\n`);
        return 1;
      }
      throw error;
    } finally {
      await runtime.close();
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`invoke: ${error.message}\n\n${USAGE}`);
    return 2;
  } finally {
    await stopServices?.();
  }
}

const isMain = (): boolean => {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
};

if (isMain()) {
  // Local tooling on Node 20: the SDK's notice about Node 22 is noise on every run.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  invokeCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(
        `invoke: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 1;
    },
  );
}
