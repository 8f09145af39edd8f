import { cityDepartments } from '../catalogue/departments';
import type {
  Jurisdiction,
  PlatformDirectoryConfig,
  ServiceConfig,
} from '../catalogue/jurisdiction';
import { cityServices } from '../catalogue/services';

const changchunCity: Jurisdiction = {
  code: '220100',
  name: '长春市',
  phoneAreaCode: '0431',
  hall: '长春市政务服务中心',
};

/**
 * 长春市, a pilot city of “一号一窗一网”. Its directory: who it is, its area and its departments, without
 * the service catalogue.
 */
export const changchunDirectory = (): PlatformDirectoryConfig => ({
  slug: 'changchun',
  code: changchunCity.code,
  name: changchunCity.name,
  nameEn: 'Changchun',
  level: 'city',
  parent: 'jilin',
  districts: [
    { code: '220102', name: '南关区' },
    { code: '220103', name: '宽城区' },
    { code: '220104', name: '朝阳区' },
    { code: '220105', name: '二道区' },
    { code: '220106', name: '绿园区' },
    { code: '220112', name: '双阳区' },
    { code: '220113', name: '九台区' },
  ],
  // 差评 verified, rectified and answered within 10 working days.
  ratingFollowUpDays: 10,
  departments: cityDepartments(changchunCity),
});

/** Its service catalogue (办事指南). */
export const changchunServices = (): ServiceConfig[] => cityServices(changchunCity);
