import { CASE_TABLE } from '@jilin/store';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { CASE_TABLE_ACTIONS, CaseStore } from '../../src/constructs/case-store';
import { constructStack } from '../support/app';

const build = () => {
  const { stack, key } = constructStack();
  const store = new CaseStore(stack, 'CaseStore', { platform: 'changchun', encryptionKey: key });
  return { stack, key, store };
};

const keyArn = () => ({ 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] });

describe('Class: CaseStore', () => {
  describe('Table: <slug>-cases', () => {
    it('has the pk/sk key design and the three GSIs of CASE_TABLE, with INCLUDE projections', () => {
      // Prepare
      const { stack } = build();

      // Act
      const template = Template.fromStack(stack);

      // Assess
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        TableName: 'changchun-cases',
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: Object.entries(CASE_TABLE.indexes).map(([name, index]) => ({
          IndexName: name,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.include] },
        })),
      });
    });

    it('streams NEW_AND_OLD_IMAGES, with PITR, deletion protection and the customer-managed key', () => {
      // Prepare
      const { stack } = build();

      // Act
      const template = Template.fromStack(stack);

      // Assess
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        TableName: 'changchun-cases',
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: keyArn() },
      });
      template.hasResource('AWS::DynamoDB::Table', {
        Properties: Match.objectLike({ TableName: 'changchun-cases' }),
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      });
      template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    });
  });

  describe('Table: <slug>-idempotency', () => {
    it('is keyed by id with records expiring by `expiration`, as Powertools expects', () => {
      // Prepare
      const { stack } = build();

      // Act
      const template = Template.fromStack(stack);

      // Assess
      template.resourceCountIs('AWS::DynamoDB::Table', 2);
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        TableName: 'changchun-idempotency',
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: keyArn() },
      });
    });
  });

  describe('Secret: applicant key', () => {
    it('is generated (64 letters and digits), encrypted with the key and retained', () => {
      // Prepare
      const { stack } = build();

      // Act
      const template = Template.fromStack(stack);

      // Assess
      template.hasResource('AWS::SecretsManager::Secret', {
        Properties: {
          Name: 'jilin/changchun/applicant-key',
          Description: Match.stringLikeRegexp('HMAC'),
          KmsKeyId: keyArn(),
          GenerateSecretString: {
            PasswordLength: 64,
            ExcludePunctuation: true,
            IncludeSpace: false,
          },
        },
        DeletionPolicy: 'Retain',
      });
    });
  });

  describe('Method: grantCases', () => {
    it.each(['read', 'write'] as const)(
      'grants exactly the %s actions on the table and its indexes, never Scan',
      (access) => {
        // Prepare
        const { stack, store } = build();
        const role = new iam.Role(stack, 'Reader', {
          assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        });

        // Act
        store.grantCases(role, access);

        // Assess
        const template = Template.fromStack(stack);
        template.hasResourceProperties('AWS::IAM::Policy', {
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({
                Action: [...CASE_TABLE_ACTIONS[access]].sort(),
                Resource: [
                  { 'Fn::GetAtt': [Match.stringLikeRegexp('^CaseStore'), 'Arn'] },
                  {
                    'Fn::Join': [
                      '',
                      [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^CaseStore'), 'Arn'] }, '/index/*'],
                    ],
                  },
                ],
              }),
            ]),
          },
        });
        expect(JSON.stringify(template.toJSON())).not.toMatch(/dynamodb:Scan|dynamodb:\*/);
      },
    );

    it('grants nothing for access none', () => {
      // Prepare
      const { stack, store } = build();
      const role = new iam.Role(stack, 'Nobody', {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      });

      // Act
      const grant = store.grantCases(role, 'none');

      // Assess
      expect(grant).toBeUndefined();
      Template.fromStack(stack).resourceCountIs('AWS::IAM::Policy', 0);
    });
  });

  describe('Method: grantIdempotency', () => {
    it('grants the four item actions Powertools idempotency uses, on that table only', () => {
      // Prepare
      const { stack, store } = build();
      const role = new iam.Role(stack, 'Submitter', {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      });

      // Act
      store.grantIdempotency(role);

      // Assess
      Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Action: [
                'dynamodb:DeleteItem',
                'dynamodb:GetItem',
                'dynamodb:PutItem',
                'dynamodb:UpdateItem',
              ],
              Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CaseStoreIdempotency'), 'Arn'] },
            }),
          ]),
        },
      });
    });
  });

  describe('Constructor', () => {
    it('refuses a platform that is not a slug', () => {
      // Prepare
      const { stack, key } = constructStack();

      // Act & Assess
      expect(
        () => new CaseStore(stack, 'Bad', { platform: 'Chang Chun', encryptionKey: key }),
      ).toThrow(/CaseStore: platform must be a platform slug/);
    });
  });
});
