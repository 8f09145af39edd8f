import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

export interface PlatformKeyProps {
  /**
   * The key's alias, e.g. `alias/jilin/changchun`.
   * @default - no alias
   */
  readonly alias?: string;
  /**
   * What the key protects, for the console.
   * @default 'Customer-managed key of the platform: tables, queues, logs, secret, alarm topic'
   */
  readonly description?: string;
  /**
   * What happens to the key when it leaves the stack. Everything the platform stores is
   * encrypted under it, so it is kept by default: a deleted key makes the retained tables
   * and logs unreadable.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The platform's customer-managed KMS key (DESIGN: tables, queues and logs are encrypted with a
 * customer-managed key), with automatic yearly rotation. Services that encrypt on their own
 * behalf (CloudWatch Logs, CloudWatch alarms publishing to the topic, EventBridge writing to a
 * dead-letter queue) are let in by the constructs that need them, through the helpers below.
 */
export class PlatformKey extends Construct {
  /** The key (the child `Resource`). */
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: PlatformKeyProps = {}) {
    super(scope, id);
    this.key = new kms.Key(this, 'Resource', {
      description:
        props.description ??
        'Customer-managed key of the platform: tables, queues, logs, secret, alarm topic',
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      ...(props.alias ? { alias: props.alias } : {}),
    });
  }
}

const granted = new WeakMap<kms.IKey, Set<string>>();

/** Runs `grant` once per key and purpose, however many constructs ask for it. */
function once(key: kms.IKey, purpose: string, grant: () => void): void {
  const done = granted.get(key) ?? new Set<string>();
  if (done.has(purpose)) return;
  done.add(purpose);
  granted.set(key, done);
  grant();
}

/**
 * Lets CloudWatch Logs of this stack's region use the key for this account's log groups (a log
 * group encrypted with a key CloudWatch Logs may not use fails to create). The service principal
 * is `logs.<region>.<URL suffix>`, so it reads `amazonaws.com.cn` in the China regions, and the
 * encryption context limits it to log groups of this account and region.
 */
export function allowCloudWatchLogs(key: kms.IKey, scope: Construct): void {
  once(key, 'logs', () => {
    const stack = Stack.of(scope);
    key.grantEncryptDecrypt(
      new iam.ServicePrincipal(`logs.${stack.region}.${stack.urlSuffix}`).withConditions({
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
            service: 'logs',
            resource: 'log-group',
            resourceName: '*',
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
      }),
    );
  });
}

/**
 * Lets an AWS service write messages encrypted with the key to a queue or topic of this stack:
 * `kms:GenerateDataKey*` and `kms:Decrypt`, the two calls SQS and SNS make for a sender
 * (e.g. `cloudwatch.amazonaws.com` for alarms to an encrypted topic, `events.amazonaws.com` for a
 * rule's dead-letter queue). Optional conditions narrow it (aws:SourceArn, aws:SourceAccount).
 */
export function allowServiceToSend(
  key: kms.IKey,
  service: string,
  conditions?: Record<string, Record<string, unknown>>,
): void {
  once(key, `send:${service}:${JSON.stringify(conditions ?? {})}`, () => {
    const principal = new iam.ServicePrincipal(service);
    key.grant(
      conditions ? principal.withConditions(conditions) : principal,
      'kms:Decrypt',
      'kms:GenerateDataKey*',
    );
  });
}
