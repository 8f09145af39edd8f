import { isDeepStrictEqual } from 'node:util';
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

/** The default platforms handed out so far, frozen. */
const defaults = new Map<PlatformSlug, Platform>();

/**
 * A default configuration as its platform, without parsing it. The configuration is code, and
 * {@link checkDefaultPlatforms} (run by the tests and by every `cdk synth`) proves that parsing it
 * passes every rule and yields exactly this value: no defaults, transforms or dropped keys. The
 * brands (`DepartmentId` …) are the one difference, and they exist only for the compiler. This is
 * the one place that relies on it; parsing at load cost each function 5–7 ms of its cold start
 * (README, Performance).
 */
const trusted = (config: PlatformConfig): Platform => deepFreeze(config) as unknown as Platform;

/**
 * The platform a stack or the local runtime serves, by slug (typically from configuration).
 * The same object on every call.
 * @throws UnknownPlatformError when the slug names no platform.
 */
export const getPlatform = (slug: string): Platform => {
  const known = PlatformSlugSchema.safeParse(slug);
  if (!known.success) throw new UnknownPlatformError(slug, platformSlugs);
  let platform = defaults.get(known.data);
  if (!platform) {
    platform = trusted(defaultPlatformConfigs[known.data]);
    defaults.set(known.data, platform);
  }
  return platform;
};

/** Every platform by slug ({@link getPlatform}). */
export const platforms: Readonly<Record<PlatformSlug, Platform>> = Object.freeze(
  Object.defineProperties(
    {} as Record<PlatformSlug, Platform>,
    Object.fromEntries(
      platformSlugs.map((slug) => [slug, { enumerable: true, get: () => getPlatform(slug) }]),
    ),
  ),
);

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
