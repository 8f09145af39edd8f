import { CASE_TABLE } from '@jilin/store';
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ConstructPropsError } from '../errors';

/** How much of the case table a function may use (FunctionSpec.access.cases). */
export type CaseAccess = 'none' | 'read' | 'write';

/**
 * The DynamoDB actions behind each access level. Every read on a request path is a GetItem or a
 * Query (DESIGN: no Scan), and every change is a conditional write, alone or in a
 * TransactWriteItems (which IAM authorises per item as PutItem, UpdateItem, ConditionCheckItem).
 * So no Scan, no DeleteItem and no batch write is granted. DynamoDB Local does not enforce IAM:
 * when the repository starts using another action, add it here.
 */
export const CASE_TABLE_ACTIONS: Readonly<Record<Exclude<CaseAccess, 'none'>, readonly string[]>> =
  {
    read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
    write: [
      'dynamodb:GetItem',
      'dynamodb:BatchGetItem',
      'dynamodb:Query',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:ConditionCheckItem',
    ],
  };

/** What Powertools idempotency does to its table (its documented IAM permissions). */
export const IDEMPOTENCY_TABLE_ACTIONS: readonly string[] = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
];

/** The attribute Powertools idempotency writes a record's expiry to (epoch seconds). */
export const IDEMPOTENCY_TTL_ATTRIBUTE = 'expiration';

export interface CaseStoreProps {
  /** The platform's slug; the tables are `<slug>-cases` and `<slug>-idempotency`, as locally. */
  readonly platform: string;
  /** The customer-managed key of the tables, their stream and the applicant-key secret. */
  readonly encryptionKey: kms.IKey;
  /**
   * What happens to the case table and the applicant-key secret when they leave the stack.
   * Cases are records of administrative acts, and the secret keys the "my cases" index.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Deletion protection of the case table (a `DeleteTable` call fails while it is on).
   * @default true
   */
  readonly deletionProtection?: boolean;
}

/**
 * The platform's state in DynamoDB, built from `CASE_TABLE` (packages/store), the same definition
 * the local platform creates its table from:
 * - the case table (child `Resource`): `pk`/`sk`, the byApplicant, byDepartment and byDue
 *   indexes with INCLUDE projections, a NEW_AND_OLD_IMAGES stream (the outbox dispatch reads),
 *   point-in-time recovery, deletion protection, the customer-managed key;
 * - the Powertools idempotency table (`Idempotency`): partition key `id`, records expiring by the
 *   `expiration` attribute. It lives here because it is state of the same platform, under the same
 *   key and recovery settings;
 * - the applicant-key secret (`ApplicantKey`): the HMAC key of the byApplicant index (ENV
 *   `APPLICANT_KEY_SECRET_ARN`). It belongs with the table because every `gsi1pk` is derived from
 *   it: losing or rotating it orphans every citizen's "my cases" entries.
 *
 * Access goes through the `grant…` methods, which grant exactly the actions in
 * `CASE_TABLE_ACTIONS` and `IDEMPOTENCY_TABLE_ACTIONS` plus the key.
 */
export class CaseStore extends Construct {
  /** The case table. */
  readonly table: dynamodb.Table;
  /** The Powertools idempotency table. */
  readonly idempotencyTable: dynamodb.Table;
  /** The HMAC key of the byApplicant index. */
  readonly applicantKeySecret: secretsmanager.Secret;
  readonly encryptionKey: kms.IKey;

  constructor(scope: Construct, id: string, props: CaseStoreProps) {
    super(scope, id);
    if (!/^[a-z][a-z0-9-]{1,30}$/.test(props.platform)) {
      throw new ConstructPropsError(
        'CaseStore',
        `platform must be a platform slug (lower-case letters, digits, hyphens), got "${props.platform}"`,
      );
    }
    this.encryptionKey = props.encryptionKey;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const string = dynamodb.AttributeType.STRING;

    this.table = new dynamodb.Table(this, 'Resource', {
      tableName: `${props.platform}-cases`,
      partitionKey: { name: CASE_TABLE.partitionKey, type: string },
      sortKey: { name: CASE_TABLE.sortKey, type: string },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: props.deletionProtection ?? true,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.encryptionKey,
      removalPolicy,
    });
    for (const [indexName, index] of Object.entries(CASE_TABLE.indexes)) {
      this.table.addGlobalSecondaryIndex({
        indexName,
        partitionKey: { name: index.partitionKey, type: string },
        sortKey: { name: index.sortKey, type: string },
        projectionType: dynamodb.ProjectionType.INCLUDE,
        nonKeyAttributes: [...index.include],
      });
    }

    this.idempotencyTable = new dynamodb.Table(this, 'Idempotency', {
      tableName: `${props.platform}-idempotency`,
      partitionKey: { name: 'id', type: string },
      timeToLiveAttribute: IDEMPOTENCY_TTL_ATTRIBUTE,
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.encryptionKey,
      // Records live 24 hours; the table holds nothing worth keeping once the stack is gone.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.applicantKeySecret = new secretsmanager.Secret(this, 'ApplicantKey', {
      secretName: `jilin/${props.platform}/applicant-key`,
      description:
        'HMAC-SHA256 key of the byApplicant index ("my cases"): every gsi1pk is derived from it',
      encryptionKey: props.encryptionKey,
      // 64 characters of letters and digits: 381 bits, over the 32 bytes the keyer requires.
      generateSecretString: {
        passwordLength: 64,
        excludePunctuation: true,
        includeSpace: false,
      },
      removalPolicy,
    });
    Validations.of(this.applicantKeySecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The secret is the HMAC key of the byApplicant index, not a credential: every stored gsi1pk is derived from it, so an automatic rotation would orphan every citizen’s “my cases” entries. Re-keying is a planned migration (recompute gsi1pk under the new key, then switch), run by operators, not a rotation schedule.',
    });
  }

  /** Grants the case table at an access level (no-op for `none`), with the key. */
  grantCases(grantee: iam.IGrantable, access: CaseAccess): iam.Grant | undefined {
    if (access === 'none') return undefined;
    if (access === 'read') this.encryptionKey.grantDecrypt(grantee);
    else this.encryptionKey.grantEncryptDecrypt(grantee);
    return this.table.grant(grantee, ...CASE_TABLE_ACTIONS[access]);
  }

  /**
   * Grants appending audit records (packages/store/src/audit-log.ts: a conditional PutItem of a
   * new record) to a function that otherwise only reads.
   */
  grantAuditAppend(grantee: iam.IGrantable): iam.Grant {
    this.encryptionKey.grantEncryptDecrypt(grantee);
    return this.table.grant(grantee, 'dynamodb:PutItem');
  }

  /** Grants what Powertools idempotency needs on its table, with the key. */
  grantIdempotency(grantee: iam.IGrantable): iam.Grant {
    this.encryptionKey.grantEncryptDecrypt(grantee);
    return this.idempotencyTable.grant(grantee, ...IDEMPOTENCY_TABLE_ACTIONS);
  }

  /**
   * Grants reading the applicant-key secret. `Secret.grantRead` lets the key decrypt only via
   * Secrets Manager, with a `kms:ViaService` value of `secretsmanager.<region>.amazonaws.com`;
   * the China regions' endpoints end in `amazonaws.com.cn`, so `kms:Decrypt` is also granted
   * directly (the readers hold it for the case table anyway).
   */
  grantApplicantKeyRead(grantee: iam.IGrantable): iam.Grant {
    this.encryptionKey.grantDecrypt(grantee);
    return this.applicantKeySecret.grantRead(grantee);
  }
}
