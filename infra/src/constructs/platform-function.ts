import { join } from 'node:path';
import type { FunctionSpec } from '@jilin/platform';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { bundlingFor, RUNTIME } from '../bundling';
import { ConstructPropsError } from '../errors';
import { FUNCTIONS_DIR, REPO_ROOT } from '../paths';
import { allowCloudWatchLogs } from './encryption';

/** Lambda's limits, for validating a FunctionSpec. */
const MAX_TIMEOUT_SECONDS = 900;
const MEMORY_MB = { min: 128, max: 10_240 } as const;

export interface PlatformFunctionProps {
  /** The platform's slug; the function is named `<slug>-<spec.name>`. */
  readonly platform: string;
  /** The function's entry in the topology: name, description, timeout, memory. */
  readonly spec: FunctionSpec;
  /** The function's environment (ENV names and the Powertools settings). */
  readonly environment: Readonly<Record<string, string>>;
  /** The key the function's log group is encrypted with. */
  readonly encryptionKey: kms.IKey;
  /** Retention of the function's log group. */
  readonly logRetention: logs.RetentionDays;
  /**
   * X-Ray active tracing. Off in the China regions (X-Ray is not integrated with Lambda there).
   * @default false
   */
  readonly tracing?: boolean;
  /**
   * Where asynchronous invocations go after their retries (scheduled functions).
   * @default - none (HTTP and stream functions are invoked synchronously)
   */
  readonly deadLetterQueue?: sqs.IQueue;
  /**
   * The entry file.
   * @default `functions/<spec.name>/handler.ts`
   */
  readonly entry?: string;
}

/**
 * One Lambda function of the topology, bundled from `functions/<name>/handler.ts` with esbuild
 * (BUNDLING: ESM, minified, AWS SDK bundled), arm64, Node.js 24, with its own role and log group:
 * - the role (`ServiceRole`) starts empty: no AWSLambdaBasicExecutionRole, whose
 *   `logs:CreateLogGroup` and `logs:PutLogEvents` on `*` the function does not need; it may write
 *   to its own log group and nothing else until the owner grants more;
 * - the log group (`LogGroup`, `/aws/lambda/<slug>-<name>`) is created by the stack, with the
 *   retention of the configuration (at least 180 days) and encrypted with the platform's key;
 *   Lambda writes JSON (Powertools' structured lines pass through unchanged).
 * The function itself is the child `Resource`.
 */
export class PlatformFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly spec: FunctionSpec;

  constructor(scope: Construct, id: string, props: PlatformFunctionProps) {
    super(scope, id);
    const { spec } = props;
    if (!Number.isInteger(spec.timeout) || spec.timeout < 1 || spec.timeout > MAX_TIMEOUT_SECONDS) {
      throw new ConstructPropsError(
        'PlatformFunction',
        `${spec.name}: timeout must be whole seconds from 1 to ${MAX_TIMEOUT_SECONDS} (got ${spec.timeout})`,
      );
    }
    if (
      !Number.isInteger(spec.memoryMb) ||
      spec.memoryMb < MEMORY_MB.min ||
      spec.memoryMb > MEMORY_MB.max
    ) {
      throw new ConstructPropsError(
        'PlatformFunction',
        `${spec.name}: memoryMb must be whole MB from ${MEMORY_MB.min} to ${MEMORY_MB.max} (got ${spec.memoryMb})`,
      );
    }
    this.spec = spec;
    const functionName = `${props.platform}-${spec.name}`;

    allowCloudWatchLogs(props.encryptionKey, this);
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName: `/aws/lambda/${functionName}`,
      retention: props.logRetention,
      encryptionKey: props.encryptionKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.role = new iam.Role(this, 'ServiceRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${functionName}: its own log group, plus what the topology grants it`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new nodejs.NodejsFunction(this, 'Resource', {
      functionName,
      description: spec.description,
      entry: props.entry ?? join(FUNCTIONS_DIR, spec.name, 'handler.ts'),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      runtime: RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeout),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      tracing: props.tracing ? lambda.Tracing.ACTIVE : lambda.Tracing.DISABLED,
      environment: {
        ...props.environment,
        NODE_OPTIONS: '--enable-source-maps',
      },
      ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue } : {}),
      bundling: bundlingFor({ tracing: props.tracing ?? false }),
    });
    // The async DLQ is written with the role; with an encrypted queue that takes the key too.
    props.deadLetterQueue?.grantSendMessages(this.role);
  }
}
