import { readFile } from 'node:fs/promises';
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type Application,
  ApplicationSchema,
  citizenIdCheckChar,
  creditCodeCheckChar,
  validateCitizenId,
  validateCreditCode,
} from '@jilin/domain';
import {
  DEV_AUDIENCE,
  DEV_ISSUER,
  findService,
  getPlatform,
  type PlatformSlug,
  type Principal,
  PrincipalSchema,
} from '@jilin/platform';
import { keys } from '@jilin/store';
import { type CryptoKey, importJWK, type JWK, SignJWT } from 'jose';
import { devIssuer, type IssueTokenOptions, issueToken } from '../../src';
import { LOCAL_AWS } from '../../src/dynamodb-local';
import { readPartition, tableItemCount } from '../../src/partitions';
import { type LocalPlatform, startLocalPlatform } from '../../src/platform';

/**
 * What the security tests share: the platform as a client outside it sees it (the HTTP API with
 * dev-issuer tokens), a raw HTTP client that sends exactly what it is given, the callers of the
 * authorisation matrix, a snapshot of the tables, the capture of every log line, and the scanner
 * that finds full personal numbers in text.
 */

export const CITY: PlatformSlug = 'changchun';
/** Another city, whose staff tokens are tried on the city's API. */
export const OTHER_CITY: PlatformSlug = 'siping';
export const city = getPlatform(CITY);

/** The one platform of a security test file: Changchun, no timer-driven schedule. */
export async function startSecurityPlatform(): Promise<LocalPlatform> {
  // As `npm start` does: Lambda runs in UTC, so do the functions here.
  process.env.TZ = 'UTC';
  return startLocalPlatform({ platforms: [CITY], schedules: false, functionLogs: 'stderr' });
}

// ---------------------------------------------------------------------------------------------
// People and applications

export interface Person {
  readonly idNumber: string;
  readonly name: string;
  readonly phone: string;
}

/** A person with a valid 公民身份号码 (the check character computed from the first 17). */
export const person = (first17: string, name: string, phone: string): Person => ({
  idNumber: first17 + citizenIdCheckChar(first17),
  name,
  phone,
});

/** A valid 统一社会信用代码 from its first 17 characters. */
export const creditCode = (first17: string): string => first17 + creditCodeCheckChar(first17);

/** 社会保障卡申领: one part, decided by 人社 (hrss); materials id-card and photo. */
export const SOCIAL_CARD = '220100-RS-0001';
/** 道路普通货物运输经营许可: for persons and organisations, decided by 交通 (transport). */
export const ROAD_FREIGHT = '220100-JT-0001';
/** The department 社会保障卡申领 is routed to, and one it is not routed to. */
export const ROUTED = 'hrss';
export const UNROUTED = 'tax';

/** Every required material of a service, each as an upload. */
export function materialsOf(serviceCode: string): Application['materials'] {
  const service = findService(city, serviceCode);
  if (!service) throw new Error(`no service ${serviceCode} in the ${CITY} catalogue`);
  return ApplicationSchema.shape.materials.parse(
    service.materials
      .filter((m) => m.required)
      .map((m) => ({
        materialId: m.id,
        source: { kind: 'upload', objectKey: `uploads/security/${m.id}.pdf` },
        trustLevel: 'C',
      })),
  );
}

/** A natural person's application for 社会保障卡申领 (or another service). */
export function application(applicant: Person, serviceCode = SOCIAL_CARD): Application {
  return ApplicationSchema.parse({
    serviceCode,
    applicant: { kind: 'natural', ...applicant },
    form: { contactAddress: '长春市南关区人民大街2677号' },
    materials: materialsOf(serviceCode),
  });
}

/** An organisation's application, filed through its legal representative. */
export function organisationApplication(
  organisation: { readonly creditCode: string; readonly name: string },
  representative: Person,
  serviceCode = ROAD_FREIGHT,
): Application {
  return ApplicationSchema.parse({
    serviceCode,
    applicant: {
      kind: 'legal',
      creditCode: organisation.creditCode,
      name: organisation.name,
      representative: { name: representative.name, idNumber: representative.idNumber },
      phone: representative.phone,
    },
    form: { fleetSize: 12 },
    materials: materialsOf(serviceCode),
  });
}

// ---------------------------------------------------------------------------------------------
// Tokens

/** A token of the repository's dev issuer for a principal (camelCase, as PrincipalSchema reads it). */
export const tokenOf = (
  principal: Readonly<Record<string, string>>,
  options: IssueTokenOptions = {},
): Promise<string> => issueToken(PrincipalSchema.parse(principal) satisfies Principal, options);

/** The principals of the callers the tests use, for {@link tokenOf}. */
export const claimsOf = {
  citizen: (applicant: Person, creditCode?: string) => ({
    role: 'citizen',
    sub: `citizen-${applicant.idNumber.slice(-6)}`,
    idNumber: applicant.idNumber,
    ...(creditCode ? { creditCode } : {}),
  }),
  window: (platform: PlatformSlug = CITY) => ({
    role: 'window',
    sub: `window-${platform}-01`,
    platform,
  }),
  officer: (department: string, platform: PlatformSlug = CITY) => ({
    role: 'officer',
    sub: `officer-${platform}-${department}`,
    platform,
    department,
  }),
  admin: (platform: PlatformSlug = CITY) => ({
    role: 'admin',
    sub: `admin-${platform}-01`,
    platform,
  }),
};

interface SigningKey {
  readonly kid: string;
  readonly key: CryptoKey;
}
let devKey: Promise<SigningKey> | undefined;

/** The dev issuer's own private key, read from its key file, to sign tokens it never would. */
function devSigningKey(): Promise<SigningKey> {
  devKey ??= (async () => {
    const issuer = devIssuer();
    await issuer.jwks(); // creates the key file on first use
    const content = JSON.parse(await readFile(issuer.keyFile, 'utf8')) as {
      kid: string;
      privateJwk: JWK;
    };
    const key = await importJWK(content.privateJwk, 'RS256');
    if (key instanceof Uint8Array) throw new Error('the dev issuer key is not an RSA key');
    return { kid: content.kid, key };
  })();
  return devKey;
}

export interface ForgedTokenOptions {
  /** Claims as in the token (snake_case), merged over iss, aud, iat and exp. */
  readonly claims?: Record<string, unknown>;
  /** Claims to leave out of the defaults (e.g. `exp`). */
  readonly omit?: readonly string[];
  /** Header members over `{ alg: 'RS256', kid: <the dev issuer's> }`. */
  readonly header?: Record<string, unknown>;
  /** Another key to sign with (a wrong signature). @default the dev issuer's */
  readonly key?: CryptoKey;
}

/**
 * A token signed with the dev issuer's key (or another), with any claims and header: what the
 * JWT authorizer must refuse (wrong audience, issuer, expiry) or pass on to a function whose
 * claims do not make a principal.
 */
export async function forgedToken(options: ForgedTokenOptions = {}): Promise<string> {
  const { kid, key } = await devSigningKey();
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = {
    iss: DEV_ISSUER,
    aud: DEV_AUDIENCE,
    iat: now,
    exp: now + 3600,
    ...options.claims,
  };
  for (const name of options.omit ?? []) delete claims[name];
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid, ...options.header } as { alg: string })
    .sign(options.key ?? key);
}

const base64url = (value: unknown): string =>
  Buffer.from(JSON.stringify(value)).toString('base64url');

/** An unsigned token (`alg: none`) with the given claims: a JWT library's classic trap. */
export const unsignedToken = (claims: Record<string, unknown>, kid = 'any'): string =>
  `${base64url({ alg: 'none', kid, typ: 'JWT' })}.${base64url(claims)}.`;

// ---------------------------------------------------------------------------------------------
// HTTP

/** A request exactly as sent: the raw path (with its query), headers and body bytes. */
export interface RawRequest {
  readonly method: string;
  /** From the root, e.g. `/changchun/v1/cases/..%2F?limit=0`; sent without normalisation. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Buffer | string;
}

export interface ApiResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  /** The body as JSON, or undefined when it is not JSON. */
  readonly json: unknown;
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/**
 * Sends a request with node:http, which, unlike fetch, leaves the path alone: dot segments,
 * encoded slashes and malformed escapes reach the API as written.
 */
export async function send(baseUrl: string, req: RawRequest): Promise<ApiResponse> {
  try {
    return await sendOnce(baseUrl, req);
  } catch (error) {
    // A kept-alive socket the server closed just as it was reused: the request never arrived
    // (node's documented case for a retry), so it is sent again once.
    if (!(error instanceof Error && (error as { reusedSocket?: boolean }).reusedSocket)) {
      throw error;
    }
    return sendOnce(baseUrl, req);
  }
}

function sendOnce(baseUrl: string, req: RawRequest): Promise<ApiResponse> {
  const url = new URL(baseUrl);
  const body = req.body === undefined ? undefined : Buffer.from(req.body);
  const headers: Record<string, string> = { ...req.headers };
  if (body !== undefined) headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: req.method,
        path: req.path,
        headers,
        agent,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text === '' ? undefined : JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      const reused = outgoing.reusedSocket && error.code === 'ECONNRESET';
      reject(reused ? Object.assign(error, { reusedSocket: true }) : error);
    });
    outgoing.end(body);
  });
}

/** Options of a JSON request to the city's API. */
export interface CallOptions {
  readonly token?: string | undefined;
  /** Sent as JSON with `content-type: application/json`. */
  readonly json?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A client of the city's API (`<url>/changchun`). */
export function apiOf(platform: LocalPlatform) {
  const call = (method: 'GET' | 'POST', path: string, options: CallOptions = {}) =>
    send(platform.url, {
      method,
      path: `/${CITY}${path}`,
      headers: {
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.json !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      ...(options.json !== undefined ? { body: JSON.stringify(options.json) } : {}),
    });
  return {
    get: (path: string, options?: CallOptions) => call('GET', path, options),
    post: (path: string, options?: CallOptions) => call('POST', path, options),
  };
}
export type Api = ReturnType<typeof apiOf>;

/** The bodies API Gateway itself answers with (no function ran): allowed as the cloud sends them. */
export const GATEWAY_MESSAGES: Readonly<Record<number, string>> = {
  401: 'Unauthorized',
  404: 'Not Found',
  413: 'Request Entity Too Large',
};

/** Chinese text (a zh-CN message). */
export const ZH = /[\u4e00-\u9fff]/;

/** Whether the response is API Gateway's own `{"message": …}` for its status. */
export function isGatewayAnswer(res: ApiResponse): boolean {
  const expected = GATEWAY_MESSAGES[res.status];
  return (
    expected !== undefined &&
    String(res.headers['content-type']).startsWith('application/json') &&
    JSON.stringify(res.json) === JSON.stringify({ message: expected })
  );
}

/**
 * Why a 4xx is not a well-formed problem: RFC 9457 problem+json with the status, a stable code,
 * its `urn:jilin:problem:` type, and zh-CN title, detail and item messages. `undefined` when it is.
 */
export function problemDefect(res: ApiResponse): string | undefined {
  if (!String(res.headers['content-type']).startsWith('application/problem+json')) {
    return `content-type ${res.headers['content-type']}`;
  }
  const body = res.json as Record<string, unknown> | undefined;
  if (typeof body !== 'object' || body === null) return 'body is not a JSON object';
  if (body.status !== res.status) return `status member ${String(body.status)}`;
  if (typeof body.code !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(body.code)) return 'no code';
  if (body.type !== `urn:jilin:problem:${body.code}`) return `type ${String(body.type)}`;
  if (typeof body.title !== 'string' || !ZH.test(body.title)) return 'title not zh-CN';
  if (typeof body.detail !== 'string' || !ZH.test(body.detail)) return 'detail not zh-CN';
  if (body.errors !== undefined) {
    if (!Array.isArray(body.errors)) return 'errors is not an array';
    for (const item of body.errors as { code?: unknown; message?: unknown }[]) {
      if (typeof item.code !== 'string') return 'an error item without a code';
      if (typeof item.message !== 'string' || !ZH.test(item.message)) {
        return `error item ${item.code} without a zh-CN message`;
      }
    }
  }
  return undefined;
}

/** The problem's code, or the gateway's message. */
export const codeOf = (res: ApiResponse): string | undefined => {
  const body = res.json as { code?: unknown; message?: unknown } | undefined;
  return typeof body?.code === 'string'
    ? body.code
    : typeof body?.message === 'string'
      ? body.message
      : undefined;
};

// ---------------------------------------------------------------------------------------------
// Tables

/** A table as a test sees it: the cases' items in key order, the audit trail apart, a count of the rest. */
export interface TableSnapshot {
  /** Cases, tasks, timelines: what a refused request must not change. */
  readonly items: readonly string[];
  /**
   * The audit trail (sort key `AUDIT#…`): it records staff access, refused attempts included,
   * so it may only grow.
   */
  readonly audit: readonly string[];
  /**
   * How many items lie outside the cases read (DescribeTable's count, exact on DynamoDB Local,
   * less theirs): a case someone managed to file, or any other item written, shows here. For
   * the idempotency table, whose keys are hashes, it is the whole table.
   */
  readonly elsewhere: number;
}

/**
 * What a table of the city holds, read as the platform reads (Queries, no Scan): each of
 * `caseIds`' partitions item by item, and the count of everything else. Two snapshots with equal
 * `items` and `elsewhere` mean nothing was written in between but audit records.
 */
export async function tableSnapshot(
  platform: LocalPlatform,
  table: 'caseTable' | 'idempotencyTable',
  caseIds: readonly string[] = [],
): Promise<TableSnapshot> {
  const client = new DynamoDBClient({ ...LOCAL_AWS, endpoint: platform.services.dynamoEndpoint });
  const tableName = platform.services.tables(CITY)[table];
  const items: string[] = [];
  const audit: string[] = [];
  try {
    let read = 0;
    for (const caseId of caseIds) {
      read += await readPartition(client, tableName, keys.casePk(caseId), (page) => {
        for (const item of page) {
          (item.sk?.S?.startsWith('AUDIT#') ? audit : items).push(stableJson(item));
        }
      });
    }
    const elsewhere = (await tableItemCount(client, tableName)) - read;
    return { items: items.sort(), audit: audit.sort(), elsewhere };
  } finally {
    client.destroy();
  }
}

/** JSON with object keys sorted, so equal items serialise equally. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

// ---------------------------------------------------------------------------------------------
// Logs

export interface OutputCapture {
  /** Complete lines written so far, to stdout or stderr, by this process or its workers. */
  readonly lines: readonly string[];
  /** Resolves once nothing has been written for `quietMs` (log lines arrive asynchronously). */
  settle(quietMs?: number): Promise<void>;
  /** Puts the original writers back. */
  stop(): void;
}

/**
 * Captures everything this process writes to stdout and stderr, which is where the local
 * runtime sends its functions' log lines (their worker threads' output is piped to the parent's
 * streams, and with `functionLogs: 'stderr'` their stdout too). Lines are kept, not passed on.
 */
export function captureOutput(): OutputCapture {
  const lines: string[] = [];
  const partial = { stdout: '', stderr: '' };
  let lastWrite = Date.now();
  const originals = {
    stdout: process.stdout.write,
    stderr: process.stderr.write,
  };
  const intercept = (stream: 'stdout' | 'stderr') =>
    ((chunk: unknown, encoding?: unknown, callback?: unknown): boolean => {
      lastWrite = Date.now();
      const text =
        typeof chunk === 'string'
          ? chunk
          : Buffer.from(chunk as Uint8Array).toString(
              typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8',
            );
      const parts = (partial[stream] + text).split('\n');
      partial[stream] = parts.pop() ?? '';
      lines.push(...parts.filter((line) => line.trim() !== ''));
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = intercept('stdout');
  process.stderr.write = intercept('stderr');
  return {
    lines,
    async settle(quietMs = 300) {
      const deadline = Date.now() + 10_000;
      while (Date.now() - lastWrite < quietMs && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, quietMs / 3));
      }
    },
    stop() {
      process.stdout.write = originals.stdout;
      process.stderr.write = originals.stderr;
      for (const stream of ['stdout', 'stderr'] as const) {
        if (partial[stream].trim() !== '') lines.push(partial[stream]);
        partial[stream] = '';
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Personal data

export type PersonalDataKind = 'citizen-id' | 'credit-code' | 'mobile';

export interface PersonalDataFinding {
  readonly kind: PersonalDataKind;
  readonly value: string;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const ID_RUN = /[0-9Xx]{18,}/g;
const UPPER_RUN = /[0-9A-Z]{18,}/g;
const MIXED_18 = /(?<![0-9A-Za-z])[0-9A-Za-z]{18}(?![0-9A-Za-z])/g;
const MOBILE = /(?<!\d)1[3-9]\d(?:\d{8}|[- ]\d{4}[- ]\d{4})(?!\d)/g;

/** Every 18-character window of a run. */
const windows = (run: string): string[] =>
  Array.from({ length: run.length - 17 }, (_, i) => run.slice(i, i + 18));

/**
 * The full personal numbers in a text:
 * - a 公民身份号码: any 18 characters of a run of digits and X that pass GB 11643 (area, birth
 *   date, check character), wherever the run stands;
 * - a 统一社会信用代码: any 18 characters of an upper-case run, or an 18-character run of any
 *   case, that pass GB 32100;
 * - a mobile number: `1[3-9]` and 9 more digits (or 3-4-4 with spaces or hyphens), not inside a
 *   longer digit run.
 * UUIDs (request ids) are skipped first: their hex holds digit runs by chance. A masked number
 * (`220102********123X`, `139****0001`) is not found.
 */
export function findPersonalData(text: string): PersonalDataFinding[] {
  const clean = text.replace(UUID, ' ');
  const found = new Map<string, PersonalDataFinding>();
  const add = (kind: PersonalDataKind, value: string) =>
    found.set(`${kind}:${value}`, { kind, value });
  for (const run of clean.match(ID_RUN) ?? []) {
    for (const candidate of windows(run)) {
      if (validateCitizenId(candidate).ok) add('citizen-id', candidate.toUpperCase());
    }
  }
  for (const run of [...(clean.match(UPPER_RUN) ?? []), ...(clean.match(MIXED_18) ?? [])]) {
    for (const candidate of windows(run)) {
      if (validateCreditCode(candidate).ok) add('credit-code', candidate.toUpperCase());
    }
  }
  for (const match of clean.match(MOBILE) ?? []) add('mobile', match.replace(/[- ]/g, ''));
  return [...found.values()];
}
