import type { CityDepartmentId } from './departments';
import {
  consultationPhone,
  countyWindows,
  hallWindow,
  type Jurisdiction,
  type ServiceConfig,
  type ServicePartConfig,
  serviceCode,
} from './jurisdiction';
import {
  part as anyPart,
  businessLicence,
  hukouBook,
  idCard,
  licence,
  marriageCertificate,
  paper,
  propertyCertificate,
} from './materials';

/**
 * The service catalogue (办事指南) shared by the pilot cities, written once as functions of the
 * city: names, codes, 咨询电话 and 办理地点 follow from the `Jurisdiction`.
 *
 * Conventions:
 * - Time limits are in working days. `legalLimitDays` is the statute's limit where one exists
 *   (行政许可法 §42: 20; joint handling §42: 45; a specific law may set its own). Where no law
 *   fixes one (most 公共服务), it equals the promised limit: the platform invents no statute.
 * - `level` is the 行使层级 of the deciding authority. A city platform also lists county-level
 *   items (身份证, 户口, 婚姻登记, 低保, 个体工商户 …): they are accepted at every county hall
 *   of the city, since 一网 means one catalogue for the whole city.
 * - `audience` is who may *apply*. 企业开办 takes both: a company is founded by natural persons
 *   or by other legal persons (its 股东), before the company itself exists.
 */

const FREE = { kind: 'free' } as const;

/** A part decided by one of the city's departments (checked at compile time). */
const part = (
  department: CityDepartmentId,
  name: string,
  promisedLimitDays: number,
  materials: readonly string[],
): ServicePartConfig => anyPart(department, name, promisedLimitDays, materials);

/** 居民身份证换领 (有效期满换领). */
export const idCardRenewal = (c: Jurisdiction): ServiceConfig => ({
  code: serviceCode(c, 'GA', 1),
  name: '居民身份证换领',
  type: '行政确认',
  level: 'county',
  department: 'public-security',
  audience: ['natural'],
  // Fingerprints and the photo are taken in person.
  channels: ['window'],
  parts: [part('public-security', '居民身份证签发', 15, ['hukou-book', 'id-card', 'photo'])],
  materials: [
    hukouBook(),
    idCard('原居民身份证'),
    paper('photo', '居民身份证数码相片（可现场免费采集）', { required: false, reusable: true }),
  ],
  // 居民身份证法: the card is issued within 60 days of the application.
  legalLimitDays: 60,
  promisedLimitDays: 15,
  fee: {
    kind: 'charged',
    amountFen: 2000,
    basis:
      '《国家发展改革委 财政部关于居民身份证收费标准及有关问题的通知》（发改价格〔2003〕2322号）：申领、换领第二代居民身份证每证20元',
  },
  location: `户籍所在地公安派出所户籍窗口或${countyWindows(c)}`,
  phone: consultationPhone(c, 'public-security'),
  basis: '《中华人民共和国居民身份证法》',
});

/** 户口迁移 (迁入). */
export const hukouTransfer = (c: Jurisdiction): ServiceConfig => ({
  code: serviceCode(c, 'GA', 2),
  name: '户口迁移（迁入）',
  type: '行政许可',
  level: 'county',
  department: 'public-security',
  audience: ['natural'],
  channels: ['online', 'window'],
  parts: [
    part('public-security', '准予迁入', 5, [
      'hukou-book',
      'id-card',
      'residence-proof',
      'relationship-proof',
    ]),
  ],
  materials: [
    hukouBook(),
    idCard(),
    propertyCertificate('合法稳定住所证明（不动产权证书或房屋租赁合同）', {
      id: 'residence-proof',
    }),
    paper('relationship-proof', '亲属关系证明（投靠落户的提供）', {
      required: false,
      form: 'original',
    }),
  ],
  legalLimitDays: 20,
  promisedLimitDays: 5,
  fee: FREE,
  location: `迁入地公安派出所户籍窗口或${countyWindows(c)}`,
  phone: consultationPhone(c, 'public-security'),
  basis: '《中华人民共和国户口登记条例》',
});

/** 机动车驾驶证期满换证 (车辆管理所). */
export const drivingLicenceRenewal = (c: Jurisdiction): ServiceConfig => ({
  code: serviceCode(c, 'GA', 3),
  name: '机动车驾驶证期满换证',
  type: '行政许可',
  level: 'city',
  department: 'public-security',
  audience: ['natural'],
  // Online through 交管12123 as well as at the window.
  channels: ['online', 'window'],
  parts: [
    part('public-security', '机动车驾驶证换发', 0, [
      'id-card',
      'driving-licence',
      'health-certificate',
      'photo',
    ]),
  ],
  materials: [
    idCard(),
    licence('driving-licence', '机动车驾驶证', '机动车驾驶证'),
    paper('health-certificate', '机动车驾驶人身体条件证明'),
    paper('photo', '近期免冠照片', { required: false, reusable: true }),
  ],
  legalLimitDays: 20,
  promisedLimitDays: 0,
  fee: {
    kind: 'charged',
    amountFen: 1000,
    basis:
      '《国家发展改革委 财政部关于加强和规范机动车牌证工本费等收费标准管理有关问题的通知》（发改价格〔2004〕2831号）：机动车驾驶证工本费每证10元',
  },
  location: `${c.name}公安局交通警察支队车辆管理所驾驶证业务窗口`,
  phone: consultationPhone(c, 'public-security'),
  basis: '《中华人民共和国道路交通安全法》；《机动车驾驶证申领和使用规定》（公安部令第162号）',
});

/** 结婚登记 (婚姻登记条例 as revised 2025: 居民身份证 and a signed statement; 全国通办). */
export const marriageRegistration = (c: Jurisdiction): ServiceConfig => ({
  code: serviceCode(c, 'MZ', 1),
  name: '内地居民结婚登记',
  type: '行政确认',
  level: 'county',
  department: 'civil-affairs',
  audience: ['natural'],
  // Both parties appear in person together.
  channels: ['window'],
  parts: [part('civil-affairs', '结婚登记', 0, ['id-card', 'declaration', 'photo'])],
  materials: [
    idCard('男女双方居民身份证'),
    paper('declaration', '本人无配偶以及与对方当事人没有直系血亲和三代以内旁系血亲关系的签字声明', {
      form: 'original',
    }),
    paper('photo', '双方近期半身免冠合影照片', { form: 'original' }),
  ],
  // 婚姻登记条例: registered on the spot (当场予以登记) = 即时办结.
  legalLimitDays: 0,
  promisedLimitDays: 0,
  fee: FREE,
  location: `${c.name}各县（市、区）婚姻登记处`,
  phone: consultationPhone(c, 'civil-affairs'),
  basis: '《中华人民共和国民法典》第一千零四十九条；《婚姻登记条例》',
});

/** 最低生活保障申请. */
export const minimumLivingAllowance = (c: Jurisdiction): ServiceConfig => ({
  code: serviceCode(c, 'MZ', 2),
  name: '最低生活保障申请',
  type: '行政给付',
  level: 'county',
  department: 'civil-affairs',
  audience: ['natural'],
  channels: ['online', 'window'],
  parts: [
    part('civil-affairs', '最低生活保障审核确认', 20, [
      'application',
      'id-card',
      'hukou-book',
      'verification-consent',
      'income-statement',
      'hardship-proof',
    ]),
  ],
  materials: [
    paper('application', '最低生活保障申请书'),
    idCard('申请人及共同生活家庭成员居民身份证'),
    hukouBook(),
    paper('verification-consent', '家庭经济状况核对授权书', { form: 'original' }),
    paper('income-statement', '家庭收入和财产状况申报及承诺书', { form: 'original' }),
    licence('hardship-proof', '残疾人证、诊断证明等特殊困难证明', '残疾人证', {
      required: false,
      form: 'copy',
    }),
  ],
  // 最低生活保障审核确认办法: completed within 30 working days of acceptance.
  legalLimitDays: 30,
  promisedLimitDays: 20,
  fee: FREE,
  location: `户籍所在地乡镇人民政府（街道办事处）社会救助窗口或${countyWindows(c)}`,
  phone: consultationPhone(c, 'civil-affairs'),
  basis: '《社会救助暂行办法》；《最低生活保障审核确认办法》（民发〔2021〕57号）',
});

/** 社会保障卡申领. */
export const socialSecurityCard = (c: Jurisdiction): ServiceConfig => ({
  code: serviceCode(c, 'RS', 1),
  name: '社会保障卡申领',
  type: '公共服务',
  level: 'city',
  department: 'hrss',
  audience: ['natural'],
  channels: ['online', 'window'],
  parts: [part('hrss', '社会保障卡制发', 5, ['id-card', 'photo'])],
  materials: [idCard(), paper('photo', '近期免冠白底彩色照片（电子版）', { reusable: true })],
  // No statute fixes a limit: equal to the promise.
  legalLimitDays: 5,
  promisedLimitDays: 5,
  fee: FREE,
  location: `${hallWindow(c)}或社会保障卡合作银行服务网点`,
  phone: consultationPhone(c, 'hrss'),
  basis: '《中华人民共和国社会保险法》第五十八条',
});

/** 城乡居民基本养老保险参保登记. */
export const residentPensionEnrolment = (c: Jurisdiction): ServiceConfig => ({
  code: serviceCode(c, 'RS', 2),
  name: '城乡居民基本养老保险参保登记',
  type: '公共服务',
  level: 'county',
  department: 'hrss',
  audience: ['natural'],
  channels: ['online', 'window'],
  parts: [part('hrss', '城乡居民基本养老保险参保登记', 1, ['id-card', 'hukou-book'])],
  materials: [idCard(), hukouBook()],
  legalLimitDays: 1,
  promisedLimitDays: 1,
  fee: FREE,
  location: `户籍所在地乡镇（街道）社会保障服务窗口或${countyWindows(c)}`,
  phone: consultationPhone(c, 'hrss'),
  basis:
    '《中华人民共和国社会保险法》第二十条、第二十一条；《国务院关于建立统一的城乡居民基本养老保险制度的意见》（国发〔2014〕8号）',
});

/** 个体工商户设立登记. */
export const soleTraderRegistration = (c: Jurisdiction): ServiceConfig => ({
  code: serviceCode(c, 'SJ', 1),
  name: '个体工商户设立登记',
  type: '行政许可',
  level: 'county',
  department: 'market-regulation',
  audience: ['natural'],
  channels: ['online', 'window'],
  parts: [
    part('market-regulation', '个体工商户营业执照核发', 1, ['application', 'id-card', 'premises']),
  ],
  materials: [
    paper('application', '个体工商户登记（备案）申请书'),
    idCard('经营者居民身份证'),
    propertyCertificate('经营场所使用证明（不动产权证书或租赁合同）', {
      id: 'premises',
      form: 'copy',
    }),
  ],
  // 市场主体登记管理条例 §19: on the spot, or within 3 working days.
  legalLimitDays: 3,
  promisedLimitDays: 1,
  fee: FREE,
  location: countyWindows(c),
  phone: consultationPhone(c, 'market-regulation'),
  basis: '《促进个体工商户发展条例》；《中华人民共和国市场主体登记管理条例》',
});

/** 企业开办 一件事: 营业执照 + 公章刻制 + 涉税事项 + 社保登记 + 公积金缴存登记. */
export const companyStartUp = (c: Jurisdiction): ServiceConfig => ({
  code: serviceCode(c, 'YJS', 1),
  name: '企业开办一件事',
  type: '行政许可',
  level: 'city',
  department: 'market-regulation',
  // Founders apply before the company exists: natural persons, or legal persons as 股东.
  audience: ['natural', 'legal'],
  channels: ['online', 'window'],
  parts: [
    part('market-regulation', '企业设立登记（营业执照核发）', 1, [
      'application',
      'articles',
      'founder-id-card',
      'founder-licence',
      'officers',
      'premises',
    ]),
    part('public-security', '公章刻制备案', 1, ['officers', 'seal-form']),
    part('tax', '新办纳税人涉税事项办理（发票申领）', 1, ['tax-contacts']),
    part('hrss', '单位社会保险登记', 1, ['officers', 'insured-staff']),
    part('housing-fund', '住房公积金单位缴存登记', 1, ['housing-fund-form']),
  ],
  materials: [
    paper('application', '公司登记（备案）申请书'),
    paper('articles', '公司章程'),
    // One of the two, by the kind of founder.
    idCard('自然人股东居民身份证', { id: 'founder-id-card', required: false }),
    businessLicence('法人股东营业执照', { id: 'founder-licence', required: false }),
    paper('officers', '法定代表人、董事、监事和经理的任职文件及身份证明'),
    propertyCertificate('住所使用证明（不动产权证书或租赁合同）', { id: 'premises', form: 'copy' }),
    paper('seal-form', '印章刻制申请表'),
    paper('tax-contacts', '财务负责人、办税人员身份信息'),
    paper('insured-staff', '参加社会保险职工名单', { required: false }),
    paper('housing-fund-form', '住房公积金单位缴存登记表'),
  ],
  // 行政许可法 §42: joint handling (联合办理) within 45 days.
  legalLimitDays: 45,
  // 吉林 promises 企业开办 within one working day; 公章 is engraved free of charge.
  promisedLimitDays: 1,
  fee: FREE,
  location: `${c.hall}企业开办专区`,
  phone: consultationPhone(c, 'market-regulation'),
  basis:
    '《中华人民共和国公司法》；《中华人民共和国市场主体登记管理条例》；《国务院关于进一步优化政务服务提升行政效能推动“高效办成一件事”的指导意见》（国发〔2024〕3号）',
});

/** 新生儿出生一件事: 出生医学证明 + 户口登记 + 社保卡 + 医保参保. */
export const newbornBirth = (c: Jurisdiction): ServiceConfig => ({
  code: serviceCode(c, 'YJS', 2),
  name: '新生儿出生一件事',
  type: '行政确认',
  level: 'county',
  department: 'health',
  audience: ['natural'],
  channels: ['online', 'window'],
  parts: [
    part('health', '出生医学证明签发', 1, ['parents-id-cards', 'birth-certificate-form']),
    part('public-security', '出生登记（户口登记）', 3, [
      'parents-id-cards',
      'hukou-book',
      'birth-certificate',
      'marriage-certificate',
    ]),
    part('hrss', '社会保障卡申领', 5, ['parents-id-cards', 'photo']),
    part('medical-insurance', '城乡居民基本医疗保险参保登记', 1, [
      'parents-id-cards',
      'insurance-form',
    ]),
  ],
  materials: [
    idCard('父母双方居民身份证', { id: 'parents-id-cards' }),
    paper('birth-certificate-form', '出生医学证明首次签发登记表'),
    // Issued by the health part and shared (数据多跑路); supplied only if already held.
    licence('birth-certificate', '出生医学证明', '出生医学证明', {
      required: false,
      form: 'electronic',
    }),
    hukouBook('父亲或母亲居民户口簿'),
    marriageCertificate('父母结婚证', { required: false }),
    paper('photo', '新生儿近期免冠照片（电子版）', { required: false, reusable: true }),
    paper('insurance-form', '城乡居民基本医疗保险参保登记表'),
  ],
  // No statute fixes a limit for the bundle: equal to the promise.
  legalLimitDays: 5,
  promisedLimitDays: 5,
  fee: FREE,
  location: `${c.name}各助产医疗机构“出生一件事”服务窗口或${hallWindow(c)}`,
  phone: consultationPhone(c, 'health'),
  basis:
    '《中华人民共和国母婴保健法》第二十三条；《中华人民共和国户口登记条例》第七条；《中华人民共和国社会保险法》；《国务院关于进一步优化政务服务提升行政效能推动“高效办成一件事”的指导意见》（国发〔2024〕3号）',
});

/** 不动产转移登记 (存量住房买卖): 不动产登记中心 + 税务 (交易税费). */
export const propertyTransfer = (c: Jurisdiction): ServiceConfig => ({
  code: serviceCode(c, 'BDC', 1),
  name: '不动产转移登记（存量住房买卖）',
  type: '行政确认',
  level: 'city',
  department: 'real-estate',
  audience: ['natural', 'legal'],
  channels: ['online', 'window'],
  parts: [
    part('real-estate', '不动产转移登记', 3, [
      'application',
      'id-card',
      'business-licence',
      'property-certificate',
      'sale-contract',
      'marriage-certificate',
    ]),
    part('tax', '存量房交易税费申报缴纳', 1, [
      'id-card',
      'business-licence',
      'property-certificate',
      'sale-contract',
    ]),
  ],
  materials: [
    paper('application', '不动产登记申请书'),
    // One of the two, by the kind of party.
    idCard('买卖双方居民身份证（自然人）', { required: false }),
    businessLicence('买卖双方营业执照（法人）', { required: false }),
    propertyCertificate(),
    paper('sale-contract', '存量房买卖合同', { form: 'original' }),
    marriageCertificate('婚姻状况证明（结婚证等）', { required: false }),
  ],
  // 不动产登记暂行条例 §20: within 30 working days.
  legalLimitDays: 30,
  promisedLimitDays: 3,
  fee: {
    kind: 'charged',
    amountFen: 8000,
    basis:
      '《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》（发改价格规〔2016〕2559号）：住宅类不动产登记每件80元',
  },
  location: `${c.hall}不动产登记综合受理窗口`,
  phone: consultationPhone(c, 'real-estate'),
  basis: '《中华人民共和国民法典》；《不动产登记暂行条例》；《中华人民共和国契税法》',
});

/** 住房公积金提取 (购买自住住房). */
export const housingFundWithdrawal = (c: Jurisdiction): ServiceConfig => ({
  code: serviceCode(c, 'GJJ', 1),
  name: '住房公积金提取（购买自住住房）',
  type: '公共服务',
  level: 'city',
  department: 'housing-fund',
  audience: ['natural'],
  channels: ['online', 'window'],
  parts: [
    part('housing-fund', '准予提取', 1, [
      'id-card',
      'purchase-proof',
      'bank-account',
      'marriage-certificate',
    ]),
  ],
  materials: [
    idCard(),
    propertyCertificate('购房合同或不动产权证书', { id: 'purchase-proof', form: 'copy' }),
    paper('bank-account', '本人名下银行结算账户信息', { reusable: true }),
    marriageCertificate('结婚证（配偶共同提取的提供）', { required: false }),
  ],
  // 住房公积金管理条例: decided within 3 days of acceptance.
  legalLimitDays: 3,
  promisedLimitDays: 1,
  fee: FREE,
  location: `${c.name}住房公积金管理中心各服务网点或${hallWindow(c)}`,
  phone: consultationPhone(c, 'housing-fund'),
  basis: '《住房公积金管理条例》',
});

/** 义务教育阶段入学登记. */
export const schoolEnrolment = (c: Jurisdiction): ServiceConfig => ({
  code: serviceCode(c, 'JY', 1),
  name: '义务教育阶段入学登记',
  type: '公共服务',
  level: 'county',
  department: 'education',
  audience: ['natural'],
  channels: ['online', 'window'],
  parts: [
    part('education', '入学资格审核', 10, [
      'hukou-book',
      'guardian-id-card',
      'residence-proof',
      'vaccination-certificate',
    ]),
  ],
  materials: [
    hukouBook('适龄儿童居民户口簿'),
    idCard('监护人居民身份证', { id: 'guardian-id-card' }),
    propertyCertificate('居住证明（不动产权证书或居住证）', {
      id: 'residence-proof',
      form: 'copy',
    }),
    paper('vaccination-certificate', '预防接种证', { form: 'original', reusable: true }),
  ],
  legalLimitDays: 10,
  promisedLimitDays: 10,
  fee: FREE,
  location: `${c.name}各县（市、区）教育局招生窗口`,
  phone: consultationPhone(c, 'education'),
  basis: '《中华人民共和国义务教育法》第十二条；《中华人民共和国疫苗管理法》第四十八条',
});

/** 道路普通货物运输经营许可. */
export const roadFreightLicence = (c: Jurisdiction): ServiceConfig => ({
  code: serviceCode(c, 'JT', 1),
  name: '道路普通货物运输经营许可',
  type: '行政许可',
  level: 'county',
  department: 'transport',
  audience: ['natural', 'legal'],
  channels: ['online', 'window'],
  parts: [
    part('transport', '道路运输经营许可证核发', 5, [
      'application',
      'id-card',
      'vehicle-licence',
      'driver-qualification',
      'safety-rules',
    ]),
  ],
  materials: [
    paper('application', '道路货物运输经营申请表'),
    idCard('经营者或负责人居民身份证'),
    licence('vehicle-licence', '机动车行驶证', '机动车行驶证', { form: 'copy' }),
    licence('driver-qualification', '驾驶人员从业资格证', '道路运输从业人员从业资格证', {
      form: 'copy',
    }),
    paper('safety-rules', '安全生产管理制度文本'),
  ],
  // 道路运输条例: decided within 20 days of acceptance.
  legalLimitDays: 20,
  promisedLimitDays: 5,
  fee: FREE,
  location: countyWindows(c),
  phone: consultationPhone(c, 'transport'),
  basis: '《中华人民共和国道路运输条例》；《道路货物运输及站场管理规定》',
});

/**
 * 医疗机构执业登记, for the grades the jurisdiction registers: 二级及以下 by a city, 三级 by the
 * province. Shared by city and province catalogues.
 */
export const medicalInstitutionLicence = (
  c: Jurisdiction,
  scope: { readonly level: 'city' | 'province'; readonly grade: string; readonly promised: number },
): ServiceConfig => ({
  code: serviceCode(c, 'WJ', 1),
  name: `医疗机构执业登记（${scope.grade}）`,
  type: '行政许可',
  level: scope.level,
  department: 'health',
  audience: ['legal'],
  channels: ['online', 'window'],
  parts: [
    anyPart('health', '医疗机构执业许可证核发', scope.promised, [
      'application',
      'business-licence',
      'premises',
      'floor-plan',
      'rules',
      'staff-list',
    ]),
  ],
  materials: [
    paper('application', '医疗机构申请执业登记注册书'),
    businessLicence('营业执照或事业单位法人证书'),
    propertyCertificate('医疗机构用房产权证明或使用证明', { id: 'premises', form: 'copy' }),
    paper('floor-plan', '医疗机构建筑设计平面图'),
    paper('rules', '医疗机构规章制度'),
    licence('staff-list', '主要负责人及各科室负责人名录和执业证书', '医师执业证书', {
      form: 'copy',
    }),
  ],
  // 医疗机构管理条例: registration decided within 45 days of acceptance.
  legalLimitDays: 45,
  promisedLimitDays: scope.promised,
  fee: FREE,
  location: hallWindow(c),
  phone: consultationPhone(c, 'health'),
  basis: '《医疗机构管理条例》；《医疗机构管理条例实施细则》',
});

/** The catalogue of a pilot city, in the order its 办事指南 lists them. */
export const cityServices = (city: Jurisdiction): ServiceConfig[] => [
  idCardRenewal(city),
  hukouTransfer(city),
  drivingLicenceRenewal(city),
  marriageRegistration(city),
  minimumLivingAllowance(city),
  socialSecurityCard(city),
  residentPensionEnrolment(city),
  soleTraderRegistration(city),
  companyStartUp(city),
  newbornBirth(city),
  propertyTransfer(city),
  housingFundWithdrawal(city),
  schoolEnrolment(city),
  roadFreightLicence(city),
  medicalInstitutionLicence(city, { level: 'city', grade: '二级及以下', promised: 15 }),
];
