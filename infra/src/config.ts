import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type PlatformSlug, PlatformSlugSchema } from '@jilin/platform';
import * as z from 'zod';
import { DeploymentConfigError } from './errors';
import { CONFIG_DIR } from './paths';

/**
 * The retention periods CloudWatch Logs accepts from six months up: 网络安全法 (Art. 21) asks for
 * network logs to be kept at least six months, so nothing shorter is allowed.
 */
export const LOG_RETENTION_DAYS = [
  180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;
export const MIN_LOG_RETENTION_DAYS = 180;

/** AWS's China regions (partition `aws-cn`): 北京 cn-north-1 and 宁夏 cn-northwest-1. */
export const isChinaRegion = (region: string): boolean => region.startsWith('cn-');

const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

/** A browser origin: scheme and host (and port), nothing else. No wildcard. */
const OriginSchema = z
  .string()
  .regex(
    /^https:\/\/([a-z0-9-]+\.)+[a-z]{2,}(:\d{1,5})?$/,
    'an origin is https://host[:port], with no path, no trailing slash and no wildcard',
  );

/**
 * One platform's deployment settings: everything that differs between 长春, 四平, 辽源 and the
 * province and is not in the topology (packages/platform). Written as `infra/config/<slug>.json`;
 * unknown keys are refused so a misspelt setting fails the synth instead of being ignored.
 *
 * @example
 * {
 *   "platform": "changchun",
 *   "region": "cn-north-1",
 *   "identity": { "issuer": "https://tyrz.jl.gov.cn/oidc", "audience": ["jilin-gov-services"] },
 *   "alarmEmail": "zwfw-ops-changchun@example.com",
 *   "tracing": false,
 *   "cors": { "allowOrigins": ["https://zwfw.changchun.gov.cn"] },
 *   "logRetentionDays": 180,
 *   "throttling": { "rateLimit": 300, "burstLimit": 600 }
 * }
 */
export const DeploymentConfigSchema = z
  .strictObject({
    /** The platform's slug; must match the file name. */
    platform: PlatformSlugSchema,
    /** The AWS account to deploy to. Omitted: the account of the CLI's credentials. */
    account: z
      .string()
      .regex(/^\d{12}$/, 'an AWS account id is 12 digits')
      .optional(),
    /** The region, e.g. cn-north-1 (北京) or cn-northwest-1 (宁夏). */
    region: z.string().regex(REGION, 'a region code such as cn-north-1, cn-northwest-1, ap-east-1'),
    /** The province's unified identity platform (统一身份认证, OIDC), for the JWT authorizer. */
    identity: z.strictObject({
      /** Exactly the `iss` claim of its tokens; API Gateway fetches its OIDC discovery document. */
      issuer: z.url({
        protocol: /^https$/,
        hostname: z.regexes.domain,
        error:
          'the issuer must be an https URL with a domain name, exactly as tokens carry it in `iss`',
      }),
      /** Accepted `aud` values (the client ids registered for this platform). */
      audience: z.array(z.string().min(1)).min(1, 'at least one audience (client id) is required'),
    }),
    /** Who receives the alarms (an SNS email subscription, confirmed once by its owner). */
    alarmEmail: z.email('alarmEmail must be an email address'),
    /**
     * X-Ray active tracing of the functions. Must be false in the China regions, where X-Ray is
     * not integrated with Lambda.
     */
    tracing: z.boolean(),
    /** Browser origins allowed to call the API (the city's 政务服务网 and window front ends). */
    cors: z.strictObject({
      allowOrigins: z.array(OriginSchema).min(1, 'list at least one origin'),
    }),
    /** Retention of every log group (functions, API access logs), in days. */
    logRetentionDays: z
      .number()
      .int()
      .min(
        MIN_LOG_RETENTION_DAYS,
        'logs are kept at least 180 days (网络安全法 asks for six months of logs)',
      )
      .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
        message: `CloudWatch Logs accepts only these retention periods from 180 days up: ${LOG_RETENTION_DAYS.join(', ')}`,
      }),
    /** The API stage's default route throttling (requests per second, and burst). */
    throttling: z.strictObject({
      rateLimit: z.number().positive().max(10_000, 'an HTTP API stage allows at most 10000 rps'),
      burstLimit: z
        .number()
        .int()
        .min(1)
        .max(5_000, 'an HTTP API stage allows a burst of at most 5000'),
    }),
    /** Department queue settings; see DepartmentQueuesProps. */
    departmentQueues: z
      .strictObject({
        /** Seconds a department back-end has to handle a task message before it shows again. */
        visibilityTimeoutSeconds: z.number().int().min(30).max(43_200).default(300),
        /** Alarm when the oldest task in a department's queue waits longer than this. */
        oldestMessageAlarmMinutes: z.number().int().min(5).max(20_160).default(60),
      })
      .default({ visibilityTimeoutSeconds: 300, oldestMessageAlarmMinutes: 60 }),
    /** CloudFormation termination protection of the stack. */
    terminationProtection: z.boolean().default(true),
  })
  .superRefine((config, ctx) => {
    if (config.tracing && isChinaRegion(config.region)) {
      ctx.addIssue({
        code: 'custom',
        path: ['tracing'],
        message: `X-Ray is not integrated with Lambda in AWS's China regions: set tracing to false for ${config.region}`,
      });
    }
  });

export type DeploymentConfig = z.infer<typeof DeploymentConfigSchema>;

/** Settings that the command line may override for every stack: `-c region=… -c account=…`. */
export interface DeploymentOverrides {
  readonly region?: string | undefined;
  readonly account?: string | undefined;
}

const describeIssues = (issues: readonly z.core.$ZodIssue[]): string[] =>
  issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);

/**
 * Validates a platform's configuration as read from its file, with the overrides applied first
 * (so an overridden region is checked against `tracing` like a written one).
 * @throws DeploymentConfigError naming the source and every problem.
 */
export function parseDeploymentConfig(
  slug: PlatformSlug,
  raw: unknown,
  options: { readonly source?: string; readonly overrides?: DeploymentOverrides } = {},
): DeploymentConfig {
  const source = options.source ?? `infra/config/${slug}.json`;
  const overrides = Object.fromEntries(
    Object.entries(options.overrides ?? {}).filter(([, value]) => value !== undefined),
  );
  const merged =
    typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? { ...raw, ...overrides } : raw;
  const result = DeploymentConfigSchema.safeParse(merged);
  if (!result.success) {
    throw new DeploymentConfigError(slug, source, describeIssues(result.error.issues), {
      cause: result.error,
    });
  }
  if (result.data.platform !== slug) {
    throw new DeploymentConfigError(slug, source, [
      `platform: is "${result.data.platform}" but the file configures "${slug}"; name the file after the platform's slug`,
    ]);
  }
  return result.data;
}

/**
 * Reads and validates `<configDir>/<slug>.json`.
 * @throws DeploymentConfigError when the file is missing, is not JSON, or does not validate.
 */
export function loadDeploymentConfig(
  slug: PlatformSlug,
  options: { readonly configDir?: string; readonly overrides?: DeploymentOverrides } = {},
): DeploymentConfig {
  const file = join(options.configDir ?? CONFIG_DIR, `${slug}.json`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new DeploymentConfigError(
      slug,
      file,
      [`(file): cannot be read; every platform needs its configuration at ${file}`],
      { cause: error },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DeploymentConfigError(slug, file, ['(file): is not valid JSON'], { cause: error });
  }
  const applied = Object.entries(options.overrides ?? {}).filter(
    ([, value]) => value !== undefined,
  );
  return parseDeploymentConfig(slug, json, {
    source:
      applied.length === 0
        ? file
        : `${file} with ${applied.map(([key, value]) => `-c ${key}=${value}`).join(' ')}`,
    ...(options.overrides ? { overrides: options.overrides } : {}),
  });
}
