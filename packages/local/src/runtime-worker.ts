import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import type { Context } from 'aws-lambda';
import type { FaultEvent, WorkerFaults } from './faults';

/**
 * One Lambda execution environment of the local runtime, in a worker thread with its own
 * process.env and module instances. It imports `<functionsDir>/<fn>/handler.ts` on its first
 * invocation (TypeScript through tsx, registered by the bootstrap in runtime.ts) and calls the
 * exported `handler(event, context)` for each invocation message.
 */

/** Sent by the runtime: run one invocation. */
export interface InvokeMessage {
  readonly type: 'invoke';
  readonly id: number;
  readonly fn: string;
  /** The event as JSON, as Lambda receives it. */
  readonly event: string;
  readonly timeoutMs: number;
  readonly context: Pick<
    Context,
    | 'awsRequestId'
    | 'functionName'
    | 'functionVersion'
    | 'invokedFunctionArn'
    | 'memoryLimitInMB'
    | 'logGroupName'
    | 'logStreamName'
  >;
}

export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
}

/** Sent back: the handler module is loaded and the invocation (and its timeout) starts. */
export interface StartedMessage {
  readonly type: 'started';
  readonly id: number;
}
/** Sent back: the handler's result as JSON (absent for undefined). */
export interface ResultMessage {
  readonly type: 'result';
  readonly id: number;
  readonly payload?: string;
}
/** Sent back: the handler (or loading it) failed. */
export interface ErrorMessage {
  readonly type: 'error';
  readonly id: number;
  readonly error: SerializedError;
}
/** Sent back when the fault plan injected a fault or saw its effect (see faults.ts). */
export interface FaultMessage {
  readonly type: 'fault';
  readonly event: FaultEvent;
}
export type WorkerReply = StartedMessage | ResultMessage | ErrorMessage | FaultMessage;

export interface RuntimeWorkerData {
  /** Absolute directory holding one folder per function. */
  readonly functionsDir: string;
  /** Log handler errors to stderr as the Lambda runtime does. */
  readonly logErrors: boolean;
  /** A fault plan to install before the handler is imported (local fault injection only). */
  readonly faults?: WorkerFaults;
}

type Handler = (event: unknown, context: Context, callback: Callback) => unknown;
type Callback = (error?: unknown, result?: unknown) => void;

class RuntimeError extends Error {
  constructor(name: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = name;
  }
}

const port = parentPort;
if (!port) throw new Error('runtime-worker.ts runs in a worker thread started by createRuntime');
const { functionsDir, logErrors, faults } = workerData as RuntimeWorkerData;
const handlers = new Map<string, Promise<Handler>>();

/** With a fault plan, each invocation runs where the faults can end it (see faults.ts). */
let runInvocation = <T>(run: () => Promise<T>): Promise<T> => run();
if (faults) {
  const injection = await import('./faults');
  await injection.installSdkFaults(faults, (event) =>
    port.postMessage({ type: 'fault', event } satisfies WorkerReply),
  );
  runInvocation = injection.runInvocation;
}

const loadHandler = (fn: string): Promise<Handler> => {
  let loading = handlers.get(fn);
  if (!loading) {
    const file = join(functionsDir, fn, 'handler.ts');
    loading = import(pathToFileURL(file).href).then(
      (module: { handler?: unknown }) => {
        if (typeof module.handler !== 'function') {
          throw new RuntimeError(
            'Runtime.HandlerNotFound',
            `${file} does not export a function named handler`,
          );
        }
        return module.handler as Handler;
      },
      (error: unknown) => {
        const cause = error instanceof Error ? error : new Error(String(error));
        const wrapped = new RuntimeError(
          'Runtime.ImportModuleError',
          `cannot load ${file}: ${cause.message}`,
          { cause },
        );
        wrapped.stack = `${wrapped.name}: ${wrapped.message}\n${cause.stack ?? ''}`;
        throw wrapped;
      },
    );
    // As in Lambda, a failed init is tried again on the next invocation.
    loading.catch(() => handlers.delete(fn));
    handlers.set(fn, loading);
  }
  return loading;
};

const serializeError = (error: unknown): SerializedError => {
  if (error instanceof Error) {
    return {
      name: error.name,
      message: error.message,
      ...(error.stack ? { stack: error.stack } : {}),
    };
  }
  return {
    name: 'Error',
    message: typeof error === 'string' ? error : (JSON.stringify(error) ?? String(error)),
  };
};

const isPromiseLike = (value: unknown): value is PromiseLike<unknown> =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { then?: unknown }).then === 'function';

function runHandler(handler: Handler, event: unknown, context: Context): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const callback: Callback = (error, result) =>
      error === undefined || error === null ? resolve(result) : reject(error);
    context.done = callback;
    context.succeed = (result: unknown) => resolve(result);
    context.fail = (error: Error | string) => reject(error);
    const returned = handler(event, context, callback);
    if (isPromiseLike(returned)) returned.then(resolve, reject);
    else if (handler.length < 3) resolve(returned);
  });
}

async function invoke(message: InvokeMessage): Promise<void> {
  try {
    const handler = await loadHandler(message.fn);
    const event: unknown = JSON.parse(message.event);
    const deadline = Date.now() + message.timeoutMs;
    port?.postMessage({ type: 'started', id: message.id } satisfies WorkerReply);
    const context: Context = {
      ...message.context,
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      done: () => undefined,
      fail: () => undefined,
      succeed: () => undefined,
    };
    const result = await runInvocation(() => runHandler(handler, event, context));
    let payload: string | undefined;
    try {
      payload = JSON.stringify(result);
    } catch (error) {
      throw new RuntimeError(
        'Runtime.MarshalError',
        `unable to turn the handler's result into JSON: ${(error as Error).message}`,
      );
    }
    port?.postMessage({
      type: 'result',
      id: message.id,
      ...(payload === undefined ? {} : { payload }),
    } satisfies WorkerReply);
  } catch (error) {
    const serialized = serializeError(error);
    if (logErrors) {
      process.stderr.write(
        `${JSON.stringify({
          timestamp: new Date().toISOString(),
          level: 'ERROR',
          requestId: message.context.awsRequestId,
          functionName: message.context.functionName,
          message: 'Invoke Error',
          errorType: serialized.name,
          errorMessage: serialized.message,
          stackTrace: serialized.stack?.split('\n') ?? [],
        })}\n`,
      );
    }
    port?.postMessage({ type: 'error', id: message.id, error: serialized } satisfies WorkerReply);
  }
}

port.on('message', (message: InvokeMessage) => {
  if (message.type === 'invoke') void invoke(message);
});
