import { ENV, FUNCTIONS, type FunctionSpec } from '@jilin/platform';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../src/constructs/case-store';
import { DepartmentQueues } from '../../src/constructs/department-queues';
import { PlatformFunctions, type PlatformFunctionsProps } from '../../src/constructs/functions';
import { constructStack, platformOf } from '../support/app';

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

const build = (props: Partial<PlatformFunctionsProps> = {}, region = 'cn-north-1') => {
  const { stack, key } = constructStack(region);
  const platform = platformOf('changchun');
  const caseStore = new CaseStore(stack, 'CaseStore', {
    platform: 'changchun',
    encryptionKey: key,
  });
  const departmentQueues = new DepartmentQueues(stack, 'DepartmentQueues', {
    platform: 'changchun',
    departments: platform.departments.map((d) => d.id),
    encryptionKey: key,
  });
  const functions = new PlatformFunctions(stack, 'Functions', {
    platform: 'changchun',
    caseStore,
    departmentQueues,
    encryptionKey: key,
    logRetention: logs.RetentionDays.SIX_MONTHS,
    ...props,
  });
  return { stack, functions };
};

const spec = (name: FunctionSpec['name']): FunctionSpec => {
  const found = FUNCTIONS.find((f) => f.name === name);
  if (!found) throw new Error(name);
  return found;
};

describe('Class: PlatformFunctions', () => {
  let template: Template;
  /** The actions a function's role may take, by function name. */
  const actionsOf = (name: string): string[] => {
    const roles = template.findResources('AWS::IAM::Role');
    const roleId = Object.keys(roles).find((id) =>
      id.startsWith(`Functions${name.replaceAll('-', '')}ServiceRole`),
    );
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p.Properties.Roles).includes(`"${roleId}"`),
    );
    return policies.flatMap((p) =>
      (p.Properties.PolicyDocument.Statement as Statement[]).flatMap((s) =>
        Array.isArray(s.Action) ? s.Action : [s.Action],
      ),
    );
  };

  beforeAll(() => {
    template = Template.fromStack(build().stack);
  });

  it('bundles every function of the topology: ESM handler, arm64, Node.js 24, its timeout and memory', () => {
    // Assess
    template.resourceCountIs('AWS::Lambda::Function', FUNCTIONS.length);
    for (const f of FUNCTIONS) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: `changchun-${f.name}`,
        Handler: 'index.handler',
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Timeout: f.timeout,
        MemorySize: f.memoryMb,
        LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: Match.stringLikeRegexp(`LogGroup`) } },
      });
    }
  });

  it('gives each function its own log group: 180+ days, the platform key, retained', () => {
    // Assess
    template.resourceCountIs('AWS::Logs::LogGroup', FUNCTIONS.length);
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: {
        LogGroupName: '/aws/lambda/changchun-submit-application',
        RetentionInDays: 180,
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] },
      },
      DeletionPolicy: 'Retain',
    });
  });

  it('lets CloudWatch Logs of the region use the key for this account’s log groups', () => {
    // Assess
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: {
              Service: { 'Fn::Join': ['', ['logs.cn-north-1.', { Ref: 'AWS::URLSuffix' }]] },
            },
            Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it('gives a function only the variables its access uses, plus Powertools’ settings', () => {
    // Assess
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'changchun-catalogue',
      Environment: {
        Variables: {
          [ENV.platform]: 'changchun',
          POWERTOOLS_SERVICE_NAME: 'changchun',
          POWERTOOLS_METRICS_NAMESPACE: 'JilinGovServices',
          POWERTOOLS_LOG_LEVEL: 'INFO',
          POWERTOOLS_TRACE_ENABLED: 'false',
          NODE_OPTIONS: '--enable-source-maps',
        },
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'changchun-submit-application',
      Environment: {
        Variables: Match.objectLike({
          [ENV.caseTable]: { Ref: Match.stringLikeRegexp('^CaseStore') },
          [ENV.idempotencyTable]: { Ref: Match.stringLikeRegexp('^CaseStoreIdempotency') },
          [ENV.applicantKeySecretArn]: { Ref: Match.stringLikeRegexp('^CaseStoreApplicantKey') },
          [ENV.departmentQueues]: Match.absent(),
        }),
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'changchun-dispatch-tasks',
      Environment: {
        Variables: Match.objectLike({
          [ENV.departmentQueues]: {
            'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('public-security')])],
          },
        }),
      },
    });
  });

  describe('least privilege, from FunctionSpec.access', () => {
    it('gives the catalogue nothing but its log group', () => {
      // Assess
      expect(actionsOf('catalogue').sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    });

    it('lets read-cases read (GetItem, Query) and append audit records (PutItem), but change nothing', () => {
      // Act
      const actions = actionsOf('read-cases');

      // Assess
      expect(actions).toEqual(
        expect.arrayContaining([
          'dynamodb:Query',
          'dynamodb:GetItem',
          'secretsmanager:GetSecretValue',
        ]),
      );
      // Staff reads are recorded in the case's audit chain: a conditional PutItem of a new record.
      expect(actions).toEqual(expect.arrayContaining(['dynamodb:PutItem']));
      expect(actions).not.toEqual(expect.arrayContaining(['dynamodb:UpdateItem']));
      expect(actions).not.toEqual(expect.arrayContaining(['dynamodb:ConditionCheckItem']));
    });

    it('lets only submit-application use the idempotency table, and only the non-HTTP functions send to SQS', () => {
      // Assess
      for (const f of FUNCTIONS) {
        const actions = actionsOf(f.name);
        expect(actions.includes('dynamodb:DeleteItem'), f.name).toBe(f.access.idempotency === true);
        expect(actions.includes('sqs:SendMessage'), f.name).toBe(
          f.access.sendToDepartmentQueues === true || f.trigger.kind !== 'http',
        );
      }
    });

    it('grants no Scan, no wildcard action and no AWS-managed policy to any function', () => {
      // Act
      const actions = FUNCTIONS.flatMap((f) => actionsOf(f.name));

      // Assess
      expect(actions.length).toBeGreaterThan(FUNCTIONS.length);
      expect(actions.filter((a) => a === 'dynamodb:Scan' || a === '*' || a.endsWith(':*'))).toEqual(
        [],
      );
      for (const role of Object.values(template.findResources('AWS::IAM::Role'))) {
        expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      }
    });
  });

  describe('Trigger: table-stream', () => {
    it('reads the case table’s stream from TRIM_HORIZON with partial batch failures, bisect, bounded retries and a failure destination', () => {
      // Assess
      template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: Match.stringLikeRegexp('^Functionsdispatchtasks') },
        EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CaseStore'), 'StreamArn'] },
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: 100,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: 10,
        MaximumRecordAgeInSeconds: 86_400,
        ParallelizationFactor: 1,
        DestinationConfig: {
          OnFailure: {
            Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('DispatchFailures'), 'Arn'] },
          },
        },
      });
      template.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: 'changchun-dispatch-failures',
        KmsMasterKeyId: Match.anyValue(),
      });
    });

    it('passes only INSERT and MODIFY of task items (sk TASK#…), the records dispatch acts on', () => {
      // Act
      const mapping = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'))[0];
      const pattern = JSON.parse(mapping?.Properties.FilterCriteria.Filters[0].Pattern);

      // Assess
      expect(pattern).toEqual({
        eventName: ['INSERT', 'MODIFY'],
        dynamodb: { Keys: { sk: { S: [{ prefix: 'TASK#' }] } } },
      });
    });
  });

  describe('Trigger: schedule', () => {
    it('invokes flag-overdue at the topology’s rate, with retries and a DLQ for what fails', () => {
      // Prepare
      const trigger = spec('flag-overdue').trigger;
      if (trigger.kind !== 'schedule') throw new Error('flag-overdue is scheduled');

      // Assess
      template.resourceCountIs('AWS::Events::Rule', 1);
      template.hasResourceProperties('AWS::Events::Rule', {
        Name: 'changchun-flag-overdue',
        ScheduleExpression: trigger.rate,
        State: 'ENABLED',
        Targets: [
          Match.objectLike({
            Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Functionsflagoverdue'), 'Arn'] },
            DeadLetterConfig: {
              Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('flagoverduedlq'), 'Arn'] },
            },
            RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
          }),
        ],
      });
      template.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: 'changchun-flag-overdue',
        DeadLetterConfig: {
          TargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('flagoverduedlq'), 'Arn'] },
        },
      });
    });

    it('lets EventBridge use the key for that DLQ, for that rule only', () => {
      // Assess
      template.hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Principal: { Service: 'events.amazonaws.com' },
              Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
              Condition: {
                ArnEquals: {
                  'aws:SourceArn': {
                    'Fn::Join': [
                      '',
                      Match.arrayWith([Match.stringLikeRegexp(':rule/changchun-flag-overdue$')]),
                    ],
                  },
                },
              },
            }),
          ]),
        },
      });
    });
  });

  describe('Tracing', () => {
    it('is off by default, and active with its X-Ray permissions when configured (outside China)', () => {
      // Prepare
      const traced = Template.fromStack(build({ tracing: true }, 'ap-east-1').stack);

      // Assess
      expect(JSON.stringify(template.toJSON())).not.toMatch(/TracingConfig|xray:/);
      traced.allResourcesProperties('AWS::Lambda::Function', {
        TracingConfig: { Mode: 'Active' },
        Environment: { Variables: Match.objectLike({ POWERTOOLS_TRACE_ENABLED: 'true' }) },
      });
    });
  });

  describe('Constructor', () => {
    it.each([
      [
        'two functions of one name',
        [spec('catalogue'), spec('catalogue')],
        /function names must be unique/,
      ],
      [
        'two readers of the stream',
        [spec('dispatch-tasks'), { ...spec('dispatch-tasks'), name: 'flag-overdue' as const }],
        /one function reads the case table's stream/,
      ],
      [
        'a schedule EventBridge cannot read',
        [
          {
            ...spec('flag-overdue'),
            trigger: { kind: 'schedule', rate: 'hourly', localEverySeconds: 60 },
          },
        ],
        /schedule must be an EventBridge expression/,
      ],
      [
        'a timeout over Lambda’s 900 seconds',
        [{ ...spec('catalogue'), timeout: 901 }],
        /timeout must be whole seconds from 1 to 900/,
      ],
      [
        'memory under 128 MB',
        [{ ...spec('catalogue'), memoryMb: 64 }],
        /memoryMb must be whole MB/,
      ],
    ] as const)('refuses %s', (_case, specs, message) => {
      // Act & Assess
      expect(() => build({ specs: specs as readonly FunctionSpec[] })).toThrow(message);
    });
  });

  describe('Method: get', () => {
    it('returns a function by its topology name and refuses an unknown one', () => {
      // Prepare
      const { functions } = build({ specs: [spec('catalogue')] });

      // Act & Assess
      expect(functions.get('catalogue').spec.name).toBe('catalogue');
      expect(() => functions.get('read-cases')).toThrow(
        /no function "read-cases"; built: catalogue/,
      );
    });
  });
});
