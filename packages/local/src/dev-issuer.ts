import { randomBytes, randomUUID } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  claimsFromPrincipal,
  DEV_AUDIENCE,
  DEV_ISSUER,
  type Principal,
  PrincipalSchema,
} from '@jilin/platform';
import {
  type CryptoKey,
  calculateJwkThumbprint,
  createLocalJWKSet,
  decodeProtectedHeader,
  errors,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose';
import { findRepoRoot } from './repo-root';

/**
 * The local stand-in for the province's unified identity platform (统一身份认证, OIDC): it signs
 * tokens for any principal, and verifies them the way the HTTP API's JWT authorizer does.
 *
 * The key is RSA (RS256), not EC: the HTTP API JWT authorizer checks "the token's algorithm and
 * signature by using the public key that is fetched from the issuer's jwks_uri. Currently, only
 * RSA-based algorithms are supported." An ES256 dev issuer would let tokens pass locally that
 * the cloud authorizer refuses.
 */

/** Signing algorithm of the dev issuer. */
export const DEV_ISSUER_ALGORITHM = 'RS256';
/** The algorithms the HTTP API JWT authorizer accepts: RSA-based only. */
const AUTHORIZER_ALGORITHMS = ['RS256', 'RS384', 'RS512'];
/** Environment variable that overrides where the key pair is kept. */
export const DEV_ISSUER_KEY_FILE_ENV = 'DEV_ISSUER_KEY_FILE';
/** Seconds a token's exp/nbf/iat may be off from this machine's clock. */
const CLOCK_TOLERANCE_SECONDS = 0;

export interface DevIssuerOptions {
  /**
   * Where the key pair is kept as JWK, created on first use. Every process that uses the same
   * file (the token CLI, a platform started later) signs and verifies with the same key.
   * @default $DEV_ISSUER_KEY_FILE, else `<repo root>/.local/dev-issuer.json`
   */
  readonly keyFile?: string;
}

export interface IssueTokenOptions {
  /** Lifetime of the token. @default 3600 */
  readonly ttlSeconds?: number;
  /** Issue time in milliseconds since the epoch. @default Date.now() */
  readonly now?: number;
}

export interface VerifyBearerOptions {
  /** Verification time in milliseconds since the epoch. @default Date.now() */
  readonly now?: number;
}

/** What the JWT authorizer decided: the claims as API Gateway passes them on, or a refusal. */
export type BearerVerification =
  | { readonly ok: true; readonly claims: Record<string, string> }
  | { readonly ok: false; readonly reason: string };

export interface DevIssuer {
  /** The file the key pair is kept in. */
  readonly keyFile: string;
  /** A signed token for the principal, with iss, aud, sub, iat, exp and its role's claims. */
  issueToken(principal: Principal, options?: IssueTokenOptions): Promise<string>;
  /** The public key set, as served at the issuer's jwks_uri. */
  jwks(): Promise<{ keys: JWK[] }>;
  /**
   * The HTTP API JWT authorizer's decision on an `Authorization` header value: a token, or
   * `Bearer <token>`; signature against the JWKS (kid required, RSA algorithms only), iss, aud
   * (or client_id when aud is absent), exp, nbf and iat. Claims come back stringified as API
   * Gateway passes them to the function.
   */
  verifyBearer(
    authorizationHeader: string | undefined,
    options?: VerifyBearerOptions,
  ): Promise<BearerVerification>;
}

interface KeyMaterial {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

interface KeyFileContent {
  readonly alg: string;
  readonly kid: string;
  readonly privateJwk: JWK;
}

const PUBLIC_RSA_MEMBERS = ['kty', 'n', 'e'] as const;

const publicJwkOf = (privateJwk: JWK, kid: string): JWK => {
  const jwk: JWK = { kid, alg: DEV_ISSUER_ALGORITHM, use: 'sig' };
  for (const member of PUBLIC_RSA_MEMBERS) jwk[member] = privateJwk[member];
  return jwk;
};

const isErrnoException = (error: unknown, code: string): boolean =>
  error instanceof Error && (error as NodeJS.ErrnoException).code === code;

async function readKeyFile(keyFile: string): Promise<KeyMaterial> {
  const text = await readFile(keyFile, 'utf8');
  const broken = (why: string) =>
    new Error(`dev issuer key file ${keyFile} ${why}; delete it and a new key is made on next use`);
  let content: Partial<KeyFileContent>;
  try {
    content = JSON.parse(text) as Partial<KeyFileContent>;
  } catch (error) {
    throw broken(`is not JSON (${(error as Error).message})`);
  }
  const jwk = content.privateJwk;
  if (
    content.alg !== DEV_ISSUER_ALGORITHM ||
    typeof content.kid !== 'string' ||
    typeof jwk !== 'object' ||
    jwk?.kty !== 'RSA' ||
    typeof jwk.n !== 'string' ||
    typeof jwk.d !== 'string'
  ) {
    throw broken(`does not hold an ${DEV_ISSUER_ALGORITHM} private key`);
  }
  const privateKey = await importJWK(jwk, DEV_ISSUER_ALGORITHM);
  if (privateKey instanceof Uint8Array) throw broken('holds a symmetric key');
  return { kid: content.kid, privateKey, publicJwk: publicJwkOf(jwk, content.kid) };
}

/**
 * Makes a key pair and stores it, unless another process got there first: the file is written
 * aside and hard-linked into place, which fails if the file exists, so there is one key.
 */
async function createKeyFile(keyFile: string): Promise<KeyMaterial> {
  const { privateKey } = await generateKeyPair(DEV_ISSUER_ALGORITHM, { extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(privateJwk);
  const content: KeyFileContent = { alg: DEV_ISSUER_ALGORITHM, kid, privateJwk };
  await mkdir(dirname(keyFile), { recursive: true, mode: 0o700 });
  const aside = `${keyFile}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(aside, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  try {
    await link(aside, keyFile);
  } catch (error) {
    if (!isErrnoException(error, 'EEXIST')) throw error;
    return readKeyFile(keyFile);
  } finally {
    await unlink(aside).catch(() => undefined);
  }
  return { kid, privateKey, publicJwk: publicJwkOf(privateJwk, kid) };
}

async function loadOrCreate(keyFile: string): Promise<KeyMaterial> {
  try {
    return await readKeyFile(keyFile);
  } catch (error) {
    if (isErrnoException(error, 'ENOENT')) return createKeyFile(keyFile);
    throw error;
  }
}

/** A claim value as the HTTP API passes it on: numbers and booleans as text, arrays as `[a b]`. */
export function stringifyClaim(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map(stringifyClaim).join(' ')}]`;
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[${entries.map(([k, v]) => `${k}:${stringifyClaim(v)}`).join(' ')}]`;
  }
  return String(value);
}

const stringifyClaims = (payload: JWTPayload): Record<string, string> =>
  Object.fromEntries(Object.entries(payload).map(([name, value]) => [name, stringifyClaim(value)]));

const hasAudience = (payload: JWTPayload): boolean => {
  if (payload.aud !== undefined) {
    const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    return audiences.includes(DEV_AUDIENCE);
  }
  return payload.client_id === DEV_AUDIENCE;
};

const refusalReason = (error: unknown): string => {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return 'the token does not have a valid issuer';
    if (error.claim === 'nbf') return 'the token is not valid yet';
    if (error.reason === 'missing') return `the token has no ${error.claim} claim`;
    return `the token has an invalid ${error.claim} claim`;
  }
  if (error instanceof errors.JWKSNoMatchingKey)
    return "no key in the issuer's JWKS has the token's kid";
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return 'the token signature is invalid';
  return 'the token is malformed';
};

/** A dev issuer whose key pair lives in `options.keyFile`. */
export function createDevIssuer(options: DevIssuerOptions = {}): DevIssuer {
  const keyFile =
    options.keyFile ??
    process.env[DEV_ISSUER_KEY_FILE_ENV] ??
    join(findRepoRoot(), '.local', 'dev-issuer.json');
  let material: Promise<KeyMaterial> | undefined;
  let keySet: Promise<ReturnType<typeof createLocalJWKSet>> | undefined;
  const key = (): Promise<KeyMaterial> => {
    material ??= loadOrCreate(keyFile).catch((error: unknown) => {
      material = undefined;
      throw error;
    });
    return material;
  };
  const verificationKeys = (): Promise<ReturnType<typeof createLocalJWKSet>> => {
    keySet ??= key().then(
      ({ publicJwk }) => createLocalJWKSet({ keys: [publicJwk] }),
      (error: unknown) => {
        keySet = undefined;
        throw error;
      },
    );
    return keySet;
  };

  const issueToken = async (
    principal: Principal,
    { ttlSeconds = 3600, now = Date.now() }: IssueTokenOptions = {},
  ): Promise<string> => {
    if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) {
      throw new RangeError(
        `ttlSeconds must be a positive whole number of seconds (got ${ttlSeconds})`,
      );
    }
    const parsed = PrincipalSchema.parse(principal);
    const { kid, privateKey } = await key();
    const issuedAt = Math.floor(now / 1000);
    return new SignJWT(claimsFromPrincipal(parsed))
      .setProtectedHeader({ alg: DEV_ISSUER_ALGORITHM, kid, typ: 'JWT' })
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setSubject(parsed.sub)
      .setJti(randomUUID())
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + ttlSeconds)
      .sign(privateKey);
  };

  const jwks = async (): Promise<{ keys: JWK[] }> => ({ keys: [{ ...(await key()).publicJwk }] });

  const verifyBearer = async (
    authorizationHeader: string | undefined,
    { now = Date.now() }: VerifyBearerOptions = {},
  ): Promise<BearerVerification> => {
    const value = authorizationHeader?.trim() ?? '';
    if (value === '') return { ok: false, reason: 'no token in the Authorization header' };
    const bearer = /^bearer\s+(\S+)$/i.exec(value);
    const token = bearer?.[1] ?? value;
    if (/\s/.test(token))
      return { ok: false, reason: 'the Authorization header is not a bearer token' };

    let header: ReturnType<typeof decodeProtectedHeader>;
    try {
      header = decodeProtectedHeader(token);
    } catch {
      return { ok: false, reason: 'the token is malformed' };
    }
    if (typeof header.alg !== 'string' || !AUTHORIZER_ALGORITHMS.includes(header.alg)) {
      return { ok: false, reason: `signing method ${String(header.alg)} is invalid` };
    }
    if (typeof header.kid !== 'string') return { ok: false, reason: 'the token has no kid' };

    try {
      const { payload } = await jwtVerify(token, await verificationKeys(), {
        algorithms: AUTHORIZER_ALGORITHMS,
        issuer: DEV_ISSUER,
        requiredClaims: ['exp'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        currentDate: new Date(now),
      });
      if (!hasAudience(payload)) {
        return { ok: false, reason: 'the token does not have a valid audience' };
      }
      if (typeof payload.iat === 'number' && payload.iat > now / 1000 + CLOCK_TOLERANCE_SECONDS) {
        return { ok: false, reason: 'the token was issued in the future' };
      }
      return { ok: true, claims: stringifyClaims(payload) };
    } catch (error) {
      return { ok: false, reason: refusalReason(error) };
    }
  };

  return { keyFile, issueToken, jwks, verifyBearer };
}

let defaultIssuer: DevIssuer | undefined;

/** The dev issuer of this repository (`$DEV_ISSUER_KEY_FILE` or `<repo root>/.local/dev-issuer.json`). */
export function devIssuer(): DevIssuer {
  defaultIssuer ??= createDevIssuer();
  return defaultIssuer;
}

/** A token for the principal from the repository's dev issuer. */
export const issueToken = (principal: Principal, options?: IssueTokenOptions): Promise<string> =>
  devIssuer().issueToken(principal, options);

/** The repository's dev issuer's public key set. */
export const jwks = (): Promise<{ keys: JWK[] }> => devIssuer().jwks();

/** The JWT authorizer's decision on a header, against the repository's dev issuer. */
export const verifyBearer = (
  authorizationHeader: string | undefined,
  options?: VerifyBearerOptions,
): Promise<BearerVerification> => devIssuer().verifyBearer(authorizationHeader, options);
