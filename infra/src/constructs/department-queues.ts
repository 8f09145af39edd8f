import { deadLetterQueueName, MAX_RECEIVES, queueName } from '@jilin/platform';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ConstructPropsError } from '../errors';

/** SQS's longest retention: 14 days. */
export const MAX_RETENTION = Duration.days(14);

/**
 * The default visibility timeout of a department queue: 5 minutes. The consumer is the
 * department's back-end (any language, outside this stack): it receives a task, records it in
 * its own system (often after checking 户籍 or 证照 with other systems, with retries) and then
 * deletes the message. Five minutes covers that with room to spare, and a crashed back-end's
 * task shows again five minutes later. Should a back-end ever read its queue through a Lambda
 * event source, set it to at least six times that function's timeout (AWS's guidance).
 */
export const DEFAULT_VISIBILITY_TIMEOUT = Duration.minutes(5);

export interface DepartmentQueuesProps {
  /** The platform's slug: queues are `<slug>-<department>` and `<slug>-<department>-dlq`. */
  readonly platform: string;
  /** The department ids, from the topology (`Platform.departments`). */
  readonly departments: readonly string[];
  /** The customer-managed key the queues are encrypted with (SSE-KMS). */
  readonly encryptionKey: kms.IKey;
  /**
   * Receives of a task message before it moves to its department's DLQ.
   * @default MAX_RECEIVES (5, from the topology, as the local platform's queues)
   */
  readonly maxReceiveCount?: number;
  /**
   * How long a received task stays invisible to other receives.
   * @default DEFAULT_VISIBILITY_TIMEOUT (5 minutes; see there for why)
   */
  readonly visibilityTimeout?: Duration;
  /**
   * How long a task waits in a queue (and, once failed, in its DLQ). The maximum: a department
   * back-end down over a week-long holiday (春节, 国庆) must find its tasks when it returns.
   * @default MAX_RETENTION (14 days)
   */
  readonly retentionPeriod?: Duration;
  /**
   * The alarm when a department's oldest task has waited longer than this (its back-end is
   * down or behind).
   * @default Duration.hours(1)
   */
  readonly oldestMessageAlarmAge?: Duration;
  /**
   * Where the alarms notify.
   * @default - the alarms are created without actions
   */
  readonly alarmTopic?: sns.ITopic;
}

/** One department's task queue and its dead-letter queue. */
export interface DepartmentQueue {
  readonly department: string;
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  /** DLQ depth > 0: a task failed MAX_RECEIVES times. */
  readonly deadLetterAlarm: cloudwatch.Alarm;
  /** The oldest task waited longer than `oldestMessageAlarmAge`. */
  readonly oldestMessageAlarm: cloudwatch.Alarm;
}

/**
 * Per department, a task queue and its DLQ, named from the topology (`queueName`,
 * `deadLetterQueueName`), encrypted with the platform's key, TLS only (a queue policy denies
 * `aws:SecureTransport = false`), with two alarms: DLQ depth > 0 and the age of the oldest task.
 *
 * The sender, the dispatch function, gets `sqs:SendMessage` and the key through
 * `grantSendMessages`; each department's back-end through `grantConsumeMessages`. No AWS service
 * writes to these queues on its own behalf (SQS moves messages to a DLQ itself), so the key policy
 * needs no service principal for them.
 */
export class DepartmentQueues extends Construct {
  /** The queues by department id, in the topology's order. */
  readonly queues: ReadonlyMap<string, DepartmentQueue>;
  readonly alarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: DepartmentQueuesProps) {
    super(scope, id);
    const maxReceiveCount = props.maxReceiveCount ?? MAX_RECEIVES;
    const visibilityTimeout = props.visibilityTimeout ?? DEFAULT_VISIBILITY_TIMEOUT;
    const retentionPeriod = props.retentionPeriod ?? MAX_RETENTION;
    const oldestAge = props.oldestMessageAlarmAge ?? Duration.hours(1);
    validate(props, maxReceiveCount, oldestAge, retentionPeriod);

    const action = props.alarmTopic ? new cloudwatchActions.SnsAction(props.alarmTopic) : undefined;
    const queues = new Map<string, DepartmentQueue>();
    for (const department of props.departments) {
      const scope = new Construct(this, department);
      const deadLetterQueue = new sqs.Queue(scope, 'DeadLetterQueue', {
        queueName: deadLetterQueueName(props.platform, department),
        encryption: sqs.QueueEncryption.KMS,
        encryptionMasterKey: props.encryptionKey,
        enforceSSL: true,
        retentionPeriod: MAX_RETENTION,
        removalPolicy: RemovalPolicy.DESTROY,
      });
      Validations.of(deadLetterQueue).acknowledge({
        id: 'Serverless-SQSRedrivePolicy',
        reason:
          'This queue is the dead-letter queue of a department queue: the end of the redrive chain. ' +
          'Its depth raises an alarm; an operator redrives it to its source queue once the back-end is fixed.',
      });
      const queue = new sqs.Queue(scope, 'Resource', {
        queueName: queueName(props.platform, department),
        encryption: sqs.QueueEncryption.KMS,
        encryptionMasterKey: props.encryptionKey,
        enforceSSL: true,
        visibilityTimeout,
        retentionPeriod,
        deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount },
        removalPolicy: RemovalPolicy.DESTROY,
      });

      const deadLetterAlarm = new cloudwatch.Alarm(scope, 'DeadLetterAlarm', {
        alarmName: `${deadLetterQueueName(props.platform, department)}-not-empty`,
        alarmDescription: `Tasks of ${department} failed ${maxReceiveCount} receives and wait in its DLQ: fix the back-end, then redrive the DLQ.`,
        metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: cloudwatch.Stats.MAXIMUM,
        }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      const oldestMessageAlarm = new cloudwatch.Alarm(scope, 'OldestMessageAlarm', {
        alarmName: `${queueName(props.platform, department)}-oldest-task-age`,
        alarmDescription: `The oldest task of ${department} has waited over ${oldestAge.toHumanString()}: its back-end is down or behind.`,
        metric: queue.metricApproximateAgeOfOldestMessage({
          period: Duration.minutes(5),
          statistic: cloudwatch.Stats.MAXIMUM,
        }),
        threshold: oldestAge.toSeconds(),
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      if (action) {
        deadLetterAlarm.addAlarmAction(action);
        oldestMessageAlarm.addAlarmAction(action);
      }
      queues.set(department, {
        department,
        queue,
        deadLetterQueue,
        deadLetterAlarm,
        oldestMessageAlarm,
      });
    }
    this.queues = queues;
    this.alarms = [...queues.values()].flatMap((q) => [q.deadLetterAlarm, q.oldestMessageAlarm]);
  }

  /** department id → queue URL: the value of ENV.departmentQueues (as JSON). */
  queueUrls(): Record<string, string> {
    return Object.fromEntries(
      [...this.queues].map(([department, q]) => [department, q.queue.queueUrl]),
    );
  }

  /** Lets the grantee send to every department queue (with the key). */
  grantSendMessages(grantee: iam.IGrantable): void {
    for (const { queue } of this.queues.values()) queue.grantSendMessages(grantee);
  }

  /** Lets a department's back-end receive and delete its tasks (with the key). */
  grantConsumeMessages(department: string, grantee: iam.IGrantable): iam.Grant {
    const found = this.queues.get(department);
    if (!found) {
      throw new ConstructPropsError(
        'DepartmentQueues',
        `no queue for department "${department}"; known: ${[...this.queues.keys()].join(', ')}`,
      );
    }
    return found.queue.grantConsumeMessages(grantee);
  }
}

function validate(
  props: DepartmentQueuesProps,
  maxReceiveCount: number,
  oldestAge: Duration,
  retention: Duration,
): void {
  const fail = (message: string) => {
    throw new ConstructPropsError('DepartmentQueues', message);
  };
  if (props.departments.length === 0) fail('departments must list at least one department');
  if (new Set(props.departments).size !== props.departments.length) {
    fail('departments must be unique');
  }
  if (!Number.isInteger(maxReceiveCount) || maxReceiveCount < 1 || maxReceiveCount > 1000) {
    fail(`maxReceiveCount must be a whole number from 1 to 1000 (got ${maxReceiveCount})`);
  }
  // Tokens are left for the deploy to check.
  if (!oldestAge.isUnresolved() && !retention.isUnresolved()) {
    if (oldestAge.toSeconds() >= retention.toSeconds()) {
      fail(
        `oldestMessageAlarmAge (${oldestAge.toHumanString()}) must be shorter than retentionPeriod (${retention.toHumanString()}), or tasks expire before the alarm fires`,
      );
    }
  }
}
