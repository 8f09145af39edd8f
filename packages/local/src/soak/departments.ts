import { setMaxListeners } from 'node:events';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { type TaskMessage, TaskMessageSchema } from '@jilin/cases';
import { type PlatformSlug, type Principal, PrincipalSchema } from '@jilin/platform';
import { LOCAL_AWS } from '../dynamodb-local';
import { type FaultKind, shuffled } from '../faults';
import { backoff, call, sleep } from './http';

/**
 * The department back-ends of the soak: plain SQS consumers, one loop per department queue, that
 * decide every task through the platform's API as the department's officer (受理 → 准予 → 办结),
 * as an at-least-once consumer must: a message is deleted only after its work is done, a
 * redelivery is recognised by its `messageId`, and a decision whose answer was lost (a 5xx after
 * the write, a timeout) is followed by a read of where the task stands, never by a blind repeat.
 *
 * They misbehave on purpose, from the run's seeded PRNG: some messages are failed once (made
 * visible again at once), some are processed and left undeleted (so they come back: duplicates),
 * each received batch is processed in shuffled order, and a few messages ("poisoned") fail on
 * every receive until SQS moves them to the DLQ, where only a redrive brings them back.
 */

export interface ConsumerFaults {
  /** Per message received: fail it (not deleted, visible again at once). */
  readonly failRate: number;
  /** Per message processed: leave it undeleted, so it is delivered again. */
  readonly duplicateRate: number;
  /** Per distinct message: fail it on every receive until it is dead-lettered. */
  readonly poisonRate: number;
  /** Process each received batch in shuffled order. */
  readonly shuffle: boolean;
}

export interface DepartmentsOptions {
  readonly slug: PlatformSlug;
  /** `<api url>/<slug>`. */
  readonly baseUrl: string;
  readonly sqsEndpoint: string;
  /** Department id → its queue URL. */
  readonly queues: Readonly<Record<string, string>>;
  readonly token: (principal: Principal) => Promise<string>;
  readonly random: () => number;
  readonly faults: ConsumerFaults;
  readonly record: (kind: FaultKind) => void;
  /** The most tasks being decided at once, over all departments. @default 48 */
  readonly concurrency?: number;
  /** Problems the consumers survive (a failed receive, a task they gave up on for now). */
  readonly onError?: (error: unknown) => void;
}

export interface DepartmentStats {
  /** Messages received, redeliveries included. */
  received: number;
  /** Redeliveries of a message already processed, recognised by messageId and deleted. */
  duplicatesSkipped: number;
  /** Decisions the API accepted (200). */
  decisions: number;
  /** Decisions sent again after a 5xx or a timeout. */
  decisionRetries: number;
  /** 409s after which the consumer read the task and went on from where it stood. */
  conflictsResolved: number;
  /** Tasks whose work failed for now (left on the queue for a redelivery). */
  failedForNow: number;
}

export interface Departments {
  /** `<caseId>:<department>` of every task.assigned received, once each. */
  readonly delivered: ReadonlySet<string>;
  readonly stats: DepartmentStats;
  /** Messages being worked on now. */
  inFlight(): number;
  /** The back-end is fixed: poisoned messages are processed from now on. */
  stopPoisoning(): void;
  stop(): Promise<void>;
}

type Action = 'accept' | 'approve' | 'complete';
const NEXT: Readonly<Record<Action, Action | undefined>> = {
  accept: 'approve',
  approve: 'complete',
  complete: undefined,
};

export function startDepartments(options: DepartmentsOptions): Departments {
  const sqs = new SQSClient({ ...LOCAL_AWS, endpoint: options.sqsEndpoint });
  const concurrency = options.concurrency ?? 48;
  const report = options.onError ?? (() => undefined);
  const { random, faults, record } = options;
  const delivered = new Set<string>();
  /** Message ids whose work is done. */
  const done = new Set<string>();
  /** Message ids being worked on (a second receive of one is left alone). */
  const working = new Set<string>();
  const poisoned = new Map<string, boolean>();
  let poisoning = true;
  const stats: DepartmentStats = {
    received: 0,
    duplicatesSkipped: 0,
    decisions: 0,
    decisionRetries: 0,
    conflictsResolved: 0,
    failedForNow: 0,
  };
  let inFlight = 0;
  let stopped = false;
  const abort = new AbortController();
  setMaxListeners(0, abort.signal); // one receive per department queue listens
  const slotWaiters: (() => void)[] = [];
  const freeSlot = () => {
    inFlight -= 1;
    slotWaiters.shift()?.();
  };
  const waitForSlot = () =>
    inFlight < concurrency
      ? Promise.resolve()
      : new Promise<void>((resolve) => slotWaiters.push(resolve));

  const officer = (department: string) =>
    options.token(
      PrincipalSchema.parse({
        role: 'officer',
        sub: `soak-officer-${options.slug}-${department}`,
        platform: options.slug,
        department,
      }),
    );

  const remove = (queueUrl: string, raw: Message) =>
    sqs
      .send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: raw.ReceiptHandle }))
      .catch(report);
  const nack = (queueUrl: string, raw: Message) =>
    sqs
      .send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queueUrl,
          ReceiptHandle: raw.ReceiptHandle,
          VisibilityTimeout: 0,
        }),
      )
      .catch(report);

  /** Where the task stands, read through the API: the next action and the version to quote. */
  async function standing(
    message: TaskMessage,
    token: string,
  ): Promise<{ next: Action | undefined; version: number } | undefined> {
    const res = await call(`${options.baseUrl}/v1/cases/${message.caseId}`, {
      method: 'GET',
      token,
    });
    if (res.status !== 200) return undefined;
    const task = (
      res.json as { tasks?: { department: string; status: string; version: number }[] }
    ).tasks?.find((t) => t.department === message.department);
    if (!task) return undefined;
    const next: Action | undefined =
      task.status === 'submitted' || task.status === 'prereview'
        ? 'accept'
        : task.status === 'accepted'
          ? 'approve'
          : task.status === 'approved'
            ? 'complete'
            : undefined;
    return { next, version: task.version };
  }

  /** 受理 → 准予 → 办结, from the version the message quotes; resumes wherever the task stands. */
  async function decide(message: TaskMessage): Promise<void> {
    const token = await officer(message.department);
    let version = message.taskVersion;
    let next: Action | undefined = 'accept';
    let failures = 0;
    while (next) {
      if (failures > 10) throw new Error(`${message.messageId}: the API kept failing`);
      const res = await call(`${options.baseUrl}${message.decisionPath}`, {
        method: 'POST',
        token,
        body: { action: next, expectedVersion: version },
      });
      if (res.status === 200) {
        stats.decisions += 1;
        const task = (
          res.json as { tasks?: { department: string; version: number }[] }
        ).tasks?.find((t) => t.department === message.department);
        if (!task) throw new Error(`${message.messageId}: the answer has no task`);
        version = task.version;
        next = NEXT[next];
        failures = 0;
        continue;
      }
      if (res.status === 409) {
        // Moved on: our own earlier attempt went through (its answer was lost), or a duplicate of
        // this message is being worked on. Read where it stands and go on from there.
        const now = await standing(message, token);
        if (!now) {
          failures += 1;
          await sleep(backoff(failures, random));
          continue;
        }
        stats.conflictsResolved += 1;
        ({ next, version } = now);
        continue;
      }
      if (res.status === 0 || res.status >= 500) {
        stats.decisionRetries += 1;
        failures += 1;
        await sleep(backoff(failures, random, 50, 1_000));
        continue;
      }
      throw new Error(
        `${message.messageId}: ${next} answered ${res.status} ${res.code ?? ''}`.trim(),
      );
    }
  }

  async function handle(department: string, queueUrl: string, raw: Message): Promise<void> {
    stats.received += 1;
    let message: TaskMessage;
    try {
      message = TaskMessageSchema.parse(JSON.parse(raw.Body ?? ''));
    } catch (error) {
      // Not a task message: leave it, it ends in the DLQ like anything no back-end can read.
      report(new Error(`${department}: unreadable message ${raw.MessageId}`, { cause: error }));
      return;
    }
    const id = message.messageId;
    if (done.has(id)) {
      stats.duplicatesSkipped += 1;
      await remove(queueUrl, raw);
      return;
    }
    if (working.has(id)) return; // a second receive while the first is at work: leave it
    if (!poisoned.has(id)) {
      const poison = random() < faults.poisonRate;
      poisoned.set(id, poison);
      if (poison && poisoning) record('queue.poisoned');
    }
    if (poisoning && poisoned.get(id)) {
      await nack(queueUrl, raw);
      return;
    }
    if (random() < faults.failRate) {
      record('queue.consumerFailed');
      await nack(queueUrl, raw);
      return;
    }
    working.add(id);
    try {
      if (message.type !== 'task.withdrawn') {
        delivered.add(`${message.caseId}:${message.department}`);
        await decide(message);
      }
      done.add(id);
    } catch (error) {
      stats.failedForNow += 1;
      report(error);
      return; // not deleted: delivered again after the visibility timeout
    } finally {
      working.delete(id);
    }
    // Left undeleted now and then: the queue delivers it again, and it is recognised.
    if (random() < faults.duplicateRate) {
      record('queue.duplicateDelivery');
      return;
    }
    await remove(queueUrl, raw);
  }

  async function poll(department: string, queueUrl: string): Promise<void> {
    while (!stopped) {
      try {
        await waitForSlot();
        if (stopped) return;
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: Math.max(1, Math.min(10, concurrency - inFlight)),
            WaitTimeSeconds: 1,
          }),
          { abortSignal: abort.signal },
        );
        let batch = Messages;
        if (faults.shuffle && batch.length > 1) {
          batch = shuffled(batch, random);
          record('queue.shuffled');
        }
        for (const raw of batch) {
          inFlight += 1;
          void handle(department, queueUrl, raw).catch(report).finally(freeSlot);
        }
      } catch (error) {
        if (stopped) return;
        report(error);
        await sleep(500);
      }
    }
  }

  const loops = Object.entries(options.queues).map(([department, queueUrl]) =>
    poll(department, queueUrl),
  );

  return {
    delivered,
    stats,
    inFlight: () => inFlight,
    stopPoisoning() {
      poisoning = false;
    },
    async stop() {
      stopped = true;
      abort.abort();
      for (const wake of slotWaiters.splice(0)) wake();
      await Promise.allSettled(loops);
      while (inFlight > 0) await sleep(50);
      sqs.destroy();
    },
  };
}
