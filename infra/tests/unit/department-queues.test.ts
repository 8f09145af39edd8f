import { MAX_RECEIVES } from '@jilin/platform';
import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { describe, expect, it } from 'vitest';
import {
  DepartmentQueues,
  type DepartmentQueuesProps,
} from '../../src/constructs/department-queues';
import { constructStack } from '../support/app';

const DEPARTMENTS = ['public-security', 'market-regulation', 'hrss'];

const build = (props: Partial<DepartmentQueuesProps> = {}) => {
  const { stack, key } = constructStack();
  const topic = new sns.Topic(stack, 'Alarms');
  const queues = new DepartmentQueues(stack, 'DepartmentQueues', {
    platform: 'siping',
    departments: DEPARTMENTS,
    encryptionKey: key,
    alarmTopic: topic,
    ...props,
  });
  return { stack, key, queues };
};

const keyArn = { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] };

describe('Class: DepartmentQueues', () => {
  it('creates a queue and a DLQ per department, named from the topology', () => {
    // Prepare
    const { stack } = build();

    // Act
    const template = Template.fromStack(stack);

    // Assess
    template.resourceCountIs('AWS::SQS::Queue', DEPARTMENTS.length * 2);
    for (const department of DEPARTMENTS) {
      template.hasResourceProperties('AWS::SQS::Queue', { QueueName: `siping-${department}` });
      template.hasResourceProperties('AWS::SQS::Queue', { QueueName: `siping-${department}-dlq` });
    }
  });

  it(`moves a task to its DLQ after MAX_RECEIVES (${MAX_RECEIVES}) receives`, () => {
    // Prepare
    const { stack } = build();

    // Act
    const template = Template.fromStack(stack);

    // Assess
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'siping-hrss',
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('DeadLetterQueue'), 'Arn'] },
        maxReceiveCount: MAX_RECEIVES,
      },
    });
  });

  it('encrypts every queue with the platform key and keeps tasks 14 days', () => {
    // Prepare
    const { stack } = build();

    // Act
    const template = Template.fromStack(stack);

    // Assess
    template.allResourcesProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: keyArn,
      MessageRetentionPeriod: 1_209_600,
    });
  });

  it('matches the visibility timeout to the department back-end: 5 minutes unless configured', () => {
    // Prepare
    const { stack } = build();
    const custom = build({ visibilityTimeout: Duration.minutes(2) }).stack;

    // Act & Assess
    Template.fromStack(stack).hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'siping-hrss',
      VisibilityTimeout: 300,
    });
    Template.fromStack(custom).hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'siping-hrss',
      VisibilityTimeout: 120,
    });
  });

  it('denies every request that is not TLS, on each queue and DLQ', () => {
    // Prepare
    const { stack } = build();

    // Act
    const template = Template.fromStack(stack);

    // Assess
    template.resourceCountIs('AWS::SQS::QueuePolicy', DEPARTMENTS.length * 2);
    template.allResourcesProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sqs:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            Principal: { AWS: '*' },
          }),
        ]),
      },
    });
  });

  it('alarms on DLQ depth > 0 and on the oldest task waiting over an hour, to the topic', () => {
    // Prepare
    const { stack } = build();

    // Act
    const template = Template.fromStack(stack);

    // Assess
    template.resourceCountIs('AWS::CloudWatch::Alarm', DEPARTMENTS.length * 2);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'siping-hrss-dlq-not-empty',
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('hrssDeadLetterQueue'), 'QueueName'] },
        },
      ],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^Alarms') }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'siping-hrss-oldest-task-age',
      MetricName: 'ApproximateAgeOfOldestMessage',
      Statistic: 'Maximum',
      Threshold: 3600,
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^Alarms') }],
    });
  });

  describe('Method: queueUrls', () => {
    it('maps each department to its queue URL (the DEPARTMENT_QUEUE_URLS value)', () => {
      // Prepare
      const { queues } = build();

      // Act
      const urls = queues.queueUrls();

      // Assess
      expect(Object.keys(urls)).toEqual(DEPARTMENTS);
    });
  });

  describe('Method: grantConsumeMessages', () => {
    it('lets a department back-end receive and delete its own tasks, with the key', () => {
      // Prepare
      const { stack, queues } = build();
      const backEnd = new iam.Role(stack, 'HrssBackEnd', {
        assumedBy: new iam.AccountRootPrincipal(),
      });

      // Act
      queues.grantConsumeMessages('hrss', backEnd);

      // Assess
      Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Action: Match.arrayWith(['sqs:DeleteMessage', 'sqs:ReceiveMessage']),
              Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DepartmentQueueshrss'), 'Arn'] },
            }),
            Match.objectLike({ Action: 'kms:Decrypt', Resource: keyArn }),
          ]),
        },
      });
    });

    it('refuses a department without a queue', () => {
      // Prepare
      const { stack, queues } = build();
      const role = new iam.Role(stack, 'Other', { assumedBy: new iam.AccountRootPrincipal() });

      // Act & Assess
      expect(() => queues.grantConsumeMessages('tax', role)).toThrow(
        /no queue for department "tax"/,
      );
    });
  });

  describe('Constructor', () => {
    it.each([
      ['no departments', { departments: [] }, /at least one department/],
      ['a department twice', { departments: ['hrss', 'hrss'] }, /departments must be unique/],
      [
        'no receive before the DLQ',
        { maxReceiveCount: 0 },
        /maxReceiveCount must be a whole number from 1 to 1000/,
      ],
      [
        'an age alarm that cannot fire before tasks expire',
        { retentionPeriod: Duration.hours(1), oldestMessageAlarmAge: Duration.hours(2) },
        /must be shorter than retentionPeriod/,
      ],
    ] as const)('refuses %s', (_case, props, message) => {
      // Act & Assess
      expect(() => build(props as Partial<DepartmentQueuesProps>)).toThrow(message);
    });
  });
});
