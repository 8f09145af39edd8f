import { ENV, type FunctionSpec, getPlatform, type PlatformSlug, queueName } from '@jilin/platform';

/**
 * A function's environment as a city's stack sets it (infra PlatformFunctions: ENV names, the
 * Powertools settings, NODE_OPTIONS) and as Lambda adds to it, with one deliberate difference:
 * the applicant-key secret is the value itself (APPLICANT_KEY_SECRET, as locally), not the ARN of
 * a Secrets Manager secret, so loading a handler needs no network. In the cloud the cold start
 * also pays that one GetSecretValue call (once per execution environment).
 */

export const BENCH_PLATFORM: PlatformSlug = 'changchun';
/** 48 bytes, like `openssl rand -base64 48`; a benchmark value, keys nothing real. */
export const BENCH_APPLICANT_KEY_SECRET = 'bench-only:applicant-key-secret:0123456789abcdef';
const REGION = 'cn-north-1';
const ACCOUNT = '000000000000';

export interface LambdaEnvOptions {
  readonly platform?: PlatformSlug;
  /** Table names, queue URLs and endpoints of running services (the local platform's env). */
  readonly services?: Readonly<Record<string, string>>;
}

export function lambdaEnvironment(
  spec: Pick<FunctionSpec, 'name' | 'memoryMb' | 'access'>,
  options: LambdaEnvOptions = {},
): Record<string, string> {
  const slug = options.platform ?? BENCH_PLATFORM;
  const platform = getPlatform(slug);
  const functionName = `${slug}-${spec.name}`;
  const env: Record<string, string> = {
    // What PlatformFunctions sets.
    [ENV.platform]: slug,
    POWERTOOLS_SERVICE_NAME: slug,
    POWERTOOLS_METRICS_NAMESPACE: 'JilinGovServices',
    POWERTOOLS_LOG_LEVEL: 'INFO',
    POWERTOOLS_TRACE_ENABLED: 'false',
    // What Lambda sets.
    AWS_REGION: REGION,
    AWS_DEFAULT_REGION: REGION,
    AWS_ACCESS_KEY_ID: 'ASIABENCHBENCHBENCH0',
    AWS_SECRET_ACCESS_KEY: 'bench/bench/bench/bench/bench/bench/bench0',
    AWS_SESSION_TOKEN: 'bench-session-token',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memoryMb),
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${functionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: '2026/01/01/[$LATEST]00000000000000000000000000000000',
    TZ: ':UTC',
    // With --node=current on Node 20: the SDK's Node 20 deprecation notice is not part of a cold start in Lambda (24).
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  if (spec.access.cases !== 'none') {
    env[ENV.caseTable] = `${slug}-cases`;
    env[ENV.applicantKeySecret] = BENCH_APPLICANT_KEY_SECRET;
  }
  if (spec.access.idempotency) env[ENV.idempotencyTable] = `${slug}-idempotency`;
  if (spec.access.sendToDepartmentQueues) {
    env[ENV.departmentQueues] = JSON.stringify(
      Object.fromEntries(
        platform.departments.map((d) => [
          d.id,
          `https://sqs.${REGION}.amazonaws.com.cn/${ACCOUNT}/${queueName(slug, d.id)}`,
        ]),
      ),
    );
  }
  return { ...env, ...options.services };
}
