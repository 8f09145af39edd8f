import { performance } from 'node:perf_hooks';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ENV, getPlatform, type PlatformSlug, PrincipalSchema } from '@jilin/platform';
import { runRedrive } from '../cli/run-redrive';
import { LOCAL_AWS } from '../dynamodb-local';
import {
  FAULT_KINDS,
  type FaultEvent,
  type FaultPlanInput,
  parseFaultPlan,
  seededRandom,
} from '../faults';
import { type LocalPlatform, startLocalPlatform } from '../platform';
import { makeSubmission, type Submission } from './applications';
import { type ConsumerFaults, type DepartmentStats, startDepartments } from './departments';
import { call, sleep, tokenCache } from './http';
import { type SubmissionOutcome, submitOne } from './submit';
import { readTable, type Verdict, verify } from './verify';

/**
 * The soak: one city's platform, N submissions through the HTTP API while faults are injected at
 * the functions' SDK boundary, in the stream and in the department consumers; then every
 * department decides everything, dead letters are redriven, and the table is checked: nothing
 * lost, nothing done twice.
 */

export interface SoakOptions {
  /** How many logical submissions. */
  readonly cases: number;
  /** Seeds every PRNG of the run (faults, the mix, the consumers). @default 1 */
  readonly seed?: number;
  /** Submissions in flight at once. @default 16 */
  readonly concurrency?: number;
  /** Tasks being decided at once, over all departments. @default 3 × concurrency */
  readonly deciders?: number;
  /** @default 'changchun' */
  readonly platform?: PlatformSlug;
  /** @default soakFaultPlan(seed) */
  readonly faults?: FaultPlanInput;
  /** @default SOAK_CONSUMER_FAULTS */
  readonly consumerFaults?: ConsumerFaults;
  /** Seconds a received task message stays invisible. @default 8 */
  readonly visibilityTimeoutSeconds?: number;
  /**
   * Settling after the submissions (the stream catching up, the departments deciding, the
   * redrives) goes on as long as something moves; it gives up when nothing has for this long.
   * @default 300 s
   */
  readonly stallTimeoutMs?: number;
  /** Progress lines. */
  readonly log?: (line: string) => void;
  /** The functions' log lines (JSON, one per line). @default 'discard' */
  readonly functionLogs?: 'stderr' | 'discard';
}

export interface SoakReport {
  readonly verdict: Verdict;
  /** Faults injected and their effects, by kind. */
  readonly faults: Readonly<Record<FaultEvent, number>>;
  readonly submissions: {
    readonly total: number;
    readonly accepted: number;
    readonly withKey: number;
    readonly atWindow: number;
    readonly bundled: number;
    readonly unacknowledged: number;
    readonly refused: number;
    readonly gaveUp: number;
    /** Requests sent again by clients with an Idempotency-Key. */
    readonly retries: number;
    readonly retriesInProgress: number;
  };
  readonly departments: DepartmentStats;
  readonly redrives: {
    /** Department DLQ messages moved back by `npm run redrive -- --department …`. */
    readonly dlqMessages: number;
    readonly dlqRuns: number;
    /** Dispatch on-failure destination messages (stream batches that exhausted their retries). */
    readonly dispatchFailures: number;
    readonly dispatchFailureRecords: number;
  };
  /** Submissions whose clients gave up, with the last answers they got. */
  readonly givenUp: readonly { index: number; attempts: number; last: readonly string[] }[];
  /** Errors the background parts survived, by where. */
  readonly backgroundErrors: Readonly<Record<string, number>>;
  readonly timings: {
    readonly startMs: number;
    readonly submitMs: number;
    readonly settleMs: number;
    readonly verifyMs: number;
    readonly totalMs: number;
  };
  /** Everything came to rest (queues, DLQs and the failure destination empty); else it stalled. */
  readonly settled: boolean;
  /** Exit status: 0 when it settled, nothing was lost or duplicated and every submission was answered. */
  readonly ok: boolean;
}

/** The consumer faults of a soak. */
export const SOAK_CONSUMER_FAULTS: ConsumerFaults = {
  failRate: 0.03,
  duplicateRate: 0.03,
  poisonRate: 0.004,
  shuffle: true,
};

/**
 * The faults of a soak: SDK faults that the SDK's retries mostly absorb, handler deaths after
 * their writes, duplicate and stale stream deliveries, and short outages of SQS and DynamoDB
 * that outlast every retry (a stream batch that exhausts its retries goes to the dispatch
 * failure destination; a submission or decision gets its 5xx).
 */
export const soakFaultPlan = (seed: number): FaultPlanInput => ({
  seed,
  sqs: {
    batchEntryFailureRate: 0.02,
    throttleRate: 0.03,
    unavailableRate: 0.02,
    outage: { afterAttempts: 150, forMs: 3_000, everyAttempts: 3_000 },
  },
  dynamodb: {
    throttleRate: 0.02,
    internalErrorRate: 0.01,
    outage: { afterAttempts: 300, forMs: 1_500, everyAttempts: 6_000 },
  },
  handlers: { dieAfterWriteRate: 0.01 },
  stream: { duplicateBatchRate: 0.05, staleReplayRate: 0.05, staleReplayAfterBatches: 3 },
});

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const log = options.log ?? (() => undefined);
  const seed = options.seed ?? 1;
  const concurrency = options.concurrency ?? 16;
  const slug = options.platform ?? 'changchun';
  const config = getPlatform(slug);
  const plan = parseFaultPlan(options.faults ?? soakFaultPlan(seed));
  const consumerFaults = options.consumerFaults ?? SOAK_CONSUMER_FAULTS;
  const backgroundErrors: Record<string, number> = {};
  const started = performance.now();

  // Lambda runs in UTC; so do the functions here (as `npm start` does).
  process.env.TZ = 'UTC';
  const platform = await startLocalPlatform({
    platforms: [slug],
    schedules: false,
    functionLogs: options.functionLogs ?? 'discard',
    visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 8,
    faults: plan,
    onError: (where) => {
      backgroundErrors[where] = (backgroundErrors[where] ?? 0) + 1;
    },
  });
  const recorder = platform.faults;
  if (!recorder) throw new Error('the platform started without its fault plan');
  const baseUrl = `${platform.url}/${slug}`;
  const token = tokenCache();
  const queues = platform.services.queues(slug);
  const sqs = new SQSClient({ ...LOCAL_AWS, endpoint: platform.services.sqsEndpoint });
  const departments = startDepartments({
    slug,
    baseUrl,
    sqsEndpoint: platform.services.sqsEndpoint,
    queues: Object.fromEntries(Object.entries(queues).map(([d, q]) => [d, q.queueUrl])),
    token,
    random: seededRandom(seed, 'departments'),
    faults: consumerFaults,
    record: (kind) => recorder.record(kind),
    concurrency: options.deciders ?? concurrency * 3,
    onError: () => {
      backgroundErrors.consumer = (backgroundErrors.consumer ?? 0) + 1;
    },
  });
  await warmUp(platform, slug, baseUrl, token);
  const startMs = performance.now() - started;
  log(`platform up in ${(startMs / 1000).toFixed(1)} s; submitting ${options.cases} cases`);

  try {
    // Submit ----------------------------------------------------------------------------------
    const mix = seededRandom(seed, 'submissions');
    const submissions: Submission[] = Array.from({ length: options.cases }, (_, i) =>
      makeSubmission(i, mix, { platform: config, seed }),
    );
    const outcomes = new Map<number, SubmissionOutcome>();
    let retries = 0;
    let retriesInProgress = 0;
    const clientRandom = seededRandom(seed, 'clients');
    let next = 0;
    const step = Math.max(1, Math.ceil(options.cases / 10));
    const submitStarted = performance.now();
    await Promise.all(
      Array.from({ length: Math.min(concurrency, options.cases) }, async () => {
        for (let i = next++; i < submissions.length; i = next++) {
          const submission = submissions[i] as Submission;
          outcomes.set(
            i,
            await submitOne(submission, {
              baseUrl,
              token,
              random: clientRandom,
              onRetry: (_, code) => {
                retries += 1;
                if (code === 'REQUEST_IN_PROGRESS') retriesInProgress += 1;
              },
            }),
          );
          if (outcomes.size % step === 0) {
            log(
              `  ${outcomes.size}/${options.cases} submitted (${((performance.now() - submitStarted) / 1000).toFixed(0)} s), ${departments.delivered.size} tasks delivered, ${departments.stats.decisions} decisions`,
            );
          }
        }
      }),
    );
    const submitMs = performance.now() - submitStarted;

    // Settle ----------------------------------------------------------------------------------
    const settleStarted = performance.now();
    const stallTimeoutMs = options.stallTimeoutMs ?? 300_000;
    let signature = '';
    let movedAt = Date.now();
    /** Notes whether anything moved since last asked; true once nothing has for too long. */
    const stalled = () => {
      const now = [
        departments.delivered.size,
        departments.stats.received,
        departments.stats.decisions,
        dispatchFailureRecords,
        dlqMessages,
      ].join(':');
      if (now !== signature) {
        signature = now;
        movedAt = Date.now();
      }
      return Date.now() - movedAt > stallTimeoutMs;
    };
    let settled = false;
    let dlqMessages = 0;
    let dlqRuns = 0;
    let dispatchFailures = 0;
    let dispatchFailureRecords = 0;
    let quiet = 0;
    let lastLog = Date.now();
    const depth = async (url: string) => {
      const { Attributes = {} } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: url,
          AttributeNames: [
            'ApproximateNumberOfMessages',
            'ApproximateNumberOfMessagesNotVisible',
            'ApproximateNumberOfMessagesDelayed',
          ],
        }),
      );
      return (
        Number(Attributes.ApproximateNumberOfMessages ?? 0) +
        Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0) +
        Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0)
      );
    };
    const failureQueueUrl = platform.services.failureQueueUrl(slug);
    while (!stalled()) {
      // The stream may be far behind the submissions: wait for it while anything moves, and
      // say how it goes.
      const drained = platform.drain(slug).then(() => true);
      drained.catch(() => undefined); // awaited below, unless the run gives up first
      let caughtUp = false;
      while (!caughtUp && !stalled()) {
        caughtUp = await Promise.race([drained, sleep(15_000).then(() => false)]);
        if (!caughtUp) {
          log(
            `  dispatching: ${departments.delivered.size} tasks delivered, ${departments.stats.decisions} decisions`,
          );
        }
      }
      if (!caughtUp) break;
      const failures = await depth(failureQueueUrl);
      if (failures > 0) {
        // Stream batches that exhausted their retries: read back and dispatched again; what
        // fails again stays in the destination for the next round.
        const recovered = await recoverDispatchFailures(platform, slug, log);
        dispatchFailures += recovered.batches;
        dispatchFailureRecords += recovered.records;
        quiet = 0;
        if (recovered.batches === 0) await sleep(1_000);
        continue;
      }
      const working = (await Promise.all(Object.values(queues).map((q) => depth(q.queueUrl))))
        .concat(departments.inFlight())
        .reduce((a, b) => a + b, 0);
      const dead = (await Promise.all(Object.values(queues).map((q) => depth(q.dlqUrl)))).reduce(
        (a, b) => a + b,
        0,
      );
      if (Date.now() - lastLog > 5_000) {
        lastLog = Date.now();
        log(
          `  settling: ${working} task messages in queues or at work, ${dead} dead-lettered, ${departments.delivered.size} tasks delivered`,
        );
      }
      if (working === 0 && dead > 0) {
        // Every poisoned message is in a DLQ now: the back-end is fixed, and the operator
        // redrives the DLQs (`npm run redrive -- --platform <slug> --department <id>`).
        departments.stopPoisoning();
        dlqRuns += 1;
        for (const [department, queue] of Object.entries(queues)) {
          if ((await depth(queue.dlqUrl)) === 0) continue;
          // The documented command, run as an operator would (its own process, none of the
          // soak's faults: the outage is over). Exit status 1 (some moved back again) is an answer.
          const out = await runRedrive(platform, ['--platform', slug, '--department', department]);
          const stdout = out.stdout.trim();
          log(`  npm run redrive -- --platform ${slug} --department ${department}: ${stdout}`);
          dlqMessages += Number(/^moved (\d+) message/.exec(stdout)?.[1] ?? 0);
        }
        log(`  redrove ${dlqMessages} dead-lettered task messages`);
        quiet = 0;
        continue;
      }
      quiet = working === 0 && dead === 0 ? quiet + 1 : 0;
      if (quiet >= 3) {
        settled = true;
        break;
      }
      await sleep(quiet > 0 ? 300 : 1_000);
    }
    const settleMs = performance.now() - settleStarted;
    if (!settled) {
      log(`  settling gave up: nothing moved for ${Math.round(stallTimeoutMs / 1000)} s`);
    }

    // Verify ----------------------------------------------------------------------------------
    const verifyStarted = performance.now();
    const table = await readTable({
      endpoint: platform.services.dynamoEndpoint,
      tableName: platform.services.tables(slug).caseTable,
      applicantKeySecret: platform.services.env(slug)[ENV.applicantKeySecret] ?? '',
      applicantNumbers: submissions.map((s) => s.applicantNumber),
    });
    const verdict = verify(submissions, outcomes, table, departments.delivered);
    const verifyMs = performance.now() - verifyStarted;

    const count = (kind: SubmissionOutcome['kind']) =>
      [...outcomes.values()].filter((o) => o.kind === kind).length;
    const submissionsReport = {
      total: submissions.length,
      accepted: count('accepted'),
      withKey: submissions.filter((s) => s.idempotencyKey).length,
      atWindow: submissions.filter((s) => s.channel === 'window').length,
      bundled: submissions.filter((s) => s.departments.length > 1).length,
      unacknowledged: count('unacknowledged'),
      refused: count('refused'),
      gaveUp: count('gave-up'),
      retries,
      retriesInProgress,
    };
    return {
      verdict,
      faults: recorder.counts(),
      submissions: submissionsReport,
      departments: { ...departments.stats },
      redrives: { dlqMessages, dlqRuns, dispatchFailures, dispatchFailureRecords },
      givenUp: [...outcomes].flatMap(([index, o]) =>
        o.kind === 'gave-up' ? [{ index, attempts: o.attempts, last: o.last }] : [],
      ),
      backgroundErrors,
      timings: {
        startMs,
        submitMs,
        settleMs,
        verifyMs,
        totalMs: performance.now() - started,
      },
      settled,
      ok:
        settled &&
        verdict.lost === 0 &&
        verdict.duplicated === 0 &&
        submissionsReport.refused === 0 &&
        submissionsReport.gaveUp === 0,
    };
  } finally {
    await departments.stop();
    sqs.destroy();
    await platform.stop();
  }
}

/**
 * Loads every function the run uses before the clock starts (the first load compiles their
 * TypeScript), with requests that write nothing.
 */
async function warmUp(
  platform: LocalPlatform,
  slug: PlatformSlug,
  baseUrl: string,
  token: ReturnType<typeof tokenCache>,
): Promise<void> {
  const department = getPlatform(slug).departments[0]?.id ?? 'hrss';
  const officer = await token(
    PrincipalSchema.parse({ role: 'officer', sub: 'soak-warm-up', platform: slug, department }),
  );
  const nowhere = `${getPlatform(slug).code}-20000101-00000000`;
  await Promise.all([
    call(`${baseUrl}/v1/cases/${nowhere}`, { method: 'GET', token: officer }),
    call(`${baseUrl}/v1/cases/${nowhere}/tasks/${department}/decision`, {
      method: 'POST',
      token: officer,
      body: { action: 'accept', expectedVersion: 1 },
    }),
    call(`${baseUrl}/v1/cases`, { method: 'POST', token: officer, body: {} }),
    platform.runtime.invoke(slug, 'dispatch-tasks', { Records: [] }),
  ]);
}

/**
 * Stream batches that exhausted their retries, given to dispatch-tasks again by
 * `npm run redrive -- --platform <slug> --dispatch-failures` (read back from the stream by the
 * failure destination's sequence numbers).
 */
async function recoverDispatchFailures(
  platform: LocalPlatform,
  slug: PlatformSlug,
  log: (line: string) => void,
): Promise<{ batches: number; records: number }> {
  const stdout = (
    await runRedrive(platform, ['--platform', slug, '--dispatch-failures'])
  ).stdout.trim();
  log(`  npm run redrive -- --platform ${slug} --dispatch-failures: ${stdout}`);
  const counts = /^dispatched (\d+) stream records? of (\d+) failed batch/.exec(stdout);
  return { records: Number(counts?.[1] ?? 0), batches: Number(counts?.[2] ?? 0) };
}

/** The summary printed before the final line. */
export function formatReport(report: SoakReport): string[] {
  const s = report.submissions;
  const d = report.departments;
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const faults = FAULT_KINDS.map((k) => `${k} ${report.faults[k]}`);
  const v = report.verdict;
  return [
    `faults injected: ${faults.join(', ')}`,
    `SDK retries absorbed ${report.faults['sdk.retried']}, calls failed past their retries ${report.faults['sdk.exhausted']}`,
    `submissions: ${s.total} (${s.bundled} bundled, ${s.atWindow} at the window, ${s.withKey} with an Idempotency-Key); ${s.accepted} answered 201, ${s.unacknowledged} unanswered without a key (${v.unacknowledgedWithCase} of all unanswered left a case), ${s.refused} refused, ${s.gaveUp} given up; client retries ${s.retries} (${s.retriesInProgress} after 409 REQUEST_IN_PROGRESS)`,
    `departments: ${d.received} messages received, ${d.duplicatesSkipped} duplicates recognised, ${d.decisions} decisions, ${d.decisionRetries} decisions retried after a 5xx, ${d.conflictsResolved} 409s resolved by reading the task, ${d.failedForNow} left for redelivery`,
    `redrives: ${report.redrives.dlqMessages} dead-lettered task messages in ${report.redrives.dlqRuns} redrive run(s); ${report.redrives.dispatchFailures} dispatch failure batch(es), ${report.redrives.dispatchFailureRecords} stream records re-dispatched`,
    `table: ${v.cases} cases, ${v.tasks} tasks${report.settled ? '' : ' (settling stalled: what was still under way counts as lost)'}`,
    ...v.problems.map((p) => `  problem: ${p}`),
    ...report.givenUp.map(
      (g) => `  given up: submission ${g.index} after ${g.attempts} attempts: ${g.last.join(', ')}`,
    ),
    `time: ${seconds(report.timings.totalMs)} (start ${seconds(report.timings.startMs)}, submit ${seconds(report.timings.submitMs)}, settle ${seconds(report.timings.settleMs)}, verify ${seconds(report.timings.verifyMs)})`,
  ];
}

/** The one final line. */
export const finalLine = (report: SoakReport): string =>
  `cases ${report.verdict.cases}, tasks delivered ${report.verdict.tasksDelivered}, lost ${report.verdict.lost}, duplicated ${report.verdict.duplicated}`;
