import { describe, expect, it, vi } from 'vitest';
import {
  checkDefaultPlatforms,
  checkPlatforms,
  defaultPlatformConfigs,
  findDepartment,
  findService,
  getPlatform,
  getPlatformDirectory,
  loadPlatforms,
  PlatformConfigError,
  PlatformSchema,
  platformSlugs,
  platforms,
  UnknownPlatformError,
} from '../../src/index';

describe('Function: getPlatform', () => {
  it.each(platformSlugs)('returns the parsed platform when the slug is %s', (slug) => {
    // Prepare
    const expected = platforms[slug];

    // Act
    const platform = getPlatform(slug);

    // Assess
    expect(platform).toBe(expected);
    expect(platform.slug).toBe(slug);
  });

  it.each(['', 'Changchun', 'jilin-city', 'baishan'])(
    'throws UnknownPlatformError when the slug is %j',
    (slug) => {
      // Prepare
      const act = () => getPlatform(slug);

      // Act & Assess
      expect(act).toThrow(UnknownPlatformError);
      expect(act).toThrow(/expected one of: jilin, changchun, siping, liaoyuan/);
    },
  );
});

describe('Function: getPlatformDirectory', () => {
  it.each(platformSlugs)('returns %s exactly as getPlatform does, less its catalogue', (slug) => {
    // Act
    const directory = getPlatformDirectory(slug);

    // Assess
    const { services, ...whole } = getPlatform(slug);
    expect(services.length).toBeGreaterThan(0);
    expect(directory).toEqual(whole);
    expect('services' in directory).toBe(false);
  });

  it('returns the same frozen directory on every call', () => {
    // Act
    const first = getPlatformDirectory('liaoyuan');
    const again = getPlatformDirectory('liaoyuan');

    // Assess
    expect(again).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.departments[0])).toBe(true);
  });

  it.each(['', 'Siping', 'baishan'])('throws UnknownPlatformError when the slug is %j', (slug) => {
    // Prepare
    const act = () => getPlatformDirectory(slug);

    // Act & Assess
    expect(act).toThrow(UnknownPlatformError);
    expect(act).toThrow(/expected one of: jilin, changchun, siping, liaoyuan/);
  });
});

describe('Function: findService', () => {
  it('returns the service when the code is in the catalogue', () => {
    // Prepare
    const platform = platforms.liaoyuan;

    // Act
    const service = findService(platform, '220400-GA-0001');

    // Assess
    expect(service?.name).toBe('居民身份证换领');
  });

  it('returns undefined when the code belongs to another platform', () => {
    // Prepare
    const platform = platforms.liaoyuan;

    // Act
    const service = findService(platform, '220100-GA-0001');

    // Assess
    expect(service).toBeUndefined();
  });
});

describe('Function: findDepartment', () => {
  it('returns the department when the id is configured', () => {
    // Prepare
    const platform = platforms.changchun;

    // Act
    const department = findDepartment(platform, 'tax');

    // Assess
    expect(department).toEqual({ id: 'tax', name: '国家税务总局长春市税务局', shortName: '税务' });
  });

  it('returns undefined when the id is not configured', () => {
    // Prepare
    const platform = platforms.changchun;

    // Act
    const department = findDepartment(platform, 'drug-administration');

    // Assess
    expect(department).toBeUndefined();
  });
});

describe('Function: checkDefaultPlatforms', () => {
  it('passes the default configuration, every platform and the rules across them', () => {
    // Act
    const checked = checkDefaultPlatforms();

    // Assess
    expect(Object.keys(checked)).toEqual([...platformSlugs]);
    expect(checked).toEqual(platforms);
  });
});

describe('Function: checkPlatforms', () => {
  it('throws PlatformConfigError when parsing would change a configuration (an unknown key dropped)', () => {
    // Prepare: valid, but parsing strips the extra key, so the unparsed config would differ
    const siping = structuredClone(defaultPlatformConfigs.siping);
    Object.assign(siping.departments[0] ?? {}, { note: '不是部门的字段' });

    // Act
    const act = () => checkPlatforms({ ...defaultPlatformConfigs, siping });

    // Assess
    expect(act).toThrow(PlatformConfigError);
    expect(act).toThrow(/siping[\s\S]*parsing changes this configuration/);
  });
});

describe('Unparsed at run time: getPlatform', () => {
  it.each(platformSlugs)('hands out %s exactly as parsing makes it', (slug) => {
    expect(getPlatform(slug)).toStrictEqual(PlatformSchema.parse(defaultPlatformConfigs[slug]));
  });

  it('returns the same frozen platform on every call and through `platforms`', () => {
    // Act
    const first = getPlatform('siping');
    const again = getPlatform('siping');

    // Assess
    expect(again).toBe(first);
    expect(platforms.siping).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.services[0])).toBe(true);
    expect(Object.keys(platforms)).toEqual([...platformSlugs]);
  });

  it('is its directory, the same objects, and a frozen catalogue, the same on every read', () => {
    // Act
    const platform = getPlatform('changchun');
    const directory = getPlatformDirectory('changchun');

    // Assess
    expect(platform.departments).toBe(directory.departments);
    const services = platform.services;
    expect(platform.services).toBe(services);
    expect(Object.isFrozen(services)).toBe(true);
    const part = services[0]?.parts[0];
    expect(part?.department).toBeTypeOf('string');
    expect(Object.isFrozen(part)).toBe(true);
    expect(Object.keys(platform)).toEqual([...Object.keys(directory), 'services']);
  });

  it('builds a catalogue on the first read of services, not before, and once', async () => {
    // Arrange: a fresh registry whose Siping catalogue builder is watched
    vi.resetModules();
    const built = vi.fn();
    vi.doMock('../../src/platforms/siping', async (importOriginal) => {
      const actual = await importOriginal<typeof import('../../src/platforms/siping')>();
      return {
        ...actual,
        sipingServices: () => {
          built();
          return actual.sipingServices();
        },
      };
    });
    try {
      const fresh = await import('../../src/registry');

      // Act
      const platform = fresh.getPlatform('siping');
      const before = built.mock.calls.length;
      const services = platform.services;
      const again = platform.services;

      // Assess
      expect(before).toBe(0);
      expect(built).toHaveBeenCalledTimes(1);
      expect(again).toBe(services);
      expect(services.length).toBeGreaterThan(0);
    } finally {
      vi.doUnmock('../../src/platforms/siping');
      vi.resetModules();
    }
  });
});

describe('Function: loadPlatforms', () => {
  it('returns platforms equal to the exported ones for the default configuration', () => {
    // Prepare
    const configs = defaultPlatformConfigs;

    // Act
    const loaded = loadPlatforms(configs);

    // Assess
    expect(loaded).toEqual(platforms);
  });

  it('throws PlatformConfigError naming the platform and the path when an entry is invalid', () => {
    // Prepare
    const siping = structuredClone(defaultPlatformConfigs.siping);
    const first = siping.services[0];
    if (first) first.legalLimitDays = first.promisedLimitDays - 1;

    // Act
    const act = () => loadPlatforms({ ...defaultPlatformConfigs, siping });

    // Assess
    expect(act).toThrow(PlatformConfigError);
    expect(act).toThrow(
      /platform "siping".*\n- services\.0\.promisedLimitDays: 承诺时限 cannot exceed 法定时限/,
    );
  });

  it('throws when a platform is configured under another slug', () => {
    // Prepare
    const configs = { ...defaultPlatformConfigs, siping: defaultPlatformConfigs.liaoyuan };

    // Act
    const act = () => loadPlatforms(configs);

    // Assess
    expect(act).toThrow(/slug: is "liaoyuan" but the platform is configured under "siping"/);
  });

  it('throws when a city does not name the province as its parent', () => {
    // Prepare
    const siping = { ...defaultPlatformConfigs.siping, parent: 'changchun' as const };

    // Act
    const act = () => loadPlatforms({ ...defaultPlatformConfigs, siping });

    // Assess
    expect(act).toThrow(/platform "siping".*\n- parent: a city must name the province platform/);
  });

  it('throws when two platforms use the same service code', () => {
    // Prepare
    const siping = structuredClone(defaultPlatformConfigs.siping);
    const first = siping.services[0];
    if (first) first.code = '220100-GA-0001';

    // Act
    const act = () => loadPlatforms({ ...defaultPlatformConfigs, siping });

    // Assess
    expect(act).toThrow(/code 220100-GA-0001 is already used by platform "changchun"/);
  });
});
