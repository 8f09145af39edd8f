import {
  consultationPhone,
  type DepartmentConfig,
  hallWindow,
  type Jurisdiction,
  type ServiceConfig,
  type ServicePartConfig,
  serviceCode,
} from './jurisdiction';
import {
  part as anyPart,
  businessLicence,
  idCard,
  licence,
  paper,
  propertyCertificate,
} from './materials';
import { medicalInstitutionLicence } from './services';

/**
 * The province's own departments (省直部门) and the items only the province decides (省级权限).
 * Conventions are those of the city catalogue (see ./services.ts).
 */
export const PROVINCE_DEPARTMENT_IDS = [
  'public-security',
  'civil-affairs',
  'hrss',
  'market-regulation',
  'tax',
  'housing-construction',
  'natural-resources',
  'drug-administration',
  'health',
  'medical-insurance',
  'education',
  'transport',
  'data-bureau',
] as const;
export type ProvinceDepartmentId = (typeof PROVINCE_DEPARTMENT_IDS)[number];

const PROVINCE_DEPARTMENT_NAMES: Readonly<
  Record<ProvinceDepartmentId, readonly [name: string, shortName: string]>
> = {
  'public-security': ['吉林省公安厅', '公安'],
  'civil-affairs': ['吉林省民政厅', '民政'],
  hrss: ['吉林省人力资源和社会保障厅', '人社'],
  'market-regulation': ['吉林省市场监督管理厅', '市场监管'],
  tax: ['国家税务总局吉林省税务局', '税务'],
  'housing-construction': ['吉林省住房和城乡建设厅', '住建'],
  'natural-resources': ['吉林省自然资源厅', '自然资源'],
  'drug-administration': ['吉林省药品监督管理局', '药监'],
  health: ['吉林省卫生健康委员会', '卫健'],
  'medical-insurance': ['吉林省医疗保障局', '医保'],
  education: ['吉林省教育厅', '教育'],
  transport: ['吉林省交通运输厅', '交通'],
  'data-bureau': ['吉林省政务服务和数字化建设管理局', '政数'],
};

export const provinceDepartments = (): DepartmentConfig[] =>
  PROVINCE_DEPARTMENT_IDS.map((id) => {
    const [name, shortName] = PROVINCE_DEPARTMENT_NAMES[id];
    return { id, name, shortName };
  });

const FREE = { kind: 'free' } as const;

const part = (
  department: ProvinceDepartmentId,
  name: string,
  promisedLimitDays: number,
  materials: readonly string[],
): ServicePartConfig => anyPart(department, name, promisedLimitDays, materials);

/** 建筑业企业资质核准 (施工总承包、专业承包一级等省级权限). */
const constructionQualification = (p: Jurisdiction): ServiceConfig => ({
  code: serviceCode(p, 'ZJ', 1),
  name: '建筑业企业资质核准（省级权限）',
  type: '行政许可',
  level: 'province',
  department: 'housing-construction',
  audience: ['legal'],
  channels: ['online'],
  parts: [
    part('housing-construction', '建筑业企业资质证书核发', 10, [
      'application',
      'business-licence',
      'technical-lead',
      'registered-staff',
    ]),
  ],
  materials: [
    paper('application', '建筑业企业资质申请表'),
    businessLicence(),
    paper('technical-lead', '企业技术负责人身份证明、职称证书及工程业绩材料'),
    paper('registered-staff', '注册执业人员及中级以上职称人员名单'),
  ],
  legalLimitDays: 20,
  promisedLimitDays: 10,
  fee: FREE,
  location: hallWindow(p),
  phone: consultationPhone(p, 'housing-construction'),
  basis: '《中华人民共和国建筑法》；《建筑业企业资质管理规定》（住房和城乡建设部令第22号）',
});

/** 二级建造师执业资格注册. */
const constructorRegistration = (p: Jurisdiction): ServiceConfig => ({
  code: serviceCode(p, 'ZJ', 2),
  name: '二级建造师执业资格注册',
  type: '行政许可',
  level: 'province',
  department: 'housing-construction',
  audience: ['natural'],
  channels: ['online'],
  parts: [
    part('housing-construction', '二级建造师注册证书核发', 10, [
      'application',
      'id-card',
      'qualification',
      'employment',
    ]),
  ],
  materials: [
    paper('application', '二级建造师注册申请表'),
    idCard(),
    licence('qualification', '二级建造师资格证书', '二级建造师资格证书', { form: 'electronic' }),
    paper('employment', '与聘用企业的劳动合同及社会保险缴纳证明'),
  ],
  legalLimitDays: 20,
  promisedLimitDays: 10,
  fee: FREE,
  location: hallWindow(p),
  phone: consultationPhone(p, 'housing-construction'),
  basis: '《中华人民共和国建筑法》；《注册建造师管理规定》（建设部令第153号）',
});

/** 药品经营许可 (批发企业): 药品管理法 §51, the province's drug administration. */
const drugWholesaleLicence = (p: Jurisdiction): ServiceConfig => ({
  code: serviceCode(p, 'YJ', 1),
  name: '药品经营许可（批发）',
  type: '行政许可',
  level: 'province',
  department: 'drug-administration',
  audience: ['legal'],
  channels: ['online', 'window'],
  parts: [
    part('drug-administration', '药品经营许可证核发', 15, [
      'application',
      'business-licence',
      'quality-staff',
      'premises',
      'quality-system',
    ]),
  ],
  materials: [
    paper('application', '药品经营许可证申请表'),
    businessLicence(),
    paper('quality-staff', '质量负责人及质量管理部门负责人学历、执业药师资格证明'),
    propertyCertificate('经营场所和仓库产权证明或使用证明', { id: 'premises', form: 'copy' }),
    paper('quality-system', '质量管理制度文件及计算机系统说明'),
  ],
  // 药品经营和使用质量监督管理办法: decided within 20 days of acceptance.
  legalLimitDays: 20,
  promisedLimitDays: 15,
  fee: FREE,
  location: hallWindow(p),
  phone: consultationPhone(p, 'drug-administration'),
  basis:
    '《中华人民共和国药品管理法》第五十一条；《药品经营和使用质量监督管理办法》（国家市场监督管理总局令第84号）',
});

/** 食品生产许可 (特殊食品: 保健食品、特殊医学用途配方食品、婴幼儿配方食品). */
const specialFoodProductionLicence = (p: Jurisdiction): ServiceConfig => ({
  code: serviceCode(p, 'SJ', 1),
  name: '食品生产许可（特殊食品）',
  type: '行政许可',
  level: 'province',
  department: 'market-regulation',
  audience: ['legal'],
  channels: ['online', 'window'],
  parts: [
    part('market-regulation', '食品生产许可证核发', 8, [
      'application',
      'business-licence',
      'site-plan',
      'process',
      'safety-staff',
      'product-registration',
    ]),
  ],
  materials: [
    paper('application', '食品生产许可申请书'),
    businessLicence(),
    paper('site-plan', '生产场所平面图及设备布局图'),
    paper('process', '食品生产工艺流程图'),
    paper('safety-staff', '食品安全管理人员及专业技术人员名单'),
    paper('product-registration', '特殊食品注册证书或备案凭证', { form: 'copy' }),
  ],
  // 食品生产许可管理办法: decided within 10 working days (on-site inspection excluded).
  legalLimitDays: 10,
  promisedLimitDays: 8,
  fee: FREE,
  location: hallWindow(p),
  phone: consultationPhone(p, 'market-regulation'),
  basis:
    '《中华人民共和国食品安全法》第三十五条；《食品生产许可管理办法》（国家市场监督管理总局令第24号）',
});

/** 道路旅客运输经营许可 (省际班线). */
const interprovincialCoachLicence = (p: Jurisdiction): ServiceConfig => ({
  code: serviceCode(p, 'JT', 1),
  name: '道路旅客运输经营许可（省际班线）',
  type: '行政许可',
  level: 'province',
  department: 'transport',
  audience: ['legal'],
  channels: ['online', 'window'],
  parts: [
    part('transport', '道路运输经营许可证核发', 10, [
      'application',
      'business-licence',
      'vehicle-commitment',
      'drivers',
      'safety-rules',
    ]),
  ],
  materials: [
    paper('application', '道路旅客运输经营申请表'),
    businessLicence(),
    paper('vehicle-commitment', '拟投入车辆承诺书'),
    paper('drivers', '拟聘用驾驶员的机动车驾驶证、从业资格证', { form: 'copy' }),
    paper('safety-rules', '安全生产管理制度文本'),
  ],
  // 道路运输条例: decided within 20 days of acceptance.
  legalLimitDays: 20,
  promisedLimitDays: 10,
  fee: FREE,
  location: hallWindow(p),
  phone: consultationPhone(p, 'transport'),
  basis: '《中华人民共和国道路运输条例》；《道路旅客运输及客运站管理规定》',
});

/** The province's catalogue: items reserved to the provincial level. */
export const provinceServices = (province: Jurisdiction): ServiceConfig[] => [
  constructionQualification(province),
  constructorRegistration(province),
  drugWholesaleLicence(province),
  specialFoodProductionLicence(province),
  medicalInstitutionLicence(province, { level: 'province', grade: '三级医院', promised: 20 }),
  interprovincialCoachLicence(province),
];
