import { cityDepartments } from '../catalogue/departments';
import type {
  Jurisdiction,
  PlatformDirectoryConfig,
  ServiceConfig,
} from '../catalogue/jurisdiction';
import { cityServices } from '../catalogue/services';

const sipingCity: Jurisdiction = {
  code: '220300',
  name: '四平市',
  phoneAreaCode: '0434',
  hall: '四平市政务服务中心',
};

/**
 * 四平市, a pilot city of “一号一窗一网”. Its directory: who it is, its area and its departments, without
 * the service catalogue.
 */
export const sipingDirectory = (): PlatformDirectoryConfig => ({
  slug: 'siping',
  code: sipingCity.code,
  name: sipingCity.name,
  nameEn: 'Siping',
  level: 'city',
  parent: 'jilin',
  districts: [
    { code: '220302', name: '铁西区' },
    { code: '220303', name: '铁东区' },
    { code: '220322', name: '梨树县' },
    { code: '220323', name: '伊通满族自治县' },
    { code: '220382', name: '双辽市' },
  ],
  // 差评 verified, rectified and answered within 10 working days.
  ratingFollowUpDays: 10,
  departments: cityDepartments(sipingCity),
});

/** Its service catalogue (办事指南). */
export const sipingServices = (): ServiceConfig[] => cityServices(sipingCity);
