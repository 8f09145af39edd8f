import { afterEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { EnvironmentError, envOrThrow, parseJsonEnv } from '../../src/index';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('Function: envOrThrow', () => {
  it('returns the value when the variable is set', () => {
    // Prepare
    vi.stubEnv('CASE_TABLE_NAME', 'changchun-cases');

    // Act
    const value = envOrThrow('CASE_TABLE_NAME');

    // Assess
    expect(value).toBe('changchun-cases');
  });

  it.each([
    ['unset', undefined],
    ['empty', ''],
    ['blank', '  '],
  ])('throws an EnvironmentError naming the variable when it is %s', (_, value) => {
    // Prepare
    vi.stubEnv('CASE_TABLE_NAME', value);

    // Act & Assess
    expect(() => envOrThrow('CASE_TABLE_NAME')).toThrow(
      expect.objectContaining({
        name: 'EnvironmentError',
        variable: 'CASE_TABLE_NAME',
        message: expect.stringMatching(/CASE_TABLE_NAME is not set/),
      }),
    );
  });
});

describe('Function: parseJsonEnv', () => {
  const Queues = z.record(z.string(), z.url());

  it('returns the parsed value when the JSON matches the schema', () => {
    // Prepare
    vi.stubEnv('DEPARTMENT_QUEUE_URLS', '{"public-security":"https://sqs.local/q"}');

    // Act
    const queues = parseJsonEnv('DEPARTMENT_QUEUE_URLS', Queues);

    // Assess
    expect(queues).toEqual({ 'public-security': 'https://sqs.local/q' });
  });

  it('throws without echoing the value when it is not JSON', () => {
    // Prepare
    vi.stubEnv('APPLICANT_KEY_SECRET', 'not-json-s3cr3t');

    // Act & Assess
    expect(() => parseJsonEnv('APPLICANT_KEY_SECRET', z.string())).toThrow(EnvironmentError);
    expect(() => parseJsonEnv('APPLICANT_KEY_SECRET', z.string())).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('s3cr3t') }),
    );
  });

  it('throws with the failing paths when the JSON does not match the schema', () => {
    // Prepare
    vi.stubEnv('DEPARTMENT_QUEUE_URLS', '{"public-security":"not a url"}');

    // Act & Assess
    expect(() => parseJsonEnv('DEPARTMENT_QUEUE_URLS', Queues)).toThrow(
      /DEPARTMENT_QUEUE_URLS does not match its schema \(public-security: invalid_format\)/,
    );
  });
});
