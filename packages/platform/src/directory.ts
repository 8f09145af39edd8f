import type { PlatformDirectoryConfig } from './catalogue/jurisdiction';
import { UnknownPlatformError } from './errors';
import { changchunDirectory } from './platforms/changchun';
import { jilinDirectory } from './platforms/jilin';
import { liaoyuanDirectory } from './platforms/liaoyuan';
import { sipingDirectory } from './platforms/siping';
import { type PlatformDirectory, type PlatformSlug, PlatformSlugSchema } from './topology';

/*
 * The platforms' directories, apart from the registry of whole platforms (registry.ts), so that
 * a bundle that reads only directories (the reading function) leaves the service catalogues
 * out: about 27 KiB that it would otherwise compile and build at every cold start (README,
 * Performance). The platform files this imports also hold each platform's services builder;
 * esbuild leaves those out because nothing here uses them and the package declares no side
 * effects (a bundling test holds read-cases to it). Nothing here may import registry.ts.
 */

/** The slugs of every platform: the province first, then the pilot cities. */
export const platformSlugs: readonly PlatformSlug[] = PlatformSlugSchema.options;

/**
 * The slug as a platform's, or UnknownPlatformError naming the known ones.
 * @throws UnknownPlatformError when the slug names no platform.
 */
export const knownSlug = (slug: string): PlatformSlug => {
  const known = PlatformSlugSchema.safeParse(slug);
  if (!known.success) throw new UnknownPlatformError(slug, platformSlugs);
  return known.data;
};

/** Freezes `value` and everything reachable from it, in place. */
export const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
};

/** How each platform's directory is built (the checks build the whole configuration from it). */
export const DIRECTORY_BUILDERS: Readonly<Record<PlatformSlug, () => PlatformDirectoryConfig>> = {
  jilin: jilinDirectory,
  changchun: changchunDirectory,
  siping: sipingDirectory,
  liaoyuan: liaoyuanDirectory,
};

const directories = new Map<PlatformSlug, PlatformDirectory>();

/**
 * A platform's directory by slug: the platform without its service catalogue, for code that
 * never looks a service up; `getPlatform(slug)` is this and the catalogue. Built from the
 * configuration without parsing it, which the configuration checks make safe (registry.ts,
 * `trusted`); the same frozen object on every call.
 * @throws UnknownPlatformError when the slug names no platform.
 */
export const getPlatformDirectory = (slug: string): PlatformDirectory => {
  const known = knownSlug(slug);
  let directory = directories.get(known);
  if (!directory) {
    directory = deepFreeze(DIRECTORY_BUILDERS[known]()) as unknown as PlatformDirectory;
    directories.set(known, directory);
  }
  return directory;
};
