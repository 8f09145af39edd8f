import type { DepartmentConfig, Jurisdiction } from './jurisdiction';

/**
 * The departments every pilot city configures (REFERENCE.md, "Pilot cities and their
 * departments"), by id. The ids are the same in every city, so a shared service definition can
 * name its deciding departments once.
 */
export const CITY_DEPARTMENT_IDS = [
  'public-security',
  'civil-affairs',
  'hrss',
  'market-regulation',
  'tax',
  'housing-fund',
  'real-estate',
  'health',
  'medical-insurance',
  'education',
  'transport',
  'data-bureau',
] as const;
export type CityDepartmentId = (typeof CITY_DEPARTMENT_IDS)[number];

/**
 * A city's departments with their official names. Most are `<city><unit>`; the tax bureau is a
 * branch of the State Taxation Administration (国家税务总局长春市税务局), not a city bureau.
 * @example cityDepartments(siping)[1] // { id: 'civil-affairs', name: '四平市民政局', shortName: '民政' }
 */
export const cityDepartments = (city: Jurisdiction): DepartmentConfig[] => {
  const names: Readonly<Record<CityDepartmentId, readonly [name: string, shortName: string]>> = {
    'public-security': [`${city.name}公安局`, '公安'],
    'civil-affairs': [`${city.name}民政局`, '民政'],
    hrss: [`${city.name}人力资源和社会保障局`, '人社'],
    'market-regulation': [`${city.name}市场监督管理局`, '市场监管'],
    tax: [`国家税务总局${city.name}税务局`, '税务'],
    'housing-fund': [`${city.name}住房公积金管理中心`, '公积金'],
    'real-estate': [`${city.name}不动产登记中心`, '不动产登记'],
    health: [`${city.name}卫生健康委员会`, '卫健'],
    'medical-insurance': [`${city.name}医疗保障局`, '医保'],
    education: [`${city.name}教育局`, '教育'],
    transport: [`${city.name}交通运输局`, '交通'],
    'data-bureau': [`${city.name}政务服务和数字化建设管理局`, '政数'],
  };
  return CITY_DEPARTMENT_IDS.map((id) => {
    const [name, shortName] = names[id];
    return { id, name, shortName };
  });
};
