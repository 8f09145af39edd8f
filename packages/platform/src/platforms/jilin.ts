import type {
  Jurisdiction,
  PlatformDirectoryConfig,
  ServiceConfig,
} from '../catalogue/jurisdiction';
import { provinceDepartments, provinceServices } from '../catalogue/province';

const jilinProvince: Jurisdiction = {
  code: '220000',
  name: '吉林省',
  phoneAreaCode: '0431',
  hall: '吉林省政务服务中心',
};

/**
 * The province's platform (吉林省): the pilot cities' platforms connect to it (跨层级). Its
 * "districts" are the three pilot cities.
 *
 * Its directory: who it is, its area and its departments, without the service catalogue.
 */
export const jilinDirectory = (): PlatformDirectoryConfig => ({
  slug: 'jilin',
  code: jilinProvince.code,
  name: jilinProvince.name,
  nameEn: 'Jilin',
  level: 'province',
  districts: [
    { code: '220100', name: '长春市' },
    { code: '220300', name: '四平市' },
    { code: '220400', name: '辽源市' },
  ],
  // 差评 verified, rectified and answered within 10 working days.
  ratingFollowUpDays: 10,
  departments: provinceDepartments(),
});

/** Its service catalogue (办事指南). */
export const jilinServices = (): ServiceConfig[] => provinceServices(jilinProvince);
