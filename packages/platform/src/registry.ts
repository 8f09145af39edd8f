import type { Department, Service } from '@jilin/domain';
import type { ServiceConfig } from './catalogue/jurisdiction';
import { deepFreeze, getPlatformDirectory, knownSlug, platformSlugs } from './directory';
import { changchunServices } from './platforms/changchun';
import { jilinServices } from './platforms/jilin';
import { liaoyuanServices } from './platforms/liaoyuan';
import { sipingServices } from './platforms/siping';
import type { Platform, PlatformSlug } from './topology';

/**
 * How each platform's service catalogue is built. A platform's whole configuration is its
 * directory (directory.ts, `DIRECTORY_BUILDERS`) and this: `getPlatform` puts the two together
 * here, and the configuration checks (checks.ts, `defaultPlatformConfigs`) from the same two.
 */
export const SERVICE_BUILDERS: Readonly<Record<PlatformSlug, () => ServiceConfig[]>> = {
  jilin: jilinServices,
  changchun: changchunServices,
  siping: sipingServices,
  liaoyuan: liaoyuanServices,
};

/** The default platforms handed out so far, frozen. */
const defaults = new Map<PlatformSlug, Platform>();

/**
 * A platform from its default configuration, without parsing it. The configuration is code, and
 * `checkDefaultPlatforms` (checks.ts; run by the tests and by every `cdk synth`) proves that
 * parsing it, built from the same two builders, passes every rule and yields exactly this value:
 * no defaults, transforms or dropped keys. The brands (`DepartmentId` …) are the one difference,
 * and they exist only for the compiler. This and `getPlatformDirectory` are the places that rely
 * on it; parsing at load cost each function 5–7 ms of its cold start (README, Performance).
 *
 * The platform is its directory (the same frozen objects) and its catalogue, built on the first
 * read of `services`: most requests of the functions that change cases look no service up
 * (a withdrawal, a rating, a decision, the overdue scan), and building the catalogue was about
 * 0.5 ms of their cold start.
 */
const trusted = (slug: PlatformSlug): Platform => {
  let services: Platform['services'] | undefined;
  const platform = Object.defineProperty({ ...getPlatformDirectory(slug) }, 'services', {
    enumerable: true,
    get: () =>
      (services ??= deepFreeze(SERVICE_BUILDERS[slug]()) as unknown as Platform['services']),
  });
  return Object.freeze(platform) as unknown as Platform;
};

/**
 * The platform a stack or the local runtime serves, by slug (typically from configuration).
 * The same object on every call.
 * @throws UnknownPlatformError when the slug names no platform.
 */
export const getPlatform = (slug: string): Platform => {
  const known = knownSlug(slug);
  let platform = defaults.get(known);
  if (!platform) {
    platform = trusted(known);
    defaults.set(known, platform);
  }
  return platform;
};

/** Every platform by slug ({@link getPlatform}). */
export const platforms: Readonly<Record<PlatformSlug, Platform>> = /* @__PURE__ */ Object.freeze(
  Object.defineProperties(
    {} as Record<PlatformSlug, Platform>,
    Object.fromEntries(
      platformSlugs.map((slug) => [slug, { enumerable: true, get: () => getPlatform(slug) }]),
    ),
  ),
);

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
