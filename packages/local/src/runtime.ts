import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { FUNCTIONS, type FunctionName, type PlatformSlug } from '@jilin/platform';
import { LOCAL_AWS } from './dynamodb-local';
import type { FaultEvent, FaultPlan } from './faults';
import type {
  InvokeMessage,
  RuntimeWorkerData,
  SerializedError,
  WorkerReply,
} from './runtime-worker';

/**
 * The local Lambda runtime: runs `<repoRoot>/functions/<fn>/handler.ts` in worker threads, each
 * worker an execution environment with its own process.env (the platform's CASE_TABLE_NAME, …)
 * and its own module instances (SDK clients are built at module load, once per environment).
 */

/** The part of a function's spec the runtime needs. */
export interface RuntimeFunctionSpec<F extends string = FunctionName> {
  readonly name: F;
  /** Seconds. */
  readonly timeout: number;
  readonly memoryMb: number;
}

export interface RuntimeOptions<F extends string = FunctionName> {
  /** The directory holding `functions/<fn>/handler.ts`. */
  readonly repoRoot: string;
  /** The environment of a platform's functions: table names, queue URLs, endpoints. */
  readonly envFor: (platform: PlatformSlug) => Record<string, string>;
  /** @default FUNCTIONS from the topology */
  readonly functions?: readonly RuntimeFunctionSpec<F>[];
  /**
   * What one worker serves. `function`: one per platform and function, as Lambda gives each
   * function its own environments, so each sees its own AWS_LAMBDA_FUNCTION_NAME (which
   * Powertools reads at module load, e.g. for idempotency keys) and its own memory limit.
   * `platform`: one per platform, shared by its functions (fewer threads, less fidelity).
   * @default 'function'
   */
  readonly isolation?: 'function' | 'platform';
  /** Write handler errors and timeouts to stderr as the Lambda runtime logs them. @default true */
  readonly logErrors?: boolean;
  /**
   * Where the functions' own stdout goes (their log lines). `stderr` keeps this process's stdout
   * for results, as `sam local invoke` does; `discard` drops their stdout and stderr (a soak's
   * hundred thousand invocations). @default 'stdout'
   */
  readonly functionLogs?: 'stdout' | 'stderr' | 'discard';
  /**
   * Local fault injection (see faults.ts): each environment installs the plan before it imports
   * its handler. @default no faults
   */
  readonly faults?: FaultPlan;
  /** Hears of each fault injected in an environment, and of its effects. */
  readonly onFault?: (event: FaultEvent) => void;
}

export interface Runtime<F extends string = FunctionName> {
  /**
   * Runs the function once with the event (JSON-serialised both ways, as Lambda does).
   * Rejects with a FunctionError (the handler threw), a FunctionTimeoutError, or a
   * RuntimeExitError (the environment died).
   */
  invoke(platform: PlatformSlug, fn: F, event: unknown): Promise<unknown>;
  /** New invocations get fresh environments, which load the source as it is now. */
  reload(): Promise<void>;
  /** Stops every environment; invocations still running are rejected. */
  close(): Promise<void>;
}

/** The handler threw (or rejected): its error's name, message and stack. */
export class FunctionError extends Error {
  readonly code = 'FUNCTION_ERROR';
  readonly functionName: string;
  constructor(functionName: string, error: SerializedError) {
    super(error.message);
    this.name = error.name;
    this.functionName = functionName;
    if (error.stack) this.stack = error.stack;
  }
}

/** The invocation ran past the function's timeout; its environment is discarded. */
export class FunctionTimeoutError extends Error {
  readonly code = 'FUNCTION_TIMEOUT';
  readonly functionName: string;
  constructor(functionName: string, timeoutSeconds: number) {
    super(`${functionName}: Task timed out after ${timeoutSeconds.toFixed(2)} seconds`);
    this.name = 'FunctionTimeoutError';
    this.functionName = functionName;
  }
}

/** The environment ended (crashed, ran out of memory, reloaded or closed) mid-invocation. */
export class RuntimeExitError extends Error {
  readonly code = 'RUNTIME_EXIT';
  readonly functionName: string;
  constructor(functionName: string, reason: string, options?: ErrorOptions) {
    super(`${functionName}: ${reason}`, options);
    this.name = 'RuntimeExitError';
    this.functionName = functionName;
  }
}

/** The function is not in the runtime's function list. */
export class UnknownFunctionError extends Error {
  readonly code = 'UNKNOWN_FUNCTION';
  constructor(fn: string, known: readonly string[]) {
    super(`unknown function "${fn}"; the functions are: ${known.join(', ')}`);
    this.name = 'UnknownFunctionError';
  }
}

const ACCOUNT_ID = '000000000000';
/**
 * How long loading a handler module may take. Lambda allows 10 s of init; locally the first load
 * also transpiles the TypeScript of the function and the packages it imports.
 */
const INIT_TIMEOUT_MS = 30_000;

/** The partition of a region, so ARNs hold no literal partition (cn-north-1 → aws-cn). */
export const partitionOf = (region: string): string =>
  region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';

/**
 * The worker's first module, plain ESM so Node 20 can run it before any loader exists: it
 * registers tsx's ESM hooks in the worker (an `--import tsx` in execArgv does not reach a
 * worker's own module loader on Node 20), then imports runtime-worker.ts.
 */
const BOOTSTRAP = [
  "import { workerData } from 'node:worker_threads';",
  'const { register } = await import(workerData.tsxApi);',
  'register();',
  'await import(workerData.entry);',
].join('\n');
const bootstrapUrl = new URL(`data:text/javascript,${encodeURIComponent(BOOTSTRAP)}`);
/** tsx's ESM API (`tsx/esm/api`, import condition): its CJS build cannot register hooks here. */
const tsxApi = ((): string => {
  const manifestPath = createRequire(import.meta.url).resolve('tsx/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    exports?: Record<string, { import?: { default?: string } }>;
  };
  const entry = manifest.exports?.['./esm/api']?.import?.default;
  if (!entry) throw new Error(`tsx at ${dirname(manifestPath)} has no ESM API (tsx/esm/api)`);
  return pathToFileURL(join(dirname(manifestPath), entry)).href;
})();
const workerEntry = new URL('./runtime-worker.ts', import.meta.url).href;

interface Pending {
  readonly fn: string;
  readonly timeoutSeconds: number;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
}

interface Environment {
  readonly worker: Worker;
  readonly region: string;
  readonly logStreamName: string;
  readonly pending: Map<number, Pending>;
  /** No new invocations; terminated once the running ones settle. */
  retired: boolean;
  /** Rejects a running invocation that ran too long and discards the environment. */
  expire: (id: number, error: (invocation: Pending) => Error) => void;
  readonly exited: Promise<void>;
}

const logStreamName = (): string => {
  const now = new Date();
  const day = now.toISOString().slice(0, 10).replaceAll('-', '/');
  return `${day}/[$LATEST]${randomBytes(16).toString('hex')}`;
};

/** A local Lambda runtime for the repository's functions. */
export function createRuntime<F extends string = FunctionName>(
  options: RuntimeOptions<F>,
): Runtime<F> {
  // Without `functions`, F is its default, FunctionName, and FUNCTIONS is the list.
  const specs = (options.functions ?? FUNCTIONS) as readonly RuntimeFunctionSpec<F>[];
  const isolation = options.isolation ?? 'function';
  const logErrors = options.logErrors ?? true;
  const functionsDir = join(options.repoRoot, 'functions');
  const environments = new Map<string, Environment>();
  /** Every environment not yet exited, retired ones included. */
  const live = new Set<Environment>();
  let nextId = 1;
  /** Numbers environments, so each draws its own fault sequence. */
  let environmentsStarted = 0;
  let closed = false;

  const log = (line: Record<string, unknown>) => {
    if (logErrors) {
      process.stderr.write(`${JSON.stringify({ timestamp: new Date().toISOString(), ...line })}\n`);
    }
  };

  const retire = (key: string, environment: Environment) => {
    environment.retired = true;
    if (environments.get(key) === environment) environments.delete(key);
    if (environment.pending.size === 0) void environment.worker.terminate();
  };

  const start = (platform: PlatformSlug, spec: RuntimeFunctionSpec<F>, key: string) => {
    const base = { ...process.env, ...options.envFor(platform) } as Record<string, string>;
    const region = base.AWS_REGION ?? base.AWS_DEFAULT_REGION ?? LOCAL_AWS.region;
    const functionName = isolation === 'function' ? `${platform}-${spec.name}` : platform;
    const stream = logStreamName();
    const env: Record<string, string> = {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...base,
      AWS_REGION: region,
      AWS_DEFAULT_REGION: base.AWS_DEFAULT_REGION ?? region,
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      ...(isolation === 'function'
        ? {
            AWS_LAMBDA_FUNCTION_NAME: functionName,
            AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
            AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memoryMb),
            AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${functionName}`,
            AWS_LAMBDA_LOG_STREAM_NAME: stream,
          }
        : {}),
    };
    environmentsStarted += 1;
    const workerData: RuntimeWorkerData & { tsxApi: string; entry: string } = {
      functionsDir,
      logErrors,
      tsxApi,
      entry: workerEntry,
      ...(options.faults
        ? { faults: { plan: options.faults, salt: `${key}/${environmentsStarted}` } }
        : {}),
    };
    const discard = options.functionLogs === 'discard';
    const worker = new Worker(bootstrapUrl, {
      env,
      execArgv: [],
      workerData,
      stdout: options.functionLogs === 'stderr' || discard,
      stderr: discard,
      ...(isolation === 'function'
        ? { resourceLimits: { maxOldGenerationSizeMb: spec.memoryMb } }
        : {}),
    });
    if (options.functionLogs === 'stderr') {
      worker.stdout.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    }
    if (discard) {
      worker.stdout.resume();
      worker.stderr.resume();
    }
    const pending = new Map<number, Pending>();
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    const environment: Environment = {
      worker,
      region,
      logStreamName: stream,
      pending,
      retired: false,
      exited,
      expire: () => undefined,
    };
    const settle = (id: number): Pending | undefined => {
      const invocation = pending.get(id);
      if (!invocation) return undefined;
      clearTimeout(invocation.timer);
      pending.delete(id);
      if (environment.retired && pending.size === 0) void worker.terminate();
      return invocation;
    };

    /** Ends an invocation that ran too long; Lambda discards such an environment. */
    const expire = (id: number, error: (invocation: Pending) => Error) => {
      const invocation = settle(id);
      if (!invocation) return;
      const reason = error(invocation);
      log({ level: 'ERROR', message: reason.message, errorType: 'Sandbox.Timedout' });
      retire(key, environment);
      invocation.reject(reason);
    };
    environment.expire = expire;

    worker.on('message', (reply: WorkerReply) => {
      if (reply.type === 'fault') {
        options.onFault?.(reply.event);
      } else if (reply.type === 'started') {
        const invocation = pending.get(reply.id);
        if (!invocation) return;
        clearTimeout(invocation.timer);
        invocation.timer = setTimeout(
          () =>
            expire(
              reply.id,
              (timedOut) =>
                new FunctionTimeoutError(`${platform}-${timedOut.fn}`, timedOut.timeoutSeconds),
            ),
          invocation.timeoutSeconds * 1000,
        );
      } else if (reply.type === 'result') {
        settle(reply.id)?.resolve(reply.payload === undefined ? null : JSON.parse(reply.payload));
      } else {
        const invocation = settle(reply.id);
        invocation?.reject(new FunctionError(`${platform}-${invocation.fn}`, reply.error));
      }
    });
    let crash: Error | undefined;
    worker.on('error', (error) => {
      crash = error;
    });
    worker.once('exit', (code) => {
      if (environments.get(key) === environment) environments.delete(key);
      for (const [id, invocation] of pending) {
        settle(id);
        invocation.reject(
          new RuntimeExitError(
            `${platform}-${invocation.fn}`,
            crash
              ? `the environment crashed: ${crash.message}`
              : `the environment exited (code ${code}) before the invocation finished`,
            crash ? { cause: crash } : undefined,
          ),
        );
      }
    });
    live.add(environment);
    void exited.then(() => live.delete(environment));
    environments.set(key, environment);
    return environment;
  };

  const invoke = (platform: PlatformSlug, fn: F, event: unknown): Promise<unknown> => {
    if (closed) return Promise.reject(new Error('the runtime is closed'));
    const spec = specs.find((candidate) => candidate.name === fn);
    if (!spec) {
      return Promise.reject(
        new UnknownFunctionError(
          fn,
          specs.map((s) => s.name),
        ),
      );
    }
    let serializedEvent: string;
    try {
      serializedEvent = JSON.stringify(event ?? null);
    } catch (error) {
      return Promise.reject(
        new TypeError(`the event is not JSON: ${(error as Error).message}`, { cause: error }),
      );
    }
    const key = isolation === 'function' ? `${platform}/${fn}` : platform;
    const environment = environments.get(key) ?? start(platform, spec, key);
    const functionName = `${platform}-${fn}`;
    const { region } = environment;
    const id = nextId++;
    const message: InvokeMessage = {
      type: 'invoke',
      id,
      fn,
      event: serializedEvent,
      timeoutMs: spec.timeout * 1000,
      context: {
        awsRequestId: randomUUID(),
        functionName,
        functionVersion: '$LATEST',
        invokedFunctionArn: `arn:${partitionOf(region)}:lambda:${region}:${ACCOUNT_ID}:function:${functionName}`,
        memoryLimitInMB: String(spec.memoryMb),
        logGroupName: `/aws/lambda/${functionName}`,
        logStreamName: environment.logStreamName,
      },
    };
    return new Promise((resolve, reject) => {
      // Until the handler starts (its module loaded), the init limit applies.
      const timer = setTimeout(
        () =>
          environment.expire(
            id,
            () =>
              new RuntimeExitError(
                functionName,
                `the handler module did not load within ${INIT_TIMEOUT_MS / 1000} seconds`,
              ),
          ),
        INIT_TIMEOUT_MS,
      );
      environment.pending.set(id, { fn, timeoutSeconds: spec.timeout, resolve, reject, timer });
      environment.worker.postMessage(message);
    });
  };

  const reload = async (): Promise<void> => {
    const idle: Promise<void>[] = [];
    for (const [key, environment] of [...environments]) {
      retire(key, environment);
      if (environment.pending.size === 0) idle.push(environment.exited);
    }
    await Promise.all(idle);
  };

  const close = async (): Promise<void> => {
    closed = true;
    environments.clear();
    const stopping = [...live].map((environment) => {
      environment.retired = true;
      void environment.worker.terminate();
      return environment.exited;
    });
    await Promise.all(stopping);
  };

  return { invoke, reload, close };
}
