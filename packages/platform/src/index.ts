export type {
  DepartmentConfig,
  Jurisdiction,
  MaterialConfig,
  PlatformConfig,
  ServiceConfig,
  ServicePartConfig,
} from './catalogue/jurisdiction';
export { PlatformConfigError, PlatformError, UnknownPlatformError } from './errors';
export {
  defaultPlatformConfigs,
  findDepartment,
  findService,
  getPlatform,
  loadPlatforms,
  platformSlugs,
  platforms,
} from './registry';
export type { District, Platform, PlatformSlug } from './topology';
export { DistrictSchema, PlatformSchema, PlatformSlugSchema } from './topology';
