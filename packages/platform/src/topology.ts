import * as z from 'zod/mini';

/**
 * One platform: a pilot city or the province. Each deploys its own stack from the same code;
 * the slug names the stack and its resources.
 */
export const PlatformSlugSchema = z.enum(['jilin', 'changchun', 'siping', 'liaoyuan']);
export type PlatformSlug = z.infer<typeof PlatformSlugSchema>;

export type { District, Platform } from './platform-schema';
