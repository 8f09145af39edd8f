import { randomUUID } from 'node:crypto';
import type { ScheduledEvent } from 'aws-lambda';
import { LOCAL_AWS } from './dynamodb-local';

/** The account id the emulators use in ARNs. */
const LOCAL_ACCOUNT = '000000000000';

export interface ScheduledEventOptions {
  /** The rule's name, in `resources`. @default 'local-schedule' */
  readonly ruleName?: string;
  /** @default LOCAL_AWS.region */
  readonly region?: string;
  /** @default '000000000000' */
  readonly account?: string;
  /** @default now */
  readonly time?: Date;
}

/** The partition of a region: `aws-cn` for the China regions, else `aws`. */
const partitionOf = (region: string): string => (region.startsWith('cn-') ? 'aws-cn' : 'aws');

/**
 * The event EventBridge (CloudWatch Events) gives a function a rule schedules: `time` in whole
 * seconds, the rule's ARN in `resources`, an empty `detail`.
 */
export function scheduledEvent(
  options: ScheduledEventOptions = {},
): ScheduledEvent<Record<string, never>> {
  const region = options.region ?? LOCAL_AWS.region;
  const account = options.account ?? LOCAL_ACCOUNT;
  const ruleName = options.ruleName ?? 'local-schedule';
  const time = (options.time ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account,
    time,
    region,
    resources: [`arn:${partitionOf(region)}:events:${region}:${account}:rule/${ruleName}`],
    detail: {},
  };
}

export interface SchedulerOptions extends Omit<ScheduledEventOptions, 'time'> {
  /** Seconds between invocations (the topology's `localEverySeconds`). */
  readonly everySeconds: number;
  readonly invoke: (event: ScheduledEvent<Record<string, never>>) => Promise<unknown>;
  /** A failed scheduled invocation, for logging; the schedule goes on. */
  readonly onError?: (error: unknown) => void;
}

export interface Scheduler {
  /** Stops the schedule; waits for invocations in progress. */
  stop(): Promise<void>;
  /** Invokes at once, outside the schedule, and returns what the function returned. */
  runNow(): Promise<unknown>;
}

/**
 * A schedule rule, emulated: invokes every `everySeconds` (the first time one interval after the
 * start, as a rate rule does). Like EventBridge it does not wait for a slow invocation before the
 * next one. The timer does not keep the process alive.
 */
export function startScheduler(options: SchedulerOptions): Scheduler {
  if (!(options.everySeconds > 0) || !Number.isFinite(options.everySeconds)) {
    throw new RangeError(`everySeconds must be a positive number (got ${options.everySeconds})`);
  }
  const inFlight = new Set<Promise<unknown>>();
  const run = (): Promise<unknown> => {
    const event = scheduledEvent({
      ruleName: options.ruleName,
      region: options.region,
      account: options.account,
    });
    const invocation = Promise.resolve().then(() => options.invoke(event));
    inFlight.add(invocation);
    void invocation.then(
      () => inFlight.delete(invocation),
      () => inFlight.delete(invocation),
    );
    return invocation;
  };
  const timer = setInterval(() => {
    run().catch((error: unknown) => options.onError?.(error));
  }, options.everySeconds * 1000);
  timer.unref();
  let stopped = false;
  return {
    runNow: run,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await Promise.allSettled([...inFlight]);
    },
  };
}
