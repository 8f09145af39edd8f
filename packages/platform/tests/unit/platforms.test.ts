import { isBundled } from '@jilin/domain';
import { describe, expect, it } from 'vitest';
import {
  defaultPlatformConfigs,
  PlatformSchema,
  type PlatformSlug,
  platformSlugs,
  platforms,
} from '../../src/index';

const citySlugs = ['changchun', 'siping', 'liaoyuan'] as const satisfies readonly PlatformSlug[];

const cities = [
  { slug: 'changchun', code: '220100', name: '长春市', nameEn: 'Changchun', areaCode: '0431' },
  { slug: 'siping', code: '220300', name: '四平市', nameEn: 'Siping', areaCode: '0434' },
  { slug: 'liaoyuan', code: '220400', name: '辽源市', nameEn: 'Liaoyuan', areaCode: '0437' },
] as const;

describe('Constant: platforms', () => {
  it('holds exactly the four platforms, province first', () => {
    // Prepare
    const expected = ['jilin', 'changchun', 'siping', 'liaoyuan'];

    // Act
    const keys = Object.keys(platforms);

    // Assess
    expect(platformSlugs).toEqual(expected);
    expect(keys).toEqual(expected);
  });

  it.each(platformSlugs)('parses the default configuration of %s with PlatformSchema', (slug) => {
    // Prepare
    const config = defaultPlatformConfigs[slug];

    // Act
    const result = PlatformSchema.safeParse(config);

    // Assess
    expect(result.error?.issues).toBeUndefined();
    expect(result.success).toBe(true);
  });

  it('configures the province with the three pilot cities as its districts', () => {
    // Prepare
    const jilin = platforms.jilin;

    // Act
    const districts = jilin.districts;

    // Assess
    expect(jilin).toMatchObject({
      code: '220000',
      name: '吉林省',
      nameEn: 'Jilin',
      level: 'province',
    });
    expect(jilin.parent).toBeUndefined();
    expect(districts).toEqual([
      { code: '220100', name: '长春市' },
      { code: '220300', name: '四平市' },
      { code: '220400', name: '辽源市' },
    ]);
  });

  it.each(cities)('configures $slug as city $code $name under the province', (city) => {
    // Prepare
    const platform = platforms[city.slug];

    // Act
    const { code, name, nameEn, level, parent } = platform;

    // Assess
    expect({ code, name, nameEn, level, parent }).toEqual({
      code: city.code,
      name: city.name,
      nameEn: city.nameEn,
      level: 'city',
      parent: 'jilin',
    });
  });

  it.each([
    [
      'changchun',
      [
        ['220102', '南关区'],
        ['220103', '宽城区'],
        ['220104', '朝阳区'],
        ['220105', '二道区'],
        ['220106', '绿园区'],
        ['220112', '双阳区'],
        ['220113', '九台区'],
      ],
    ],
    [
      'siping',
      [
        ['220302', '铁西区'],
        ['220303', '铁东区'],
        ['220322', '梨树县'],
        ['220323', '伊通满族自治县'],
        ['220382', '双辽市'],
      ],
    ],
    [
      'liaoyuan',
      [
        ['220402', '龙山区'],
        ['220403', '西安区'],
        ['220421', '东丰县'],
        ['220422', '东辽县'],
      ],
    ],
  ] as const)('lists the GB/T 2260 districts of %s', (slug, expected) => {
    // Prepare
    const platform = platforms[slug];

    // Act
    const districts = platform.districts.map((d) => [d.code, d.name]);

    // Assess
    expect(districts).toEqual(expected);
  });

  it.each(cities)('configures the departments REFERENCE.md names for $name', (city) => {
    // Prepare
    const expected = [
      ['public-security', `${city.name}公安局`, '公安'],
      ['civil-affairs', `${city.name}民政局`, '民政'],
      ['hrss', `${city.name}人力资源和社会保障局`, '人社'],
      ['market-regulation', `${city.name}市场监督管理局`, '市场监管'],
      ['tax', `国家税务总局${city.name}税务局`, '税务'],
      ['housing-fund', `${city.name}住房公积金管理中心`, '公积金'],
      ['real-estate', `${city.name}不动产登记中心`, '不动产登记'],
      ['health', `${city.name}卫生健康委员会`, '卫健'],
      ['medical-insurance', `${city.name}医疗保障局`, '医保'],
      ['education', `${city.name}教育局`, '教育'],
      ['transport', `${city.name}交通运输局`, '交通'],
      ['data-bureau', `${city.name}政务服务和数字化建设管理局`, '政数'],
    ];

    // Act
    const departments = platforms[city.slug].departments.map((d) => [d.id, d.name, d.shortName]);

    // Assess
    expect(departments).toEqual(expect.arrayContaining(expected));
  });

  it('configures the provincial departments', () => {
    // Prepare
    const expected = [
      '吉林省公安厅',
      '吉林省市场监督管理厅',
      '吉林省人力资源和社会保障厅',
      '国家税务总局吉林省税务局',
      '吉林省政务服务和数字化建设管理局',
    ];

    // Act
    const names = platforms.jilin.departments.map((d) => d.name);

    // Assess
    expect(names).toEqual(expect.arrayContaining(expected));
  });

  it.each(citySlugs)(
    'gives %s at least 10 services, 2 of them bundled across 3+ departments',
    (slug) => {
      // Prepare
      const { services } = platforms[slug];

      // Act
      const bundledAcrossThree = services.filter(
        (s) => isBundled(s) && new Set(s.parts.map((p) => p.department)).size >= 3,
      );

      // Assess
      expect(services.length).toBeGreaterThanOrEqual(10);
      expect(bundledAcrossThree.length).toBeGreaterThanOrEqual(2);
    },
  );

  it('gives the province a handful of province-level services', () => {
    // Prepare
    const { services } = platforms.jilin;

    // Act
    const levels = new Set(services.map((s) => s.level));

    // Assess
    expect(services.length).toBeGreaterThanOrEqual(5);
    expect([...levels]).toEqual(['province']);
  });

  it.each(platformSlugs)(
    'has every service part of %s decided by one of its departments',
    (slug) => {
      // Prepare
      const platform = platforms[slug];
      const departmentIds = new Set<string>(platform.departments.map((d) => d.id));

      // Act
      const unknown = platform.services.flatMap((s) =>
        s.parts
          .filter((p) => !departmentIds.has(p.department))
          .map((p) => `${s.code}:${p.department}`),
      );

      // Assess
      expect(unknown).toEqual([]);
    },
  );

  it('uses each service code once across all platforms', () => {
    // Prepare
    const codes = platformSlugs.flatMap((slug) => platforms[slug].services.map((s) => s.code));

    // Act
    const distinct = new Set(codes);

    // Assess
    expect(distinct.size).toBe(codes.length);
  });

  it.each(platformSlugs)('codes every service of %s as <area>-<unit>-<nnnn>', (slug) => {
    // Prepare
    const platform = platforms[slug];
    const pattern = new RegExp(`^${platform.code}-[A-Z]{2,3}-\\d{4}$`);

    // Act
    const offending = platform.services.map((s) => s.code).filter((code) => !pattern.test(code));

    // Assess
    expect(offending).toEqual([]);
  });

  it.each(platformSlugs)(
    'promises no more than the legal limit, for every service of %s',
    (slug) => {
      // Prepare
      const { services } = platforms[slug];

      // Act
      const offending = services.filter(
        (s) =>
          s.promisedLimitDays > s.legalLimitDays ||
          s.parts.some((p) => p.promisedLimitDays > s.promisedLimitDays),
      );

      // Assess
      expect(offending.map((s) => s.code)).toEqual([]);
    },
  );

  it.each(platformSlugs)(
    'has every material of %s needed by some part, lead part first',
    (slug) => {
      // Prepare
      const { services } = platforms[slug];

      // Act
      const unused = services.flatMap((s) => {
        const used = new Set(s.parts.flatMap((p) => p.materials));
        return s.materials.filter((m) => !used.has(m.id)).map((m) => `${s.code}:${m.id}`);
      });
      const leadNotFirst = services.filter((s) => s.parts[0]?.department !== s.department);

      // Assess
      expect(unused).toEqual([]);
      expect(leadNotFirst).toEqual([]);
    },
  );

  it.each([['jilin', '0431'], ...cities.map((c) => [c.slug, c.areaCode] as const)] as const)(
    'gives every service of %s a 咨询电话 with area code %s',
    (slug, areaCode) => {
      // Prepare
      const { services } = platforms[slug];

      // Act
      const phones = new Set(services.map((s) => s.phone.split('-')[0]));

      // Assess
      expect([...phones]).toEqual([areaCode]);
    },
  );

  it('freezes the parsed platforms so no caller can change the topology', () => {
    // Prepare
    const service = platforms.changchun.services[0];

    // Act
    const mutate = () => {
      if (service) service.promisedLimitDays = 99;
    };

    // Assess
    expect(Object.isFrozen(platforms)).toBe(true);
    expect(mutate).toThrow(TypeError);
  });
});
