import { ArnFormat, Duration, Stack, Validations } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { ConstructPropsError } from '../errors';
import type { DepartmentQueues } from './department-queues';
import { allowServiceToSend } from './encryption';
import { METRICS_NAMESPACE, type PlatformFunctions } from './functions';

/**
 * The alarm thresholds, in one place. Every alarm evaluates one period and treats missing data
 * as fine (no traffic is not an outage).
 */
export const ALARM_THRESHOLDS = {
  /** API 5xx responses in 5 minutes (a handler's unexpected error is a 500). */
  api5xxPer5Minutes: 5,
  /** Function errors in 5 minutes: any. */
  functionErrorsPer5Minutes: 1,
  /** Function throttles in 5 minutes: any (the account's concurrency is exhausted). */
  functionThrottlesPer5Minutes: 1,
  /** The stream trigger's iterator age: dispatch is more than 5 minutes behind the table. */
  streamIteratorAgeMs: 5 * 60 * 1000,
  /** Parts of cases flagged 超期 by the hourly scan: any. */
  partsOverdueFlaggedPerHour: 0,
  /** 差评 follow-ups past the date the applicant was given, at the hourly scan: any. */
  followUpsOverdue: 0,
} as const;

export interface ObservabilityProps {
  /** The platform's slug: the topic `<slug>-alarms`, the dashboard `jilin-gov-services-<slug>`. */
  readonly platform: string;
  /**
   * The platform's name for the dashboard's title, e.g. `长春市 Changchun`.
   * @default the slug
   */
  readonly title?: string;
  /** The key the alarm topic is encrypted with. */
  readonly encryptionKey: kms.IKey;
  /**
   * Who receives the alarms by email.
   * @default - no subscription
   */
  readonly alarmEmail?: string;
  /**
   * The namespace of the functions' EMF metrics.
   * @default METRICS_NAMESPACE ('JilinGovServices')
   */
  readonly metricsNamespace?: string;
}

/** What `monitor` watches. */
export interface MonitoredParts {
  readonly api: apigwv2.IHttpApi;
  readonly functions: PlatformFunctions;
  readonly departmentQueues: DepartmentQueues;
}

/**
 * A city's (or the province's) alarms and dashboard.
 * - `Topic`: the alarm topic, encrypted with the platform's key and TLS-only, with the email
 *   subscription. CloudWatch may publish to it (topic policy, limited to this account's alarms)
 *   and use the key for it (key policy), or its notifications would silently fail.
 * - `monitor()` (once, when the API, functions and queues exist): alarms on API 5xx, each
 *   function's errors and throttles, the stream trigger's iterator age and the overdue scan's
 *   `PartsOverdueFlagged` metric (a part per department of a case) and `FollowUpsOverdue`; and the dashboard `Dashboard` with a row per concern, and
 *   every alarm of the stack (the queues' DLQ-depth and oldest-task alarms included).
 */
export class Observability extends Construct {
  readonly topic: sns.Topic;
  readonly dashboard: cloudwatch.Dashboard;
  readonly #props: ObservabilityProps;
  readonly #alarms: cloudwatch.Alarm[] = [];
  #monitored = false;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    this.#props = props;
    const stack = Stack.of(this);
    this.topic = new sns.Topic(this, 'Topic', {
      topicName: `${props.platform}-alarms`,
      displayName: `Jilin gov services ${props.platform} alarms`,
      masterKey: props.encryptionKey,
      enforceSSL: true,
    });
    // The topic policy replaces SNS's default one, so CloudWatch must be let in explicitly.
    this.topic.grantPublish(
      new iam.ServicePrincipal('cloudwatch.amazonaws.com').withConditions({
        ArnLike: {
          'aws:SourceArn': stack.formatArn({
            service: 'cloudwatch',
            resource: 'alarm',
            resourceName: '*',
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
        StringEquals: { 'aws:SourceAccount': stack.account },
      }),
    );
    // grantPublish also lets the principal use the topic's key, under the same conditions; but
    // AWS documents the key statement for alarms without conditions (CloudWatch's KMS calls are
    // not documented to carry aws:SourceArn), so that one is added too: the two actions only.
    allowServiceToSend(props.encryptionKey, 'cloudwatch.amazonaws.com');
    if (props.alarmEmail !== undefined) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
      Validations.of(this.topic).acknowledge({
        id: 'Serverless-SNSRedrivePolicy',
        reason:
          'The email subscription of the alarm topic: CloudWatch keeps every alarm’s state and history and the dashboard shows them, so an undelivered email loses nothing; a DLQ for it would need its own alarm, sent through this same topic.',
      });
    }
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `jilin-gov-services-${props.platform}`,
      defaultInterval: Duration.hours(6),
    });
  }

  /** Every alarm `monitor` created or collected. */
  get alarms(): readonly cloudwatch.Alarm[] {
    return [...this.#alarms];
  }

  /** Creates the alarms and the dashboard; call once, after the API, functions and queues. */
  monitor(parts: MonitoredParts): void {
    if (this.#monitored) {
      throw new ConstructPropsError('Observability', 'monitor() is called once per platform');
    }
    this.#monitored = true;
    const { platform } = this.#props;
    const namespace = this.#props.metricsNamespace ?? METRICS_NAMESPACE;
    const action = new cloudwatchActions.SnsAction(this.topic);
    const period = Duration.minutes(5);
    const watch = (alarm: cloudwatch.Alarm) => {
      alarm.addAlarmAction(action);
      this.#alarms.push(alarm);
      return alarm;
    };
    const collect = (alarm: cloudwatch.Alarm) => {
      this.#alarms.push(alarm);
    };
    // The dimensions Powertools Metrics puts on every metric: service and platform (both the slug).
    const emf = (metricName: string, statistic: string, metricPeriod: Duration) =>
      new cloudwatch.Metric({
        namespace,
        metricName,
        dimensionsMap: { service: platform, platform },
        statistic,
        period: metricPeriod,
      });

    const server5xx = parts.api.metricServerError({ period, statistic: cloudwatch.Stats.SUM });
    watch(
      new cloudwatch.Alarm(this, 'Api5xxAlarm', {
        alarmName: `${platform}-api-5xx`,
        alarmDescription: `The ${platform} API answered ${ALARM_THRESHOLDS.api5xxPer5Minutes} or more 5xx in 5 minutes.`,
        metric: server5xx,
        threshold: ALARM_THRESHOLDS.api5xxPer5Minutes,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );

    for (const [name, fn] of parts.functions.functions) {
      const errors = fn.function.metricErrors({ period, statistic: cloudwatch.Stats.SUM });
      const throttles = fn.function.metricThrottles({ period, statistic: cloudwatch.Stats.SUM });
      watch(
        new cloudwatch.Alarm(fn, 'ErrorsAlarm', {
          alarmName: `${platform}-${name}-errors`,
          alarmDescription: `${platform}-${name} failed invocations in the last 5 minutes; see its log group.`,
          metric: errors,
          threshold: ALARM_THRESHOLDS.functionErrorsPer5Minutes,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
      watch(
        new cloudwatch.Alarm(fn, 'ThrottlesAlarm', {
          alarmName: `${platform}-${name}-throttles`,
          alarmDescription: `${platform}-${name} was throttled: the account's Lambda concurrency is exhausted.`,
          metric: throttles,
          threshold: ALARM_THRESHOLDS.functionThrottlesPer5Minutes,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    }

    const streamFunction = [...parts.functions.functions.values()].find(
      (fn) => fn.spec.trigger.kind === 'table-stream',
    );
    const iteratorAge = streamFunction?.function.metric('IteratorAge', {
      period: Duration.minutes(1),
      statistic: cloudwatch.Stats.MAXIMUM,
    });
    if (streamFunction && iteratorAge) {
      watch(
        new cloudwatch.Alarm(streamFunction, 'IteratorAgeAlarm', {
          alarmName: `${platform}-${streamFunction.spec.name}-iterator-age`,
          alarmDescription: `Dispatch is more than ${ALARM_THRESHOLDS.streamIteratorAgeMs / 60_000} minutes behind the case table's stream: tasks are not reaching the departments.`,
          metric: iteratorAge,
          threshold: ALARM_THRESHOLDS.streamIteratorAgeMs,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 3,
          datapointsToAlarm: 3,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    }

    const overdue = emf('PartsOverdueFlagged', cloudwatch.Stats.SUM, Duration.hours(1));
    const dueSoon = emf('PartsDueSoonFlagged', cloudwatch.Stats.SUM, Duration.hours(1));
    watch(
      new cloudwatch.Alarm(this, 'PartsOverdueAlarm', {
        alarmName: `${platform}-parts-overdue`,
        alarmDescription:
          'The hourly scan flagged parts of cases past their own 承诺时限 (超期): see the byDue index (OPENPART) and the departments concerned.',
        metric: overdue,
        threshold: ALARM_THRESHOLDS.partsOverdueFlaggedPerHour,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
    const lateFollowUps = emf('FollowUpsOverdue', cloudwatch.Stats.MAXIMUM, Duration.hours(1));
    watch(
      new cloudwatch.Alarm(this, 'FollowUpsOverdueAlarm', {
        alarmName: `${platform}-follow-ups-overdue`,
        alarmDescription:
          '差评 follow-ups are past the date the applicant was given (差评整改超期): the scan logs them by department (lateFollowUps); see GET /v1/departments/{department}/follow-ups.',
        metric: lateFollowUps,
        threshold: ALARM_THRESHOLDS.followUpsOverdue,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
    for (const alarm of [...parts.departmentQueues.alarms, ...parts.functions.alarms]) {
      collect(alarm);
    }

    const functions = [...parts.functions.functions.entries()];
    const perFunction = (
      metric: (fn: (typeof functions)[number][1]) => cloudwatch.IMetric,
    ): cloudwatch.IMetric[] => functions.map(([, fn]) => metric(fn));
    const queues = [...parts.departmentQueues.queues.values()];
    const graph = (title: string, left: cloudwatch.IMetric[], width = 8) =>
      new cloudwatch.GraphWidget({
        title,
        left,
        width,
        height: 6,
        legendPosition: cloudwatch.LegendPosition.BOTTOM,
      });

    this.dashboard.addWidgets(
      new cloudwatch.TextWidget({
        markdown: `# ${this.#props.title ?? platform} · 一号一窗一网\nAPI, functions, the dispatch outbox, department queues and 承诺时限.`,
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      graph('API requests', [parts.api.metricCount({ period, statistic: cloudwatch.Stats.SUM })]),
      graph('API 4xx / 5xx', [
        parts.api.metricClientError({ period, statistic: cloudwatch.Stats.SUM }),
        server5xx,
      ]),
      graph('API latency p90 (ms)', [parts.api.metricLatency({ period, statistic: 'p90' })]),
    );
    this.dashboard.addWidgets(
      graph(
        'Invocations',
        perFunction((fn) => fn.function.metricInvocations({ period })),
      ),
      graph(
        'Errors',
        perFunction((fn) => fn.function.metricErrors({ period })),
      ),
      graph(
        'Throttles',
        perFunction((fn) => fn.function.metricThrottles({ period })),
      ),
    );
    this.dashboard.addWidgets(
      graph(
        'Duration p90 (ms)',
        perFunction((fn) => fn.function.metricDuration({ period, statistic: 'p90' })),
      ),
      graph('Dispatch: iterator age (ms)', iteratorAge ? [iteratorAge] : []),
      graph('Dispatch: task messages', [
        emf('TaskMessagesSent', cloudwatch.Stats.SUM, period),
        emf('TaskMessagesFailed', cloudwatch.Stats.SUM, period),
      ]),
    );
    this.dashboard.addWidgets(
      graph(
        'Department queues: tasks waiting',
        queues.map((q) =>
          q.queue.metricApproximateNumberOfMessagesVisible({ period, label: q.department }),
        ),
      ),
      graph(
        'Department queues: oldest task (s)',
        queues.map((q) =>
          q.queue.metricApproximateAgeOfOldestMessage({
            period,
            label: q.department,
            statistic: cloudwatch.Stats.MAXIMUM,
          }),
        ),
      ),
      graph(
        'Dead-letter queues',
        queues.map((q) =>
          q.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
            period,
            label: q.department,
          }),
        ),
      ),
    );
    this.dashboard.addWidgets(
      graph(
        '承诺时限: parts flagged per hour; 差评 follow-ups overdue',
        [dueSoon, overdue, lateFollowUps],
        12,
      ),
      new cloudwatch.AlarmStatusWidget({
        title: 'Alarms',
        alarms: this.#alarms,
        width: 12,
        height: 6,
      }),
    );
  }
}
