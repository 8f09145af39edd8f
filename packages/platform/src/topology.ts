import * as z from 'zod/mini';
import type { Platform } from './platform-schema';

/**
 * One platform: a pilot city or the province. Each deploys its own stack from the same code;
 * the slug names the stack and its resources.
 */
export const PlatformSlugSchema = z.enum(['jilin', 'changchun', 'siping', 'liaoyuan']);
export type PlatformSlug = z.infer<typeof PlatformSlugSchema>;

export type { District, Platform } from './platform-schema';

/**
 * A platform without its service catalogue: who it is (slug, GB/T 2260 code, names, level), its
 * area and its departments. What code that never looks a service up needs (reading cases: who
 * may read, the departments' names); a {@link Platform} is one.
 */
export type PlatformDirectory = Omit<Platform, 'services'>;
