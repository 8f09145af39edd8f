import { ServiceSchema } from '@jilin/domain';
import { describe, expect, it } from 'vitest';
import {
  defaultPlatformConfigs,
  type PlatformConfig,
  PlatformSchema,
  type ServiceConfig,
} from '../../src/index';

const companyStartUp = (): ServiceConfig => {
  const service = defaultPlatformConfigs.changchun.services.find(
    (s) => s.name === '企业开办一件事',
  );
  if (service === undefined) throw new Error('the default catalogue lost 企业开办一件事');
  return structuredClone(service);
};

const messagesOf = (result: { error?: { issues: readonly { message: string }[] } }) =>
  result.error?.issues.map((issue) => issue.message) ?? [];

describe('Schema: ServiceSchema on a broken catalogue entry', () => {
  it('accepts the unbroken entry', () => {
    // Prepare
    const service = companyStartUp();

    // Act
    const result = ServiceSchema.safeParse(service);

    // Assess
    expect(result.success).toBe(true);
  });

  it('rejects a part that needs a material the service does not list', () => {
    // Prepare
    const service = companyStartUp();
    service.parts[1]?.materials.push('seal-impression');

    // Act
    const result = ServiceSchema.safeParse(service);

    // Assess
    expect(result.success).toBe(false);
    expect(messagesOf(result)).toEqual(['part uses unknown material "seal-impression"']);
    expect(result.error?.issues[0]?.path).toEqual(['parts', 1, 'materials']);
  });

  it('rejects a service whose lead department is not the first part', () => {
    // Prepare
    const service = companyStartUp();
    service.parts.reverse();

    // Act
    const result = ServiceSchema.safeParse(service);

    // Assess
    expect(messagesOf(result)).toEqual(['the lead department (实施机构) must be the first part']);
  });

  it.each([
    ['legal 0, promised 1', 0, 1],
    ['legal 20, promised 21', 20, 21],
  ])('rejects a promised limit longer than the legal one (%s)', (_, legal, promised) => {
    // Prepare
    const service = { ...companyStartUp(), legalLimitDays: legal, promisedLimitDays: promised };

    // Act
    const result = ServiceSchema.safeParse(service);

    // Assess
    expect(messagesOf(result)).toContain('承诺时限 cannot exceed 法定时限');
  });

  it('rejects a part promising longer than the whole service', () => {
    // Prepare
    const service = companyStartUp();
    const seal = service.parts[1];
    if (seal) seal.promisedLimitDays = 2;

    // Act
    const result = ServiceSchema.safeParse(service);

    // Assess
    expect(messagesOf(result)).toEqual(['a part cannot promise longer than the whole service']);
  });

  it('rejects a service of one part whose part promises less than the service', () => {
    // Prepare: the scan flags parts, so a one-part service's due date is its part's
    const service = { ...companyStartUp(), promisedLimitDays: 3 };
    service.parts = service.parts.slice(0, 1);

    // Act
    const result = ServiceSchema.safeParse(service);

    // Assess
    expect(messagesOf(result)).toEqual(['a service of one part promises what its part promises']);
  });
});

describe('Schema: PlatformSchema on a broken platform', () => {
  const siping = (): PlatformConfig => structuredClone(defaultPlatformConfigs.siping);

  it('rejects a service decided by a department the city does not have', () => {
    // Prepare
    const platform = siping();
    platform.departments = platform.departments.filter((d) => d.id !== 'housing-fund');

    // Act
    const result = PlatformSchema.safeParse(platform);

    // Assess
    expect(messagesOf(result)).toEqual([
      'service 220300-YJS-0001 is decided by unknown department "housing-fund"',
      'service 220300-GJJ-0001 is decided by unknown department "housing-fund"',
    ]);
  });

  it('rejects a district outside the city', () => {
    // Prepare
    const platform = siping();
    platform.districts.push({ code: '220402', name: '龙山区' });

    // Act
    const result = PlatformSchema.safeParse(platform);

    // Assess
    expect(messagesOf(result)).toEqual(['district 220402 is not inside 220300']);
  });

  it('rejects a service code used twice in one platform', () => {
    // Prepare
    const platform = siping();
    const [first, second] = platform.services;
    if (first && second) second.code = first.code;

    // Act
    const result = PlatformSchema.safeParse(platform);

    // Assess
    expect(messagesOf(result)).toEqual(['service codes must be unique']);
  });
});
