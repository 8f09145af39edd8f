import { type ChildProcess, fork } from 'node:child_process';
import { REPO_ROOT } from './paths';

/**
 * Parts of the harness run in child processes: the CDK synthesis (its bundling prints to
 * stderr), and the handlers, each in a process of its own as in Lambda (their Powertools logs and
 * EMF metrics go to stdout, here /dev/null, so the table stays readable). Parent and child talk
 * over IPC: the parent calls a child's methods by name.
 */

type Reply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly message: string; readonly stack?: string };
type Progress = { readonly type: 'progress'; readonly message: string };

export interface ChildOptions {
  /** @default the repository root */
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Replace the parent's environment rather than extend it (PATH is kept). */
  readonly cleanEnv?: boolean;
  readonly onProgress?: (message: string) => void;
  /** Per call. @default 10 minutes */
  readonly timeoutMs?: number;
}

export interface Child {
  call<T>(method: string, args?: unknown): Promise<T>;
  close(): Promise<void>;
}

/** Starts `script` (TypeScript, through tsx) as a child serving its methods. */
export function startChild(script: string, options: ChildOptions = {}): Child {
  const base = options.cleanEnv ? { PATH: process.env.PATH } : process.env;
  const child: ChildProcess = fork(script, [], {
    cwd: options.cwd ?? REPO_ROOT,
    execArgv: ['--import', 'tsx'],
    env: { ...base, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...options.env },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-20_000);
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let exited: Error | undefined;
  child.on('message', (message: Reply | Progress) => {
    if ('type' in message) {
      options.onProgress?.(message.message);
      return;
    }
    const waiting = pending.get(message.id);
    if (!waiting) return;
    pending.delete(message.id);
    if (message.ok) waiting.resolve(message.value);
    else {
      const error = new Error(`${message.message}\n--- child stderr ---\n${stderr}`);
      if (message.stack) error.stack = `${message.stack}\n--- child stderr ---\n${stderr}`;
      waiting.reject(error);
    }
  });
  const closed = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = new Error(`${script} exited (${signal ?? code})\n${stderr}`);
      for (const [, waiting] of pending) waiting.reject(exited);
      pending.clear();
      resolve();
    });
  });
  child.once('error', (error) => {
    for (const [, waiting] of pending) waiting.reject(error);
    pending.clear();
  });
  return {
    call<T>(method: string, args?: unknown): Promise<T> {
      if (exited) return Promise.reject(exited);
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${script}: ${method} did not finish in time\n${stderr}`));
        }, options.timeoutMs ?? 600_000);
        pending.set(id, {
          resolve: (v) => {
            clearTimeout(timer);
            resolve(v as T);
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        });
        child.send({ id, method, args });
      });
    },
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        child.disconnect();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await closed;
        clearTimeout(timer);
      }
    },
  };
}

/** Runs one method of a child and stops it. */
export async function runChild<T>(
  script: string,
  method: string,
  args: unknown,
  options: ChildOptions = {},
): Promise<T> {
  const child = startChild(script, options);
  try {
    return await child.call<T>(method, args);
  } finally {
    await child.close();
  }
}

// biome-ignore lint/suspicious/noExplicitAny: each method takes its own arguments
export type Methods = Readonly<Record<string, (args: any) => Promise<unknown>>>;

/** The child's side: serves `methods` until the parent disconnects. */
export function serveChild(methods: Methods): void {
  const send = (message: Reply | Progress) => {
    process.send?.(message);
  };
  process.on('message', (message: { id: number; method: string; args: unknown }) => {
    const method = methods[message.method];
    const run = method
      ? method(message.args)
      : Promise.reject(new Error(`no method ${message.method}`));
    run.then(
      (value) => send({ id: message.id, ok: true, value }),
      (error: unknown) =>
        send({
          id: message.id,
          ok: false,
          message: error instanceof Error ? error.message : String(error),
          ...(error instanceof Error && error.stack ? { stack: error.stack } : {}),
        }),
    );
  });
  process.on('disconnect', () => process.exit(0));
}

/** A progress line from a child to the parent's terminal. */
export function progress(message: string): void {
  process.send?.({ type: 'progress', message } satisfies Progress);
}
