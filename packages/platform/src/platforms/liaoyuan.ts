import { cityDepartments } from '../catalogue/departments';
import type {
  Jurisdiction,
  PlatformDirectoryConfig,
  ServiceConfig,
} from '../catalogue/jurisdiction';
import { cityServices } from '../catalogue/services';

const liaoyuanCity: Jurisdiction = {
  code: '220400',
  name: '辽源市',
  phoneAreaCode: '0437',
  hall: '辽源市政务服务中心',
};

/**
 * 辽源市, a pilot city of “一号一窗一网”. Its directory: who it is, its area and its departments, without
 * the service catalogue.
 */
export const liaoyuanDirectory = (): PlatformDirectoryConfig => ({
  slug: 'liaoyuan',
  code: liaoyuanCity.code,
  name: liaoyuanCity.name,
  nameEn: 'Liaoyuan',
  level: 'city',
  parent: 'jilin',
  districts: [
    { code: '220402', name: '龙山区' },
    { code: '220403', name: '西安区' },
    { code: '220421', name: '东丰县' },
    { code: '220422', name: '东辽县' },
  ],
  // 差评 verified, rectified and answered within 10 working days.
  ratingFollowUpDays: 10,
  departments: cityDepartments(liaoyuanCity),
});

/** Its service catalogue (办事指南). */
export const liaoyuanServices = (): ServiceConfig[] => cityServices(liaoyuanCity);
