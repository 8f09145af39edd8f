import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEV_AUDIENCE, DEV_ISSUER, type Principal, PrincipalSchema } from '@jilin/platform';
import {
  base64url,
  decodeJwt,
  decodeProtectedHeader,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTPayload,
  SignJWT,
} from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevIssuer, type DevIssuer, stringifyClaim } from '../../src/dev-issuer';

const CITIZEN: Principal = PrincipalSchema.parse({
  role: 'citizen',
  sub: 'citizen-1',
  idNumber: '11010519491231002X',
});
const OFFICER: Principal = PrincipalSchema.parse({
  role: 'officer',
  sub: 'officer-1',
  platform: 'changchun',
  department: 'public-security',
});

let dir: string;
let issuer: DevIssuer;
/** Signs arbitrary claims with the issuer's own private key, as a forger holding it could. */
let signWithIssuerKey: (payload: JWTPayload, header?: Record<string, unknown>) => Promise<string>;
let kid: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dev-issuer-'));
  issuer = createDevIssuer({ keyFile: join(dir, 'dev-issuer.json') });
  await issuer.jwks();
  const stored = JSON.parse(await readFile(issuer.keyFile, 'utf8')) as {
    kid: string;
    privateJwk: JWK;
  };
  kid = stored.kid;
  const key = await importJWK(stored.privateJwk, 'RS256');
  signWithIssuerKey = (payload, header = {}) =>
    new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid, ...header }).sign(key);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const nowSeconds = () => Math.floor(Date.now() / 1000);
const validClaims = (): JWTPayload => ({
  iss: DEV_ISSUER,
  aud: DEV_AUDIENCE,
  sub: 'citizen-1',
  role: 'citizen',
  iat: nowSeconds() - 10,
  exp: nowSeconds() + 600,
});

describe('Function: createDevIssuer', () => {
  describe('Method: issueToken', () => {
    it('returns an RS256 token with the issuer, audience, times and role claims', async () => {
      // Prepare
      const now = Date.UTC(2026, 0, 5, 8, 0, 0);

      // Act
      const token = await issuer.issueToken(OFFICER, { ttlSeconds: 600, now });

      // Assess
      expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'RS256', kid, typ: 'JWT' });
      expect(decodeJwt(token)).toMatchObject({
        iss: DEV_ISSUER,
        aud: DEV_AUDIENCE,
        sub: 'officer-1',
        role: 'officer',
        platform: 'changchun',
        department: 'public-security',
        iat: now / 1000,
        exp: now / 1000 + 600,
      });
    });

    it('keeps the key in its file, so another process verifies the token', async () => {
      // Prepare
      const token = await issuer.issueToken(CITIZEN);
      const later = createDevIssuer({ keyFile: issuer.keyFile });

      // Act
      const verdict = await later.verifyBearer(`Bearer ${token}`);

      // Assess
      expect(verdict.ok).toBe(true);
      expect((await stat(issuer.keyFile)).mode & 0o777).toBe(0o600);
    });

    it('makes one key when two processes start on a new file at once', async () => {
      // Prepare
      const keyFile = join(dir, 'race', 'dev-issuer.json');
      const [a, b] = [createDevIssuer({ keyFile }), createDevIssuer({ keyFile })];

      // Act
      const [jwksA, jwksB] = await Promise.all([a.jwks(), b.jwks()]);

      // Assess
      expect(jwksA).toEqual(jwksB);
    });

    it.each([0, -5, 1.5])('throws a RangeError when ttlSeconds is %s', async (ttlSeconds) => {
      // Act & Assess
      await expect(issuer.issueToken(CITIZEN, { ttlSeconds })).rejects.toThrow(RangeError);
    });
  });

  describe('Method: jwks', () => {
    it('returns only the public part of the key', async () => {
      // Act
      const { keys } = await issuer.jwks();

      // Assess
      expect(keys).toHaveLength(1);
      expect(Object.keys(keys[0] ?? {}).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
      expect(keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid });
    });
  });

  describe('Method: verifyBearer', () => {
    it('returns the claims as API Gateway passes them, every value a string', async () => {
      // Prepare
      const token = await issuer.issueToken(CITIZEN, { now: 1_700_000_000_000, ttlSeconds: 60 });

      // Act
      const verdict = await issuer.verifyBearer(`Bearer ${token}`, { now: 1_700_000_030_000 });

      // Assess
      expect(verdict).toEqual({
        ok: true,
        claims: {
          iss: DEV_ISSUER,
          aud: DEV_AUDIENCE,
          sub: 'citizen-1',
          role: 'citizen',
          id_number: '11010519491231002X',
          jti: expect.any(String),
          iat: '1700000000',
          exp: '1700000060',
        },
      });
    });

    it('accepts the token without the Bearer prefix, as the authorizer does', async () => {
      // Prepare
      const token = await issuer.issueToken(CITIZEN);

      // Act
      const verdict = await issuer.verifyBearer(token);

      // Assess
      expect(verdict.ok).toBe(true);
    });

    it('stringifies array and object claims as API Gateway does', async () => {
      // Prepare
      const token = await signWithIssuerKey({ ...validClaims(), groups: ['a', 'b'], n: 3 });

      // Act
      const verdict = await issuer.verifyBearer(`Bearer ${token}`);

      // Assess
      expect(verdict.ok && verdict.claims).toMatchObject({ groups: '[a b]', n: '3' });
    });

    it('accepts client_id in place of a missing aud', async () => {
      // Prepare
      const { aud: _aud, ...claims } = validClaims();
      const token = await signWithIssuerKey({ ...claims, client_id: DEV_AUDIENCE });

      // Act
      const verdict = await issuer.verifyBearer(`Bearer ${token}`);

      // Assess
      expect(verdict.ok).toBe(true);
    });

    const otherKey = async (payload: JWTPayload, header: Record<string, unknown> = {}) => {
      const { privateKey } = await generateKeyPair('RS256');
      return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', ...header }).sign(privateKey);
    };

    it.each<[string, RegExp, () => Promise<string | undefined>]>([
      ['there is no header', /no token/, async () => undefined],
      ['the header is empty', /no token/, async () => ''],
      [
        'the scheme is not Bearer',
        /not a bearer token/,
        async () => `Basic ${await issuer.issueToken(CITIZEN)}`,
      ],
      [
        'the audience is another',
        /audience/,
        () => signWithIssuerKey({ ...validClaims(), aud: 'other-app' }),
      ],
      [
        'the issuer is another',
        /issuer/,
        () => signWithIssuerKey({ ...validClaims(), iss: 'https://evil.invalid' }),
      ],
      [
        'the token has expired',
        /expired/,
        () => signWithIssuerKey({ ...validClaims(), exp: nowSeconds() - 1 }),
      ],
      [
        'exp is missing',
        /no exp claim/,
        () => signWithIssuerKey({ ...validClaims(), exp: undefined }),
      ],
      [
        'nbf is in the future',
        /not valid yet/,
        () => signWithIssuerKey({ ...validClaims(), nbf: nowSeconds() + 60 }),
      ],
      [
        'iat is in the future',
        /issued in the future/,
        () => signWithIssuerKey({ ...validClaims(), iat: nowSeconds() + 60 }),
      ],
      [
        'another key signed it (unknown kid)',
        /kid/,
        () => otherKey(validClaims(), { kid: 'someone-else' }),
      ],
      ['another key signed it under our kid', /signature/, () => otherKey(validClaims(), { kid })],
      ['the kid is missing', /no kid/, () => otherKey(validClaims())],
      [
        'alg is none',
        /signing method none/,
        async () => {
          const header = base64url.encode(JSON.stringify({ alg: 'none', kid, typ: 'JWT' }));
          return `${header}.${base64url.encode(JSON.stringify(validClaims()))}.`;
        },
      ],
      [
        'alg is ES256 (the authorizer takes RSA only)',
        /signing method ES256/,
        async () => {
          const { privateKey } = await generateKeyPair('ES256');
          return new SignJWT(validClaims())
            .setProtectedHeader({ alg: 'ES256', kid })
            .sign(privateKey);
        },
      ],
      [
        'the payload was tampered with',
        /signature/,
        async () => {
          const [header, , signature] = (await issuer.issueToken(CITIZEN)).split('.');
          const forged = base64url.encode(
            JSON.stringify({ ...validClaims(), role: 'admin', platform: 'changchun' }),
          );
          return `${header}.${forged}.${signature}`;
        },
      ],
      ['the token is not a JWT', /malformed/, async () => 'Bearer not-a-jwt'],
    ])('refuses the token when %s', async (_, reason, makeHeader) => {
      // Prepare
      const value = await makeHeader();
      const header =
        value === undefined || value.includes(' ') || value === '' ? value : `Bearer ${value}`;

      // Act
      const verdict = await issuer.verifyBearer(header);

      // Assess
      expect(verdict.ok).toBe(false);
      expect(!verdict.ok && verdict.reason).toMatch(reason);
    });
  });
});

describe('Function: stringifyClaim', () => {
  it.each<[unknown, string]>([
    ['text', 'text'],
    [1_700_000_000, '1700000000'],
    [1.5, '1.5'],
    [true, 'true'],
    [['a', 'b'], '[a b]'],
    [[], '[]'],
    [{ b: 1, a: 'x' }, 'map[a:x b:1]'],
    [null, '<nil>'],
  ])('turns %j into %j', (value, expected) => {
    // Act & Assess
    expect(stringifyClaim(value)).toBe(expected);
  });
});
