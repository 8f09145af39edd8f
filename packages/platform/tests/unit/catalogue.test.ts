import { coHandlingDepartments } from '@jilin/domain';
import { describe, expect, it } from 'vitest';
import { type Platform, platforms } from '../../src/index';

const cityPlatforms = [platforms.changchun, platforms.siping, platforms.liaoyuan];

const serviceNamed = (platform: Platform, name: string) => {
  const service = platform.services.find((s) => s.name === name);
  if (service === undefined) throw new Error(`${platform.slug} has no service named ${name}`);
  return service;
};

describe('Catalogue: services shared by the pilot cities', () => {
  it('writes the same catalogue for every city, differing only by the city', () => {
    // Prepare
    const [changchun, siping, liaoyuan] = cityPlatforms.map((p) =>
      p.services.map((s) => [s.name, s.type, s.level, s.parts.length, s.legalLimitDays]),
    );

    // Act & Assess
    expect(siping).toEqual(changchun);
    expect(liaoyuan).toEqual(changchun);
  });

  it.each(cityPlatforms)('places every service of $name in $name', (platform) => {
    // Prepare
    const { services, name } = platform;

    // Act
    const elsewhere = services.filter((s) => !s.location.includes(name)).map((s) => s.code);

    // Assess
    expect(elsewhere).toEqual([]);
  });

  it.each(cityPlatforms)(
    'bundles 企业开办 in $name across 市场监管, 公安, 税务, 人社 and 公积金',
    (platform) => {
      // Prepare
      const service = serviceNamed(platform, '企业开办一件事');

      // Act
      const coHandling = coHandlingDepartments(service);

      // Assess
      expect(service.department).toBe('market-regulation');
      expect(coHandling).toEqual(['public-security', 'tax', 'hrss', 'housing-fund']);
      expect(service.audience).toEqual(['natural', 'legal']);
      expect(service.promisedLimitDays).toBeLessThanOrEqual(3);
      expect(service.legalLimitDays).toBe(45);
    },
  );

  it.each(cityPlatforms)(
    'bundles 新生儿出生 in $name across 卫健, 公安, 人社 and 医保',
    (platform) => {
      // Prepare
      const service = serviceNamed(platform, '新生儿出生一件事');

      // Act
      const departments = service.parts.map((p) => p.department);

      // Assess
      expect(departments).toEqual(['health', 'public-security', 'hrss', 'medical-insurance']);
      expect(service.materials.find((m) => m.id === 'birth-certificate')?.licenceType).toBe(
        '出生医学证明',
      );
    },
  );

  it.each(cityPlatforms)(
    'registers real estate in $name with 不动产登记中心 and 税务',
    (platform) => {
      // Prepare
      const service = serviceNamed(platform, '不动产转移登记（存量住房买卖）');

      // Act
      const departments = service.parts.map((p) => p.department);

      // Assess
      expect(departments).toEqual(['real-estate', 'tax']);
      expect(service.fee).toMatchObject({ kind: 'charged', amountFen: 8000 });
    },
  );

  it.each([
    ['居民身份证换领', { kind: 'charged', amountFen: 2000 }],
    ['机动车驾驶证期满换证', { kind: 'charged', amountFen: 1000 }],
    ['内地居民结婚登记', { kind: 'free' }],
    ['企业开办一件事', { kind: 'free' }],
  ] as const)('charges for %s as its fee basis says', (name, fee) => {
    // Prepare
    const services = cityPlatforms.map((p) => serviceNamed(p, name));

    // Act
    const fees = services.map((s) => s.fee);

    // Assess
    for (const actual of fees) {
      expect(actual).toMatchObject(fee);
      if (actual.kind === 'charged') expect(actual.basis).toMatch(/〔\d{4}〕\d+号/);
    }
  });

  it('registers a marriage on the spot (即时办结) for natural persons at the window only', () => {
    // Prepare
    const service = serviceNamed(platforms.siping, '内地居民结婚登记');

    // Act
    const { legalLimitDays, promisedLimitDays, audience, channels } = service;

    // Assess
    expect({ legalLimitDays, promisedLimitDays, audience, channels }).toEqual({
      legalLimitDays: 0,
      promisedLimitDays: 0,
      audience: ['natural'],
      channels: ['window'],
    });
  });

  it('registers a 个体工商户 for natural persons only', () => {
    // Prepare
    const service = serviceNamed(platforms.liaoyuan, '个体工商户设立登记');

    // Act
    const { audience, type } = service;

    // Assess
    expect(audience).toEqual(['natural']);
    expect(type).toBe('行政许可');
  });

  it.each([
    ['居民身份证'],
    ['居民户口簿'],
    ['结婚证'],
    ['出生医学证明'],
    ['营业执照'],
    ['不动产权证书'],
  ])('lets the platform fetch the 电子证照 %s instead of asking for it', (licenceType) => {
    // Prepare
    const materials = platforms.changchun.services.flatMap((s) => s.materials);

    // Act
    const matching = materials.filter((m) => m.licenceType === licenceType);

    // Assess
    expect(matching.length).toBeGreaterThan(0);
    expect(matching.every((m) => m.reusable)).toBe(true);
  });
});
