import { ENV, FUNCTIONS, type FunctionName, type FunctionSpec } from '@jilin/platform';
import { TASK_STREAM_FILTER } from '@jilin/store';
import {
  ArnFormat,
  type CfnElement,
  Duration,
  RemovalPolicy,
  Stack,
  Validations,
} from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as eventSources from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ConstructPropsError } from '../errors';
import type { CaseStore } from './case-store';
import type { DepartmentQueues } from './department-queues';
import { MAX_RETENTION } from './department-queues';
import { allowServiceToSend } from './encryption';
import { PlatformFunction } from './platform-function';

/** The CloudWatch namespace of the platform's EMF metrics (Powertools Metrics). */
export const METRICS_NAMESPACE = 'JilinGovServices';

/** The stream trigger's settings; see StreamTriggerOptions. */
export const STREAM_TRIGGER_DEFAULTS = {
  batchSize: 100,
  retryAttempts: 10,
  maxRecordAge: Duration.days(1),
} as const;

export interface StreamTriggerOptions {
  /**
   * Records per invocation (dispatch sends them per queue in batches of ten).
   * @default 100 (as the local stream poller)
   */
  readonly batchSize?: number;
  /**
   * Retries of a failing batch before it goes to the failure destination. Partial failures are
   * reported per record and a failing batch is halved, so a poison record is isolated within a
   * few retries, while an SQS outage is ridden out for the rest.
   * @default 10
   */
  readonly retryAttempts?: number;
  /**
   * Records older than this go to the failure destination unretried.
   * @default Duration.days(1) (the stream's own retention)
   */
  readonly maxRecordAge?: Duration;
}

export interface PlatformFunctionsProps {
  /** The platform's slug: names (`<slug>-<function>`) and ENV.platform. */
  readonly platform: string;
  /** Tables and the applicant-key secret the functions are granted. */
  readonly caseStore: CaseStore;
  /** The queues the dispatch function sends to. */
  readonly departmentQueues: DepartmentQueues;
  /** The key of the log groups and of the failure queues. */
  readonly encryptionKey: kms.IKey;
  /** Retention of every function's log group. */
  readonly logRetention: logs.RetentionDays;
  /**
   * X-Ray active tracing of every function (false in the China regions).
   * @default false
   */
  readonly tracing?: boolean;
  /**
   * The functions to build.
   * @default FUNCTIONS (the topology)
   */
  readonly specs?: readonly FunctionSpec[];
  /**
   * The stream trigger's batch and retry settings.
   * @default STREAM_TRIGGER_DEFAULTS
   */
  readonly streamTrigger?: StreamTriggerOptions;
  /**
   * Where the failure queues' alarms notify.
   * @default - alarms without actions
   */
  readonly alarmTopic?: sns.ITopic;
}

/**
 * Every function of the topology (a PlatformFunction each, by its name), with:
 * - its environment from ENV, each variable only where the function's access uses it, plus
 *   Powertools' service name (the slug, as locally), metrics namespace and tracing switch;
 * - least-privilege grants from `FunctionSpec.access`: the case table at `none`/`read`/`write`
 *   (and then the applicant-key secret, which `wireStoreFromEnv` reads at cold start), the
 *   idempotency table, sending to the department queues;
 * - its trigger: `http` is routed by PlatformApi; `table-stream` gets a DynamoDB event source on
 *   the case table's stream (TRIM_HORIZON, partial batch responses, bisect on error, bounded
 *   retries and record age, failures to `<slug>-dispatch-failures`, and a filter that passes only
 *   INSERT and MODIFY of task items, the only records dispatch acts on); `schedule` gets an
 *   EventBridge rule with the topology's rate, whose undeliverable events and the function's failed
 *   asynchronous invocations go to `<slug>-<function>-dlq`.
 *
 * No reserved concurrency: Lambda accounts in the China regions start with a small concurrency
 * quota, and reserving part of it per function would starve the others; the API stage's
 * throttling is what bounds the load.
 */
export class PlatformFunctions extends Construct {
  readonly functions: ReadonlyMap<FunctionName, PlatformFunction>;
  /** The stream trigger's event source, if a function has one. */
  readonly streamEventSource: eventSources.DynamoEventSource | undefined;
  /** The stream trigger's on-failure destination, `<slug>-dispatch-failures`. */
  readonly streamFailureQueue: sqs.Queue | undefined;
  /** The schedule rules by function. */
  readonly scheduleRules: ReadonlyMap<FunctionName, events.Rule>;
  /** The dead-letter queues of the scheduled functions (rule target and async invocations). */
  readonly scheduleDeadLetterQueues: ReadonlyMap<FunctionName, sqs.Queue>;
  /** Alarms on the failure queues (depth > 0). */
  readonly alarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: PlatformFunctionsProps) {
    super(scope, id);
    const specs = props.specs ?? FUNCTIONS;
    validateSpecs(specs);
    const stack = Stack.of(this);
    const tracing = props.tracing ?? false;
    const { caseStore, departmentQueues } = props;
    const alarmAction = props.alarmTopic
      ? new cloudwatchActions.SnsAction(props.alarmTopic)
      : undefined;
    const alarms: cloudwatch.Alarm[] = [];
    const failureQueue = (id: string, queueName: string, purpose: string) => {
      const queue = new sqs.Queue(this, id, {
        queueName,
        encryption: sqs.QueueEncryption.KMS,
        encryptionMasterKey: props.encryptionKey,
        enforceSSL: true,
        retentionPeriod: MAX_RETENTION,
        removalPolicy: RemovalPolicy.DESTROY,
      });
      Validations.of(queue).acknowledge({
        id: 'Serverless-SQSRedrivePolicy',
        reason: `This queue is itself a dead-letter queue (${purpose}): the end of the chain. Its depth raises an alarm and an operator replays what it holds.`,
      });
      const alarm = new cloudwatch.Alarm(this, `${id}Alarm`, {
        alarmName: `${queueName}-not-empty`,
        alarmDescription: `${purpose} failed and is waiting in ${queueName}.`,
        metric: queue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: cloudwatch.Stats.MAXIMUM,
        }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      if (alarmAction) alarm.addAlarmAction(alarmAction);
      alarms.push(alarm);
      return queue;
    };

    let streamEventSource: eventSources.DynamoEventSource | undefined;
    let streamFailureQueue: sqs.Queue | undefined;
    const functions = new Map<FunctionName, PlatformFunction>();
    const scheduleRules = new Map<FunctionName, events.Rule>();
    const scheduleDeadLetterQueues = new Map<FunctionName, sqs.Queue>();
    for (const spec of specs) {
      const { access, trigger } = spec;
      const environment: Record<string, string> = {
        [ENV.platform]: props.platform,
        POWERTOOLS_SERVICE_NAME: props.platform,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        POWERTOOLS_TRACE_ENABLED: String(tracing),
      };
      if (access.cases !== 'none') {
        environment[ENV.caseTable] = caseStore.table.tableName;
        environment[ENV.applicantKeySecretArn] = caseStore.applicantKeySecret.secretArn;
      }
      if (access.idempotency) {
        environment[ENV.idempotencyTable] = caseStore.idempotencyTable.tableName;
      }
      if (access.sendToDepartmentQueues) {
        environment[ENV.departmentQueues] = stack.toJsonString(departmentQueues.queueUrls());
      }

      let deadLetterQueue: sqs.Queue | undefined;
      if (trigger.kind === 'schedule') {
        deadLetterQueue = failureQueue(
          `${spec.name}-dlq`,
          `${props.platform}-${spec.name}-dlq`,
          `a scheduled run of ${spec.name} (an undeliverable schedule event or an invocation that failed its retries)`,
        );
        scheduleDeadLetterQueues.set(spec.name, deadLetterQueue);
      }

      const fn = new PlatformFunction(this, spec.name, {
        platform: props.platform,
        spec,
        environment,
        encryptionKey: props.encryptionKey,
        logRetention: props.logRetention,
        tracing,
        ...(deadLetterQueue ? { deadLetterQueue } : {}),
      });
      functions.set(spec.name, fn);

      caseStore.grantCases(fn.function, access.cases);
      if (access.audit && access.cases === 'read') caseStore.grantAuditAppend(fn.function);
      if (access.cases !== 'none') caseStore.grantApplicantKeyRead(fn.function);
      if (access.idempotency) caseStore.grantIdempotency(fn.function);
      if (access.sendToDepartmentQueues) departmentQueues.grantSendMessages(fn.function);

      if (trigger.kind === 'table-stream') {
        const queue = failureQueue(
          'DispatchFailures',
          `${props.platform}-dispatch-failures`,
          `a batch of the case table's stream that ${spec.name} could not dispatch`,
        );
        Validations.of(queue).acknowledge({
          id: 'AwsSolutions-SQS3',
          reason: `This queue is the on-failure destination of the ${spec.name} stream mapping, a dead-letter queue by role; cdk-nag recognises a DLQ only by a redrive policy or a function's DeadLetterConfig.`,
        });
        const options = { ...STREAM_TRIGGER_DEFAULTS, ...props.streamTrigger };
        const source = new eventSources.DynamoEventSource(caseStore.table, {
          startingPosition: lambda.StartingPosition.TRIM_HORIZON,
          batchSize: options.batchSize,
          retryAttempts: options.retryAttempts,
          maxRecordAge: options.maxRecordAge,
          bisectBatchOnError: true,
          reportBatchItemFailures: true,
          // One poller per shard keeps the changes of one case in order.
          parallelizationFactor: 1,
          onFailure: new eventSources.SqsDlq(queue),
          filters: [
            lambda.FilterCriteria.filter({
              eventName: lambda.FilterRule.or(...TASK_STREAM_FILTER.eventNames),
              dynamodb: {
                Keys: { sk: { S: lambda.FilterRule.beginsWith(TASK_STREAM_FILTER.sortKeyPrefix) } },
              },
            }),
          ],
        });
        fn.function.addEventSource(source);
        streamEventSource = source;
        streamFailureQueue = queue;
        Validations.of(fn).acknowledge({
          id: 'AwsSolutions-IAM5[Resource::*]',
          reason:
            'dynamodb:ListStreams has no resource-level permissions (its resource is always *); the DynamoDB event source grants it. Reading the stream itself is scoped to this table’s stream ARN.',
        });
      }

      if (trigger.kind === 'schedule' && deadLetterQueue) {
        const ruleName = `${props.platform}-${spec.name}`;
        const rule = new events.Rule(this, `${spec.name}-schedule`, {
          ruleName,
          description: `${spec.description} (${trigger.rate})`,
          schedule: events.Schedule.expression(trigger.rate),
        });
        rule.addTarget(
          new targets.LambdaFunction(fn.function, {
            deadLetterQueue,
            retryAttempts: 2,
            maxEventAge: Duration.hours(1),
          }),
        );
        // EventBridge writes undeliverable events to the encrypted DLQ on its own behalf. The
        // rule's ARN is built from its name, not referenced: the key policy cannot depend on the
        // rule, which depends on the function, which depends on the queue, which needs the key.
        allowServiceToSend(props.encryptionKey, 'events.amazonaws.com', {
          ArnEquals: {
            'aws:SourceArn': stack.formatArn({
              service: 'events',
              resource: 'rule',
              resourceName: ruleName,
              arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
            }),
          },
        });
        scheduleRules.set(spec.name, rule);
      }

      acknowledgeFunctionFindings(fn, spec, caseStore, tracing);
    }
    this.functions = functions;
    this.streamEventSource = streamEventSource;
    this.streamFailureQueue = streamFailureQueue;
    this.scheduleRules = scheduleRules;
    this.scheduleDeadLetterQueues = scheduleDeadLetterQueues;
    this.alarms = alarms;
  }

  /** The function of the topology with this name. */
  get(name: FunctionName): PlatformFunction {
    const found = this.functions.get(name);
    if (!found) {
      throw new ConstructPropsError(
        'PlatformFunctions',
        `no function "${name}"; built: ${[...this.functions.keys()].join(', ')}`,
      );
    }
    return found;
  }
}

function validateSpecs(specs: readonly FunctionSpec[]): void {
  const names = specs.map((s) => s.name);
  if (new Set(names).size !== names.length) {
    throw new ConstructPropsError(
      'PlatformFunctions',
      `function names must be unique (${names.join(', ')})`,
    );
  }
  const streams = specs.filter((s) => s.trigger.kind === 'table-stream');
  if (streams.length > 1) {
    throw new ConstructPropsError(
      'PlatformFunctions',
      `one function reads the case table's stream (the outbox), not ${streams.length} (${streams.map((s) => s.name).join(', ')})`,
    );
  }
  for (const spec of specs) {
    if (spec.trigger.kind === 'schedule' && !/^(rate|cron)\(.+\)$/.test(spec.trigger.rate)) {
      throw new ConstructPropsError(
        'PlatformFunctions',
        `${spec.name}: schedule must be an EventBridge expression such as rate(1 hour) or cron(0 * * * ? *) (got "${spec.trigger.rate}")`,
      );
    }
    if (spec.access.sendToDepartmentQueues && spec.access.cases === 'none') {
      throw new ConstructPropsError(
        'PlatformFunctions',
        `${spec.name}: a function that sends department tasks reads them from the case table; give it cases access`,
      );
    }
  }
}

/**
 * The cdk-nag findings a function of this spec raises by design, each acknowledged with its
 * reason (the IAM5 ids are exact: `Resource::<TableLogicalId.Arn>/index/*`, `Action::…`).
 */
function acknowledgeFunctionFindings(
  fn: PlatformFunction,
  spec: FunctionSpec,
  caseStore: CaseStore,
  tracing: boolean,
): void {
  const acknowledge = Validations.of(fn);
  const { access, trigger } = spec;
  if (trigger.kind === 'http') {
    acknowledge.acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        'Invoked only synchronously, by the HTTP API’s Lambda proxy integration; a DeadLetterConfig applies to asynchronous invocations only and would never receive a message. A failure is a 5xx to the caller and raises the Errors and API 5xx alarms.',
    });
  } else if (trigger.kind === 'table-stream') {
    acknowledge.acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        'Invoked synchronously by its DynamoDB stream event source mapping; a DeadLetterConfig applies to asynchronous invocations only. Failed batches go to the mapping’s on-failure destination (<slug>-dispatch-failures), which has an alarm.',
    });
  }
  if (!tracing) {
    acknowledge.acknowledge({
      id: 'Serverless-LambdaTracing',
      reason:
        'Tracing is off by this platform’s configuration: X-Ray is not integrated with Lambda in AWS’s China regions, where the platforms deploy. Structured logs with request ids and EMF metrics stand in for it; the configuration switches it on elsewhere.',
    });
  } else {
    acknowledge.acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'xray:PutTraceSegments and xray:PutTelemetryRecords have no resource-level permissions; AWS documents Resource * for them. Lambda adds them for active tracing.',
    });
  }
  const encrypts =
    access.cases === 'write' ||
    access.audit === true ||
    access.idempotency === true ||
    access.sendToDepartmentQueues === true ||
    trigger.kind === 'schedule' ||
    trigger.kind === 'table-stream';
  if (encrypts) {
    for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
      acknowledge.acknowledge({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason:
          'The KMS grant for writing encrypted DynamoDB items and SQS messages: GenerateDataKey* and ReEncrypt* name the GenerateDataKey(WithoutPlaintext) and ReEncryptFrom/To families, on the platform’s one key (its ARN, not *).',
      });
    }
  }
  if (access.cases !== 'none') {
    const table = caseStore.table.node.defaultChild as CfnElement;
    const logicalId = Stack.of(table).getLogicalId(table);
    acknowledge.acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/index/*]`,
      reason:
        'The case table’s own global secondary indexes (byApplicant, byDepartment, byDue), which its Query calls read; the wildcard stays inside this one table.',
    });
  }
}
