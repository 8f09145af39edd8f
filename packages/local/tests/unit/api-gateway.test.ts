import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Principal, PrincipalSchema } from '@jilin/platform';
import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type ApiGateway,
  createApiGateway,
  type InvokeFunction,
  isTextContentType,
  MAX_REQUEST_BYTES,
  mapFunctionResult,
  requestTime,
} from '../../src/api-gateway';
import { createDevIssuer, type DevIssuer } from '../../src/dev-issuer';

const CITIZEN: Principal = PrincipalSchema.parse({
  role: 'citizen',
  sub: 'citizen-1',
  idNumber: '11010519491231002X',
});

let dir: string;
let issuer: DevIssuer;
let gateway: ApiGateway;
let base: string;
let token: string;
/** What the fake function answers; each test may replace it. */
let respond: (event: APIGatewayProxyEventV2) => unknown;
const invoke = vi.fn<InvokeFunction>(async (_platform, _fn, event) => respond(event));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'api-gateway-'));
  issuer = createDevIssuer({ keyFile: join(dir, 'dev-issuer.json') });
  token = await issuer.issueToken(CITIZEN);
  gateway = createApiGateway({
    invoke,
    platforms: ['changchun', 'siping'],
    issuer,
    openApi: (platform) => ({ openapi: '3.1.0', info: { title: platform ?? 'all', version: '1' } }),
  });
  base = await gateway.listen(0);
});
afterAll(async () => {
  await gateway.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  invoke.mockClear();
  respond = () => ({ statusCode: 200, body: 'ok' });
});

/** The event of the only invocation so far. */
const lastEvent = (): APIGatewayProxyEventV2WithJWTAuthorizer => {
  expect(invoke).toHaveBeenCalledTimes(1);
  return invoke.mock.calls[0]?.[2] as APIGatewayProxyEventV2WithJWTAuthorizer;
};

/** A raw request, for what fetch cannot send: repeated headers. */
const rawRequest = (
  path: string,
  headers: Record<string, string | string[]>,
): Promise<{ status: number; body: string }> =>
  new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
      );
    });
    for (const [name, value] of Object.entries(headers)) req.setHeader(name, value);
    req.on('error', reject);
    req.end();
  });

describe('Function: createApiGateway', () => {
  describe('routing', () => {
    it('routes a public route under the platform prefix with decoded path parameters', async () => {
      // Act
      const res = await fetch(`${base}/siping/v1/catalogue/services/220300-GA%2F0001`);

      // Assess
      expect(res.status).toBe(200);
      expect(invoke).toHaveBeenCalledWith('siping', 'catalogue', expect.any(Object));
      const event = lastEvent();
      expect(event.rawPath).toBe('/v1/catalogue/services/220300-GA%2F0001');
      expect(event.routeKey).toBe('GET /v1/catalogue/services/{code}');
      expect(event.pathParameters).toEqual({ code: '220300-GA/0001' });
      expect(event.requestContext.authorizer).toBeUndefined();
    });

    it('routes two path parameters of a protected route', async () => {
      // Act
      await fetch(`${base}/changchun/v1/cases/CC-1/tasks/public-security/decision`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: '{}',
      });

      // Assess
      expect(invoke).toHaveBeenCalledWith('changchun', 'department-tasks', expect.any(Object));
      expect(lastEvent().pathParameters).toEqual({ caseId: 'CC-1', department: 'public-security' });
    });

    it.each([
      ['GET', '/liaoyuan/v1/catalogue/services'],
      ['GET', '/v1/catalogue/services'],
      ['GET', '/changchun/v1/nothing'],
      ['DELETE', '/changchun/v1/cases'],
      ['GET', '/changchun/v1/cases/CC-1/withdraw'],
    ])('answers %s %s with 404 Not Found without invoking', async (method, path) => {
      // Act
      const res = await fetch(`${base}${path}`, { method });

      // Assess
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ message: 'Not Found' });
      expect(invoke).not.toHaveBeenCalled();
    });
  });

  describe('authorization', () => {
    it.each([
      ['no Authorization header', undefined],
      ['a token that is not a JWT', 'Bearer nonsense'],
      ['a token from another issuer', 'other'],
    ])('answers 401 Unauthorized without invoking when there is %s', async (_, header) => {
      // Prepare
      let authorization = header;
      if (header === 'other') {
        const other = createDevIssuer({ keyFile: join(dir, 'other.json') });
        authorization = `Bearer ${await other.issueToken(CITIZEN)}`;
      }

      // Act
      const res = await fetch(`${base}/changchun/v1/cases`, {
        headers: authorization ? { authorization } : {},
      });

      // Assess
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ message: 'Unauthorized' });
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
      expect(invoke).not.toHaveBeenCalled();
    });

    it('passes the verified claims as strings, with no scopes', async () => {
      // Act
      await fetch(`${base}/changchun/v1/cases`, { headers: { authorization: `Bearer ${token}` } });

      // Assess
      const { authorizer } = lastEvent().requestContext;
      expect(authorizer.jwt.scopes).toEqual([]);
      expect(authorizer.jwt.claims).toMatchObject({
        role: 'citizen',
        sub: 'citizen-1',
        id_number: '11010519491231002X',
        iat: expect.stringMatching(/^\d+$/),
      });
    });
  });

  describe('event', () => {
    it('builds a payload format 2.0 event', async () => {
      // Act
      await fetch(`${base}/changchun/v1/cases?status=open&status=closed&q=a%20b&empty=`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'Content-Type': 'application/json; charset=utf-8',
          'Idempotency-Key': 'k-1',
          'User-Agent': 'vitest',
          cookie: 'a=1; b=2',
        },
        body: '{"service":"x"}',
      });

      // Assess
      const event = lastEvent();
      expect(event).toMatchObject({
        version: '2.0',
        routeKey: 'POST /v1/cases',
        rawPath: '/v1/cases',
        rawQueryString: 'status=open&status=closed&q=a%20b&empty=',
        queryStringParameters: { status: 'open,closed', q: 'a b', empty: '' },
        cookies: ['a=1', 'b=2'],
        body: '{"service":"x"}',
        isBase64Encoded: false,
      });
      expect(event.headers).toMatchObject({
        'content-type': 'application/json; charset=utf-8',
        'idempotency-key': 'k-1',
        'user-agent': 'vitest',
        'x-forwarded-proto': 'http',
      });
      expect(event.headers.cookie).toBeUndefined();
      expect(event.pathParameters).toBeUndefined();
      const host = new URL(base).host;
      expect(event.requestContext).toMatchObject({
        accountId: '000000000000',
        apiId: 'local-changchun',
        domainName: host,
        domainPrefix: '127',
        http: {
          method: 'POST',
          path: '/v1/cases',
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: 'vitest',
        },
        routeKey: 'POST /v1/cases',
        stage: '$default',
      });
      expect(event.requestContext.requestId).toMatch(/^[A-Za-z0-9+/]{15}=$/);
      expect(event.requestContext.time).toMatch(
        /^\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d \+0000$/,
      );
      expect(Math.abs(event.requestContext.timeEpoch - Date.now())).toBeLessThan(5000);
    });

    it('joins repeated headers with commas', async () => {
      // Act
      await rawRequest('/changchun/v1/catalogue/services', { 'X-Trace': ['one', 'two'] });

      // Assess
      expect(lastEvent().headers['x-trace']).toBe('one,two');
    });

    it('leaves body out when the request has none', async () => {
      // Act
      await fetch(`${base}/changchun/v1/catalogue/departments`);

      // Assess
      const event = lastEvent();
      expect(event.body).toBeUndefined();
      expect(event.isBase64Encoded).toBe(false);
      expect(event.queryStringParameters).toBeUndefined();
      expect(event.cookies).toBeUndefined();
    });

    it.each([
      ['application/octet-stream'],
      ['application/pdf'],
      ['application/x-www-form-urlencoded'],
      ['image/png'],
    ])('base64-encodes a %s body', async (contentType) => {
      // Prepare
      const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);

      // Act
      await fetch(`${base}/changchun/v1/cases`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
        body: bytes,
      });

      // Assess
      const event = lastEvent();
      expect(event.isBase64Encoded).toBe(true);
      expect(Buffer.from(event.body ?? '', 'base64')).toEqual(bytes);
    });

    it('answers 413 without invoking when the body exceeds 10 MB', async () => {
      // Act
      const res = await fetch(`${base}/changchun/v1/cases`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: Buffer.alloc(MAX_REQUEST_BYTES + 1, 0x20),
      });

      // Assess
      expect(res.status).toBe(413);
      expect(await res.json()).toEqual({ message: 'Request Entity Too Large' });
      expect(invoke).not.toHaveBeenCalled();
    });
  });

  describe('response', () => {
    it('maps statusCode, headers, cookies and a base64 body', async () => {
      // Prepare
      respond = () => ({
        statusCode: 201,
        headers: { 'Content-Type': 'application/pdf', 'X-Count': 3 },
        cookies: ['a=1; Path=/', 'b=2'],
        body: Buffer.from([1, 2, 3]).toString('base64'),
        isBase64Encoded: true,
      });

      // Act
      const res = await fetch(`${base}/changchun/v1/catalogue/services`);

      // Assess
      expect(res.status).toBe(201);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('x-count')).toBe('3');
      expect(res.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2']);
      expect(res.headers.get('apigw-requestid')).toMatch(/=$/);
      expect(Buffer.from(await res.arrayBuffer())).toEqual(Buffer.from([1, 2, 3]));
    });

    it('answers 200 application/json with the result when it has no statusCode', async () => {
      // Prepare
      respond = () => ({ services: [1, 2] });

      // Act
      const res = await fetch(`${base}/changchun/v1/catalogue/services`);

      // Assess
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(await res.json()).toEqual({ services: [1, 2] });
    });

    it('answers 500 Internal Server Error when the function throws', async () => {
      // Prepare
      respond = () => {
        throw new Error('secret detail');
      };

      // Act
      const res = await fetch(`${base}/changchun/v1/catalogue/services`);

      // Assess
      expect(res.status).toBe(500);
      expect(await res.text()).toBe('{"message":"Internal Server Error"}');
    });

    it('answers 500 when the function returns a header HTTP cannot carry', async () => {
      // Prepare
      respond = () => ({ statusCode: 200, headers: { 'x-bad': 'line\nbreak' }, body: 'x' });

      // Act
      const res = await fetch(`${base}/changchun/v1/catalogue/services`);

      // Assess
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ message: 'Internal Server Error' });
    });

    it('answers 503 Service Unavailable past the integration timeout', async () => {
      // Prepare
      const slow = createApiGateway({
        invoke: () => new Promise(() => undefined),
        platforms: ['changchun'],
        issuer,
        integrationTimeoutMs: 50,
      });
      const slowBase = await slow.listen(0);

      // Act
      const res = await fetch(`${slowBase}/changchun/v1/catalogue/services`);
      await slow.close();

      // Assess
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ message: 'Service Unavailable' });
    });
  });

  describe('documents', () => {
    it('serves the OpenAPI document, per platform with its base URL', async () => {
      // Act
      const all = await (await fetch(`${base}/openapi.json`)).json();
      const siping = await (await fetch(`${base}/siping/openapi.json`)).json();

      // Assess
      expect(all).toMatchObject({ info: { title: 'all' } });
      expect(siping).toMatchObject({
        info: { title: 'siping' },
        servers: [{ url: `${base}/siping` }],
      });
    });

    it('serves the dev issuer’s JWKS', async () => {
      // Act
      const res = await fetch(`${base}/.well-known/jwks.json`);

      // Assess
      expect(await res.json()).toEqual(await issuer.jwks());
    });

    it('serves an index of the platforms', async () => {
      // Act
      const index = (await (await fetch(`${base}/`)).json()) as { platforms: unknown[] };

      // Assess
      expect(index.platforms).toEqual([
        expect.objectContaining({ slug: 'changchun', baseUrl: `${base}/changchun` }),
        expect.objectContaining({ slug: 'siping', baseUrl: `${base}/siping` }),
      ]);
    });
  });

  describe('CORS', () => {
    it('answers a preflight from an allowed origin without invoking or authorizing', async () => {
      // Act
      const res = await fetch(`${base}/changchun/v1/cases`, {
        method: 'OPTIONS',
        headers: {
          origin: 'http://localhost:5173',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      });

      // Assess
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
      expect(res.headers.get('access-control-allow-methods')).toContain('POST');
      expect(res.headers.get('access-control-allow-headers')).toContain('authorization');
      expect(res.headers.get('access-control-max-age')).toBe('300');
      expect(invoke).not.toHaveBeenCalled();
    });

    it('gives no CORS headers to an origin that is not allowed', async () => {
      // Act
      const res = await fetch(`${base}/changchun/v1/cases`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      });

      // Assess
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('adds the allowed origin to a response and drops the function’s own CORS headers', async () => {
      // Prepare
      respond = () => ({
        statusCode: 200,
        headers: { 'access-control-allow-origin': '*' },
        body: '',
      });

      // Act
      const res = await fetch(`${base}/changchun/v1/catalogue/services`, {
        headers: { origin: 'http://127.0.0.1:3000' },
      });

      // Assess
      expect(res.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:3000');
    });
  });
});

describe('Function: mapFunctionResult', () => {
  it.each<[string, unknown, number, string]>([
    ['a string is the body as it is', 'hello', 200, 'hello'],
    ['null is JSON null', null, 200, 'null'],
    ['an array is JSON', [1, 2], 200, '[1,2]'],
    ['a statusCode without body is empty', { statusCode: 204 }, 204, ''],
    [
      'a non-numeric statusCode is malformed',
      { statusCode: '200' },
      500,
      '{"message":"Internal Server Error"}',
    ],
    [
      'an object body is malformed',
      { statusCode: 200, body: {} },
      500,
      '{"message":"Internal Server Error"}',
    ],
  ])('maps the result when %s', (_, result, statusCode, body) => {
    // Act
    const mapped = mapFunctionResult(result);

    // Assess
    expect(mapped.statusCode).toBe(statusCode);
    expect(mapped.body.toString()).toBe(body);
  });
});

describe('Function: isTextContentType', () => {
  it.each<[string | undefined, boolean]>([
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['text/plain', true],
    ['application/xml', true],
    ['application/javascript', true],
    ['application/x-www-form-urlencoded', false],
    ['multipart/form-data; boundary=x', false],
    ['application/octet-stream', false],
    [undefined, false],
  ])('returns %s → %s', (contentType, expected) => {
    // Act & Assess
    expect(isTextContentType(contentType)).toBe(expected);
  });
});

describe('Function: requestTime', () => {
  it('formats the time as API Gateway does', () => {
    // Act & Assess
    expect(requestTime(Date.UTC(2020, 2, 12, 19, 3, 58))).toBe('12/Mar/2020:19:03:58 +0000');
  });
});
