import { getPlatform, getPlatformDirectory } from '@jilin/platform';
import { CaseRepository } from '@jilin/store';
import { describe, expect, it } from 'vitest';
import {
  CaseReader,
  CaseService,
  wireFromEnv,
  wireReaderFromEnv,
  wireStoreFromEnv,
} from '../../src/index';

const env = {
  PLATFORM: 'siping',
  CASE_TABLE_NAME: 'siping-cases',
  APPLICANT_KEY_SECRET: 'unit-test-only:applicant-key-secret',
  AWS_REGION: 'cn-north-1',
};

describe('wiring a function from its environment', () => {
  it('wires the store alone for a function that runs no use case', async () => {
    // Act
    const wiring = await wireStoreFromEnv(env);

    // Assess
    expect(wiring.platform).toBe(getPlatform('siping'));
    expect(wiring.repository).toBeInstanceOf(CaseRepository);
    expect(Object.keys(wiring).sort()).toEqual([
      'audit',
      'client',
      'dynamodb',
      'platform',
      'repository',
    ]);
  });

  it('wires the CaseService over the same store for the use cases', async () => {
    // Act
    const wiring = await wireFromEnv(env);

    // Assess
    expect(wiring.service).toBeInstanceOf(CaseService);
    expect(wiring.platform.slug).toBe('siping');
  });

  it('wires a CaseReader over the store for the function that only reads', async () => {
    // Act
    const wiring = await wireReaderFromEnv(env);

    // Assess
    expect(wiring.reader).toBeInstanceOf(CaseReader);
    expect(wiring.reader.platform.slug).toBe('siping');
    expect('service' in wiring).toBe(false);
    // over the platform's directory: reading a case looks no service up
    expect(wiring.platform).toBe(getPlatformDirectory('siping'));
    expect('services' in wiring.platform).toBe(false);
  });

  it.each(['PLATFORM', 'CASE_TABLE_NAME', 'APPLICANT_KEY_SECRET'])(
    'refuses to wire without %s, naming it',
    async (name) => {
      // Arrange
      const without: Record<string, string> = { ...env };
      delete without[name];

      // Act & Assess
      await expect(wireStoreFromEnv(without)).rejects.toThrow(name);
      await expect(wireFromEnv(without)).rejects.toThrow(name);
      await expect(wireReaderFromEnv(without)).rejects.toThrow(name);
    },
  );
});
