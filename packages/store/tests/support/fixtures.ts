import { randomBytes } from 'node:crypto';
import {
  type Actor,
  type Application,
  ApplicationSchema,
  type CaseRecord,
  newCaseId,
  openCase,
  type Service,
  ServiceSchema,
} from '@jilin/domain';

/** A single-department service: 居民身份证换领 at a city's public security bureau. */
export const idCardService: Service = ServiceSchema.parse({
  code: 'JL-TEST-GA-0001',
  name: '居民身份证换领',
  type: '行政确认',
  level: 'county',
  department: 'public-security',
  audience: ['natural'],
  channels: ['online', 'window'],
  parts: [
    {
      department: 'public-security',
      name: '居民身份证换领',
      promisedLimitDays: 20,
      materials: ['id-card', 'photo'],
    },
  ],
  materials: [
    {
      id: 'id-card',
      name: '原居民身份证',
      required: true,
      form: 'original',
      reusable: false,
      licenceType: '居民身份证',
    },
    { id: 'photo', name: '近期免冠照片', required: true, form: 'electronic', reusable: true },
  ],
  legalLimitDays: 60,
  promisedLimitDays: 20,
  fee: { kind: 'charged', amountFen: 2000, basis: '《居民身份证工本费收费标准》' },
  location: '测试市政务服务中心综合受理窗口',
  phone: '0431-12345',
  basis: '《中华人民共和国居民身份证法》',
});

/** A bundled 一件事 across three departments. */
export const businessService: Service = ServiceSchema.parse({
  code: 'JL-TEST-YJS-0001',
  name: '企业开办一件事',
  type: '行政许可',
  level: 'city',
  department: 'market-regulation',
  audience: ['natural'],
  channels: ['online', 'window'],
  parts: [
    {
      department: 'market-regulation',
      name: '营业执照核发',
      promisedLimitDays: 1,
      materials: ['articles'],
    },
    {
      department: 'public-security',
      name: '公章刻制备案',
      promisedLimitDays: 1,
      materials: ['articles'],
    },
    { department: 'tax', name: '税务登记', promisedLimitDays: 2, materials: [] },
  ],
  materials: [
    { id: 'articles', name: '公司章程', required: true, form: 'electronic', reusable: false },
  ],
  legalLimitDays: 20,
  promisedLimitDays: 3,
  fee: { kind: 'free' },
  location: '测试市政务服务中心企业开办专区',
  phone: '0431-12345',
  basis: '《中华人民共和国市场主体登记管理条例》',
});

export const citizen: Actor = { role: 'citizen', id: 'sub-citizen-1' };

/** Valid 公民身份号码 built with their check characters (not real people). */
export const APPLICANT_A = '11010519491231002X';
export const APPLICANT_B = '220102199003071235';

export function application(service: Service, idNumber = APPLICANT_A): Application {
  return ApplicationSchema.parse({
    serviceCode: service.code,
    applicant: { kind: 'natural', idNumber, name: '张三', phone: '13800138000' },
    form: {},
    materials: service.materials.map((m) => ({
      materialId: m.id,
      source: { kind: 'upload', objectKey: `uploads/${m.id}.pdf` },
      trustLevel: 'C',
    })),
  });
}

/** A case opened through the domain, as the submit handler will. */
export function newCase(
  service: Service,
  options: { idNumber?: string; now?: string } = {},
): CaseRecord {
  const now = options.now ?? '2026-03-02T02:00:00.000Z';
  return openCase({
    service,
    application: application(service, options.idNumber),
    filedBy: citizen,
    platform: '220100',
    caseId: newCaseId('220100', now.slice(0, 10), randomBytes(8)),
    now,
  });
}
