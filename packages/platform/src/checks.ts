import { isDeepStrictEqual } from 'node:util';
import type { PlatformConfig } from './catalogue/jurisdiction';
import { DIRECTORY_BUILDERS, deepFreeze, platformSlugs } from './directory';
import { PlatformConfigError } from './errors';
import { PlatformSchema } from './platform-schema';
import { SERVICE_BUILDERS } from './registry';
import type { Platform, PlatformSlug } from './topology';

/*
 * Parsing and checking platform configurations against PlatformSchema: for the tests, every
 * `cdk synth` and configuration tools. The functions use the configuration unparsed
 * (registry.ts, getPlatform) and do not import this file.
 */

/**
 * The default configuration of each platform, as written (before parsing): its directory and its
 * catalogue, from the same builders `getPlatform` uses, each built on first read.
 */
export const defaultPlatformConfigs: Readonly<Record<PlatformSlug, PlatformConfig>> = Object.freeze(
  Object.defineProperties(
    {} as Record<PlatformSlug, PlatformConfig>,
    Object.fromEntries(
      platformSlugs.map((slug) => {
        let built: PlatformConfig | undefined;
        const build = (): PlatformConfig => ({
          ...DIRECTORY_BUILDERS[slug](),
          services: SERVICE_BUILDERS[slug](),
        });
        return [slug, { enumerable: true, get: () => (built ??= build()) }];
      }),
    ),
  ),
);

const describeIssues = (issues: readonly { path: readonly PropertyKey[]; message: string }[]) =>
  issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);

/**
 * Parses one platform's configuration through `PlatformSchema` and checks that it is configured
 * under its own slug. Returns it deeply frozen.
 * @throws PlatformConfigError naming the platform and each problem.
 */
export const parsePlatform = (slug: PlatformSlug, config: PlatformConfig): Platform => {
  const result = PlatformSchema.safeParse(config);
  if (!result.success) {
    throw new PlatformConfigError(slug, describeIssues(result.error.issues), {
      cause: result.error,
    });
  }
  if (result.data.slug !== slug) {
    throw new PlatformConfigError(slug, [
      `slug: is "${result.data.slug}" but the platform is configured under "${slug}"`,
    ]);
  }
  return deepFreeze(result.data);
};

/**
 * Parses every platform through `PlatformSchema`, then checks what no single platform can see:
 * the record key is the platform's slug, a city's parent is a province platform, and no service
 * code is used by two platforms. Returns the parsed platforms, deeply frozen.
 * @throws PlatformConfigError naming the platform and each problem.
 */
export const loadPlatforms = (
  configs: Readonly<Record<PlatformSlug, PlatformConfig>>,
): Readonly<Record<PlatformSlug, Platform>> => {
  const parsed = {} as Record<PlatformSlug, Platform>;
  for (const slug of platformSlugs) parsed[slug] = parsePlatform(slug, configs[slug]);

  const owner = new Map<string, PlatformSlug>();
  for (const slug of platformSlugs) {
    const platform = parsed[slug];
    if (platform.level === 'city') {
      const parent = platform.parent === undefined ? undefined : parsed[platform.parent];
      if (parent?.level !== 'province') {
        throw new PlatformConfigError(slug, [
          `parent: a city must name the province platform it connects to (got ${JSON.stringify(platform.parent)})`,
        ]);
      }
    } else if (platform.parent !== undefined) {
      throw new PlatformConfigError(slug, ['parent: the province has no parent platform']);
    }
    for (const service of platform.services) {
      const first = owner.get(service.code);
      if (first !== undefined) {
        throw new PlatformConfigError(slug, [
          `services: code ${service.code} is already used by platform "${first}"; service codes are unique across platforms`,
        ]);
      }
      owner.set(service.code, slug);
    }
  }
  return parsed;
};

/**
 * Every platform parsed and checked across platforms (`loadPlatforms`), and each one exactly its
 * configuration as written, which {@link getPlatform} hands out unparsed.
 * @throws PlatformConfigError naming the platform whose parsing would change it.
 */
export const checkPlatforms = (
  configs: Readonly<Record<PlatformSlug, PlatformConfig>>,
): Readonly<Record<PlatformSlug, Platform>> => {
  const parsed = loadPlatforms(configs);
  for (const slug of platformSlugs) {
    if (!isDeepStrictEqual({ ...parsed[slug] }, { ...configs[slug] })) {
      throw new PlatformConfigError(slug, [
        '(root): parsing changes this configuration (a default, a transform or an unknown key); write it as parsing makes it, since the functions use it unparsed',
      ]);
    }
  }
  return parsed;
};

/** {@link checkPlatforms} of the default configuration: what the tests and `cdk synth` run. */
export const checkDefaultPlatforms = (): Readonly<Record<PlatformSlug, Platform>> =>
  checkPlatforms(defaultPlatformConfigs);
