import { FUNCTIONS } from '@jilin/platform';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALARM_THRESHOLDS } from '../../src/constructs/observability';
import type { PlatformStack } from '../../src/stack';
import { platformStack } from '../support/app';

describe('Class: Observability', () => {
  let stack: PlatformStack;
  let template: Template;
  beforeAll(() => {
    ({ stack } = platformStack('liaoyuan'));
    template = Template.fromStack(stack);
  });

  describe('Topic: <slug>-alarms', () => {
    it('is encrypted with the platform key, TLS-only, and emails the configured contact', () => {
      // Assess
      template.hasResourceProperties('AWS::SNS::Topic', {
        TopicName: 'liaoyuan-alarms',
        KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] },
      });
      template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: 'zwfw-ops-liaoyuan@example.com',
      });
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 'sns:Publish',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    });

    it('lets this account’s CloudWatch alarms publish to it and use its key, or notifications would silently fail', () => {
      // Assess
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Allow',
              Action: 'sns:Publish',
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Condition: Match.objectLike({
                StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
              }),
            }),
          ]),
        },
      });
      template.hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: {
          Statement: Match.arrayWith([
            {
              Effect: 'Allow',
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
              Resource: '*',
            },
          ]),
        },
      });
    });
  });

  describe('Method: monitor', () => {
    const topic = [{ Ref: Match.stringLikeRegexp('^ObservabilityTopic') }];

    it('alarms on API 5xx', () => {
      // Assess
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: 'liaoyuan-api-5xx',
        Namespace: 'AWS/ApiGateway',
        MetricName: '5xx',
        Statistic: 'Sum',
        Threshold: ALARM_THRESHOLDS.api5xxPer5Minutes,
        AlarmActions: topic,
      });
    });

    it.each(FUNCTIONS.map((f) => f.name))('alarms on errors and throttles of %s', (name) => {
      // Assess
      for (const [suffix, metric] of [
        ['errors', 'Errors'],
        ['throttles', 'Throttles'],
      ]) {
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          AlarmName: `liaoyuan-${name}-${suffix}`,
          Namespace: 'AWS/Lambda',
          MetricName: metric,
          Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.anyValue() } }],
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          AlarmActions: topic,
        });
      }
    });

    it('alarms when dispatch falls behind the stream (iterator age)', () => {
      // Assess
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: 'liaoyuan-dispatch-tasks-iterator-age',
        Namespace: 'AWS/Lambda',
        MetricName: 'IteratorAge',
        Statistic: 'Maximum',
        Threshold: ALARM_THRESHOLDS.streamIteratorAgeMs,
        AlarmActions: topic,
      });
    });

    it('alarms on PartsOverdueFlagged > 0, with the dimensions Powertools Metrics writes', () => {
      // Assess
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: 'liaoyuan-parts-overdue',
        Namespace: 'JilinGovServices',
        MetricName: 'PartsOverdueFlagged',
        Dimensions: Match.arrayEquals([
          { Name: 'platform', Value: 'liaoyuan' },
          { Name: 'service', Value: 'liaoyuan' },
        ]),
        Statistic: 'Sum',
        Period: 3600,
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        AlarmActions: topic,
      });
    });

    it('alarms on FollowUpsOverdue > 0: 差评 not answered by the date the applicant was given', () => {
      // Assess
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: 'liaoyuan-follow-ups-overdue',
        Namespace: 'JilinGovServices',
        MetricName: 'FollowUpsOverdue',
        Dimensions: Match.arrayEquals([
          { Name: 'platform', Value: 'liaoyuan' },
          { Name: 'service', Value: 'liaoyuan' },
        ]),
        Statistic: 'Maximum',
        Period: 3600,
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        AlarmActions: topic,
      });
    });

    it('sends every alarm of the stack, DLQ depths included, to the topic', () => {
      // Act
      const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));

      // Assess
      expect(alarms.length).toBe(stack.observability.alarms.length);
      for (const alarm of alarms) {
        expect(alarm.Properties.AlarmActions).toEqual([
          { Ref: expect.stringMatching(/^ObservabilityTopic/) },
        ]);
      }
      expect(
        alarms.filter((a) => String(a.Properties.AlarmName).endsWith('-dlq-not-empty')).length,
      ).toBe(stack.departmentQueues.queues.size + 1);
    });

    it('builds the city’s dashboard with every alarm on it', () => {
      // Act
      const dashboard = Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0];
      const body = JSON.stringify(dashboard?.Properties.DashboardBody);

      // Assess
      expect(dashboard?.Properties.DashboardName).toBe('jilin-gov-services-liaoyuan');
      for (const title of [
        'API requests',
        'Department queues: oldest task (s)',
        'Dead-letter queues',
        'Alarms',
      ]) {
        expect(body).toContain(title);
      }
      for (const alarmId of Object.keys(template.findResources('AWS::CloudWatch::Alarm'))) {
        expect(body).toContain(`"${alarmId}","Arn"`);
      }
    });

    it('is called once', () => {
      // Act & Assess
      expect(() =>
        stack.observability.monitor({
          api: stack.api.httpApi,
          functions: stack.functions,
          departmentQueues: stack.departmentQueues,
        }),
      ).toThrow(/monitor\(\) is called once/);
    });
  });
});
