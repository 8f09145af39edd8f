import * as z from 'zod/mini';
import type { Service } from './service-guide';

/**
 * The keys of the service catalogue that cases carry (departments, areas, channels, materials)
 * and what follows from a service's parts. The catalogue entries themselves (办事指南) are in
 * service-guide.ts: a function that only handles cases never builds their schemas (a file none
 * of whose exports are used stays out of a bundle; its schemas would be built at every cold start).
 */

/** A department key, unique within one platform (city or province): lowercase slug. */
export const DepartmentIdSchema = z
  .string()
  .check(z.regex(/^[a-z][a-z0-9-]{1,39}$/, 'department id: lowercase letters, digits and hyphens'))
  .brand<'DepartmentId'>();
export type DepartmentId = z.infer<typeof DepartmentIdSchema>;

/** A GB/T 2260 administrative area code: six digits. */
export const AreaCodeSchema = z
  .string()
  .check(z.regex(/^\d{6}$/, 'area code: six digits (GB/T 2260)'));
export type AreaCode = z.infer<typeof AreaCodeSchema>;

/** 服务对象: a natural person (自然人) or a legal person / organisation (法人). */
export const ApplicantKindSchema = z.enum(['natural', 'legal']);
export type ApplicantKind = z.infer<typeof ApplicantKindSchema>;

/** 办理形式: online (一网) or at the comprehensive window (一窗). */
export const ChannelSchema = z.enum(['online', 'window']);
export type Channel = z.infer<typeof ChannelSchema>;

/** A material key within one service: lowercase slug. */
export const MaterialIdSchema = z
  .string()
  .check(z.regex(/^[a-z][a-z0-9-]{1,39}$/, 'material id: lowercase letters, digits and hyphens'));
export type MaterialId = z.infer<typeof MaterialIdSchema>;

/** A bundled 一件事: more than one deciding department. */
export const isBundled = (service: Pick<Service, 'parts'>): boolean => service.parts.length > 1;

/** 联办机构: the departments other than the lead. */
export const coHandlingDepartments = (service: Pick<Service, 'parts' | 'department'>) =>
  service.parts.map((p) => p.department).filter((d) => d !== service.department);
