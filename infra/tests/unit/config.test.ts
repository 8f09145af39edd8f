import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { platformSlugs } from '@jilin/platform';
import { describe, expect, it } from 'vitest';
import {
  type DeploymentConfig,
  isChinaRegion,
  loadDeploymentConfig,
  parseDeploymentConfig,
} from '../../src/config';
import { DeploymentConfigError } from '../../src/errors';

const valid = (): Record<string, unknown> => ({
  platform: 'siping',
  region: 'cn-northwest-1',
  identity: { issuer: 'https://tyrz.jl.gov.cn/oidc', audience: ['jilin-gov-services'] },
  alarmEmail: 'zwfw-ops-siping@example.com',
  tracing: false,
  cors: { allowOrigins: ['https://zwfw.siping.gov.cn'] },
  logRetentionDays: 180,
  throttling: { rateLimit: 100, burstLimit: 200 },
});

describe('Function: loadDeploymentConfig', () => {
  it.each(platformSlugs)('reads and validates the committed configuration of %s', (slug) => {
    // Act
    const config = loadDeploymentConfig(slug);

    // Assess
    expect(config.platform).toBe(slug);
    expect(config.logRetentionDays).toBeGreaterThanOrEqual(180);
    if (isChinaRegion(config.region)) expect(config.tracing).toBe(false);
  });

  it('has at least one platform deploying to an aws-cn region', () => {
    // Act
    const regions = platformSlugs.map((slug) => loadDeploymentConfig(slug).region);

    // Assess
    expect(regions.some(isChinaRegion)).toBe(true);
  });

  it('applies a region override and checks it like a written one', () => {
    // Act
    const config = loadDeploymentConfig('changchun', { overrides: { region: 'us-east-1' } });

    // Assess
    expect(config.region).toBe('us-east-1');
  });

  it('names the file when it is missing or not JSON', () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'jilin-config-'));
    writeFileSync(join(dir, 'siping.json'), '{ not json');

    // Act & Assess
    expect(() => loadDeploymentConfig('changchun', { configDir: dir })).toThrow(
      /changchun\.json.*cannot be read/s,
    );
    expect(() => loadDeploymentConfig('siping', { configDir: dir })).toThrow(/not valid JSON/);
  });
});

describe('Function: parseDeploymentConfig', () => {
  it('fills the defaults of optional settings', () => {
    // Act
    const config: DeploymentConfig = parseDeploymentConfig('siping', valid());

    // Assess
    expect(config.departmentQueues).toEqual({
      visibilityTimeoutSeconds: 300,
      oldestMessageAlarmMinutes: 60,
    });
    expect(config.terminationProtection).toBe(true);
    expect(config.account).toBeUndefined();
  });

  it.each([
    [
      'tracing in a China region',
      { tracing: true },
      /tracing: X-Ray is not integrated with Lambda in AWS's China regions/,
    ],
    [
      'logs kept less than six months',
      { logRetentionDays: 90 },
      /logRetentionDays: logs are kept at least 180 days/,
    ],
    [
      'a retention CloudWatch Logs does not offer',
      { logRetentionDays: 200 },
      /logRetentionDays: CloudWatch Logs accepts only these retention periods/,
    ],
    [
      'a wildcard origin',
      { cors: { allowOrigins: ['*'] } },
      /cors\.allowOrigins\.0: an origin is https/,
    ],
    [
      'an origin with a path',
      { cors: { allowOrigins: ['https://zwfw.siping.gov.cn/app'] } },
      /cors\.allowOrigins\.0/,
    ],
    [
      'a plain-http issuer',
      { identity: { issuer: 'http://tyrz.jl.gov.cn', audience: ['a'] } },
      /identity\.issuer: the issuer must be an https URL/,
    ],
    [
      'no audience',
      { identity: { issuer: 'https://tyrz.jl.gov.cn', audience: [] } },
      /identity\.audience: at least one audience/,
    ],
    ['an alarm address that is not one', { alarmEmail: 'ops' }, /alarmEmail must be an email/],
    ['a misspelt setting', { tracng: false }, /Unrecognized key: "tracng"/],
    ['a region that is not one', { region: 'beijing' }, /region: a region code/],
    ['a short account id', { account: '1234' }, /account: an AWS account id is 12 digits/],
    [
      'a stage burst over the API Gateway maximum',
      { throttling: { rateLimit: 100, burstLimit: 9000 } },
      /throttling\.burstLimit/,
    ],
  ])('refuses %s', (_case, change, message) => {
    // Prepare
    const raw = { ...valid(), ...change };

    // Act & Assess
    expect(() => parseDeploymentConfig('siping', raw)).toThrow(message);
  });

  it('allows tracing outside the China regions', () => {
    // Act
    const config = parseDeploymentConfig('siping', {
      ...valid(),
      region: 'ap-east-1',
      tracing: true,
    });

    // Assess
    expect(config.tracing).toBe(true);
  });

  it('refuses tracing when an override moves a traced platform into a China region', () => {
    // Prepare
    const raw = { ...valid(), region: 'ap-east-1', tracing: true };

    // Act & Assess
    expect(() =>
      parseDeploymentConfig('siping', raw, { overrides: { region: 'cn-north-1' } }),
    ).toThrow(/set tracing to false for cn-north-1/);
  });

  it('refuses a file that configures another platform, with a typed error', () => {
    // Act
    let error: unknown;
    try {
      parseDeploymentConfig('liaoyuan', valid());
    } catch (caught) {
      error = caught;
    }

    // Assess
    expect(error).toBeInstanceOf(DeploymentConfigError);
    expect((error as DeploymentConfigError).code).toBe('DEPLOYMENT_CONFIG_INVALID');
    expect((error as DeploymentConfigError).message).toMatch(
      /is "siping" but the file configures "liaoyuan"/,
    );
  });
});
