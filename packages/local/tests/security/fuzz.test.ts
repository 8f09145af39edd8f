import { DEV_AUDIENCE, DEV_ISSUER, ROUTES, type RouteSpec, routeKey } from '@jilin/platform';
import fc from 'fast-check';
import { generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalPlatform } from '../../src/platform';
import { contractViolations } from '../support/contract';
import {
  anyBody,
  anyContentType,
  anyJson,
  applicantNumber,
  applicationShaped,
  base64urlJson,
  breakingEncoding,
  dateValue,
  decisionBody,
  deepJsonText,
  departmentSegment,
  type Encoding,
  encode,
  extraHeaders,
  followUpBody,
  fragmentString,
  headerSafe,
  idempotencyKey,
  invalidApplication,
  invalidDecisionBody,
  invalidFollowUpBody,
  invalidRatingBody,
  invalidResubmitBody,
  invalidWithdrawBody,
  JSON_TYPES,
  limitValue,
  longQuery,
  malformedCaseId,
  monthValue,
  NON_JSON_TYPES,
  percentEncode,
  queryString,
  ratingBody,
  resubmitBody,
  STATUSES,
  serviceCodeSegment,
  unknownCaseId,
  urlJson,
  urlString,
  withdrawBody,
  worklistCursor,
} from './arbitraries';
import {
  type Api,
  type ApiResponse,
  apiOf,
  application,
  CITY,
  captureOutput,
  claimsOf,
  codeOf,
  creditCode,
  findPersonalData,
  forgedToken,
  isGatewayAnswer,
  OTHER_CITY,
  type OutputCapture,
  person,
  problemDefect,
  type RawRequest,
  ROUTED,
  send,
  startSecurityPlatform,
  type TableSnapshot,
  tableSnapshot,
  tokenOf,
  UNROUTED,
  unsignedToken,
} from './support';

/**
 * Property-based fuzzing of every route of the platform's ROUTES through the local HTTP API: the
 * real API Gateway emulation (JWT authorizer, routing, payload 2.0) and the real handlers in
 * their workers, on DynamoDB Local. Whatever a client sends, the platform answers below 500,
 * every refusal by a function is problem+json with a code and a zh-CN detail (the gateway's own
 * 401/404/413 are API Gateway's `{"message": …}`), and nothing is written: every generated
 * request to a route that writes carries something that must stop it (a caller who may not, a
 * case that does not exist or is in the wrong state, a body, content type or size the API
 * refuses), and the tables are compared item by item before and after.
 */

/** Generated requests per route; more where the input is richer. */
const RUNS: Readonly<Record<string, number>> = {
  'GET /v1/catalogue/services': 600,
  'GET /v1/catalogue/services/{code}': 600,
  'GET /v1/catalogue/departments': 400,
  'POST /v1/cases': 1500,
  'GET /v1/cases': 1000,
  'GET /v1/cases/{caseId}': 900,
  'POST /v1/cases/{caseId}/withdraw': 900,
  'POST /v1/cases/{caseId}/resubmit': 900,
  'POST /v1/cases/{caseId}/rating': 800,
  'POST /v1/cases/{caseId}/deliver': 600,
  'GET /v1/departments/{department}/tasks': 900,
  'POST /v1/cases/{caseId}/tasks/{department}/decision': 1000,
  'GET /v1/departments/{department}/follow-ups': 500,
  'POST /v1/cases/{caseId}/rating/follow-up': 700,
  'GET /v1/departments/{department}/rating-stats': 400,
  'GET /v1/rating-stats': 300,
};
const MIN_REQUESTS = 10_000;

let platform: LocalPlatform;
let api: Api;
let output: OutputCapture;
let fixtures: Fixtures;
let tablesBefore: { cases: TableSnapshot; idempotency: TableSnapshot };
const sent = new Map<string, number>();

// ---------------------------------------------------------------------------------------------
// Fixtures: seeded cases, real cursors and a pool of tokens

/** A token with who it stands for, so a generator knows whether it could write. */
interface Caller {
  readonly label: string;
  readonly token: string;
  readonly role?: 'citizen' | 'window' | 'officer' | 'admin';
  readonly platform?: string;
  readonly department?: string;
  readonly idNumber?: string;
}

interface Fixtures {
  /** Cases that exist, each in 预审 (prereview), one hrss task each. */
  readonly caseIds: readonly string[];
  /** Their owners' 公民身份号码. */
  readonly owners: ReadonlySet<string>;
  /** Tokens the gateway passes on, whose claims make a principal. */
  readonly callers: readonly Caller[];
  /** Tokens the gateway refuses (expired, wrong signature, issuer, audience, alg none…). */
  readonly refusedByGateway: readonly string[];
  /** Signed tokens whose claims do not make a principal: the function refuses them (401). */
  readonly refusedByFunction: readonly string[];
  /** Cursors of real pages, of this city's queries. */
  readonly realCursors: readonly string[];
  /** The byApplicant partition of the owner's cases (from a real cursor). */
  readonly applicantPartition: string;
}

const owner = person('22010219850307123', '李秀兰', '13904310001');
const filedAtWindow = person('22010419790512456', '王建国', '13504310002');
const stranger = person('22010319920818789', '赵敏', '15804310003');
const ORGANISATION = creditCode('91220101MA14XQ7B3');

beforeAll(async () => {
  output = captureOutput();
  platform = await startSecurityPlatform();
  api = apiOf(platform);
  fixtures = await prepareFixtures();
  await platform.drain(CITY);
  tablesBefore = {
    cases: await tableSnapshot(platform, 'caseTable', fixtures.caseIds),
    idempotency: await tableSnapshot(platform, 'idempotencyTable'),
  };
}, 120_000);

afterAll(async () => {
  output?.stop();
  await platform?.stop();
}, 60_000);

async function prepareFixtures(): Promise<Fixtures> {
  const ownerToken = await tokenOf(claimsOf.citizen(owner, ORGANISATION));
  const windowToken = await tokenOf(claimsOf.window());
  const caseIds: string[] = [];
  for (const [token, applicant] of [
    [ownerToken, owner],
    [ownerToken, owner],
    [windowToken, filedAtWindow],
  ] as const) {
    const res = await api.post('/v1/cases', { token, json: application(applicant) });
    if (res.status !== 201) throw new Error(`seeding a case: ${res.status} ${res.text}`);
    caseIds.push((res.json as { caseId: string }).caseId);
  }
  await platform.drain(CITY);

  const officerToken = await tokenOf(claimsOf.officer(ROUTED));
  const realCursors: string[] = [];
  for (const [path, token] of [
    ['/v1/cases?limit=1', ownerToken],
    [`/v1/cases?limit=1&applicant=${owner.idNumber}`, windowToken],
    [`/v1/departments/${ROUTED}/tasks?limit=1`, officerToken],
  ] as const) {
    const res = await api.get(path, { token });
    const cursor = (res.json as { cursor?: string } | undefined)?.cursor;
    if (!cursor) throw new Error(`no cursor from ${path}: ${res.status} ${res.text}`);
    realCursors.push(cursor);
  }
  const ownerCursor = JSON.parse(
    Buffer.from(realCursors[0] ?? '', 'base64url').toString('utf8'),
  ) as { gsi1pk: string };

  const callerSpecs: readonly (Omit<Caller, 'token'> & { principal: Record<string, string> })[] = [
    {
      label: 'owner',
      role: 'citizen',
      idNumber: owner.idNumber,
      principal: claimsOf.citizen(owner, ORGANISATION),
    },
    {
      label: 'owner without organisation',
      role: 'citizen',
      idNumber: owner.idNumber,
      principal: claimsOf.citizen(owner),
    },
    {
      label: 'another citizen',
      role: 'citizen',
      idNumber: stranger.idNumber,
      principal: claimsOf.citizen(stranger),
    },
    { label: 'city window', role: 'window', platform: CITY, principal: claimsOf.window() },
    { label: 'city admin', role: 'admin', platform: CITY, principal: claimsOf.admin() },
    ...[OTHER_CITY, 'jilin' as const].flatMap((slug) => [
      {
        label: `${slug} window`,
        role: 'window' as const,
        platform: slug,
        principal: claimsOf.window(slug),
      },
      {
        label: `${slug} admin`,
        role: 'admin' as const,
        platform: slug,
        principal: claimsOf.admin(slug),
      },
    ]),
    ...[ROUTED, UNROUTED, 'public-security', 'no-such-department'].map((department) => ({
      label: `city officer ${department}`,
      role: 'officer' as const,
      platform: CITY,
      department,
      principal: claimsOf.officer(department),
    })),
    {
      label: `${OTHER_CITY} officer ${ROUTED}`,
      role: 'officer',
      platform: OTHER_CITY,
      department: ROUTED,
      principal: claimsOf.officer(ROUTED, OTHER_CITY),
    },
  ];
  const callers: Caller[] = await Promise.all(
    callerSpecs.map(async ({ principal, ...caller }) => ({
      ...caller,
      token: await tokenOf(principal),
    })),
  );

  const citizenClaims = { role: 'citizen', sub: 'citizen-forged', id_number: owner.idNumber };
  const now = Math.floor(Date.now() / 1000);
  const { privateKey: otherKey } = await generateKeyPair('RS256');
  const refusedByGateway = [
    await tokenOf(claimsOf.citizen(owner), { ttlSeconds: 60, now: Date.now() - 3_600_000 }),
    await forgedToken({ claims: { ...citizenClaims, aud: 'another-audience' } }),
    await forgedToken({ claims: { ...citizenClaims, aud: ['another-audience', 'third'] } }),
    await forgedToken({ claims: { ...citizenClaims, iss: 'https://evil.example' } }),
    await forgedToken({ claims: citizenClaims, omit: ['exp'] }),
    await forgedToken({ claims: citizenClaims, omit: ['aud'] }),
    await forgedToken({ claims: { ...citizenClaims, nbf: now + 3600 } }),
    await forgedToken({ claims: { ...citizenClaims, iat: now + 3600 } }),
    await forgedToken({ claims: { ...citizenClaims, exp: now - 1 } }),
    await forgedToken({ claims: citizenClaims, header: { kid: 'unknown-kid' } }),
    await forgedToken({ claims: citizenClaims, header: { kid: undefined } }),
    // the dev issuer's kid, someone else's key: a wrong signature
    await forgedToken({ claims: citizenClaims, key: otherKey }),
    unsignedToken({ ...citizenClaims, iss: DEV_ISSUER, aud: DEV_AUDIENCE, exp: now + 3600 }),
  ];
  const refusedByFunction = await Promise.all(
    [
      { role: 'root', sub: 'x' },
      { role: 'citizen', sub: 'no-id-number' },
      { role: 'citizen', sub: 'bad-id', id_number: `${owner.idNumber.slice(0, 17)}0` },
      { role: 'citizen', sub: 'bad-credit', id_number: owner.idNumber, credit_code: 'ABC' },
      { role: 'window', sub: 'w', platform: 'beijing' },
      { role: 'officer', sub: 'o', platform: CITY },
      { role: 'officer', sub: 'o', platform: CITY, department: 'HRSS!' },
      { role: 'admin', sub: '', platform: CITY },
      { role: 'admin', sub: 's'.repeat(200), platform: CITY },
      { sub: 'no-role', id_number: owner.idNumber },
      { role: ['citizen', 'admin'], sub: 'array-role', platform: CITY },
      { role: 'officer', sub: { nested: true }, platform: CITY },
    ].map((claims) => forgedToken({ claims })),
  );
  // the pools are what they claim: refused by the gateway, by the function, or passed on
  const probe = `/v1/cases/${caseIds[0]}`;
  for (const token of refusedByGateway) {
    const res = await api.get(probe, { token });
    if (!(res.status === 401 && isGatewayAnswer(res)))
      throw new Error(`not refused by the gateway: ${token}`);
  }
  for (const token of refusedByFunction) {
    const res = await api.get(probe, { token });
    if (codeOf(res) !== 'UNAUTHENTICATED') throw new Error(`not refused by the function: ${token}`);
  }
  for (const caller of callers) {
    const res = await api.get(probe, { token: caller.token });
    if (res.status === 401) throw new Error(`${caller.label} is refused: ${res.text}`);
  }
  return {
    caseIds,
    owners: new Set([owner.idNumber, filedAtWindow.idNumber]),
    callers,
    refusedByGateway,
    refusedByFunction,
    realCursors,
    applicantPartition: ownerCursor.gsi1pk,
  };
}

// ---------------------------------------------------------------------------------------------
// Generators that draw on the fixtures: existing cases, real cursors, the pool of tokens

/** A caseId path segment: existing cases, unknown ones, malformed ones. */
const caseIdSegment = (fx: Fixtures, existing = 3) =>
  fc.oneof(
    { weight: existing, arbitrary: fc.constantFrom(...fx.caseIds) },
    { weight: 2, arbitrary: unknownCaseId },
    { weight: 3, arbitrary: malformedCaseId },
  );

const cursorValue = (fx: Fixtures): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(...fx.realCursors),
    // a real cursor, slightly damaged
    fc
      .tuple(
        fc.constantFrom(...fx.realCursors),
        fc.nat(),
        fc.constantFrom('A', '_', '-', '=', '.', ''),
      )
      .map(([cursor, at, c]) => {
        const i = at % cursor.length;
        return cursor.slice(0, i) + c + cursor.slice(i + 1);
      }),
    base64urlJson(urlJson),
    // well formed, with the right partition, any sort key: a forged position
    base64urlJson(
      fc.record({
        pk: fc.oneof(fc.constantFrom('CASE#x'), urlString),
        sk: fc.oneof(fc.constantFrom('CASE', 'TASK#hrss'), urlString),
        gsi1pk: fc.constant(fx.applicantPartition),
        gsi1sk: fc.oneof(fc.constantFrom('0', '9999', '2026-01-01T00:00:00.000Z#x'), urlString),
      }),
    ),
    worklistCursor,
    fc.string({ unit: fc.constantFrom(...'ABCDEFabcdef0123456789-_'), maxLength: 3000 }),
    urlString,
  );

/** Authorization header values no one is signed in with (from a fixture, or made up). */
const junkAuthorization = (fx: Fixtures): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(...fx.refusedByGateway).map((t) => `Bearer ${t}`),
    fc.constantFrom(...fx.refusedByGateway),
    fc.constantFrom(
      'Bearer',
      'Bearer ',
      'Basic dXNlcjpwYXNz',
      'bearer  a.b.c',
      'Bearer a.b',
      'Bearer ...',
      'Token abc',
    ),
    // a valid token's payload swapped for another's: the signature no longer matches
    fc
      .tuple(fc.constantFrom(...fx.callers), fc.constantFrom(...fx.callers))
      .filter(([a, b]) => a.token !== b.token)
      .map(([a, b]) => {
        const [header, , signature] = a.token.split('.');
        return `Bearer ${header}.${b.token.split('.')[1]}.${signature}`;
      }),
    fc.constantFrom(...fx.callers).map((c) => `Bearer ${c.token.slice(0, -3)}`),
    fc
      .record({
        role: fc.constantFrom('admin', 'window', 'citizen'),
        platform: fc.constant(CITY),
        sub: fc.string(),
      })
      .map((claims) => `Bearer ${unsignedToken({ ...claims, exp: 4_102_444_800 })}`),
    fc.string({ unit: 'binary-ascii', maxLength: 200 }).map(headerSafe),
    fc.integer({ min: 1_000, max: 8_000 }).map((n) => `Bearer ${'a'.repeat(n)}`),
  );

/** A token of any kind: none, refused by the gateway, refused by the function, or a real caller. */
const anyAuthorization = (fx: Fixtures): fc.Arbitrary<string | undefined> =>
  fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 2, arbitrary: junkAuthorization(fx) },
    { weight: 1, arbitrary: fc.constantFrom(...fx.refusedByFunction).map((t) => `Bearer ${t}`) },
    { weight: 6, arbitrary: fc.constantFrom(...fx.callers).map((c) => `Bearer ${c.token}`) },
  );

/** Mostly callers whose role the route admits, so that what follows the role check is reached. */
const admittedAuthorization = (
  fx: Fixtures,
  route: RouteSpec,
): fc.Arbitrary<string | undefined> => {
  if (route.access === 'public') return anyAuthorization(fx);
  const access = route.access;
  const admitted = fx.callers.filter((c) => c.role !== undefined && access.includes(c.role));
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...admitted).map((c) => `Bearer ${c.token}`) },
    { weight: 1, arbitrary: anyAuthorization(fx) },
  );
};

/** Callers who cannot make the route write on the seeded cases, and every refused token. */
const authorizationThatCannotWrite = (
  fx: Fixtures,
  canWrite: (caller: Caller) => boolean,
): fc.Arbitrary<string | undefined> => {
  const harmless = fx.callers.filter((c) => !canWrite(c));
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 2, arbitrary: junkAuthorization(fx) },
    { weight: 1, arbitrary: fc.constantFrom(...fx.refusedByFunction).map((t) => `Bearer ${t}`) },
    { weight: 5, arbitrary: fc.constantFrom(...harmless).map((c) => `Bearer ${c.token}`) },
  );
};
const writers = (fx: Fixtures, canWrite: (caller: Caller) => boolean) =>
  fc.constantFrom(...fx.callers.filter(canWrite)).map((c) => `Bearer ${c.token}`);

/** A valid-shaped application for someone none of the fixtures' citizens is. */
const plausibleApplication = applicationShaped.filter((app) => {
  // never one of the fixtures' citizens: a citizen token filing this is filing for someone else
  const applicant = app.applicant as { idNumber?: string; creditCode?: string };
  return (
    applicant.idNumber !== owner.idNumber &&
    applicant.idNumber !== stranger.idNumber &&
    applicant.creditCode !== ORGANISATION
  );
});

// ---------------------------------------------------------------------------------------------
// Requests per route

/** A request to the city's API, before it is put on the wire. */
interface FuzzRequest {
  readonly method: string;
  /** Below `/<city>`, e.g. `/v1/cases/..%2F`. */
  readonly path: string;
  readonly query?: string;
  readonly authorization?: string | undefined;
  readonly contentType?: string | null | undefined;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Buffer | undefined;
}

/**
 * The request line as HTTP can carry it: characters outside printable ASCII percent-encoded
 * (everything else, `%`, `/` and `..` included, left as generated), at most 8 KiB.
 */
const onTheWire = (target: string): string =>
  target.replace(/[^\x21-\x7e]/gu, (c) => percentEncode(c)).slice(0, 8 * 1024);

function toRawRequest(req: FuzzRequest): RawRequest {
  const headers: Record<string, string> = { ...req.headers };
  if (req.authorization !== undefined) headers.authorization = req.authorization;
  if (req.contentType !== undefined && req.contentType !== null)
    headers['content-type'] = req.contentType;
  return {
    method: req.method,
    path: onTheWire(`/${CITY}${req.path}${req.query ? `?${req.query}` : ''}`),
    headers,
    ...(req.body !== undefined ? { body: req.body } : {}),
  };
}

/** Fills a route's path template. */
const pathOf = (route: RouteSpec, params: Readonly<Record<string, string>>): string =>
  route.path.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');

/** The method of the route, or now and then one API Gateway has no route for. */
const methodOf = (route: RouteSpec) =>
  fc.oneof(
    { weight: 19, arbitrary: fc.constant(route.method) },
    { weight: 1, arbitrary: fc.constantFrom('PUT', 'DELETE', 'PATCH') },
  );

/** Reads: anything at all may be sent, and a 200 is as good an answer as a 4xx. */
function readRequest(
  route: RouteSpec,
  params: fc.Arbitrary<Record<string, string>>,
  query: fc.Arbitrary<string>,
  fx: Fixtures,
): fc.Arbitrary<FuzzRequest> {
  return fc.record({
    method: methodOf(route),
    path: params.map((p) => pathOf(route, p)),
    query: fc.oneof({ weight: 9, arbitrary: query }, { weight: 1, arbitrary: longQuery }),
    authorization: admittedAuthorization(fx, route),
    contentType: anyContentType,
    headers: extraHeaders,
    body: fc.oneof(
      { weight: 4, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: anyBody },
    ),
  });
}

/**
 * Writes: a union of requests each carrying one thing that must stop it — a caller who may not,
 * a case that is not there (or not in a state for it), a body, content type, size or query the
 * API refuses — with everything else free, valid or not.
 */
interface WriteRoute {
  /** Whether a caller could make the route write on a seeded case. */
  readonly canWrite: (caller: Caller) => boolean;
  readonly params: (caseId: fc.Arbitrary<string>) => fc.Arbitrary<Record<string, string>>;
  /** Bodies that pass the schema (or any, for a route without one). */
  readonly validBody: fc.Arbitrary<unknown>;
  /** Bodies the schema refuses; none for a route without a body. */
  readonly invalidBody?: fc.Arbitrary<unknown>;
  /** A request of a writer on a seeded case that its state or version must refuse. */
  readonly refusedByState?: (fx: Fixtures) => fc.Arbitrary<FuzzRequest>;
  readonly headers?: fc.Arbitrary<Record<string, string>>;
}

/** A branch of a union of requests, with its weight. */
const weighted = (
  weight: number,
  arbitrary: fc.Arbitrary<FuzzRequest>,
): fc.WeightedArbitrary<FuzzRequest> => ({ weight, arbitrary });

function writeRequest(route: RouteSpec, spec: WriteRoute, fx: Fixtures): fc.Arbitrary<FuzzRequest> {
  const headers = spec.headers ?? extraHeaders;
  const anyCaseParams = spec.params(caseIdSegment(fx));
  const body = (arb: fc.Arbitrary<unknown>) => arb.map((v) => encode(v, 'json'));
  const someBody = fc.oneof(
    body(spec.validBody),
    body(spec.invalidBody ?? spec.validBody),
    anyBody,
  );
  const base = {
    method: fc.constant(route.method),
    query: fc.constant(''),
    headers,
  };
  const branches: fc.WeightedArbitrary<FuzzRequest>[] = [
    // a caller who may not (or no one at all)
    weighted(
      3,
      fc.record({
        ...base,
        path: anyCaseParams.map((p) => pathOf(route, p)),
        authorization: authorizationThatCannotWrite(fx, spec.canWrite),
        contentType: anyContentType,
        body: fc.oneof(body(spec.validBody), someBody),
      }),
    ),
    // a query longer than the API takes
    weighted(
      1,
      fc.record({
        ...base,
        path: anyCaseParams.map((p) => pathOf(route, p)),
        query: longQuery,
        authorization: admittedAuthorization(fx, route),
        contentType: anyContentType,
        body: someBody,
      }),
    ),
    // another method: API Gateway has no such route
    weighted(
      1,
      fc.record({
        ...base,
        method: fc.constantFrom('PUT', 'DELETE', 'PATCH'),
        path: anyCaseParams.map((p) => pathOf(route, p)),
        authorization: anyAuthorization(fx),
        contentType: anyContentType,
        body: someBody,
      }),
    ),
  ];
  if (spec.invalidBody) {
    branches.push(
      // a body the schema refuses, as JSON or broken on the wire
      weighted(
        5,
        fc.record({
          ...base,
          path: anyCaseParams.map((p) => pathOf(route, p)),
          authorization: admittedAuthorization(fx, route),
          contentType: fc.constantFrom(...JSON_TYPES),
          body: fc.oneof(
            { weight: 4, arbitrary: body(spec.invalidBody) },
            {
              weight: 2,
              // An encoding that leaves the bytes as plain JSON would (latin1 of an all-ASCII
              // body such as {}) breaks nothing: keep only the ones that change them.
              arbitrary: fc
                .tuple(spec.validBody, breakingEncoding)
                .map(([v, e]) => ({ bytes: encode(v, e), plain: encode(v, 'json') }))
                .filter(
                  ({ bytes, plain }) => !Buffer.from(bytes ?? '').equals(Buffer.from(plain ?? '')),
                )
                .map(({ bytes }) => bytes),
            },
            { weight: 1, arbitrary: deepJsonText.map((t) => Buffer.from(t)) },
            { weight: 1, arbitrary: fc.constant(undefined) },
          ),
        }),
      ),
      // a body that is not JSON by its content type
      weighted(
        1,
        fc.record({
          ...base,
          path: anyCaseParams.map((p) => pathOf(route, p)),
          authorization: admittedAuthorization(fx, route),
          contentType: fc.option(fc.constantFrom(...NON_JSON_TYPES), { nil: undefined, freq: 5 }),
          body: fc
            .tuple(spec.validBody, fc.constantFrom<Encoding>('json', 'latin1'))
            .map(([v, e]) => encode(v, e)),
        }),
      ),
      // a body over 64 KiB
      weighted(
        1,
        fc.record({
          ...base,
          path: anyCaseParams.map((p) => pathOf(route, p)),
          authorization: admittedAuthorization(fx, route),
          contentType: fc.constantFrom(...JSON_TYPES),
          body: fc
            .tuple(spec.validBody, fc.integer({ min: 65_600, max: 80_000 }))
            .map(([v, n]) =>
              Buffer.from(JSON.stringify({ ...(v as object), padding: 'p'.repeat(n) })),
            ),
        }),
      ),
    );
  }
  if (route.path.includes('{caseId}')) {
    branches.push(
      // no such case, or not a case number at all
      weighted(
        2,
        fc.record({
          ...base,
          path: spec.params(fc.oneof(unknownCaseId, malformedCaseId)).map((p) => pathOf(route, p)),
          authorization: admittedAuthorization(fx, route),
          contentType: anyContentType,
          body: fc.oneof(body(spec.validBody), someBody),
        }),
      ),
    );
  }
  if (spec.refusedByState) branches.push({ weight: 2, arbitrary: spec.refusedByState(fx) });
  return fc.oneof(...branches);
}

const caseParams = (caseId: fc.Arbitrary<string>) => fc.record({ caseId });
const isCityWindow = (c: Caller) => c.role === 'window' && c.platform === CITY;
const actsForApplicant = (fx: Fixtures) => (c: Caller) =>
  isCityWindow(c) || (c.role === 'citizen' && fx.owners.has(c.idNumber ?? ''));

/** A writer, a seeded case, a valid body: what the state or the version must refuse. */
const stateRefusal =
  (
    route: RouteSpec,
    canWrite: (fx: Fixtures) => (c: Caller) => boolean,
    body: fc.Arbitrary<unknown>,
    department = false,
  ) =>
  (fx: Fixtures): fc.Arbitrary<FuzzRequest> =>
    fc.record({
      method: fc.constant(route.method),
      path: fc
        .constantFrom(...fx.caseIds)
        .map((caseId) => pathOf(route, department ? { caseId, department: ROUTED } : { caseId })),
      authorization: writers(fx, canWrite(fx)),
      contentType: fc.constant('application/json'),
      body: body.map((v) => encode(v, 'json')),
    });

const routeOf = (key: string): RouteSpec => {
  const route = ROUTES.find((r) => routeKey(r) === key);
  if (!route) throw new Error(`no route ${key} in ROUTES`);
  return route;
};

/** The request generator of every route, keyed like ROUTES. */
const FUZZERS: Readonly<Record<string, (fx: Fixtures) => fc.Arbitrary<FuzzRequest>>> = {
  'GET /v1/catalogue/services': (fx) =>
    readRequest(
      routeOf('GET /v1/catalogue/services'),
      fc.constant({}),
      queryString({
        audience: fc.oneof(fc.constantFrom('natural', 'legal', 'NATURAL', ''), fragmentString),
        department: departmentSegment,
        q: fc.oneof(fc.constantFrom('社会', '登记', ' ', 'x'.repeat(41)), urlString),
      }),
      fx,
    ),
  'GET /v1/catalogue/services/{code}': (fx) =>
    readRequest(
      routeOf('GET /v1/catalogue/services/{code}'),
      fc.record({ code: serviceCodeSegment }),
      queryString({}),
      fx,
    ),
  'GET /v1/catalogue/departments': (fx) =>
    readRequest(routeOf('GET /v1/catalogue/departments'), fc.constant({}), queryString({}), fx),
  'GET /v1/cases': (fx) =>
    readRequest(
      routeOf('GET /v1/cases'),
      fc.constant({}),
      queryString({
        applicant: fc.oneof(
          fc.constantFrom(owner.idNumber, filedAtWindow.idNumber, ORGANISATION),
          applicantNumber,
          fragmentString,
        ),
        limit: limitValue,
        cursor: cursorValue(fx),
      }),
      fx,
    ),
  'GET /v1/cases/{caseId}': (fx) =>
    readRequest(
      routeOf('GET /v1/cases/{caseId}'),
      fc.record({ caseId: caseIdSegment(fx, 5) }),
      queryString({}),
      fx,
    ),
  'GET /v1/departments/{department}/tasks': (fx) =>
    readRequest(
      routeOf('GET /v1/departments/{department}/tasks'),
      fc.record({
        department: fc.oneof(
          { weight: 2, arbitrary: fc.constant(ROUTED) },
          { weight: 3, arbitrary: departmentSegment },
        ),
      }),
      fc.oneof(
        queryString({
          status: fc.oneof(fc.constantFrom(...STATUSES, 'PRERE', ''), fragmentString),
          dueOnOrBefore: dateValue,
          limit: limitValue,
          cursor: cursorValue(fx),
        }),
        // a page further on, with a bound: a cursor of the right partition from anywhere
        fc
          .tuple(dateValue, worklistCursor, fc.option(limitValue, { nil: undefined }))
          .map(([due, cursor, limit]) =>
            [
              `dueOnOrBefore=${percentEncode(due)}`,
              `cursor=${cursor}`,
              ...(limit ? [`limit=${percentEncode(limit)}`] : []),
            ].join('&'),
          ),
      ),
      fx,
    ),
  'POST /v1/cases': (fx) => {
    const route = routeOf('POST /v1/cases');
    const json = (arb: fc.Arbitrary<unknown>) => arb.map((v) => encode(v, 'json'));
    const headers = fc
      .tuple(extraHeaders, idempotencyKey)
      .map(([h, key]) => (key === null ? h : { ...h, 'idempotency-key': headerSafe(key) }));
    return fc.oneof(
      weighted(
        5,
        writeRequest(
          route,
          {
            canWrite: isCityWindow,
            params: () => fc.constant({}),
            validBody: plausibleApplication,
            invalidBody: invalidApplication,
            headers,
          },
          fx,
        ),
      ),
      // a well-formed application the catalogue refuses: no such service here, a missing material
      weighted(
        1,
        fc.record({
          method: fc.constant('POST'),
          path: fc.constant('/v1/cases'),
          authorization: admittedAuthorization(fx, route),
          contentType: fc.constant('application/json'),
          headers,
          body: json(
            fc.oneof(
              fc
                .tuple(
                  plausibleApplication,
                  fc.constantFrom('220100-XX-9999', '220300-RS-0001', '110105-RS-0001'),
                )
                .map(([app, serviceCode]) => ({ ...app, serviceCode })),
              plausibleApplication.map((app) => ({ ...app, materials: [] })),
            ),
          ),
        }),
      ),
    );
  },
  'POST /v1/cases/{caseId}/withdraw': (fx) => {
    const route = routeOf('POST /v1/cases/{caseId}/withdraw');
    return writeRequest(
      route,
      {
        canWrite: actsForApplicant(fx),
        params: caseParams,
        validBody: withdrawBody,
        invalidBody: invalidWithdrawBody,
        refusedByState: stateRefusal(
          route,
          actsForApplicant,
          fc.record({
            reason: fragmentString,
            expectedVersion: fc.integer({ min: 1_000, max: 2 ** 31 }),
          }),
        ),
      },
      fx,
    );
  },
  'POST /v1/cases/{caseId}/resubmit': (fx) => {
    const route = routeOf('POST /v1/cases/{caseId}/resubmit');
    // every seeded case is in 预审: nothing to resubmit
    return writeRequest(
      route,
      {
        canWrite: actsForApplicant(fx),
        params: caseParams,
        validBody: resubmitBody,
        invalidBody: invalidResubmitBody,
        refusedByState: stateRefusal(route, actsForApplicant, resubmitBody),
      },
      fx,
    );
  },
  'POST /v1/cases/{caseId}/rating': (fx) => {
    const route = routeOf('POST /v1/cases/{caseId}/rating');
    // every seeded case is in 预审: not yet rateable
    return writeRequest(
      route,
      {
        canWrite: actsForApplicant(fx),
        params: caseParams,
        validBody: ratingBody,
        invalidBody: invalidRatingBody,
        refusedByState: stateRefusal(route, actsForApplicant, ratingBody),
      },
      fx,
    );
  },
  'POST /v1/cases/{caseId}/deliver': (fx) => {
    const route = routeOf('POST /v1/cases/{caseId}/deliver');
    // no body schema: the body is never read, so only the caller, the case and its state stop it
    return writeRequest(
      route,
      {
        canWrite: isCityWindow,
        params: caseParams,
        validBody: anyJson,
        refusedByState: stateRefusal(route, () => isCityWindow, anyJson),
      },
      fx,
    );
  },
  'POST /v1/cases/{caseId}/tasks/{department}/decision': (fx) => {
    const route = routeOf('POST /v1/cases/{caseId}/tasks/{department}/decision');
    const isRoutedOfficer = (c: Caller) =>
      c.role === 'officer' && c.platform === CITY && c.department === ROUTED;
    return writeRequest(
      route,
      {
        canWrite: isRoutedOfficer,
        params: (caseId) =>
          fc.record({
            caseId,
            department: fc.oneof(
              { weight: 3, arbitrary: fc.constant(ROUTED) },
              { weight: 2, arbitrary: departmentSegment },
            ),
          }),
        validBody: decisionBody(fc.integer({ min: 1, max: 5 })),
        invalidBody: invalidDecisionBody,
        refusedByState: stateRefusal(
          route,
          () => isRoutedOfficer,
          decisionBody(fc.integer({ min: 1_000, max: 2 ** 31 })),
          true,
        ),
      },
      fx,
    );
  },
  'GET /v1/departments/{department}/follow-ups': (fx) =>
    readRequest(
      routeOf('GET /v1/departments/{department}/follow-ups'),
      fc.record({
        department: fc.oneof(
          { weight: 2, arbitrary: fc.constant(ROUTED) },
          { weight: 3, arbitrary: departmentSegment },
        ),
      }),
      queryString({ limit: limitValue, cursor: cursorValue(fx) }),
      fx,
    ),
  'GET /v1/departments/{department}/rating-stats': (fx) =>
    readRequest(
      routeOf('GET /v1/departments/{department}/rating-stats'),
      fc.record({
        department: fc.oneof(
          { weight: 2, arbitrary: fc.constant(ROUTED) },
          { weight: 3, arbitrary: departmentSegment },
        ),
      }),
      queryString({ from: monthValue, to: monthValue }),
      fx,
    ),
  'GET /v1/rating-stats': (fx) =>
    readRequest(
      routeOf('GET /v1/rating-stats'),
      fc.constant({}),
      queryString({ month: monthValue }),
      fx,
    ),
  'POST /v1/cases/{caseId}/rating/follow-up': (fx) => {
    const route = routeOf('POST /v1/cases/{caseId}/rating/follow-up');
    const isRoutedOfficer = (c: Caller) =>
      c.role === 'officer' && c.platform === CITY && c.department === ROUTED;
    // every seeded case is in 预审, unrated: no 差评 owes a follow-up
    return writeRequest(
      route,
      {
        canWrite: isRoutedOfficer,
        params: caseParams,
        validBody: followUpBody,
        invalidBody: invalidFollowUpBody,
        refusedByState: stateRefusal(route, () => isRoutedOfficer, followUpBody),
      },
      fx,
    );
  },
};

// ---------------------------------------------------------------------------------------------
// The verdict on one response

/** What is wrong with an answer, or undefined. */
function defectOf(route: RouteSpec, req: FuzzRequest, res: ApiResponse): string | undefined {
  if (res.status >= 500) return `a ${res.status}`;
  if (res.status >= 400) {
    if (isGatewayAnswer(res)) return undefined;
    const defect = problemDefect(res);
    if (defect !== undefined) return `a ${res.status} that is not a problem (${defect})`;
    return contractDefect(route, req, res);
  }
  if (res.status < 200 || res.status >= 300) return `a ${res.status}`;
  if (req.method !== route.method) return `a ${res.status} to ${req.method}`;
  if (route.method === 'POST') return `a ${res.status}: the request was not refused, so it wrote`;
  if (!String(res.headers['content-type']).startsWith('application/json')) {
    return `a ${res.status} with content-type ${res.headers['content-type']}`;
  }
  if (res.json === undefined) return `a ${res.status} whose body is not JSON`;
  return contractDefect(route, req, res);
}

/**
 * An answer of the platform's own (not API Gateway's) to the route's method that the OpenAPI
 * document does not promise: a status it does not list, or a body that breaks its schema.
 */
function contractDefect(route: RouteSpec, req: FuzzRequest, res: ApiResponse): string | undefined {
  if (req.method !== route.method) return undefined;
  const type = String(res.headers['content-type'] ?? '');
  const violations = contractViolations(routeKey(route), res.status, type, res.json);
  return violations.length === 0
    ? undefined
    : `a ${res.status} off the contract: ${violations.join('; ')}`;
}

const describeRequest = (req: FuzzRequest): string => {
  const raw = toRawRequest(req);
  const body =
    req.body === undefined
      ? ''
      : ` body(${req.body.length} bytes)=${req.body.subarray(0, 200).toString('utf8')}`;
  return `${raw.method} ${raw.path.slice(0, 300)} auth=${(req.authorization ?? 'none').slice(0, 40)} type=${String(req.contentType)}${body}`;
};

// ---------------------------------------------------------------------------------------------
// Tests

describe('Fuzz: every route of ROUTES through the local HTTP API', () => {
  it('has a generator and a run count for every route of ROUTES, and for no other', () => {
    // Assess
    const keys = ROUTES.map(routeKey).sort();
    expect(Object.keys(FUZZERS).sort()).toEqual(keys);
    expect(Object.keys(RUNS).sort()).toEqual(keys);
    expect(Object.values(RUNS).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(MIN_REQUESTS);
  });

  it.concurrent.for(ROUTES.map((route) => ({ key: routeKey(route), route })))(
    '$key: never a 5xx, every refusal a problem (or API Gateway’s own), never a write',
    { timeout: 180_000 },
    async ({ key, route }) => {
      // Prepare
      const fuzzer = FUZZERS[key];
      if (!fuzzer) throw new Error(`no generator for ${key}`);
      const requests = fuzzer(fixtures);

      // Act / Assess
      await fc.assert(
        fc.asyncProperty(requests, async (req) => {
          const res = await send(platform.url, toRawRequest(req));
          sent.set(key, (sent.get(key) ?? 0) + 1);
          const defect = defectOf(route, req, res);
          if (defect !== undefined) {
            throw new Error(
              `${defect}: ${describeRequest(req)} → ${res.status} ${codeOf(res) ?? ''} ${res.text.slice(0, 300)}`,
            );
          }
        }),
        { numRuns: RUNS[key] ?? 0 },
      );
    },
  );

  it(`sent at least ${MIN_REQUESTS.toLocaleString('en')} requests, wrote nothing, and logged no personal number`, async () => {
    // Act
    await platform.drain(CITY);
    await output.settle();
    const cases = await tableSnapshot(platform, 'caseTable', fixtures.caseIds);
    const idempotency = await tableSnapshot(platform, 'idempotencyTable');

    // Assess
    const total = [...sent.values()].reduce((a, b) => a + b, 0);
    expect(sent.size).toBe(ROUTES.length);
    expect(total).toBeGreaterThanOrEqual(MIN_REQUESTS);
    expect(cases.items).toEqual(tablesBefore.cases.items);
    expect(cases.elsewhere).toBe(tablesBefore.cases.elsewhere);
    // the fixtures were filed without an Idempotency-Key: the table starts empty, its count is all
    expect(tablesBefore.idempotency.elsewhere).toBe(0);
    expect(idempotency.elsewhere).toBe(0);
    // staff reads and refused attempts may be audited: the trail only grows
    expect(cases.audit).toEqual(expect.arrayContaining([...tablesBefore.cases.audit]));
    // the functions' log lines were captured: each function logged refusals
    for (const fn of [
      'catalogue',
      'submit-application',
      'read-cases',
      'case-action',
      'department-tasks',
    ]) {
      expect(
        output.lines.filter((line) => line.includes(`"function_name":"${CITY}-${fn}"`)).length,
        fn,
      ).toBeGreaterThan(100);
    }
    const leaks = output.lines.flatMap((line) =>
      findPersonalData(line).map((f) => `${f.kind} in ${line.slice(0, 300)}`),
    );
    expect(leaks).toEqual([]);
  }, 60_000);

  describe('caps and cursors', () => {
    it('refuses a body over 64 KiB with 413', async () => {
      // Prepare
      const token = fixtures.callers.find((c) => c.label === 'owner')?.token;
      const body = JSON.stringify({ ...application(owner), form: { note: '办'.repeat(23_000) } });

      // Act
      const res = await api.post('/v1/cases', { token, json: JSON.parse(body) });

      // Assess
      expect(Buffer.byteLength(body)).toBeGreaterThan(65 * 1024);
      expect(res.status).toBe(413);
      expect(problemDefect(res)).toBeUndefined();
      expect(codeOf(res)).toBe('PAYLOAD_TOO_LARGE');
    });

    it.each([1e16, -1e16, 1e300, 1e-200])(
      'refuses a form number the case store cannot keep (%d) with a problem, not 500, with or without an Idempotency-Key, and writes nothing',
      async (n) => {
        // Prepare: the owner may file, so only the number stands in the way
        const token = fixtures.callers.find((c) => c.label === 'owner')?.token;
        const body = { ...application(owner), form: { householdSize: n } };
        const before = await tableSnapshot(platform, 'caseTable', fixtures.caseIds);

        // Act
        const plain = await api.post('/v1/cases', { token, json: body });
        const keyed = await api.post('/v1/cases', {
          token,
          json: body,
          headers: { 'idempotency-key': `form-number-${String(n)}` },
        });

        // Assess
        for (const res of [plain, keyed]) {
          expect(res.status, res.text).toBe(400);
          expect(problemDefect(res)).toBeUndefined();
          expect(res.text).toContain('表单中的数值超出可受理的范围');
        }
        const after = await tableSnapshot(platform, 'caseTable', fixtures.caseIds);
        expect(after.items).toEqual(before.items);
        expect(after.elsewhere).toBe(before.elsewhere);
      },
    );

    it('refuses a forged worklist cursor past the page’s due-date bound with 400, not 500', async () => {
      // Prepare: the worklist's partition is predictable; the position lies after the bound
      const token = fixtures.callers.find((c) => c.label === `city officer ${ROUTED}`)?.token;
      const cursor = Buffer.from(
        JSON.stringify({
          pk: 'CASE#x',
          sk: `TASK#${ROUTED}`,
          gsi2pk: `DEPT#${ROUTED}#prereview`,
          gsi2sk: '2099-12-31#x',
        }),
      ).toString('base64url');

      // Act
      const res = await api.get(
        `/v1/departments/${ROUTED}/tasks?dueOnOrBefore=2020-01-01&cursor=${cursor}`,
        { token },
      );

      // Assess
      expect(res.status, res.text).toBe(400);
      expect(problemDefect(res)).toBeUndefined();
      expect(codeOf(res)).toBe('INVALID_CURSOR');
    });

    it('refuses a body over API Gateway’s 10 MB with its own 413', async () => {
      // Act
      const res = await send(platform.url, {
        method: 'POST',
        path: `/${CITY}/v1/cases`,
        headers: { 'content-type': 'application/json' },
        body: Buffer.alloc(10 * 1024 * 1024 + 1, 0x20),
      });

      // Assess
      expect(res.status).toBe(413);
      expect(isGatewayAnswer(res)).toBe(true);
    });

    it.each([
      ['/v1/cases?limit=101', 'owner'],
      ['/v1/cases?limit=0', 'owner'],
      [`/v1/departments/${ROUTED}/tasks?limit=101`, `city officer ${ROUTED}`],
    ])('refuses a page size out of 1..100: %s with 400', async (path, label) => {
      // Prepare
      const token = fixtures.callers.find((c) => c.label === label)?.token;

      // Act
      const res = await api.get(path, { token });

      // Assess
      expect(res.status).toBe(400);
      expect(problemDefect(res)).toBeUndefined();
      expect(codeOf(res)).toBe('VALIDATION_FAILED');
    });

    it.each([
      ['/v1/catalogue/services', 'anonymous'],
      ['/v1/cases', 'owner'],
    ])('refuses a 3 KiB query on %s (%s) with 414', async (path, label) => {
      // Prepare
      const token = fixtures.callers.find((c) => c.label === label)?.token;

      // Act
      const res = await api.get(`${path}?q=${'a'.repeat(3 * 1024)}`, { token });

      // Assess
      expect(res.status).toBe(414);
      expect(problemDefect(res)).toBeUndefined();
      expect(codeOf(res)).toBe('URI_TOO_LONG');
    });
  });
});
