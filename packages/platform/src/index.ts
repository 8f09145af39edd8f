export type {
  ApiRole,
  FunctionName,
  FunctionSpec,
  HttpMethod,
  RouteSpec,
  Trigger,
} from './api';
export {
  deadLetterQueueName,
  ENV,
  FUNCTIONS,
  functionSpec,
  MAX_RECEIVES,
  queueName,
  ROUTES,
  routeKey,
} from './api';
export type {
  DepartmentConfig,
  Jurisdiction,
  MaterialConfig,
  PlatformConfig,
  ServiceConfig,
  ServicePartConfig,
} from './catalogue/jurisdiction';
export {
  checkDefaultPlatforms,
  checkPlatforms,
  defaultPlatformConfigs,
  loadPlatforms,
  parsePlatform,
} from './checks';
export { getPlatformDirectory, platformSlugs } from './directory';
export { PlatformConfigError, PlatformError, UnknownPlatformError } from './errors';
export type { Principal } from './identity';
export {
  claimsFromPrincipal,
  DEV_AUDIENCE,
  DEV_ISSUER,
  PrincipalSchema,
  principalFromClaims,
} from './identity';
export { DistrictSchema, PlatformSchema } from './platform-schema';
export {
  findDepartment,
  findService,
  getPlatform,
  platforms,
} from './registry';
export type { District, Platform, PlatformDirectory, PlatformSlug } from './topology';
export { PlatformSlugSchema } from './topology';
