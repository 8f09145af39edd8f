import { randomBytes } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import {
  DEV_ISSUER,
  type FunctionName,
  type PlatformSlug,
  ROUTES,
  type RouteSpec,
  routeKey,
} from '@jilin/platform';
import type {
  APIGatewayEventRequestContextJWTAuthorizer,
  APIGatewayProxyEventV2,
  APIGatewayProxyEventV2WithJWTAuthorizer,
} from 'aws-lambda';
import { DEV_ISSUER_ALGORITHM, type DevIssuer, devIssuer } from './dev-issuer';

/**
 * The local HTTP API: one server for every platform, each under `/<slug>` the way a custom
 * domain maps a base path to a city's API (`/changchun/v1/cases` → the changchun API's
 * `/v1/cases`). Routes come from the topology; tokens are checked as the JWT authorizer checks
 * them; functions get payload format 2.0 events and their results are mapped back as API Gateway
 * maps them.
 */

/** API Gateway's payload limit for HTTP APIs: 10 MB. */
export const MAX_REQUEST_BYTES = 10 * 1024 * 1024;
/** API Gateway's longest integration timeout for HTTP APIs: 30 seconds. */
const INTEGRATION_TIMEOUT_MS = 30_000;

export type InvokeFunction = (
  platform: PlatformSlug,
  fn: FunctionName,
  event: APIGatewayProxyEventV2,
) => Promise<unknown>;

/** The HTTP API's CORS configuration; API Gateway answers preflight requests itself. */
export interface CorsOptions {
  /** Origins allowed; `*` in a pattern matches any run of characters but `/`. @default ['http://localhost:*', 'http://127.0.0.1:*'] */
  readonly allowOrigins?: readonly string[];
  /** @default ['GET', 'POST', 'OPTIONS'] */
  readonly allowMethods?: readonly string[];
  /** @default ['authorization', 'content-type', 'idempotency-key'] */
  readonly allowHeaders?: readonly string[];
  /** @default [] */
  readonly exposeHeaders?: readonly string[];
  /** Seconds a browser may cache a preflight answer. @default 300 */
  readonly maxAge?: number;
  /** @default false */
  readonly allowCredentials?: boolean;
}

export interface ApiGatewayOptions {
  /** Runs a function, as the Lambda integration would (typically `runtime.invoke`). */
  readonly invoke: InvokeFunction;
  /** The platforms served, each under `/<slug>`. */
  readonly platforms: readonly PlatformSlug[];
  /** The OpenAPI document: `GET /openapi.json` and `GET /<slug>/openapi.json`. */
  readonly openApi?: (platform?: PlatformSlug) => unknown;
  /** Who verifies tokens and serves the JWKS. @default the repository's dev issuer */
  readonly issuer?: Pick<DevIssuer, 'verifyBearer' | 'jwks'>;
  /** The CORS configuration, or `false` for none. @default {} (the defaults of CorsOptions) */
  readonly cors?: CorsOptions | false;
  /** @default ROUTES from the topology */
  readonly routes?: readonly RouteSpec[];
  /** @default 30000, API Gateway's limit */
  readonly integrationTimeoutMs?: number;
}

export interface ApiGateway {
  /** The request listener, for a server of your own. */
  readonly listener: RequestListener;
  /** Starts a server; resolves to its base URL, e.g. `http://127.0.0.1:4000`. */
  listen(port?: number, host?: string): Promise<string>;
  /** Stops the server started by `listen`, dropping open connections. */
  close(): Promise<void>;
}

interface HttpResult {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly cookies?: readonly string[];
  readonly body: Buffer;
}

const json = (
  statusCode: number,
  value: unknown,
  headers: Record<string, string> = {},
): HttpResult => ({
  statusCode,
  headers: { 'content-type': 'application/json', ...headers },
  body: Buffer.from(JSON.stringify(value)),
});

const message = (statusCode: number, text: string, headers?: Record<string, string>) =>
  json(statusCode, { message: text }, headers);

const NOT_FOUND = () => message(404, 'Not Found');
const INTERNAL_ERROR = () => message(500, 'Internal Server Error');

interface CompiledRoute {
  readonly spec: RouteSpec;
  readonly key: string;
  readonly segments: readonly { readonly literal?: string; readonly param?: string }[];
  readonly literals: number;
}

const splitPath = (path: string): string[] => path.split('/').slice(1);

const compileRoute = (spec: RouteSpec): CompiledRoute => {
  const segments = splitPath(spec.path).map((segment) => {
    const param = /^\{([^}]+)\}$/.exec(segment)?.[1];
    return param === undefined ? { literal: segment } : { param };
  });
  return {
    spec,
    key: routeKey(spec),
    segments,
    literals: segments.filter((s) => s.literal !== undefined).length,
  };
};

const decode = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

interface RouteMatch {
  readonly route: CompiledRoute;
  readonly pathParameters: Record<string, string>;
}

/** The most specific route for the method and path (literal segments win over parameters). */
function matchRoute(
  routes: readonly CompiledRoute[],
  method: string,
  rawPath: string,
): RouteMatch | undefined {
  const parts = splitPath(rawPath);
  let best: RouteMatch | undefined;
  for (const route of routes) {
    if (route.spec.method !== method || route.segments.length !== parts.length) continue;
    const pathParameters: Record<string, string> = {};
    const matches = route.segments.every((segment, i) => {
      const part = parts[i] ?? '';
      if (segment.param === undefined) return part === segment.literal;
      if (part === '') return false;
      pathParameters[segment.param] = decode(part);
      return true;
    });
    if (matches && (best === undefined || route.literals > best.route.literals)) {
      best = { route, pathParameters };
    }
  }
  return best;
}

/**
 * Whether API Gateway hands the body over as text: only for text/*, application/json,
 * application/xml and application/javascript. Everything else, a missing Content-Type and
 * application/x-www-form-urlencoded included, arrives base64-encoded.
 */
export function isTextContentType(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  return (
    mediaType.startsWith('text/') ||
    mediaType === 'application/json' ||
    mediaType === 'application/xml' ||
    mediaType === 'application/javascript'
  );
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** API Gateway's request time: `12/Mar/2020:19:03:58 +0000`. */
export function requestTime(epochMs: number): string {
  const d = new Date(epochMs);
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(
    d.getUTCHours(),
  )}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** Request headers lower-cased, repeated ones joined with commas; cookies apart, as in 2.0. */
function collectHeaders(req: IncomingMessage): {
  headers: Record<string, string>;
  cookies: string[];
} {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] ?? '').toLowerCase();
    const value = raw[i + 1] ?? '';
    if (name === 'cookie') {
      for (const cookie of value.split(';')) {
        const trimmed = cookie.trim();
        if (trimmed !== '') cookies.push(trimmed);
      }
      continue;
    }
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  return { headers, cookies };
}

function queryParameters(rawQueryString: string): Record<string, string> | undefined {
  if (rawQueryString === '') return undefined;
  const parameters: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    parameters[name] = parameters[name] === undefined ? value : `${parameters[name]},${value}`;
  }
  return Object.keys(parameters).length > 0 ? parameters : undefined;
}

/** Reads the body; `undefined` when it exceeds the limit (the rest is drained, not kept). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A function's result as API Gateway answers it for payload format 2.0: an object with a
 * `statusCode` is a response (headers, cookies, body, isBase64Encoded); anything else is a 200
 * `application/json` whose body is the result (a string as it is, other values as JSON). A
 * malformed response is a 500, as API Gateway answers it.
 */
export function mapFunctionResult(result: unknown): HttpResult {
  if (isRecord(result) && 'statusCode' in result) {
    const { statusCode, headers = {}, cookies = [], body, isBase64Encoded } = result;
    if (
      typeof statusCode !== 'number' ||
      !Number.isInteger(statusCode) ||
      statusCode < 100 ||
      statusCode > 599 ||
      !isRecord(headers) ||
      !Array.isArray(cookies) ||
      !cookies.every((c) => typeof c === 'string') ||
      (body !== undefined && body !== null && typeof body !== 'string')
    ) {
      return INTERNAL_ERROR();
    }
    const mapped: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (value === undefined || value === null) continue;
      if (typeof value === 'object') return INTERNAL_ERROR();
      mapped[name.toLowerCase()] = String(value);
    }
    const text = typeof body === 'string' ? body : '';
    return {
      statusCode,
      headers: mapped,
      cookies,
      body: isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text),
    };
  }
  const body = typeof result === 'string' ? result : (JSON.stringify(result) ?? 'null');
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(body),
  };
}

const originMatcher = (patterns: readonly string[]) => {
  const expressions = patterns.map(
    (pattern) =>
      new RegExp(
        `^${pattern
          .split('*')
          .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
          .join('[^/]*')}$`,
        'i',
      ),
  );
  return (origin: string) => expressions.some((expression) => expression.test(origin));
};

function corsHeaders(cors: Required<CorsOptions>, matches: (origin: string) => boolean) {
  const wildcard = cors.allowOrigins.includes('*') && !cors.allowCredentials;
  return (origin: string | undefined, preflight: boolean): Record<string, string> => {
    if (origin === undefined || !matches(origin)) return {};
    const headers: Record<string, string> = {
      'access-control-allow-origin': wildcard ? '*' : origin,
    };
    if (!wildcard) headers.vary = 'Origin';
    if (cors.allowCredentials) headers['access-control-allow-credentials'] = 'true';
    if (preflight) {
      headers['access-control-allow-methods'] = cors.allowMethods.join(',');
      headers['access-control-allow-headers'] = cors.allowHeaders.join(',');
      headers['access-control-max-age'] = String(cors.maxAge);
    } else if (cors.exposeHeaders.length > 0) {
      headers['access-control-expose-headers'] = cors.exposeHeaders.join(',');
    }
    return headers;
  };
}

const hostOf = (req: IncomingMessage): string => req.headers.host ?? 'localhost';

const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(TIMED_OUT), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
const TIMED_OUT = Symbol('timed out');

/** The local HTTP API for the given platforms. */
export function createApiGateway(options: ApiGatewayOptions): ApiGateway {
  const routes = (options.routes ?? ROUTES).map(compileRoute);
  const issuer = options.issuer ?? devIssuer();
  const integrationTimeoutMs = options.integrationTimeoutMs ?? INTEGRATION_TIMEOUT_MS;
  const cors =
    options.cors === false
      ? undefined
      : {
          allowOrigins: options.cors?.allowOrigins ?? ['http://localhost:*', 'http://127.0.0.1:*'],
          allowMethods: options.cors?.allowMethods ?? ['GET', 'POST', 'OPTIONS'],
          allowHeaders: options.cors?.allowHeaders ?? [
            'authorization',
            'content-type',
            'idempotency-key',
          ],
          exposeHeaders: options.cors?.exposeHeaders ?? [],
          maxAge: options.cors?.maxAge ?? 300,
          allowCredentials: options.cors?.allowCredentials ?? false,
        };
  const corsFor = cors ? corsHeaders(cors, originMatcher(cors.allowOrigins)) : () => ({});

  const index = (req: IncomingMessage): HttpResult => {
    const base = `http://${hostOf(req)}`;
    return json(200, {
      name: '吉林省“一号一窗一网” local platform',
      platforms: options.platforms.map((slug) => ({
        slug,
        baseUrl: `${base}/${slug}`,
        ...(options.openApi ? { openApi: `${base}/${slug}/openapi.json` } : {}),
      })),
      routes: routes.map((r) => ({ route: r.key, access: r.spec.access, summary: r.spec.summary })),
      jwks: `${base}/.well-known/jwks.json`,
      token:
        'TOKEN=$(npm run -s token -- citizen --id <公民身份号码>) (or: window --platform <slug>, officer --platform <slug> --department <id>, admin --platform <slug>); then send Authorization: Bearer $TOKEN',
    });
  };

  const openApiDocument = (req: IncomingMessage, platform?: PlatformSlug): HttpResult => {
    if (!options.openApi) return NOT_FOUND();
    const document = options.openApi(platform);
    if (platform !== undefined && isRecord(document) && document.servers === undefined) {
      return json(200, {
        ...document,
        servers: [{ url: `http://${hostOf(req)}/${platform}` }],
      });
    }
    return json(200, document);
  };

  const integrate = async (
    req: IncomingMessage,
    platform: PlatformSlug,
    rawPath: string,
    rawQueryString: string,
    match: RouteMatch,
    body: Buffer,
    requestId: string,
  ): Promise<HttpResult> => {
    const { headers, cookies } = collectHeaders(req);
    let authorizer: APIGatewayEventRequestContextJWTAuthorizer | undefined;
    if (match.route.spec.access !== 'public') {
      const verdict = await issuer.verifyBearer(headers.authorization);
      if (!verdict.ok) {
        // The same challenge API Gateway sends; header values must be printable ASCII.
        const description = verdict.reason.replace(/[^\x20-\x7e]|"/g, "'");
        return message(401, 'Unauthorized', {
          'www-authenticate': `Bearer scope="" error="invalid_token" error_description="${description}"`,
        });
      }
      authorizer = { jwt: { claims: verdict.claims, scopes: [] } };
    }

    const now = Date.now();
    const host = hostOf(req);
    const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
    headers['x-forwarded-for'] ??= sourceIp;
    headers['x-forwarded-port'] ??= String(req.socket.localPort ?? '');
    headers['x-forwarded-proto'] ??= 'http';
    headers['x-amzn-trace-id'] ??=
      `Root=1-${Math.floor(now / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
    const hasBody = body.length > 0;
    const base64 = hasBody && !isTextContentType(headers['content-type']);
    const queryStringParameters = queryParameters(rawQueryString);
    const event: APIGatewayProxyEventV2WithJWTAuthorizer | APIGatewayProxyEventV2 = {
      version: '2.0',
      routeKey: match.route.key,
      rawPath,
      rawQueryString,
      ...(cookies.length > 0 ? { cookies } : {}),
      headers,
      ...(queryStringParameters ? { queryStringParameters } : {}),
      requestContext: {
        accountId: '000000000000',
        apiId: `local-${platform}`,
        ...(authorizer ? { authorizer } : {}),
        domainName: host,
        domainPrefix: host.split(/[.:]/)[0] ?? host,
        http: {
          method: req.method ?? 'GET',
          path: rawPath,
          protocol: `HTTP/${req.httpVersion}`,
          sourceIp,
          userAgent: headers['user-agent'] ?? '',
        },
        requestId,
        routeKey: match.route.key,
        stage: '$default',
        time: requestTime(now),
        timeEpoch: now,
      },
      ...(Object.keys(match.pathParameters).length > 0
        ? { pathParameters: match.pathParameters }
        : {}),
      ...(hasBody ? { body: body.toString(base64 ? 'base64' : 'utf8') } : {}),
      isBase64Encoded: base64,
    };

    try {
      const result = await withTimeout(
        options.invoke(platform, match.route.spec.function, event),
        integrationTimeoutMs,
      );
      if (result === TIMED_OUT) return message(503, 'Service Unavailable');
      return mapFunctionResult(result);
    } catch {
      // The function failed (threw, timed out or crashed): the caller learns nothing more, as
      // from API Gateway; the runtime has already logged the error.
      return INTERNAL_ERROR();
    }
  };

  const route = async (req: IncomingMessage, requestId: string): Promise<HttpResult> => {
    // The whole request arrives before anything is decided, so the size limit comes first.
    const body = await readBody(req, MAX_REQUEST_BYTES);
    if (body === undefined) return message(413, 'Request Entity Too Large');
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = queryAt === -1 ? url : url.slice(0, queryAt);
    const rawQueryString = queryAt === -1 ? '' : url.slice(queryAt + 1);
    const method = req.method ?? 'GET';

    if (method === 'GET') {
      if (path === '/') return index(req);
      if (path === '/openapi.json') return openApiDocument(req);
      if (path === '/.well-known/jwks.json') return json(200, await issuer.jwks());
      if (path === '/.well-known/openid-configuration') {
        return json(200, {
          issuer: DEV_ISSUER,
          jwks_uri: `http://${hostOf(req)}/.well-known/jwks.json`,
          id_token_signing_alg_values_supported: [DEV_ISSUER_ALGORITHM],
        });
      }
    }

    const slug = path.split('/')[1] ?? '';
    const platform = options.platforms.find((candidate) => candidate === slug);
    if (platform === undefined) return NOT_FOUND();
    const rawPath = path.slice(slug.length + 1) || '/';
    if (method === 'GET' && rawPath === '/openapi.json') return openApiDocument(req, platform);

    const match = matchRoute(routes, method, rawPath);
    if (!match) return NOT_FOUND();
    return integrate(req, platform, rawPath, rawQueryString, match, body, requestId);
  };

  const send = (
    req: IncomingMessage,
    res: ServerResponse,
    result: HttpResult,
    requestId: string,
    preflight = false,
  ) => {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(result.headers)) {
      // With CORS configured, API Gateway ignores the CORS headers an integration returns.
      if (cors && name.startsWith('access-control-')) continue;
      headers[name] = value;
    }
    Object.assign(headers, corsFor(req.headers.origin, preflight));
    if (result.cookies && result.cookies.length > 0) headers['set-cookie'] = [...result.cookies];
    headers['apigw-requestid'] = requestId;
    headers['content-length'] = String(result.body.length);
    try {
      res.writeHead(result.statusCode, headers);
      res.end(result.body);
    } catch {
      // A header the function returned that HTTP cannot carry: API Gateway answers 500.
      if (res.headersSent) {
        res.destroy();
      } else {
        const fallback = INTERNAL_ERROR();
        res.writeHead(fallback.statusCode, {
          ...fallback.headers,
          'apigw-requestid': requestId,
          'content-length': String(fallback.body.length),
        });
        res.end(fallback.body);
      }
    }
  };

  const listener: RequestListener = (req, res) => {
    const requestId = randomBytes(11).toString('base64');
    // CORS preflight: answered by API Gateway itself, for any path, without authorization.
    if (
      cors &&
      req.method === 'OPTIONS' &&
      req.headers.origin !== undefined &&
      req.headers['access-control-request-method'] !== undefined
    ) {
      req.resume();
      send(req, res, { statusCode: 204, headers: {}, body: Buffer.alloc(0) }, requestId, true);
      return;
    }
    route(req, requestId).then(
      (result) => send(req, res, result, requestId),
      () => send(req, res, INTERNAL_ERROR(), requestId),
    );
  };

  let server: Server | undefined;
  return {
    listener,
    listen(port = 0, host = '127.0.0.1') {
      if (server) return Promise.reject(new Error('the API gateway is already listening'));
      const started = createServer(listener);
      server = started;
      return new Promise((resolve, reject) => {
        started.once('error', reject);
        started.listen(port, host, () => {
          const address = started.address();
          const boundPort = typeof address === 'object' && address ? address.port : port;
          const shownHost = host.includes(':') ? `[${host}]` : host;
          resolve(`http://${shownHost}:${boundPort}`);
        });
      });
    },
    close() {
      const stopping = server;
      server = undefined;
      if (!stopping) return Promise.resolve();
      return new Promise((resolve, reject) => {
        stopping.close((error) => (error ? reject(error) : resolve()));
        stopping.closeAllConnections();
      });
    },
  };
}
