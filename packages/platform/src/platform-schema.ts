import { AreaCodeSchema, DepartmentSchema, ServiceSchema } from '@jilin/domain';
import * as z from 'zod/mini';
import { PlatformSlugSchema } from './topology';

/*
 * The schema a platform's configuration is checked against (checks.ts: the tests and every
 * `cdk synth`). The functions never parse it (registry.ts, getPlatform), and nothing they import
 * imports this file, so their bundles neither contain these schemas nor build them at load.
 */

export const DistrictSchema = z.object({
  code: AreaCodeSchema,
  name: z.string().check(z.minLength(2), z.maxLength(30)),
});
export type District = z.infer<typeof DistrictSchema>;

/**
 * A city's (or the province's) platform: its area, departments and catalogue.
 * @example { slug: 'siping', code: '220300', name: '四平市', level: 'city', ... }
 */
export const PlatformSchema = z
  .object({
    slug: PlatformSlugSchema,
    /** GB/T 2260 code of the city (220100) or the province (220000). */
    code: AreaCodeSchema,
    name: z.string().check(z.minLength(2), z.maxLength(20)),
    nameEn: z.string().check(z.minLength(2), z.maxLength(20)),
    level: z.enum(['province', 'city']),
    /** For a city: the province platform it connects to (跨层级). */
    parent: z.optional(PlatformSlugSchema),
    districts: z.array(DistrictSchema),
    departments: z.array(DepartmentSchema).check(z.minLength(1)),
    services: z.array(ServiceSchema).check(z.minLength(1)),
    /**
     * Working days a department has to verify and rectify a 差评 and answer the applicant
     * (国办发〔2019〕51号 leaves it to local rules, which give 5 to 15).
     */
    ratingFollowUpDays: z.int().check(z.gte(5), z.lte(15)),
  })
  .check(
    z.superRefine((platform, ctx) => {
      const departmentIds = new Set(platform.departments.map((d) => d.id));
      if (departmentIds.size !== platform.departments.length) {
        ctx.addIssue({
          code: 'custom',
          message: 'department ids must be unique',
          path: ['departments'],
        });
      }
      const codes = new Set(platform.services.map((s) => s.code));
      if (codes.size !== platform.services.length) {
        ctx.addIssue({
          code: 'custom',
          message: 'service codes must be unique',
          path: ['services'],
        });
      }
      platform.services.forEach((service, i) => {
        for (const part of service.parts) {
          if (!departmentIds.has(part.department)) {
            ctx.addIssue({
              code: 'custom',
              message: `service ${service.code} is decided by unknown department "${part.department}"`,
              path: ['services', i, 'parts'],
            });
          }
        }
      });
      for (const [i, district] of platform.districts.entries()) {
        const prefix =
          platform.level === 'province' ? platform.code.slice(0, 2) : platform.code.slice(0, 4);
        if (!district.code.startsWith(prefix)) {
          ctx.addIssue({
            code: 'custom',
            message: `district ${district.code} is not inside ${platform.code}`,
            path: ['districts', i, 'code'],
          });
        }
      }
    }),
  );
export type Platform = z.infer<typeof PlatformSchema>;
