import { type FSWatcher, watch as watchFiles } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createOpenApiDocument } from '@jilin/cases';
import {
  FUNCTIONS,
  findService,
  getPlatform,
  type PlatformSlug,
  PrincipalSchema,
  platformSlugs,
} from '@jilin/platform';
import { matchesTaskStreamFilter } from '@jilin/store';
import { createApiGateway } from './api-gateway';
import { issueToken } from './dev-issuer';
import { type DispatchFailureRedrive, redriveDispatchFailures } from './dispatch-failures';
import { LOCAL_AWS } from './dynamodb-local';
import {
  createFaultRecorder,
  type FaultEvent,
  type FaultPlanInput,
  type FaultRecorder,
  parseFaultPlan,
  streamFaults,
} from './faults';
import { findRepoRoot } from './repo-root';
import { createRuntime, type Runtime } from './runtime';
import { type Scheduler, startScheduler } from './scheduler';
import { type LocalServices, type LocalServicesOptions, startLocalServices } from './services';
import { type DepartmentSimulators, startDepartmentSimulators } from './simulators';
import { type StreamPoller, sqsFailureDestination, startStreamPoller } from './stream-poller';

export interface LocalPlatformOptions {
  /** @default every platform: the province and the three pilot cities */
  readonly platforms?: readonly PlatformSlug[];
  /** The API's port. @default 0 (a free port) */
  readonly port?: number;
  /** Ports of the emulators. @default free ports */
  readonly dynamoPort?: number;
  readonly sqsPort?: number;
  /** Run the schedules (flag-overdue). @default true */
  readonly schedules?: boolean;
  /** Department back-ends that accept, approve and complete every task they receive. @default false */
  readonly simulate?: boolean;
  /** Reload functions when their source changes. @default false */
  readonly watch?: boolean;
  /** Where handler logs go (`discard`: nowhere, errors included). @default 'stdout' */
  readonly functionLogs?: 'stdout' | 'stderr' | 'discard';
  /** Seconds a received task message stays invisible (the consumer's visibility timeout). */
  readonly visibilityTimeoutSeconds?: LocalServicesOptions['visibilityTimeoutSeconds'];
  /** Problems the background parts survive (a failed poll, a failed simulated decision). */
  readonly onError?: (where: string, error: unknown) => void;
  /**
   * Inject faults at the functions' AWS SDK boundary and in the table stream's delivery (see
   * faults.ts; local only, the handlers know nothing of it). Checked when the platform starts.
   * @default no faults
   */
  readonly faults?: FaultPlanInput;
  /** Hears of each fault injected, and of its effects on the SDK's retries. */
  readonly onFault?: (event: FaultEvent) => void;
}

export interface LocalPlatform {
  /** The API, every platform under `/<slug>`, e.g. http://127.0.0.1:3000/changchun/v1/... */
  readonly url: string;
  readonly platforms: readonly PlatformSlug[];
  readonly services: LocalServices;
  readonly runtime: Runtime;
  /** What the `faults` plan injected so far, by kind; undefined without a plan. */
  readonly faults: FaultRecorder | undefined;
  /** Resolves once every change written so far has gone through dispatch. */
  drain(platform?: PlatformSlug): Promise<void>;
  /** Runs a platform's overdue scan now, as its schedule would. */
  runSchedule(platform: PlatformSlug): Promise<unknown>;
  /**
   * Gives the stream batches that exhausted their retries (the messages of
   * `<slug>-dispatch-failures`) to dispatch-tasks again, read back from the stream by their
   * sequence numbers (see dispatch-failures.ts).
   */
  redriveDispatchFailures(platform: PlatformSlug): Promise<DispatchFailureRedrive>;
  stop(): Promise<void>;
}

/**
 * The whole platform on one machine, for every city at once: DynamoDB Local and fauxqs with each
 * platform's tables and queues, the HTTP API (routes from the topology, JWT checked against the
 * dev issuer), each function in its own worker with its platform's environment, the table stream
 * driving dispatch, the schedules, and optionally simulated department back-ends.
 */
export async function startLocalPlatform(
  options: LocalPlatformOptions = {},
): Promise<LocalPlatform> {
  const platforms = options.platforms ?? platformSlugs;
  const report = options.onError ?? (() => undefined);
  const repoRoot = findRepoRoot();
  const faultPlan = options.faults ? parseFaultPlan(options.faults) : undefined;
  const faults = faultPlan ? createFaultRecorder() : undefined;
  const onFault = (event: FaultEvent) => {
    faults?.record(event);
    options.onFault?.(event);
  };
  const services = await startLocalServices({
    platforms,
    ...(options.dynamoPort !== undefined ? { dynamoPort: options.dynamoPort } : {}),
    ...(options.sqsPort !== undefined ? { sqsPort: options.sqsPort } : {}),
    ...(options.visibilityTimeoutSeconds !== undefined
      ? { visibilityTimeoutSeconds: options.visibilityTimeoutSeconds }
      : {}),
  });
  const runtime = createRuntime({
    repoRoot,
    envFor: (platform) => services.env(platform),
    functionLogs: options.functionLogs ?? 'stdout',
    logErrors: options.functionLogs !== 'discard',
    ...(faultPlan ? { faults: faultPlan, onFault } : {}),
  });
  const gateway = createApiGateway({
    invoke: (platform, fn, event) => runtime.invoke(platform, fn, event),
    platforms,
    openApi: () => createOpenApiDocument(),
  });
  const url = await gateway.listen(options.port ?? 0);

  const pollers = new Map<PlatformSlug, StreamPoller>();
  const schedulers = new Map<PlatformSlug, Scheduler>();
  const simulators: DepartmentSimulators[] = [];
  const failureDestinations: { close(): void }[] = [];
  const schedule = FUNCTIONS.find((f) => f.trigger.kind === 'schedule');

  for (const platform of platforms) {
    const onFailure = sqsFailureDestination({
      queueUrl: services.failureQueueUrl(platform),
      sqsEndpoint: services.sqsEndpoint,
      functionName: `${platform}-dispatch-tasks`,
    });
    failureDestinations.push(onFailure);
    pollers.set(
      platform,
      await startStreamPoller({
        endpoint: services.dynamoEndpoint,
        tableName: services.tables(platform).caseTable,
        invoke: (event) => runtime.invoke(platform, 'dispatch-tasks', event),
        // The event source mapping's filter in the stacks: task items only.
        filter: matchesTaskStreamFilter,
        onFailure,
        onError: (error) => report(`${platform} stream`, error),
        ...(faultPlan ? { faults: streamFaults(faultPlan, platform, onFault) } : {}),
      }),
    );
    if (schedule && schedule.trigger.kind === 'schedule' && options.schedules !== false) {
      schedulers.set(
        platform,
        startScheduler({
          everySeconds: schedule.trigger.localEverySeconds,
          ruleName: `${platform}-${schedule.name}`,
          invoke: (event) => runtime.invoke(platform, schedule.name, event),
          onError: (error) => report(`${platform} schedule`, error),
        }),
      );
    }
    if (options.simulate) {
      simulators.push(simulateDepartments(platform, url, services, report));
    }
  }

  const watchers: FSWatcher[] = [];
  if (options.watch) {
    let timer: NodeJS.Timeout | undefined;
    const reload = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        runtime.reload().catch((error) => report('reload', error));
      }, 150);
    };
    for (const dir of ['functions', 'packages']) {
      watchers.push(
        watchFiles(join(repoRoot, dir), { recursive: true }, (_, file) => {
          if (file && /\.ts$/.test(file) && !file.includes('node_modules')) reload();
        }),
      );
    }
  }

  let stopped = false;
  return {
    url,
    platforms,
    services,
    runtime,
    faults,
    async drain(platform) {
      const targets = platform ? [pollers.get(platform)] : [...pollers.values()];
      await Promise.all(targets.map((p) => p?.drain()));
    },
    async runSchedule(platform) {
      const scheduler = schedulers.get(platform);
      if (scheduler) return scheduler.runNow();
      return runtime.invoke(platform, 'flag-overdue', {});
    },
    async redriveDispatchFailures(platform) {
      const config = { ...LOCAL_AWS };
      const sqs = new SQSClient({ ...config, endpoint: services.sqsEndpoint });
      const streams = new DynamoDBStreamsClient({ ...config, endpoint: services.dynamoEndpoint });
      try {
        return await redriveDispatchFailures({
          failureQueueUrl: services.failureQueueUrl(platform),
          sqs,
          streams,
          invoke: (event) => runtime.invoke(platform, 'dispatch-tasks', event),
          filter: matchesTaskStreamFilter,
        });
      } finally {
        sqs.destroy();
        streams.destroy();
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const w of watchers) w.close();
      await Promise.all(simulators.map((s) => s.stop()));
      await Promise.all([...schedulers.values()].map((s) => s.stop()));
      await Promise.all([...pollers.values()].map((p) => p.stop()));
      for (const f of failureDestinations) f.close();
      await gateway.close();
      await runtime.close();
      await services.stop();
    },
  };
}

/**
 * Department back-ends played by the SDK: each task message is decided through the platform's
 * own API with an officer's token: 受理, then 准予, then 办结 (a withdrawal needs nothing).
 */
function simulateDepartments(
  platform: PlatformSlug,
  url: string,
  services: LocalServices,
  report: (where: string, error: unknown) => void,
): DepartmentSimulators {
  const queues = Object.fromEntries(
    Object.entries(services.queues(platform)).map(([dept, q]) => [dept, q.queueUrl]),
  );
  const config = getPlatform(platform);
  return startDepartmentSimulators({
    sqsEndpoint: services.sqsEndpoint,
    queues,
    onError: (error) => report(`${platform} simulator`, error),
    decide: async (message) => {
      const body = message.body as {
        type?: string;
        caseId?: string;
        department?: string;
        serviceCode?: string;
        decisionPath?: string;
      };
      if (body.type !== 'task.assigned' && body.type !== 'task.resubmitted') return;
      if (!body.decisionPath || !body.department || !body.caseId) return;
      if (body.serviceCode && !findService(config, body.serviceCode)) return;
      const token = await issueToken(
        PrincipalSchema.parse({
          role: 'officer',
          sub: `simulator-${platform}-${body.department}`,
          platform,
          department: body.department,
        }),
      );
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const read = await fetch(`${url}/${platform}/v1/cases/${body.caseId}`, { headers });
      if (!read.ok) throw new Error(`simulator could not read case ${body.caseId}: ${read.status}`);
      const view = (await read.json()) as { tasks: { department: string; version: number }[] };
      let version = view.tasks.find((t) => t.department === body.department)?.version ?? 0;
      for (const action of ['accept', 'approve', 'complete']) {
        const res = await fetch(`${url}/${platform}${body.decisionPath}`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ action, expectedVersion: version }),
        });
        if (!res.ok)
          throw new Error(`simulator ${action} failed: ${res.status} ${await res.text()}`);
        const after = (await res.json()) as { tasks: { department: string; version: number }[] };
        version = after.tasks.find((t) => t.department === body.department)?.version ?? version;
      }
    },
  });
}
