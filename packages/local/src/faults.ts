import { AsyncLocalStorage } from 'node:async_hooks';
import * as z from 'zod';

/**
 * Fault injection for the local platform, at the AWS SDK boundary of the functions and in the
 * event sources, so that the soak (and anyone) can show that nothing is lost or done twice when
 * AWS misbehaves the way it does in production. The handlers know nothing of it: a worker of the
 * local runtime installs the plan before it imports its handler, by adding two middlewares to
 * every SDK v3 client the handler builds.
 *
 * - Per attempt, inside the SDK's retry loop: the service answers with an error response
 *   (DynamoDB `ProvisionedThroughputExceededException`/`ThrottlingException` 400 or
 *   `InternalServerError` 500; SQS `RequestThrottled` 400 or `ServiceUnavailable` 503, and a 503
 *   for every attempt during an outage window). The SDK's real deserializer and retry strategy
 *   see them, so its retries absorb most throttles, as in the cloud; outages and bursts of bad
 *   luck outlast them and reach the handler.
 * - Per call, around the retries: SendMessageBatch entries answered in `Failed` (never sent), and
 *   "the function dies after its write": the write succeeded, then the invocation ends in an
 *   error (the caller sees a 5xx, the stream batch fails) and nothing the invocation does after
 *   that reaches AWS.
 * - In the stream poller: a batch delivered twice, and a batch delivered again after newer ones.
 *
 * Decisions come from a PRNG seeded by the plan's seed and the worker's identity, so a run's
 * fault sequence per function is reproducible for the same sequence of calls.
 */

/** Everything the local platform can inject, and the soak's own consumer faults. */
export const FAULT_KINDS = [
  /** SendMessageBatch: an entry answered in `Failed`, not sent. */
  'sqs.batchEntryFailed',
  /** An SQS send attempt answered 400 RequestThrottled. */
  'sqs.throttled',
  /** An SQS send attempt answered 503 ServiceUnavailable. */
  'sqs.unavailable',
  /** An SQS send attempt during an outage window (503 ServiceUnavailable). */
  'sqs.outage',
  /** A DynamoDB write attempt answered 400 ProvisionedThroughputExceededException/ThrottlingException. */
  'dynamodb.throttled',
  /** A DynamoDB write attempt answered 500 InternalServerError. */
  'dynamodb.internalError',
  /** A DynamoDB write attempt during an outage window (503 ServiceUnavailable). */
  'dynamodb.outage',
  /** The write succeeded, then the invocation died before it returned. */
  'handler.diedAfterWrite',
  /** The stream poller delivered a batch it had delivered already, at once. */
  'stream.duplicateBatch',
  /** The stream poller delivered an older batch again after newer ones were processed. */
  'stream.staleReplay',
  /** A department consumer processed a message and left it undeleted: it is delivered again. */
  'queue.duplicateDelivery',
  /** A department consumer processed a received batch in shuffled order. */
  'queue.shuffled',
  /** A department consumer failed a message once (not deleted, delivered again). */
  'queue.consumerFailed',
  /** A department consumer failed a message on every receive until it was dead-lettered. */
  'queue.poisoned',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/**
 * What the faults did to the SDK's own machinery: `sdk.retried` counts attempts after the first
 * of a faulted operation (what the SDK's retries absorbed), `sdk.exhausted` calls that still
 * failed with an injected error after all their attempts (what reached the handler).
 */
export const FAULT_EFFECTS = ['sdk.retried', 'sdk.exhausted'] as const;
export type FaultEffect = (typeof FAULT_EFFECTS)[number];
export type FaultEvent = FaultKind | FaultEffect;

const Rate = z.number().min(0).max(1);

/**
 * A service down (503 ServiceUnavailable on every attempt) for `forMs`, as one function sees it:
 * the first outage starts at its `afterAttempts`-th attempt of a faulted operation, the next ones
 * `everyAttempts` attempts after the start of the one before. Counting attempts rather than time
 * makes an outage land where the traffic is, so a short run sees one too.
 */
const OutageSchema = z.strictObject({
  afterAttempts: z.number().int().nonnegative(),
  forMs: z.number().int().positive(),
  /** @default one outage only */
  everyAttempts: z.number().int().positive().optional(),
});

const DYNAMODB_WRITES = [
  'TransactWriteItems',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
] as const;
const SQS_SENDS = ['SendMessageBatch', 'SendMessage'] as const;

export const FaultPlanSchema = z.strictObject({
  /** Seeds every PRNG of the run. */
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .default(1),
  sqs: z
    .strictObject({
      /** The operations faulted. */
      operations: z.array(z.enum(SQS_SENDS)).default([...SQS_SENDS]),
      /** Per SendMessageBatch entry: answered in `Failed` and not sent. */
      batchEntryFailureRate: Rate.default(0),
      /** Per attempt: 400 RequestThrottled. */
      throttleRate: Rate.default(0),
      /** Per attempt: 503 ServiceUnavailable. */
      unavailableRate: Rate.default(0),
      outage: OutageSchema.optional(),
    })
    .prefault({}),
  dynamodb: z
    .strictObject({
      /** The operations faulted: the case store's writes are TransactWriteItems. */
      operations: z.array(z.enum(DYNAMODB_WRITES)).default(['TransactWriteItems']),
      /** Per attempt: 400 ProvisionedThroughputExceededException or ThrottlingException. */
      throttleRate: Rate.default(0),
      /** Per attempt: 500 InternalServerError. */
      internalErrorRate: Rate.default(0),
      outage: OutageSchema.optional(),
    })
    .prefault({}),
  handlers: z
    .strictObject({
      /** Per successful write (TransactWriteItems, SendMessageBatch, SendMessage): then it dies. */
      dieAfterWriteRate: Rate.default(0),
    })
    .prefault({}),
  stream: z
    .strictObject({
      /** Per delivered batch: delivered again at once. */
      duplicateBatchRate: Rate.default(0),
      /** Per delivered batch: delivered again later, after newer batches. */
      staleReplayRate: Rate.default(0),
      /** How many newer batches go through before a stale replay. */
      staleReplayAfterBatches: z.number().int().positive().default(3),
    })
    .prefault({}),
});
export type FaultPlan = z.infer<typeof FaultPlanSchema>;
export type FaultPlanInput = z.input<typeof FaultPlanSchema>;

/** Parses and checks a plan (a ZodError names what is wrong). */
export const parseFaultPlan = (input: FaultPlanInput): FaultPlan => FaultPlanSchema.parse(input);

// ---------------------------------------------------------------------------------------------
// Seeded randomness

/** FNV-1a of the text, a 32-bit seed. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A PRNG (mulberry32) seeded by the seed and a salt naming who draws (a worker, a poller, a
 * consumer), so each draws its own reproducible sequence: numbers in [0, 1).
 */
export function seededRandom(seed: number, salt = ''): () => number {
  let state = hash32(`${seed}:${salt}`);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates with the given PRNG; returns a new array. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Counting

export interface FaultRecorder {
  record(event: FaultEvent, count?: number): void;
  /** Every kind and effect, zero included. */
  counts(): Record<FaultEvent, number>;
}

export function createFaultRecorder(): FaultRecorder {
  const counts = Object.fromEntries(
    [...FAULT_KINDS, ...FAULT_EFFECTS].map((k) => [k, 0]),
  ) as Record<FaultEvent, number>;
  return {
    record(event, count = 1) {
      counts[event] += count;
    },
    counts: () => ({ ...counts }),
  };
}

// ---------------------------------------------------------------------------------------------
// The stream's faults, for the poller

/** What the stream poller needs to emulate duplicate and stale deliveries. */
export interface StreamFaults {
  readonly duplicateBatchRate: number;
  readonly staleReplayRate: number;
  readonly staleReplayAfterBatches: number;
  readonly random: () => number;
  readonly onFault: (kind: 'stream.duplicateBatch' | 'stream.staleReplay') => void;
}

export function streamFaults(
  plan: FaultPlan,
  salt: string,
  onFault: StreamFaults['onFault'],
): StreamFaults | undefined {
  const { duplicateBatchRate, staleReplayRate, staleReplayAfterBatches } = plan.stream;
  if (duplicateBatchRate === 0 && staleReplayRate === 0) return undefined;
  return {
    duplicateBatchRate,
    staleReplayRate,
    staleReplayAfterBatches,
    random: seededRandom(plan.seed, `stream:${salt}`),
    onFault,
  };
}

// ---------------------------------------------------------------------------------------------
// The SDK's faults, in a worker

/** What a worker of the runtime gets to install the plan. */
export interface WorkerFaults {
  readonly plan: FaultPlan;
  /** Names the worker, for its own PRNG sequence: `<platform>/<function>/<n>`. */
  readonly salt: string;
}

/** The error an invocation ends with when it died after its write. */
export class InjectedDeathError extends Error {
  constructor(operation: string) {
    super(`injected fault: the function died after its ${operation} succeeded, before it returned`);
    this.name = 'Runtime.ExitError';
  }
}

interface InvocationScope {
  dead?: Error;
  kill?: (error: Error) => void;
}
const scopes = new AsyncLocalStorage<InvocationScope>();

/**
 * Runs one invocation so that the faults can end it: it settles with the handler's outcome, or
 * rejects as soon as the invocation dies; after that the handler's further AWS calls fail.
 */
export function runInvocation<T>(run: () => Promise<T>): Promise<T> {
  const scope: InvocationScope = {};
  const died = new Promise<never>((_, reject) => {
    scope.kill = reject;
  });
  died.catch(() => undefined);
  return Promise.race([scopes.run(scope, run), died]);
}

/** The parts of a smithy client this module touches. */
interface MiddlewareStackLike {
  add(middleware: unknown, options: Record<string, unknown>): void;
}
interface SmithyClientPrototype {
  send(this: { middlewareStack: MiddlewareStackLike }, ...args: unknown[]): unknown;
}
interface HandlerContext {
  readonly clientName?: string;
  readonly commandName?: string;
  /** The kind injected into this call's last attempt, if it was. */
  jilinInjected?: FaultKind;
}
type Next = (args: Record<string, unknown>) => Promise<{ output: unknown; response?: unknown }>;

let installed = false;

/**
 * Installs the plan in this thread: every SDK v3 client (they all share one smithy `Client`
 * prototype here, since nothing is bundled locally) gets the fault middlewares on its first send.
 * `report` hears of each fault and effect. Call before importing the handler; once per thread.
 */
export async function installSdkFaults(
  faults: WorkerFaults,
  report: (event: FaultEvent) => void,
): Promise<void> {
  if (installed) throw new Error('SDK faults are installed already in this thread');
  installed = true;
  const { plan } = faults;
  const random = seededRandom(plan.seed, `sdk:${faults.salt}`);
  // The shared base class of every client: DynamoDBClient → Client (@smithy/core/client).
  const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
  const proto = Object.getPrototypeOf(DynamoDBClient.prototype) as SmithyClientPrototype;
  const send = proto.send;
  const patched = new WeakSet<object>();
  proto.send = function sendWithFaults(...args) {
    if (!patched.has(this.middlewareStack)) {
      patched.add(this.middlewareStack);
      this.middlewareStack.add(operationMiddleware, {
        step: 'initialize',
        priority: 'high',
        name: 'jilinFaultsOperation',
      });
      this.middlewareStack.add(attemptMiddleware, {
        step: 'deserialize',
        priority: 'low',
        name: 'jilinFaultsAttempt',
      });
    }
    return send.apply(this, args);
  };

  const dynamoOps = new Set<string>(plan.dynamodb.operations);
  const sqsOps = new Set<string>(plan.sqs.operations);
  const writes = new Set(['TransactWriteItems', 'SendMessageBatch', 'SendMessage']);
  const operationOf = (context: HandlerContext) => {
    const name = context.commandName?.replace(/Command$/, '') ?? '';
    if (context.clientName === 'DynamoDBClient') {
      return { service: 'dynamodb' as const, name, faulted: dynamoOps.has(name) };
    }
    if (context.clientName === 'SQSClient') {
      return { service: 'sqs' as const, name, faulted: sqsOps.has(name) };
    }
    return { service: undefined, name, faulted: false };
  };
  const outages = {
    sqs: outageClock(plan.sqs.outage),
    dynamodb: outageClock(plan.dynamodb.outage),
  };

  /** Around the SDK's retries: dead invocations, failed batch entries, death after a write. */
  function operationMiddleware(next: Next, context: HandlerContext) {
    return async (args: Record<string, unknown>) => {
      const scope = scopes.getStore();
      if (scope?.dead) throw scope.dead;
      const op = operationOf(context);
      let result: Awaited<ReturnType<Next>>;
      try {
        result =
          op.name === 'SendMessageBatch' && op.faulted && plan.sqs.batchEntryFailureRate > 0
            ? await sendBatchWithFailures(next, args)
            : await next(args);
      } catch (error) {
        if (context.jilinInjected) report('sdk.exhausted');
        throw error;
      }
      if (scope && writes.has(op.name) && random() < plan.handlers.dieAfterWriteRate) {
        const death = new InjectedDeathError(op.name);
        scope.dead = death;
        report('handler.diedAfterWrite');
        scope.kill?.(death);
        throw death;
      }
      return result;
    };
  }

  async function sendBatchWithFailures(next: Next, args: Record<string, unknown>) {
    const input = args.input as { Entries?: { Id?: string }[] };
    const entries = input.Entries ?? [];
    const failing = new Set(entries.filter(() => random() < plan.sqs.batchEntryFailureRate));
    if (failing.size === 0) return next(args);
    const kept = entries.filter((e) => !failing.has(e));
    const failed = [...failing].map((e) => ({
      Id: e.Id,
      SenderFault: false,
      Code: 'InternalError',
      Message: 'injected fault: the entry was not sent',
    }));
    for (const _ of failed) report('sqs.batchEntryFailed');
    if (kept.length === 0) {
      return { output: { Successful: [], Failed: failed, $metadata: {} } };
    }
    const result = await next({ ...args, input: { ...input, Entries: kept } });
    const output = result.output as { Failed?: unknown[] };
    return { ...result, output: { ...output, Failed: [...(output.Failed ?? []), ...failed] } };
  }

  /** One attempt, inside the SDK's retries: the service answers with an error instead. */
  function attemptMiddleware(next: Next, context: HandlerContext) {
    return async (args: Record<string, unknown>) => {
      const op = operationOf(context);
      if (!op.faulted || op.service === undefined) return next(args);
      const headers = (args.request as { headers?: Record<string, string> } | undefined)?.headers;
      const attempt = Number(/attempt=(\d+)/.exec(headers?.['amz-sdk-request'] ?? '')?.[1] ?? 1);
      if (attempt > 1 && context.jilinInjected) report('sdk.retried');
      const injected = op.service === 'sqs' ? sqsFault() : dynamoFault();
      context.jilinInjected = injected?.kind;
      if (!injected) return next(args);
      report(injected.kind);
      return { output: undefined, response: errorResponse(injected) };
    };
  }

  function sqsFault(): InjectedResponse | undefined {
    const s = plan.sqs;
    if (outages.sqs()) return { kind: 'sqs.outage', ...SQS_UNAVAILABLE };
    const r = random();
    if (r < s.throttleRate) {
      return {
        kind: 'sqs.throttled',
        status: 400,
        type: 'com.amazonaws.sqs#RequestThrottled',
      };
    }
    if (r < s.throttleRate + s.unavailableRate)
      return { kind: 'sqs.unavailable', ...SQS_UNAVAILABLE };
    return undefined;
  }

  function dynamoFault(): InjectedResponse | undefined {
    const d = plan.dynamodb;
    if (outages.dynamodb()) {
      return {
        kind: 'dynamodb.outage',
        status: 503,
        type: 'com.amazonaws.dynamodb.v20120810#ServiceUnavailable',
      };
    }
    const r = random();
    if (r < d.throttleRate) {
      return {
        kind: 'dynamodb.throttled',
        status: 400,
        type:
          random() < 0.5
            ? 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException'
            : 'com.amazon.coral.availability#ThrottlingException',
      };
    }
    if (r < d.throttleRate + d.internalErrorRate) {
      return {
        kind: 'dynamodb.internalError',
        status: 500,
        type: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
      };
    }
    return undefined;
  }
}

/** Counts a service's attempts; true while an outage is on. */
function outageClock(outage: FaultPlan['sqs']['outage']): () => boolean {
  if (!outage) return () => false;
  let attempts = 0;
  let nextAt = outage.afterAttempts;
  let until = 0;
  return () => {
    attempts += 1;
    const now = Date.now();
    if (now < until) return true;
    if (attempts < nextAt) return false;
    until = now + outage.forMs;
    nextAt = outage.everyAttempts ? attempts + outage.everyAttempts : Number.POSITIVE_INFINITY;
    return true;
  };
}

interface InjectedResponse {
  readonly kind: FaultKind;
  readonly status: number;
  /** The error's `__type`, as the service's JSON protocol sends it. */
  readonly type: string;
}

const SQS_UNAVAILABLE = {
  status: 503,
  type: 'com.amazonaws.sqs#ServiceUnavailable',
} as const;

/** The HTTP response the service would send: the SDK's own deserializer turns it into its error. */
function errorResponse(injected: InjectedResponse) {
  const message = `injected fault (${injected.kind})`;
  return {
    statusCode: injected.status,
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amzn-requestid': `injected-${injected.kind}`,
    },
    body: Buffer.from(JSON.stringify({ __type: injected.type, message })),
  };
}
