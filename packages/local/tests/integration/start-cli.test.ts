import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { endpointsFile, readEndpoints } from '../../src/endpoints-file';
import { freePort } from '../../src/ports';
import { findRepoRoot } from '../../src/repo-root';

/**
 * `npm start` as a user runs it: the real command in its own process (`npm start` is
 * `tsx packages/local/src/cli/start.ts`; `node --import tsx` is the same loader without the
 * npx/tsx wrapper processes between this test and the platform, so SIGINT reaches it directly).
 */

const REPO_ROOT = findRepoRoot();
const ENDPOINTS = endpointsFile(REPO_ROOT);
const BANNER = 'local platform up in';

interface Running {
  readonly child: ChildProcess;
  stdout: string;
  stderr: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let running: Running | undefined;
/** A developer's own `npm start` may have left its endpoints here: put them back afterwards. */
const before = existsSync(ENDPOINTS) ? readFileSync(ENDPOINTS, 'utf8') : undefined;

function startPlatform(args: readonly string[]): Running {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'packages/local/src/cli/start.ts', ...args],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const state: Running = { child, stdout: '', stderr: '', exited };
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    state.stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    state.stderr += chunk;
  });
  return state;
}

/** Resolves once stdout holds the text; rejects if the process exits first or time runs out. */
function waitFor(state: Running, text: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no "${text}" within ${timeoutMs} ms; stderr:\n${state.stderr}`));
    }, timeoutMs);
    const onData = () => {
      if (state.stdout.includes(text)) {
        cleanup();
        resolve();
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(
        new Error(
          `exited (${code}) before "${text}"; stdout:\n${state.stdout}\nstderr:\n${state.stderr}`,
        ),
      );
    };
    const cleanup = () => {
      clearTimeout(timer);
      state.child.stdout?.off('data', onData);
      state.child.off('exit', onExit);
    };
    // Registered after the state's own listener, so the chunk is already appended.
    state.child.stdout?.on('data', onData);
    state.child.once('exit', onExit);
    onData();
  });
}

/** Whether anything accepts a connection on the local port. */
const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/** Resolves to the exit, or to undefined when the process is still running after timeoutMs. */
const exitWithin = (state: Running, timeoutMs: number) =>
  Promise.race([
    state.exited,
    new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), timeoutMs).unref()),
  ]);

afterAll(async () => {
  if (running && running.child.exitCode === null && running.child.signalCode === null) {
    // A failed test left it running: stop it as Ctrl-C would, then for good.
    running.child.kill('SIGINT');
    if ((await exitWithin(running, 10_000)) === undefined) running.child.kill('SIGKILL');
  }
  if (before !== undefined && !existsSync(ENDPOINTS)) writeFileSync(ENDPOINTS, before);
}, 20_000);

describe('Command: npm start (startCli)', () => {
  it('starts the platform, serves the API, writes its endpoints, and stops on Ctrl-C', async () => {
    // Prepare
    const [port, dynamoPort, sqsPort] = [await freePort(), await freePort(), await freePort()];

    // Act: start
    running = startPlatform([
      '--port',
      String(port),
      '--dynamo-port',
      String(dynamoPort),
      '--sqs-port',
      String(sqsPort),
      '--platforms',
      'changchun',
      '--no-watch',
    ]);
    await waitFor(running, BANNER, 45_000);
    const api = `http://127.0.0.1:${port}`;

    // Assess: the banner
    expect(running.stdout).toContain(`${api}/changchun/v1/catalogue/services`);
    expect(running.stdout).toContain(`http://127.0.0.1:${dynamoPort}`);
    expect(running.stdout).toContain(`http://127.0.0.1:${sqsPort}`);
    expect(running.stdout).toContain('npm run -s token -- citizen');
    expect(running.stdout).toContain('reload        off');

    // Assess: the API
    const catalogue = await fetch(`${api}/changchun/v1/catalogue/services`);
    expect(catalogue.status).toBe(200);
    const services = (await catalogue.json()) as { services: { code: string }[] };
    expect(services.services.length).toBeGreaterThan(0);
    expect(services.services.every((s) => s.code.startsWith('220100-'))).toBe(true);

    const openApi = await fetch(`${api}/openapi.json`);
    expect(openApi.status).toBe(200);
    expect(await openApi.json()).toMatchObject({ openapi: '3.1.0', paths: expect.any(Object) });

    // Assess: the endpoints, for `npm run invoke` in another terminal
    const endpoints = {
      api,
      dynamodb: `http://127.0.0.1:${dynamoPort}`,
      sqs: `http://127.0.0.1:${sqsPort}`,
    };
    expect(JSON.parse(readFileSync(ENDPOINTS, 'utf8'))).toEqual(endpoints);
    expect(readEndpoints(REPO_ROOT)).toEqual(endpoints);

    // Act: SIGINT twice to the platform's process alone (as `kill` or an IDE's stop button sends
    // it; a terminal's Ctrl-C would reach DynamoDB Local's Java process too)
    running.child.kill('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 50));
    running.child.kill('SIGINT');
    const exit = await exitWithin(running, 10_000);

    // Assess: a clean stop
    expect(exit, `still running 10 s after SIGINT; stderr:\n${running.stderr}`).toEqual({
      code: 0,
      signal: null,
    });
    expect(running.stdout).toContain('stopping…');
    expect(existsSync(ENDPOINTS)).toBe(false);
    // DynamoDB Local, a Java process of its own, stopped with it: nothing listens on its port
    expect(await listening(dynamoPort)).toBe(false);
  }, 60_000);
});
