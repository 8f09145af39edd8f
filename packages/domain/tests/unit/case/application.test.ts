import { describe, expect, it } from 'vitest';
import {
  type Application,
  ApplicationSchema,
  applicantNumber,
  checkApplication,
  checkMaterials,
  highestTrustLevel,
  type SuppliedMaterial,
  serviceMaterials,
} from '../../../src/case/application';
import type { Channel } from '../../../src/catalogue';
import { InvalidApplicationError } from '../../../src/errors';
import { type Service, ServiceSchema } from '../../../src/service-guide';

/** GB 11643-1999's own example number (check character X). */
const CITIZEN_ID = '11010519491231002X';
/** 220102 南关区, 1990-03-07, sequence 123 (male); MOD 11-2 check character 5. */
const REPRESENTATIVE_ID = '220102199003071235';
/** 9 (工商) 1 (企业), 220101, organisation code MA0Y12345; MOD 31 check character 8. */
const CREDIT_CODE = '91220101MA0Y123458';

const baseService = {
  type: '行政确认',
  level: 'county',
  legalLimitDays: 20,
  fee: { kind: 'free' },
  location: '长春市政务服务中心综合受理窗口',
  phone: '0431-12345',
} as const;

/** 结婚登记: natural persons only, in person at the window. */
const MARRIAGE: Service = ServiceSchema.parse({
  ...baseService,
  code: 'JL-CC-MZ-0001',
  name: '内地居民结婚登记',
  department: 'civil-affairs',
  audience: ['natural'],
  channels: ['window'],
  parts: [
    {
      department: 'civil-affairs',
      name: '结婚登记',
      promisedLimitDays: 0,
      materials: ['hukou-book', 'id-card', 'photo', 'declaration'],
    },
  ],
  materials: [
    { id: 'hukou-book', name: '居民户口簿', required: true, form: 'original', reusable: true },
    { id: 'id-card', name: '居民身份证', required: true, form: 'original', reusable: true },
    { id: 'photo', name: '双方合影照片', required: true, form: 'original', reusable: false },
    { id: 'declaration', name: '无配偶声明', required: true, form: 'original', reusable: false },
    { id: 'residence-permit', name: '居住证', required: false, form: 'copy', reusable: true },
  ],
  promisedLimitDays: 0,
  basis: '《婚姻登记条例》',
});

/** 社会保险登记: organisations only, online or at the window. */
const INSURANCE: Service = ServiceSchema.parse({
  ...baseService,
  code: 'JL-CC-RS-0007',
  name: '企业职工参保登记',
  department: 'hrss',
  audience: ['legal'],
  channels: ['online', 'window'],
  parts: [
    {
      department: 'hrss',
      name: '参保登记',
      promisedLimitDays: 3,
      materials: ['business-licence', 'employee-list'],
    },
  ],
  materials: [
    {
      id: 'business-licence',
      name: '营业执照',
      required: true,
      form: 'electronic',
      reusable: true,
      licenceType: '营业执照',
    },
    {
      id: 'employee-list',
      name: '参保职工花名册',
      required: true,
      form: 'electronic',
      reusable: false,
    },
  ],
  promisedLimitDays: 3,
  basis: '《中华人民共和国社会保险法》第五十七条',
});

/** An online-only service. */
const ONLINE_ONLY: Service = ServiceSchema.parse({
  ...INSURANCE,
  code: 'JL-CC-RS-0008',
  name: '参保单位信息变更',
  channels: ['online'],
});

const natural = { kind: 'natural', idNumber: CITIZEN_ID, name: '张三', phone: '13800138000' };
const legal = {
  kind: 'legal',
  creditCode: CREDIT_CODE,
  name: '长春市南关区某某科技有限公司',
  representative: { name: '李四', idNumber: REPRESENTATIVE_ID },
  phone: '13912345678',
};

const upload = (materialId: string) => ({
  materialId,
  source: { kind: 'upload', objectKey: `uploads/${materialId}.pdf` },
  trustLevel: 'C',
});
const licence = (materialId: string) => ({
  materialId,
  source: { kind: 'licence', licenceId: `LIC:${materialId}` },
  trustLevel: 'A',
});

const rawMarriage = (materials: unknown[] = ['hukou-book', 'id-card', 'photo', 'declaration']) => ({
  serviceCode: MARRIAGE.code,
  applicant: natural,
  form: { spouseName: '李四', firstMarriage: true, spouseAge: 30 },
  materials: materials.map((m) => (typeof m === 'string' ? upload(m) : m)),
});

const rawInsurance = () => ({
  serviceCode: INSURANCE.code,
  applicant: legal,
  form: { employees: 12 },
  materials: [licence('business-licence'), upload('employee-list')],
});

const application = (raw: unknown): Application => ApplicationSchema.parse(raw);

/** Runs checkApplication and returns the error it throws. */
function rejection(service: Service, app: Application, channel: Channel) {
  try {
    checkApplication(service, app, channel);
  } catch (error) {
    if (error instanceof InvalidApplicationError) return error;
    throw error;
  }
  throw new Error('the application was accepted');
}

describe('Function: checkApplication', () => {
  it.each<{ when: string; service: Service; raw: unknown; channel: Channel }>([
    {
      when: 'a natural person brings every required material to the window',
      service: MARRIAGE,
      raw: rawMarriage(),
      channel: 'window',
    },
    {
      when: 'an optional material is supplied as well',
      service: MARRIAGE,
      raw: rawMarriage(['hukou-book', 'id-card', 'photo', 'declaration', 'residence-permit']),
      channel: 'window',
    },
    {
      when: 'an organisation applies online with an 电子证照',
      service: INSURANCE,
      raw: rawInsurance(),
      channel: 'online',
    },
  ])('accepts the application when $when', ({ service, raw, channel }) => {
    // Prepare
    const app = application(raw);

    // Act
    const check = () => checkApplication(service, app, channel);

    // Assess
    expect(check).not.toThrow();
  });

  it.each<{ when: string; service: Service; raw: unknown; kind: string; messageZh: string }>([
    {
      when: 'an organisation applies for a service for natural persons',
      service: MARRIAGE,
      raw: { ...rawMarriage(), applicant: legal },
      kind: 'legal',
      messageZh: '该事项的服务对象为自然人',
    },
    {
      when: 'a natural person applies for a service for organisations',
      service: INSURANCE,
      raw: { ...rawInsurance(), applicant: natural },
      kind: 'natural',
      messageZh: '该事项的服务对象为法人或其他组织',
    },
  ])('throws WRONG_APPLICANT_TYPE when $when', ({ service, raw, kind, messageZh }) => {
    // Prepare
    const app = application(raw);

    // Act
    const error = rejection(service, app, 'window');

    // Assess
    expect(error.code).toBe('WRONG_APPLICANT_TYPE');
    expect(error.messageZh).toBe(messageZh);
    expect(error.subject).toEqual([kind]);
  });

  it.each<{ when: string; service: Service; raw: unknown; channel: Channel; messageZh: string }>([
    {
      when: 'a window-only service is applied for online',
      service: MARRIAGE,
      raw: rawMarriage(),
      channel: 'online',
      messageZh: '该事项暂不支持网上办理，请到综合受理窗口办理',
    },
    {
      when: 'an online-only service is applied for at the window',
      service: ONLINE_ONLY,
      raw: rawInsurance(),
      channel: 'window',
      messageZh: '该事项仅支持网上办理',
    },
  ])('throws CHANNEL_NOT_OFFERED when $when', ({ service, raw, channel, messageZh }) => {
    // Prepare
    const app = application(raw);

    // Act
    const error = rejection(service, app, channel);

    // Assess
    expect(error.code).toBe('CHANNEL_NOT_OFFERED');
    expect(error.messageZh).toBe(messageZh);
    expect(error.subject).toEqual([channel]);
  });

  it('throws DUPLICATE_MATERIAL naming each material once when one is supplied three times', () => {
    // Prepare
    const app = application(
      rawMarriage([
        'hukou-book',
        'id-card',
        licence('id-card'),
        'photo',
        'declaration',
        licence('id-card'),
      ]),
    );

    // Act
    const error = rejection(MARRIAGE, app, 'window');

    // Assess
    expect(error.code).toBe('DUPLICATE_MATERIAL');
    expect(error.subject).toEqual(['id-card']);
    expect(error.messageZh).toBe('同一材料提交了多次');
  });

  it('throws UNKNOWN_MATERIAL when a material is not in the service’s list', () => {
    // Prepare
    const app = application(
      rawMarriage(['hukou-book', 'id-card', 'photo', 'declaration', 'business-licence']),
    );

    // Act
    const error = rejection(MARRIAGE, app, 'window');

    // Assess
    expect(error.code).toBe('UNKNOWN_MATERIAL');
    expect(error.subject).toEqual(['business-licence']);
    expect(error.messageZh).toBe('提交了该事项不需要的材料');
  });

  it('throws MISSING_MATERIAL naming every missing required material at once', () => {
    // Prepare
    const app = application(rawMarriage(['id-card', 'residence-permit']));

    // Act
    const error = rejection(MARRIAGE, app, 'window');

    // Assess
    expect(error.code).toBe('MISSING_MATERIAL');
    expect(error.subject).toEqual(['hukou-book', 'photo', 'declaration']);
    expect(error.messageZh).toBe('缺少必要材料：居民户口簿、双方合影照片、无配偶声明');
    expect(error.message).not.toContain(CITIZEN_ID);
  });

  it('reports the applicant type before the materials when both are wrong', () => {
    // Prepare
    const app = application({ ...rawMarriage([]), applicant: legal });

    // Act
    const error = rejection(MARRIAGE, app, 'window');

    // Assess
    expect(error.code).toBe('WRONG_APPLICANT_TYPE');
  });
});

describe('Function: highestTrustLevel', () => {
  it.each<{ source: SuppliedMaterial['source']; channel: Channel; level: string }>([
    { source: { kind: 'licence', licenceId: 'LIC:1' }, channel: 'online', level: 'A' },
    { source: { kind: 'licence', licenceId: 'LIC:1' }, channel: 'window', level: 'A' },
    { source: { kind: 'upload', objectKey: 'u/1.pdf' }, channel: 'window', level: 'B' },
    { source: { kind: 'upload', objectKey: 'u/1.pdf' }, channel: 'online', level: 'C' },
  ])(
    'allows at most $level for a $source.kind on the $channel channel',
    ({ source, channel, level }) => {
      // Act
      const highest = highestTrustLevel(source, channel);

      // Assess
      expect(highest).toBe(level);
    },
  );
});

describe('Function: checkMaterials (trust levels)', () => {
  const material = (kind: 'upload' | 'licence', trustLevel: string): SuppliedMaterial =>
    ({
      ...(kind === 'upload' ? upload('employee-list') : licence('employee-list')),
      trustLevel,
    }) as SuppliedMaterial;

  it.each<{ kind: 'upload' | 'licence'; channel: Channel; accepted: string[]; refused: string[] }>([
    { kind: 'upload', channel: 'online', accepted: ['C', 'D'], refused: ['A', 'B'] },
    { kind: 'upload', channel: 'window', accepted: ['B', 'C', 'D'], refused: ['A'] },
    { kind: 'licence', channel: 'online', accepted: ['A', 'B', 'C', 'D'], refused: [] },
  ])(
    'accepts $accepted and refuses $refused for a $kind on the $channel channel',
    ({ kind, channel, accepted, refused }) => {
      // Act
      const outcomes = ['A', 'B', 'C', 'D'].map((level) => {
        try {
          checkMaterials([material(kind, level)], channel, serviceMaterials(INSURANCE));
          return [level, 'accepted'];
        } catch (error) {
          if (!(error instanceof InvalidApplicationError)) throw error;
          expect(error.code).toBe('TRUST_LEVEL_TOO_HIGH');
          expect(error.subject).toEqual(['employee-list']);
          return [level, 'refused'];
        }
      });

      // Assess
      expect(Object.fromEntries(outcomes)).toEqual({
        ...Object.fromEntries(accepted.map((l) => [l, 'accepted'])),
        ...Object.fromEntries(refused.map((l) => [l, 'refused'])),
      });
    },
  );

  it('refuses an application online whose upload claims level A, in Chinese, naming the material', () => {
    // Prepare
    const app = application({
      ...rawInsurance(),
      materials: [licence('business-licence'), { ...upload('employee-list'), trustLevel: 'A' }],
    });

    // Act
    const error = rejection(INSURANCE, app, 'online');

    // Assess
    expect(error.code).toBe('TRUST_LEVEL_TOO_HIGH');
    expect(error.subject).toEqual(['employee-list']);
    expect(error.messageZh).toBe(
      '材料可信等级与来源不符：网上上传的材料最高为C级（原件待核验），A级仅限电子证照',
    );
  });
});

describe('Function: applicantNumber', () => {
  it.each([
    { kind: 'natural', raw: rawMarriage(), expected: CITIZEN_ID },
    { kind: 'legal', raw: rawInsurance(), expected: CREDIT_CODE },
  ])('returns the one number (一号) of a $kind applicant', ({ raw, expected }) => {
    // Prepare
    const app = application(raw);

    // Act
    const number = applicantNumber(app.applicant);

    // Assess
    expect(number).toBe(expected);
  });
});

describe('Schema: ApplicationSchema', () => {
  it('normalises a lowercase x check character of the applicant’s number', () => {
    // Prepare
    const raw = { ...rawMarriage(), applicant: { ...natural, idNumber: CITIZEN_ID.toLowerCase() } };

    // Act
    const app = ApplicationSchema.parse(raw);

    // Assess
    expect(applicantNumber(app.applicant)).toBe(CITIZEN_ID);
  });

  it('accepts a form of exactly 50 fields', () => {
    // Prepare
    const form = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`field${i}`, i]));

    // Act
    const result = ApplicationSchema.safeParse({ ...rawMarriage(), form });

    // Assess
    expect(result.success).toBe(true);
  });

  const tooManyFields = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`field${i}`, i]));

  it.each<{ when: string; raw: unknown; path: PropertyKey[] }>([
    {
      when: 'it has a field the schema does not know',
      raw: { ...rawMarriage(), remark: '加急' },
      path: [],
    },
    {
      when: 'the applicant has a field the schema does not know',
      raw: { ...rawMarriage(), applicant: { ...natural, address: '长春市南关区' } },
      path: ['applicant'],
    },
    {
      when: 'a supplied material has a field the schema does not know',
      raw: rawMarriage([{ ...upload('id-card'), verified: true }, 'hukou-book']),
      path: ['materials', 0],
    },
    {
      when: 'the citizen id has a wrong check character',
      raw: { ...rawMarriage(), applicant: { ...natural, idNumber: '110105194912310021' } },
      path: ['applicant', 'idNumber'],
    },
    {
      when: 'the citizen id has a birth date that does not exist',
      raw: { ...rawMarriage(), applicant: { ...natural, idNumber: '110105194902300020' } },
      path: ['applicant', 'idNumber'],
    },
    {
      when: 'the representative’s citizen id is 17 characters long',
      raw: {
        ...rawInsurance(),
        applicant: { ...legal, representative: { name: '李四', idNumber: '22010219900307123' } },
      },
      path: ['applicant', 'representative', 'idNumber'],
    },
    {
      when: 'the credit code has a wrong check character',
      raw: { ...rawInsurance(), applicant: { ...legal, creditCode: '91220101MA0Y123459' } },
      path: ['applicant', 'creditCode'],
    },
    {
      when: 'the credit code uses a letter outside GB 32100’s alphabet',
      raw: { ...rawInsurance(), applicant: { ...legal, creditCode: '91220101MA0Y1234S8' } },
      path: ['applicant', 'creditCode'],
    },
    {
      when: 'the phone is not a mainland mobile number',
      raw: { ...rawMarriage(), applicant: { ...natural, phone: '+8613800138000' } },
      path: ['applicant', 'phone'],
    },
    {
      when: 'the service code has characters outside [0-9A-Za-z-]',
      raw: { ...rawMarriage(), serviceCode: 'JL CC/0001' },
      path: ['serviceCode'],
    },
    {
      when: 'the form has more than 50 fields',
      raw: { ...rawMarriage(), form: tooManyFields },
      path: ['form'],
    },
    {
      when: 'a form field name starts with a digit',
      raw: { ...rawMarriage(), form: { '1st': 'x' } },
      path: ['form', '1st'],
    },
    {
      when: 'a form value is an object',
      raw: { ...rawMarriage(), form: { spouse: { name: '李四' } } },
      path: ['form', 'spouse'],
    },
    {
      when: 'a material is supplied with an unknown trust level',
      raw: rawMarriage([{ ...upload('id-card'), trustLevel: 'E' }]),
      path: ['materials', 0, 'trustLevel'],
    },
  ])('rejects an application when $when', ({ raw, path }) => {
    // Act
    const result = ApplicationSchema.safeParse(raw);

    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path)).toContainEqual(path);
  });

  it.each([
    { what: 'a NUL character', name: '长春市\u0000科技有限公司' },
    { what: 'a bell character', name: '长春市科技\u0007有限公司' },
    { what: 'a line break inside it', name: '长春市科技\n有限公司' },
    { what: 'a zero-width space', name: '长春市\u200b科技有限公司' },
    { what: 'a right-to-left override', name: '长春市\u202e科技有限公司' },
  ])('rejects an organisation name containing $what', ({ name }) => {
    // Prepare
    const raw = { ...rawInsurance(), applicant: { ...legal, name } };

    // Act
    const result = ApplicationSchema.safeParse(raw);

    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues).toContainEqual(
      expect.objectContaining({ path: ['applicant', 'name'], message: '名称不能包含控制字符' }),
    );
  });

  it.each([1e16, -1e16, 2 ** 53, 1e300, 1e-131, -1e-200, Number.MIN_VALUE])(
    'refuses the form number %d, which the case store could not keep as sent, in zh-CN',
    (n) => {
      // Act
      const result = ApplicationSchema.safeParse({ ...rawMarriage(), form: { spouseAge: n } });

      // Assess
      expect(result.error?.issues).toEqual([
        expect.objectContaining({
          path: ['form', 'spouseAge'],
          message: '表单中的数值超出可受理的范围（绝对值不超过9007199254740991，且不小于1e-130）',
        }),
      ]);
    },
  );

  it.each([0, -0, 2 ** 53 - 1, -(2 ** 53 - 1), 1e-130, -1e-130, 1.5e-7, 0.1 + 0.2])(
    'accepts the form number %d',
    (n) => {
      // Act
      const result = ApplicationSchema.safeParse({ ...rawMarriage(), form: { spouseAge: n } });

      // Assess
      expect(result.success).toBe(true);
      expect(result.data?.form.spouseAge).toBe(n);
    },
  );

  it('reports too many form fields in zh-CN', () => {
    // Act
    const result = ApplicationSchema.safeParse({ ...rawMarriage(), form: tooManyFields });

    // Assess
    expect(result.error?.issues.map((i) => i.message)).toContain('表单字段不能超过50个');
  });
});
