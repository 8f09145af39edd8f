import type { Department, Service } from '@jilin/domain';
import type { PlatformConfig } from './catalogue/jurisdiction';
import { PlatformConfigError, UnknownPlatformError } from './errors';
import { changchun } from './platforms/changchun';
import { jilin } from './platforms/jilin';
import { liaoyuan } from './platforms/liaoyuan';
import { siping } from './platforms/siping';
import { type Platform, PlatformSchema, type PlatformSlug, PlatformSlugSchema } from './topology';

/** The slugs of every platform: the province first, then the pilot cities. */
export const platformSlugs: readonly PlatformSlug[] = PlatformSlugSchema.options;

/** The default configuration of each platform, as written (before parsing). */
export const defaultPlatformConfigs: Readonly<Record<PlatformSlug, PlatformConfig>> = {
  jilin,
  changchun,
  siping,
  liaoyuan,
};

const describeIssues = (issues: readonly { path: readonly PropertyKey[]; message: string }[]) =>
  issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
};

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

/** The default platforms parsed so far: a function parses its own platform only. */
const parsedDefaults = new Map<PlatformSlug, Platform>();

/**
 * The platform a stack or the local runtime serves, by slug (typically from configuration).
 * Parsed on first use and kept: a function serves one platform, and parsing all four at load
 * was most of the zod work of a cold start (see README, Performance). The rules across
 * platforms (a city's parent, service codes unique across platforms) are `loadPlatforms`'s,
 * which the tests and every `cdk synth` run over these same configurations.
 * @throws UnknownPlatformError when the slug names no platform.
 */
export const getPlatform = (slug: string): Platform => {
  const known = PlatformSlugSchema.safeParse(slug);
  if (!known.success) throw new UnknownPlatformError(slug, platformSlugs);
  let platform = parsedDefaults.get(known.data);
  if (!platform) {
    platform = parsePlatform(known.data, defaultPlatformConfigs[known.data]);
    parsedDefaults.set(known.data, platform);
  }
  return platform;
};

/** Every platform by slug, each parsed on first access ({@link getPlatform}). */
export const platforms: Readonly<Record<PlatformSlug, Platform>> = Object.freeze(
  Object.defineProperties(
    {} as Record<PlatformSlug, Platform>,
    Object.fromEntries(
      platformSlugs.map((slug) => [slug, { enumerable: true, get: () => getPlatform(slug) }]),
    ),
  ),
);

/**
 * Every default platform, parsed and checked across platforms (`loadPlatforms`): what the
 * tests and `cdk synth` check before anything is deployed.
 */
export const checkDefaultPlatforms = (): Readonly<Record<PlatformSlug, Platform>> =>
  loadPlatforms(defaultPlatformConfigs);

/** The service with this 事项编码 in the platform's catalogue, if any. */
export const findService = (
  platform: Pick<Platform, 'services'>,
  code: string,
): Service | undefined => platform.services.find((service) => service.code === code);

/** The platform's department with this id, if any. */
export const findDepartment = (
  platform: Pick<Platform, 'departments'>,
  id: string,
): Department | undefined => platform.departments.find((department) => department.id === id);
