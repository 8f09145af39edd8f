import { CitizenIdSchema, CreditCodeSchema, DepartmentIdSchema, hot } from '@jilin/domain';
import * as z from 'zod/mini';
import { PlatformSlugSchema } from './topology';

/**
 * The token the province's unified identity platform (统一身份认证, OIDC) issues, as the HTTP
 * API's JWT authorizer hands its claims to a function. API Gateway passes every claim as a string,
 * so numbers are coerced. Cognito is not offered in AWS's China regions; any OIDC issuer works.
 *
 * | role     | who                                        | extra claims                 |
 * | -------- | ------------------------------------------ | ---------------------------- |
 * | citizen  | an applicant, signed in with real name     | `id_number`; `credit_code` when acting for an organisation |
 * | window   | comprehensive-window staff of a platform   | `platform`                   |
 * | officer  | an officer of one department of a platform | `platform`, `department`     |
 * | admin    | the platform's operator (政数局)           | `platform`                   |
 */
export const DEV_AUDIENCE = 'jilin-gov-services';
export const DEV_ISSUER = 'https://dev-issuer.local.jilin.invalid';

const Sub = z.string().check(z.minLength(1), z.maxLength(128));

export const PrincipalSchema = z.discriminatedUnion('role', [
  z.object({
    role: z.literal('citizen'),
    sub: Sub,
    idNumber: CitizenIdSchema,
    creditCode: z.optional(CreditCodeSchema),
  }),
  z.object({ role: z.literal('window'), sub: Sub, platform: PlatformSlugSchema }),
  z.object({
    role: z.literal('officer'),
    sub: Sub,
    platform: PlatformSlugSchema,
    department: DepartmentIdSchema,
  }),
  z.object({ role: z.literal('admin'), sub: Sub, platform: PlatformSlugSchema }),
]);
/** Who is calling, after the token was verified and its claims parsed. */
export type Principal = z.infer<typeof PrincipalSchema>;

/** Claims → principal; throws a ZodError for claims that do not make a principal. */
export function principalFromClaims(claims: Readonly<Record<string, unknown>>): Principal {
  return hot(PrincipalSchema).parse({
    role: claims.role,
    sub: claims.sub,
    idNumber: claims.id_number,
    creditCode: claims.credit_code,
    platform: claims.platform,
    department: claims.department,
  });
}

/** Principal → the custom claims a token carries (for the local dev issuer). */
export function claimsFromPrincipal(principal: Principal): Record<string, string> {
  const claims: Record<string, string> = { role: principal.role, sub: principal.sub };
  if (principal.role === 'citizen') {
    claims.id_number = principal.idNumber;
    if (principal.creditCode) claims.credit_code = principal.creditCode;
  } else {
    claims.platform = principal.platform;
    if (principal.role === 'officer') claims.department = principal.department;
  }
  return claims;
}
