import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { FUNCTIONS, type FunctionName, findService } from '@jilin/platform';
import { CASE_TABLE, keys } from '@jilin/store';
import type { BundleResult } from './bundles';
import { indexEntrySize, itemSize, type TableShape, type WireItem } from './capacity';
import { type StepCapacity, stepCapacity } from './capacity-steps';
import { type Child, startChild } from './child';
import {
  application,
  citizen,
  claimsOf,
  officer,
  type Person,
  person,
  platform,
  SERVICES,
} from './fixtures';
import { type FreshStart, measureFreshStart } from './fresh';
import { lambdaEnvironment } from './lambda-env';
import { WARM_REQUESTS, type WarmRequest } from './options';
import { benchSource } from './paths';
import {
  caseIdsIn,
  documentCall,
  type ExecutedCall,
  freshCaseId,
  idempotencyIdsIn,
  type RecordedCall,
  rewriteCalls,
  streamInsertsOf,
  writesOf,
} from './replay';
import { roundOrder } from './scale-support';
import {
  bootstrapRatioInterval,
  median,
  medianPairedRatio,
  ratioOfMedians,
  type Summary,
  summarize,
} from './stats';
import { evaluate, TARGETS, type Verdict } from './targets';

/**
 * Warm handler overhead and capacity. Each deployed bundle runs in a child process of its own
 * (its function's environment, pointed at the local platform's DynamoDB Local and SQS), the raw
 * SDK in another. Each case lifecycle is driven through the handlers once with their DynamoDB calls
 * recorded on the wire; then
 * - capacity: each step's recorded calls are replayed on a fresh copy of the case with
 *   ReturnConsumedCapacity (and the items they touch read before and after, for the formulas);
 * - warm overhead: a handler invocation is timed against the raw replay of exactly the calls it
 *   made, on a twin case in the same state (writes need fresh keys), interleaved pair by pair.
 *   Each scenario first runs `warmup` untimed pairs: a handler's own time falls by more than half
 *   over its first ~1,500 requests as V8 optimises it (read case: +0.52 ms in the first 100,
 *   +0.19 ms after 1,500; the raw side warms too), so the judged pairs are a warm container's.
 *   The first {@link FIRST_REQUESTS} pairs of each scenario's warm-up are kept apart as
 *   `firstRequests`, so that cost stays in view. They are a function's early requests only for
 *   the first scenario of each function (submit, worklist, rating, read case): a function's
 *   scenarios run in its process, one after another, so a later one starts on code its
 *   function's earlier scenarios have warmed.
 * - with `floor` (--floor): the warm floor (warm-floor.ts) in a process of its own sends the same
 *   calls through the document client behind middy and Powertools' logger, on twins of its own,
 *   in the same iterations: how much of a handler's overhead is DESIGN's stack and how much is
 *   the platform's code. A third process per iteration moves every side's times on two cores
 *   (in session 8 the reads' ratios rose, read case 1.22–1.24 to 1.26–1.40, and the writes'
 *   fell), so a floor run is read side by side, not against runs without it.
 */

/** How many of the warm-up's first pairs `firstRequests` summarises. */
export const FIRST_REQUESTS = 100;

/** The warm floor's bundle (warm-floor.ts), and the function whose environment it runs in. */
const FLOOR = 'warm-floor' as FunctionName;
const FLOOR_ENVIRONMENT: FunctionName = 'read-cases';

export interface WarmOptions {
  readonly bundles: readonly BundleResult[];
  /** The local platform's environment for the bench platform (tables, queues, endpoints). */
  readonly servicesEnv: Readonly<Record<string, string>>;
  readonly iterations: number;
  readonly warmup: number;
  /**
   * Time a scenario may take once warmed up: on a busy machine it stops early (with at least 20
   * iterations), so a run stays within its budget; the result says how many it measured.
   */
  readonly scenarioBudgetMs: number;
  readonly onProgress: (message: string) => void;
  /**
   * The other checkout's bundles (--ab): their handlers run in a third process, timed in the same
   * iterations on twins of the same cases.
   */
  readonly compareBundles?: readonly BundleResult[];
  /** Fresh containers per function for `freshStart` (0: none). */
  readonly freshRuns: number;
  /**
   * Also time the warm floor (warm-floor.ts: middy, Powertools' logger and the document client
   * sending the handler's own calls, nothing of ours) in the same iterations, on its own twins.
   */
  readonly floor?: boolean;
  /** The requests to time, in the section's order; all of {@link WARM_REQUESTS} by default. */
  readonly requests?: readonly WarmRequest[];
}

export interface LifecycleCapacity {
  readonly service: string;
  readonly serviceCode: string;
  readonly parts: number;
  readonly steps: readonly StepCapacity[];
  readonly total: {
    readonly billed: { readonly rru: number; readonly wru: number };
    readonly reported: { readonly rru: number; readonly wru: number };
    readonly floorWru: number;
  };
  /** Bytes stored for the case when the lifecycle ends: items and index entries. */
  readonly storedBytes: number;
}

export interface WarmResult {
  readonly scenario: string;
  readonly function: FunctionName;
  readonly route: string;
  readonly operations: readonly string[];
  readonly n: number;
  readonly handlerMs: Summary;
  readonly rawMs: Summary;
  readonly ratio: number;
  /** The median of handler − raw over the pairs: the handler's own time. */
  readonly overheadMs: number;
  readonly pairedRatio: number;
  readonly interval: { readonly low: number; readonly high: number };
  readonly verdict: Verdict;
  readonly samples: { readonly handler: readonly number[]; readonly raw: readonly number[] };
  /**
   * The first invocations of the warm-up, timed like the others but not judged: the handler's
   * code before V8 has optimised it (for the first scenario of a function; see the module doc).
   */
  readonly firstRequests?: {
    readonly n: number;
    readonly handlerMs: number;
    readonly rawMs: number;
    readonly ratio: number;
    readonly overheadMs: number;
  };
  /**
   * A fresh container's init and first request against the raw side's, for the first scenario
   * of each function (fresh.ts); not judged.
   */
  readonly freshStart?: FreshStart;
  /**
   * With --floor: the warm floor (warm-floor.ts) sending the same calls in the same iterations,
   * against the same raw side; a reference, not judged.
   */
  readonly floor?: SideResult & {
    /**
     * The median of handler − floor over the iterations: the platform's code, and the Powertools
     * work the floor leaves out (metrics; the idempotency utility beyond its DynamoDB calls).
     */
    readonly handlerOverFloorMs: number;
  };
  /** With --ab: the other checkout's handler, timed in the same iterations. */
  readonly before?: SideResult;
}

/** Another side timed in the same iterations as a handler and its raw calls. */
export interface SideResult {
  readonly handlerMs: Summary;
  readonly ratio: number;
  readonly overheadMs: number;
  readonly interval: { readonly low: number; readonly high: number };
}

export interface WarmSection {
  readonly warm: readonly WarmResult[];
  readonly capacity: readonly LifecycleCapacity[];
}

interface LifecycleStep {
  readonly step: string;
  readonly fn: FunctionName;
  readonly event: unknown;
  readonly calls: RecordedCall[];
}

interface Lifecycle {
  readonly service: string;
  readonly serviceCode: string;
  readonly caseId: string;
  readonly applicant: Person;
  readonly steps: readonly LifecycleStep[];
}

interface HttpResult {
  readonly statusCode: number;
  readonly body?: string;
}

interface CaseViewLike {
  readonly caseId: string;
  readonly tasks: readonly { readonly department: string; readonly version: number }[];
}

const HTTP_FUNCTIONS: readonly FunctionName[] = [
  'submit-application',
  'read-cases',
  'case-action',
  'department-tasks',
];

export async function measureWarm(options: WarmOptions): Promise<WarmSection> {
  // Loaded here, not at the top: its Powertools install an async hook in this process.
  const { apiEvent, lambdaContext } = await import('@jilin/lambda-kit');
  const env = options.servicesEnv;
  const caseTable = env.CASE_TABLE_NAME as string;
  const idempotencyTable = env.IDEMPOTENCY_TABLE_NAME as string;
  const dirOf = (name: string) => {
    const found = options.bundles.find((b) => b.name === name);
    if (!found) throw new Error(`no bundle ${name}`);
    return found.dir;
  };

  const raw = startChild(benchSource('raw-worker.ts'), { cleanEnv: true });
  let handlers: Environments | undefined;
  let handlersB: Environments | undefined;
  let floor: Child | undefined;
  try {
    if (options.floor) {
      // Any HTTP function's environment: the floor's calls name their tables themselves.
      floor = startChild(benchSource('handler-worker.ts'), {
        env: functionEnv(FLOOR_ENVIRONMENT, env),
        cleanEnv: true,
      });
      await floor.call('load', { bundles: { [FLOOR]: dirOf(FLOOR) } });
    }
    handlers = await startEnvironments(
      [...HTTP_FUNCTIONS, 'dispatch-tasks' as const].map((fn) => [fn, dirOf(fn)]),
      env,
    );
    if (options.compareBundles) {
      const other = options.compareBundles;
      handlersB = await startEnvironments(
        HTTP_FUNCTIONS.map((fn) => {
          const found = other.find((b) => b.name === fn);
          if (!found) throw new Error(`--ab: no bundle ${fn}`);
          return [fn, found.dir];
        }),
        env,
      );
    }
    const functions = handlers;
    const rawConfig = {
      region: env.AWS_REGION,
      endpoint: env.AWS_ENDPOINT_URL_DYNAMODB,
      credentials: {
        accessKeyId: env.AWS_ACCESS_KEY_ID,
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      },
    };
    await raw.call('load', { dir: join(dirOf('raw-sdk')), config: rawConfig });

    const context = (fn: FunctionName) => ({
      ...lambdaContext({ functionName: `${platform.slug}-${fn}` }),
    });
    const invoke = async (fn: FunctionName, event: unknown, record = true) => {
      const out = await functions.call<{ result: unknown; calls: RecordedCall[] }>(fn, 'invoke', {
        fn,
        event,
        context: context(fn),
        record,
      });
      return out;
    };
    const http = async (fn: FunctionName, event: unknown, expect: number, record = true) => {
      const { result, calls } = await invoke(fn, event, record);
      const res = result as HttpResult;
      if (res.statusCode !== expect) {
        throw new Error(`${fn} answered ${res.statusCode}, expected ${expect}: ${res.body}`);
      }
      return { view: res.body ? (JSON.parse(res.body) as unknown) : undefined, calls };
    };

    // --- The lifecycles, recorded ---------------------------------------------------------
    const runId = randomBytes(4).toString('hex');
    let sequence = 1;
    const recordLifecycle = async (
      service: string,
      serviceCode: string,
      applicant: Person,
    ): Promise<Lifecycle> => {
      const slug = serviceCode.replace(/[^A-Za-z0-9]/g, '');
      const steps: LifecycleStep[] = [];
      const claims = claimsOf(citizen(applicant));
      const submitEvent = apiEvent({
        routeKey: 'POST /v1/cases',
        body: application(serviceCode, applicant, sequence),
        headers: { 'idempotency-key': `bench-${runId}-${slug}` },
        claims,
      });
      const submitted = await http('submit-application', submitEvent, 201);
      const caseId = (submitted.view as CaseViewLike).caseId;
      steps.push({
        step: 'submit',
        fn: 'submit-application',
        event: submitEvent,
        calls: submitted.calls,
      });

      const transaction = submitted.calls.find((c) => c.operation === 'TransactWriteItems');
      if (!transaction) throw new Error('submit wrote no transaction');
      const records = streamInsertsOf(transaction, {
        tableArn: `arn:aws-cn:dynamodb:${env.AWS_REGION}:000000000000:table/${caseTable}`,
        region: env.AWS_REGION as string,
        firstSequence: sequence * 1000,
      });
      sequence++;
      const streamEvent = { Records: records };
      const dispatched = await invoke('dispatch-tasks', streamEvent);
      const failures = (dispatched.result as { batchItemFailures?: unknown[] }).batchItemFailures;
      if (failures && failures.length > 0) {
        throw new Error(`dispatch reported failures: ${JSON.stringify(failures)}`);
      }
      steps.push({
        step: 'dispatch',
        fn: 'dispatch-tasks',
        event: streamEvent,
        calls: dispatched.calls,
      });

      const readEvent = apiEvent({
        routeKey: 'GET /v1/cases/{caseId}',
        pathParameters: { caseId },
        claims,
      });
      let view = (await http('read-cases', readEvent, 200, false)).view as CaseViewLike;
      const parts = findService(platform, serviceCode)?.parts ?? [];
      for (const part of parts) {
        for (const action of ['accept', 'approve', 'complete'] as const) {
          const version = view.tasks.find((t) => t.department === part.department)?.version;
          const event = apiEvent({
            routeKey: 'POST /v1/cases/{caseId}/tasks/{department}/decision',
            pathParameters: { caseId, department: part.department },
            body: { action, expectedVersion: version },
            claims: claimsOf(officer(part.department)),
          });
          const decided = await http('department-tasks', event, 200);
          view = decided.view as CaseViewLike;
          steps.push({
            step: `${action} (${part.department})`,
            fn: 'department-tasks',
            event,
            calls: decided.calls,
          });
        }
      }
      const read = await http('read-cases', readEvent, 200);
      steps.push({ step: 'read case', fn: 'read-cases', event: readEvent, calls: read.calls });
      const listEvent = apiEvent({ routeKey: 'GET /v1/cases', claims });
      const listed = await http('read-cases', listEvent, 200);
      steps.push({ step: 'my cases', fn: 'read-cases', event: listEvent, calls: listed.calls });
      const rateEvent = apiEvent({
        routeKey: 'POST /v1/cases/{caseId}/rating',
        pathParameters: { caseId },
        body: { level: 'satisfied', comment: '办理很快，态度很好' },
        claims,
      });
      const rated = await http('case-action', rateEvent, 200);
      steps.push({ step: 'rating', fn: 'case-action', event: rateEvent, calls: rated.calls });
      return { service, serviceCode, caseId, applicant, steps };
    };

    options.onProgress('recording a single-department and a bundled case lifecycle');
    const applicant = person(7);
    const single = await recordLifecycle('single-department', SERVICES.single, applicant);
    const bundled = await recordLifecycle('bundled 一件事', SERVICES.bundled, applicant);

    // --- Capacity ----------------------------------------------------------------------------
    options.onProgress('replaying each lifecycle with ReturnConsumedCapacity');
    const shapes: Record<string, TableShape> = {
      [caseTable]: {
        keys: [CASE_TABLE.partitionKey, CASE_TABLE.sortKey],
        indexes: Object.entries(CASE_TABLE.indexes).map(([name, i]) => ({
          name,
          partitionKey: i.partitionKey,
          sortKey: i.sortKey,
          include: i.include,
        })),
      },
      [idempotencyTable]: { keys: ['id'], indexes: [] },
    };
    const keySchemas = Object.fromEntries(
      Object.entries(shapes).map(([name, shape]) => [name, [...shape.keys]]),
    );
    const freshMapping = (calls: readonly RecordedCall[], tag: string) => {
      const mapping = new Map<string, string>();
      for (const id of caseIdsIn(calls)) mapping.set(id, freshCaseId(id, randomBytes));
      for (const id of idempotencyIdsIn(calls, idempotencyTable)) {
        mapping.set(id, `${id}-${tag}-${randomBytes(4).toString('hex')}`);
      }
      return mapping;
    };
    const capacityOf = async (lifecycle: Lifecycle): Promise<LifecycleCapacity> => {
      const mapping = freshMapping(
        lifecycle.steps.flatMap((s) => s.calls),
        'capacity',
      );
      const steps: StepCapacity[] = [];
      const touched = new Map<string, { tableName: string; item: WireItem }>();
      for (const step of lifecycle.steps) {
        const executed = await raw.call<ExecutedCall[]>('execute', {
          calls: rewriteCalls(step.calls, mapping),
          keySchemas,
        });
        steps.push(stepCapacity(step, executed, shapes));
        for (const call of executed) {
          for (const w of call.writes) {
            const item = (w.post ?? w.pre) as WireItem | undefined;
            if (!item) continue;
            const shape = shapes[w.tableName];
            const key = JSON.stringify(shape?.keys.map((k) => item[k]));
            if (w.post) touched.set(`${w.tableName}|${key}`, { tableName: w.tableName, item });
            else touched.delete(`${w.tableName}|${key}`);
          }
        }
      }
      const storedBytes = [...touched.values()]
        .filter((t) => t.tableName === caseTable)
        .reduce((sum, { item }) => sum + storedSize(item, shapes[caseTable] as TableShape), 0);
      const total = {
        billed: {
          rru: steps.reduce((s, x) => s + x.billed.rru, 0),
          wru: steps.reduce((s, x) => s + x.billed.wru, 0),
        },
        reported: {
          rru: steps.reduce((s, x) => s + x.reported.rru, 0),
          wru: steps.reduce((s, x) => s + x.reported.wru, 0),
        },
        floorWru: steps.reduce((s, x) => s + x.floorWru, 0),
      };
      return {
        service: lifecycle.service,
        serviceCode: lifecycle.serviceCode,
        parts: findService(platform, lifecycle.serviceCode)?.parts.length ?? 0,
        steps,
        total,
        storedBytes,
      };
    };
    const capacity = [await capacityOf(single), await capacityOf(bundled)];

    // --- Warm overhead -------------------------------------------------------------------------
    // The timed pairs, then one request each for the fresh containers' runs (a write must not
    // repeat on a case, so they get twins of their own).
    const timed = options.warmup + options.iterations;
    const total = timed + options.freshRuns;
    const perSlot = options.floor ? 4 : 3;
    const stepOf = (lifecycle: Lifecycle, name: string) => {
      const found = lifecycle.steps.find((s) => s.step === name);
      if (!found) throw new Error(`no step ${name}`);
      return found;
    };
    /**
     * Twin cases in the state after `prefix` steps: one for the handler, one for the raw calls,
     * one for the other checkout's handler (and one for the warm floor's calls, with --floor).
     */
    const twins = async (lifecycle: Lifecycle, prefix: readonly string[]) => {
      // One case taken through the prefix by its recorded writes, then copied.
      const writes = writesOf(prefix.flatMap((name) => stepOf(lifecycle, name).calls));
      const mapping = freshMapping(writes, 'template');
      await raw.call('sendMany', { lists: [rewriteCalls(writes, mapping)], concurrency: 1 });
      const template = mapping.get(lifecycle.caseId) as string;
      const ids = await raw.call<string[]>('clone', {
        tableName: caseTable,
        partitionKey: CASE_TABLE.partitionKey,
        partitionValue: keys.casePk(template),
        caseId: template,
        count: perSlot * total,
      });
      return Array.from({ length: total }, (_, i) => ({
        handler: ids[perSlot * i] as string,
        rawMapping: new Map([[lifecycle.caseId, ids[perSlot * i + 1] as string]]),
        handlerB: ids[perSlot * i + 2] as string,
        ...(options.floor
          ? { floorMapping: new Map([[lifecycle.caseId, ids[perSlot * i + 3] as string]]) }
          : {}),
      }));
    };
    const floorOf = (twin: { readonly floorMapping?: Map<string, string> }) => {
      if (!twin.floorMapping) throw new Error('warm: twins built without the floor’s');
      return twin.floorMapping;
    };
    const recordOnce = async (fn: FunctionName, event: unknown, expect: number) =>
      (await http(fn, event, expect)).calls;

    const scenarios: {
      name: WarmRequest;
      fn: FunctionName;
      route: string;
      expect: number;
      build: () => Promise<{
        events: unknown[];
        /** For the other checkout's handler; the same as `events` where a request can repeat. */
        eventsB?: unknown[];
        raws: RecordedCall[][];
        /** The warm floor's calls, on twins of its own; the same as `raws` where calls can repeat. */
        floors?: RecordedCall[][];
        operations: string[];
      }>;
    }[] = [];
    const claims = claimsOf(citizen(applicant));

    scenarios.push({
      name: 'submit',
      fn: 'submit-application',
      route: 'POST /v1/cases',
      expect: 201,
      build: async () => {
        const event = apiEvent({
          routeKey: 'POST /v1/cases',
          body: application(SERVICES.single, applicant, 1),
          claims,
        });
        const calls = await recordOnce('submit-application', event, 201);
        const [id] = caseIdsIn(calls);
        return {
          events: Array.from({ length: total }, () => event),
          raws: Array.from({ length: total }, () =>
            rewriteCalls(calls, new Map([[id as string, freshCaseId(id as string, randomBytes)]])),
          ),
          floors: Array.from({ length: options.floor ? total : 0 }, () =>
            rewriteCalls(calls, new Map([[id as string, freshCaseId(id as string, randomBytes)]])),
          ),
          operations: calls.map((c) => c.operation),
        };
      },
    });
    scenarios.push({
      name: 'submit + Idempotency-Key',
      fn: 'submit-application',
      route: 'POST /v1/cases',
      expect: 201,
      build: async () => {
        const calls = stepOf(single, 'submit').calls;
        const body = application(SERVICES.single, applicant, 1);
        return {
          events: Array.from({ length: total }, (_, i) =>
            apiEvent({
              routeKey: 'POST /v1/cases',
              body,
              headers: { 'idempotency-key': `bench-${runId}-warm-${i}` },
              claims,
            }),
          ),
          eventsB: Array.from({ length: total }, (_, i) =>
            apiEvent({
              routeKey: 'POST /v1/cases',
              body,
              headers: { 'idempotency-key': `bench-${runId}-warm-b-${i}` },
              claims,
            }),
          ),
          raws: Array.from({ length: total }, (_, i) =>
            rewriteCalls(calls, freshMapping(calls, `warm-${i}`)),
          ),
          floors: Array.from({ length: options.floor ? total : 0 }, (_, i) =>
            rewriteCalls(calls, freshMapping(calls, `warm-floor-${i}`)),
          ),
          operations: calls.map((c) => c.operation),
        };
      },
    });
    const decisionTwins = { value: undefined as Awaited<ReturnType<typeof twins>> | undefined };
    scenarios.push({
      name: 'decision (accept)',
      fn: 'department-tasks',
      route: 'POST /v1/cases/{caseId}/tasks/{department}/decision',
      expect: 200,
      build: async () => {
        const pairs = decisionTwins.value ?? (await twins(single, ['submit', 'dispatch']));
        const step = stepOf(single, 'accept (hrss)');
        const body = JSON.parse((step.event as { body: string }).body) as unknown;
        return {
          events: pairs.map((p) =>
            apiEvent({
              routeKey: 'POST /v1/cases/{caseId}/tasks/{department}/decision',
              pathParameters: { caseId: p.handler, department: 'hrss' },
              body,
              claims: claimsOf(officer('hrss')),
            }),
          ),
          eventsB: pairs.map((p) =>
            apiEvent({
              routeKey: 'POST /v1/cases/{caseId}/tasks/{department}/decision',
              pathParameters: { caseId: p.handlerB, department: 'hrss' },
              body,
              claims: claimsOf(officer('hrss')),
            }),
          ),
          raws: pairs.map((p) => rewriteCalls(step.calls, p.rawMapping)),
          floors: options.floor ? pairs.map((p) => rewriteCalls(step.calls, floorOf(p))) : [],
          operations: step.calls.map((c) => c.operation),
        };
      },
    });
    scenarios.push({
      name: 'worklist',
      fn: 'department-tasks',
      route: 'GET /v1/departments/{department}/tasks',
      expect: 200,
      build: async () => {
        // Twins of the decision scenario wait in 预审: a full page of the worklist.
        decisionTwins.value = await twins(single, ['submit', 'dispatch']);
        const event = apiEvent({
          routeKey: 'GET /v1/departments/{department}/tasks',
          pathParameters: { department: 'hrss' },
          query: { status: 'prereview' },
          claims: claimsOf(officer('hrss')),
        });
        const calls = await recordOnce('department-tasks', event, 200);
        return {
          events: Array.from({ length: total }, () => event),
          raws: Array.from({ length: total }, () => calls),
          operations: calls.map((c) => c.operation),
        };
      },
    });
    scenarios.push({
      name: 'rating',
      fn: 'case-action',
      route: 'POST /v1/cases/{caseId}/rating',
      expect: 200,
      build: async () => {
        const pairs = await twins(single, [
          'submit',
          'dispatch',
          'accept (hrss)',
          'approve (hrss)',
          'complete (hrss)',
        ]);
        const step = stepOf(single, 'rating');
        const body = JSON.parse((step.event as { body: string }).body) as unknown;
        return {
          events: pairs.map((p) =>
            apiEvent({
              routeKey: 'POST /v1/cases/{caseId}/rating',
              pathParameters: { caseId: p.handler },
              body,
              claims,
            }),
          ),
          eventsB: pairs.map((p) =>
            apiEvent({
              routeKey: 'POST /v1/cases/{caseId}/rating',
              pathParameters: { caseId: p.handlerB },
              body,
              claims,
            }),
          ),
          raws: pairs.map((p) => rewriteCalls(step.calls, p.rawMapping)),
          floors: options.floor ? pairs.map((p) => rewriteCalls(step.calls, floorOf(p))) : [],
          operations: step.calls.map((c) => c.operation),
        };
      },
    });
    scenarios.push({
      name: 'read case',
      fn: 'read-cases',
      route: 'GET /v1/cases/{caseId}',
      expect: 200,
      build: async () => {
        const event = stepOf(single, 'read case').event;
        const calls = await recordOnce('read-cases', event, 200);
        return {
          events: Array.from({ length: total }, () => event),
          raws: Array.from({ length: total }, () => calls),
          operations: calls.map((c) => c.operation),
        };
      },
    });
    scenarios.push({
      name: 'my cases',
      fn: 'read-cases',
      route: 'GET /v1/cases',
      expect: 200,
      build: async () => {
        const event = stepOf(single, 'my cases').event;
        const calls = await recordOnce('read-cases', event, 200);
        return {
          events: Array.from({ length: total }, () => event),
          raws: Array.from({ length: total }, () => calls),
          operations: calls.map((c) => c.operation),
        };
      },
    });

    // WARM_REQUESTS' order: the worklist scenario prepares the decision's twins (without it, the
    // decision builds its own).
    const order: readonly WarmRequest[] = options.requests ?? WARM_REQUESTS;
    const warm: WarmResult[] = [];
    /** The functions whose first scenario has run: a fresh container's request is its first. */
    const started = new Set<FunctionName>();
    for (const name of order) {
      const scenario = scenarios.find((s) => s.name === name);
      if (!scenario) throw new Error(`warm: no scenario for the request "${name}"`);
      options.onProgress(`warm: ${scenario.name}`);
      const { events, eventsB, raws, floors, operations } = await scenario.build();
      const floorCalls = options.floor
        ? (floors ?? raws).map((calls) => calls.map(documentCall))
        : [];
      if (options.floor && floorCalls.length < timed) {
        throw new Error(
          `warm: ${scenario.name} built ${floorCalls.length} floor requests, not ${timed}`,
        );
      }
      // The timed pairs, then the fresh containers' trials: each needs its own request.
      if (events.length < total || raws.length < total) {
        throw new Error(`warm: ${scenario.name} built ${events.length} requests, not ${total}`);
      }
      const handlerMs: number[] = [];
      const rawMs: number[] = [];
      const handlerBMs: number[] = [];
      const floorMs: number[] = [];
      const firstHandlerMs: number[] = [];
      const firstRawMs: number[] = [];
      const timeWith = (environments: Environments, event: unknown) => () =>
        environments.call<number>(scenario.fn, 'time', {
          fn: scenario.fn,
          event,
          context: context(scenario.fn),
          expectStatus: scenario.expect,
        });
      let measuring = 0;
      const freshStart =
        options.freshRuns > 0 && !started.has(scenario.fn)
          ? await measureFreshStart({
              bundleDir: dirOf(scenario.fn),
              rawBundleDir: dirOf('raw-sdk'),
              env: functionEnv(scenario.fn, env),
              trials: Array.from({ length: options.freshRuns }, (_, k) => ({
                event: events[timed + k],
                context: context(scenario.fn),
                calls: raws[timed + k] as RecordedCall[],
              })),
              expectStatus: scenario.expect,
            })
          : undefined;
      started.add(scenario.fn);
      for (let i = 0; i < timed; i++) {
        if (i === options.warmup) measuring = performance.now();
        if (i >= options.warmup + 20 && performance.now() - measuring > options.scenarioBudgetMs) {
          options.onProgress(
            `warm: ${scenario.name} stopped at ${handlerMs.length} iterations (budget)`,
          );
          break;
        }
        const runs: [string, () => Promise<number>][] = [
          ['h', timeWith(functions, events[i])],
          ['r', () => raw.call<number>('time', { calls: raws[i] })],
        ];
        if (handlersB) runs.push(['b', timeWith(handlersB, (eventsB ?? events)[i])]);
        const floorSide = floor;
        if (floorSide) {
          runs.push([
            'f',
            () =>
              floorSide.call<number>('time', {
                fn: FLOOR,
                event: { calls: floorCalls[i] },
                context: context(FLOOR_ENVIRONMENT),
                expectStatus: 200,
              }),
          ]);
        }
        // Each order in turn, so no side always goes first or always follows the same one.
        const times = new Map<string, number>();
        for (const k of roundOrder(i, runs.length)) {
          const [key, run] = runs[k] as (typeof runs)[number];
          times.set(key, await run());
        }
        if (i < Math.min(options.warmup, FIRST_REQUESTS)) {
          firstHandlerMs.push(times.get('h') as number);
          firstRawMs.push(times.get('r') as number);
        }
        if (i >= options.warmup) {
          handlerMs.push(times.get('h') as number);
          rawMs.push(times.get('r') as number);
          if (handlersB) handlerBMs.push(times.get('b') as number);
          if (floorSide) floorMs.push(times.get('f') as number);
        }
      }
      const ratio = ratioOfMedians(handlerMs, rawMs);
      const interval = bootstrapRatioInterval(handlerMs, rawMs, { paired: true });
      const overhead = (own: readonly number[]) =>
        median(own.map((h, k) => h - (rawMs[k] as number)));
      const side = (own: readonly number[]): SideResult => ({
        handlerMs: summarize(own),
        ratio: ratioOfMedians(own, rawMs),
        overheadMs: overhead(own),
        interval: bootstrapRatioInterval(own, rawMs, { paired: true }),
      });
      warm.push({
        scenario: scenario.name,
        function: scenario.fn,
        route: scenario.route,
        operations,
        n: handlerMs.length,
        handlerMs: summarize(handlerMs),
        rawMs: summarize(rawMs),
        ratio,
        overheadMs: overhead(handlerMs),
        pairedRatio: medianPairedRatio(handlerMs, rawMs),
        interval,
        verdict: evaluate(ratio, TARGETS.warmOverhead, interval),
        samples: { handler: handlerMs, raw: rawMs },
        ...(firstHandlerMs.length > 0
          ? {
              firstRequests: {
                n: firstHandlerMs.length,
                handlerMs: median(firstHandlerMs),
                rawMs: median(firstRawMs),
                ratio: ratioOfMedians(firstHandlerMs, firstRawMs),
                overheadMs: median(firstHandlerMs.map((h, k) => h - (firstRawMs[k] as number))),
              },
            }
          : {}),
        ...(freshStart ? { freshStart } : {}),
        ...(floor
          ? {
              floor: {
                ...side(floorMs),
                handlerOverFloorMs: median(handlerMs.map((h, k) => h - (floorMs[k] as number))),
              },
            }
          : {}),
        ...(handlersB ? { before: side(handlerBMs) } : {}),
      });
    }
    return { warm, capacity };
  } finally {
    await Promise.all([handlers?.close(), raw.close(), handlersB?.close(), floor?.close()]);
  }
}

/** A function's Lambda environment (what infra gives it), with the local services' endpoints. */
function functionEnv(
  fn: FunctionName,
  services: Readonly<Record<string, string>>,
): Record<string, string> {
  const spec = FUNCTIONS.find((f) => f.name === fn);
  if (!spec) throw new Error(`no function ${fn} in the topology`);
  return lambdaEnvironment(spec, { services });
}

/** The functions' execution environments, by function. */
interface Environments {
  call<T>(fn: FunctionName, method: string, args: object): Promise<T>;
  close(): Promise<void>;
}

/**
 * One process per function, as in Lambda: each imports only its own bundle and runs with its own
 * environment (lambdaEnvironment: what infra gives that function, with the local services'
 * names and endpoints). Sharing one process among the functions (as until session 7) put every
 * bundle's copy of the SDK, Powertools and their async context in each handler's way.
 */
async function startEnvironments(
  bundles: readonly (readonly [FunctionName, string])[],
  services: Readonly<Record<string, string>>,
): Promise<Environments> {
  const children = new Map<FunctionName, Child>();
  const close = async () => {
    await Promise.all([...children.values()].map((c) => c.close()));
  };
  try {
    for (const [fn, dir] of bundles) {
      const child = startChild(benchSource('handler-worker.ts'), {
        env: functionEnv(fn, services),
        cleanEnv: true,
      });
      children.set(fn, child);
      await child.call('load', { bundles: { [fn]: dir } });
    }
  } catch (error) {
    await close();
    throw error;
  }
  return {
    call: <T>(fn: FunctionName, method: string, args: object) => {
      const child = children.get(fn);
      if (!child) throw new Error(`${fn} has no execution environment here`);
      return child.call<T>(method, args);
    },
    close,
  };
}

/** Bytes an item stores (DynamoDB adds 100 bytes of overhead per item and per index entry). */
function storedSize(item: WireItem, shape: TableShape): number {
  let size = itemSize(item) + 100;
  for (const index of shape.indexes) {
    if (index.partitionKey in item && index.sortKey in item) {
      size += indexEntrySize(item, shape, index) + 100;
    }
  }
  return size;
}
