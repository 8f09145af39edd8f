import type {
  DepartmentSchema,
  MaterialSchema,
  ServicePartSchema,
  ServiceSchema,
} from '@jilin/domain';
import type * as z from 'zod/mini';
import type { PlatformSchema } from '../platform-schema';

/**
 * Configuration is written as the schemas' *input* types: ids are plain strings here and get
 * their brand when the configuration is parsed (see `loadPlatforms`).
 */
export type PlatformConfig = z.input<typeof PlatformSchema>;
/** A platform's configuration without its service catalogue (see `PlatformDirectory`). */
export type PlatformDirectoryConfig = Omit<PlatformConfig, 'services'>;
export type DepartmentConfig = z.input<typeof DepartmentSchema>;
export type ServiceConfig = z.input<typeof ServiceSchema>;
export type ServicePartConfig = z.input<typeof ServicePartSchema>;
export type MaterialConfig = z.input<typeof MaterialSchema>;

/**
 * What the shared catalogue needs to know about the city (or the province) it is written for.
 * @example { code: '220300', name: '四平市', phoneAreaCode: '0434', hall: '四平市政务服务中心' }
 */
export interface Jurisdiction {
  /** GB/T 2260 code: 220100, 220300, 220400 or 220000. */
  readonly code: string;
  /** Official name, the prefix of every department's name: 长春市, 吉林省. */
  readonly name: string;
  /** Long-distance area code for the 咨询电话: 0431 长春 (and the province), 0434 四平, 0437 辽源. */
  readonly phoneAreaCode: string;
  /** The comprehensive service hall (一窗) of this level, e.g. 长春市政务服务中心. */
  readonly hall: string;
}

/**
 * 事项编码 as this platform writes it: `<area>-<unit>-<nnnn>`.
 *
 * - `<area>`: the GB/T 2260 code of the platform that implements the item (220100 for 长春,
 *   220000 for the province), so codes never collide across platforms;
 * - `<unit>`: the pinyin initials of the lead department (GA 公安, MZ 民政, RS 人社, SJ 市场监管,
 *   GJJ 公积金, BDC 不动产登记, WJ 卫健, JY 教育, JT 交通, ZJ 住建, YJ 药监), or `YJS` for a
 *   bundled 一件事 that spans three or more departments;
 * - `<nnnn>`: a four-digit sequence within the unit.
 *
 * The catalogue keeps codes opaque (REFERENCE.md, "Identifiers"): nothing parses them. They stand
 * in for the GB/T 39554.1-2020 实施编码 until the province's item library assigns real ones.
 * @example serviceCode({ code: '220100', ... }, 'GA', 1) === '220100-GA-0001'
 */
export const serviceCode = (where: Jurisdiction, unit: string, sequence: number): string =>
  `${where.code}-${unit}-${String(sequence).padStart(4, '0')}`;

/**
 * National special service numbers (政务服务便民热线 and the departments' own), each dialled with
 * the local area code. Departments without their own number answer on 12345.
 */
const HOTLINES: Readonly<Record<string, string>> = {
  hrss: '12333',
  'market-regulation': '12315',
  tax: '12366',
  'housing-fund': '12329',
  health: '12320',
  'medical-insurance': '12393',
  transport: '12328',
};

/** 咨询电话 of a department in a jurisdiction, e.g. `0434-12333` for 四平市人社局. */
export const consultationPhone = (where: Jurisdiction, department: string): string =>
  `${where.phoneAreaCode}-${HOTLINES[department] ?? '12345'}`;

/** 办理地点: the comprehensive window of the jurisdiction's hall (city-level items). */
export const hallWindow = (where: Jurisdiction): string => `${where.hall}综合受理窗口`;

/** 办理地点 of a county-level item listed on the city platform: any county hall of the city. */
export const countyWindows = (where: Jurisdiction): string =>
  `${where.name}各县（市、区）政务服务中心综合受理窗口`;
