import type { Platform } from '@jilin/platform';
import { CfnOutput, Duration, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { DeploymentConfig } from './config';
import { PlatformApi } from './constructs/api';
import { CaseStore } from './constructs/case-store';
import { DepartmentQueues } from './constructs/department-queues';
import { PlatformKey } from './constructs/encryption';
import { PlatformFunctions } from './constructs/functions';
import { Observability } from './constructs/observability';

/** The stack of a platform: `Jilin-Province` for the province, `Jilin-<City>` for a city. */
export const stackNameOf = (platform: Pick<Platform, 'slug' | 'level'>): string =>
  platform.level === 'province'
    ? 'Jilin-Province'
    : `Jilin-${platform.slug.charAt(0).toUpperCase()}${platform.slug.slice(1)}`;

export interface PlatformStackProps extends StackProps {
  /** The platform from the topology (packages/platform): slug, name, departments. */
  readonly platform: Platform;
  /** Its deployment configuration (infra/config/<slug>.json, validated). */
  readonly config: DeploymentConfig;
}

/**
 * One platform (a pilot city or the province), deployed on its own: key, case store, department
 * queues, functions, HTTP API and observability, all from the topology and the platform's
 * configuration. Every platform's stack is this class; they differ only in their props.
 */
export class PlatformStack extends Stack {
  readonly key: PlatformKey;
  readonly caseStore: CaseStore;
  readonly departmentQueues: DepartmentQueues;
  readonly functions: PlatformFunctions;
  readonly api: PlatformApi;
  readonly observability: Observability;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    const { platform, config, ...stackProps } = props;
    super(scope, id, {
      description: `吉林省一号一窗一网 政务服务平台: ${platform.name} (${platform.nameEn}), platform "${platform.slug}"`,
      terminationProtection: config.terminationProtection,
      ...stackProps,
    });
    Tags.of(this).add('project', 'jilin-gov-services');
    Tags.of(this).add('platform', platform.slug);

    const slug = platform.slug;
    const logRetention: logs.RetentionDays = config.logRetentionDays;
    this.key = new PlatformKey(this, 'Key', { alias: `alias/jilin/${slug}` });
    const encryptionKey = this.key.key;

    this.observability = new Observability(this, 'Observability', {
      platform: slug,
      title: `${platform.name} ${platform.nameEn}`,
      encryptionKey,
      alarmEmail: config.alarmEmail,
    });
    this.caseStore = new CaseStore(this, 'CaseStore', { platform: slug, encryptionKey });
    this.departmentQueues = new DepartmentQueues(this, 'DepartmentQueues', {
      platform: slug,
      departments: platform.departments.map((d) => d.id),
      encryptionKey,
      visibilityTimeout: Duration.seconds(config.departmentQueues.visibilityTimeoutSeconds),
      oldestMessageAlarmAge: Duration.minutes(config.departmentQueues.oldestMessageAlarmMinutes),
      alarmTopic: this.observability.topic,
    });
    this.functions = new PlatformFunctions(this, 'Functions', {
      platform: slug,
      caseStore: this.caseStore,
      departmentQueues: this.departmentQueues,
      encryptionKey,
      logRetention,
      tracing: config.tracing,
      alarmTopic: this.observability.topic,
    });
    this.api = new PlatformApi(this, 'Api', {
      platform: slug,
      functions: new Map([...this.functions.functions].map(([name, fn]) => [name, fn.function])),
      jwt: config.identity,
      allowOrigins: config.cors.allowOrigins,
      throttle: config.throttling,
      logRetention,
      encryptionKey,
    });
    this.observability.monitor({
      api: this.api.httpApi,
      functions: this.functions,
      departmentQueues: this.departmentQueues,
    });

    new CfnOutput(this, 'ApiUrl', {
      description:
        'The platform API (the $default stage); put a custom domain with ICP filing in front in the China regions',
      value: this.api.url,
    });
    new CfnOutput(this, 'CaseTableName', { value: this.caseStore.table.tableName });
    new CfnOutput(this, 'DepartmentQueueUrls', {
      description: 'department id → task queue URL, for the department back-ends',
      value: this.toJsonString(this.departmentQueues.queueUrls()),
    });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.observability.topic.topicArn });
    new CfnOutput(this, 'DashboardName', { value: this.observability.dashboard.dashboardName });
  }
}
