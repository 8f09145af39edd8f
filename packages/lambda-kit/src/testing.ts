import { randomUUID } from 'node:crypto';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyEventV2WithJWTAuthorizer,
  Context,
} from 'aws-lambda';

/** Options of {@link apiEvent}. */
export interface ApiEventOptions {
  /** `METHOD /path/{param}`, as in the platform's ROUTES. */
  readonly routeKey: string;
  /**
   * The request path.
   * @default the route's path with `pathParameters` filled in
   */
  readonly path?: string;
  readonly pathParameters?: Record<string, string>;
  readonly query?: Record<string, string>;
  /** A string is sent as is; anything else as JSON (with `content-type: application/json`). */
  readonly body?: unknown | string;
  /**
   * Whether `body` is base64 (the string is sent as given; encode it yourself).
   * @default false
   */
  readonly isBase64Encoded?: boolean;
  /** Request headers; names are lower-cased, as API Gateway does. */
  readonly headers?: Record<string, string>;
  /** The JWT authorizer's claims (strings, as API Gateway passes them); none: no authorizer. */
  readonly claims?: Record<string, string>;
}

const ACCOUNT_ID = '123456789012';
const API_ID = 'jilinapi01';

/**
 * A realistic HTTP API payload-format-2.0 event, for handler tests and the local platform.
 * Without `claims` the request context has no `authorizer`, as API Gateway sends it for a route
 * without one (the @types/aws-lambda type declares it anyway).
 * @example apiEvent({ routeKey: 'GET /v1/cases/{caseId}', pathParameters: { caseId }, claims: { role: 'citizen', sub: 'u1', id_number } })
 */
export function apiEvent(opts: ApiEventOptions): APIGatewayProxyEventV2WithJWTAuthorizer {
  const space = opts.routeKey.indexOf(' ');
  const method = space > 0 ? opts.routeKey.slice(0, space) : 'GET';
  const routePath = space > 0 ? opts.routeKey.slice(space + 1) : '/';
  const path =
    opts.path ??
    routePath.replace(/\{([^}+]+)\+?\}/g, (whole, name: string) => {
      const value = opts.pathParameters?.[name];
      return value === undefined ? whole : encodeURIComponent(value);
    });

  const headers: Record<string, string> = {
    accept: 'application/json',
    host: `${API_ID}.execute-api.cn-north-1.amazonaws.com.cn`,
    'user-agent': 'lambda-kit-tests/1.0',
    'x-forwarded-for': '203.0.113.10',
    'x-forwarded-port': '443',
    'x-forwarded-proto': 'https',
  };
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    if (typeof opts.body !== 'string') headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(body, 'utf8'));
  }
  for (const [name, value] of Object.entries(opts.headers ?? {})) {
    headers[name.toLowerCase()] = value;
  }

  const now = new Date();
  const rawQueryString = opts.query ? new URLSearchParams(opts.query).toString() : '';
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: opts.routeKey,
    rawPath: path,
    rawQueryString,
    headers,
    requestContext: {
      accountId: ACCOUNT_ID,
      apiId: API_ID,
      domainName: headers.host ?? `${API_ID}.execute-api.cn-north-1.amazonaws.com.cn`,
      domainPrefix: API_ID,
      http: {
        method,
        path,
        protocol: 'HTTP/1.1',
        sourceIp: '203.0.113.10',
        userAgent: headers['user-agent'] ?? 'lambda-kit-tests/1.0',
      },
      requestId: apiRequestId(),
      routeKey: opts.routeKey,
      stage: '$default',
      time: clfTime(now),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: opts.isBase64Encoded ?? false,
    ...(opts.query && Object.keys(opts.query).length > 0
      ? { queryStringParameters: { ...opts.query } }
      : {}),
    ...(opts.pathParameters && Object.keys(opts.pathParameters).length > 0
      ? { pathParameters: { ...opts.pathParameters } }
      : {}),
    ...(body === undefined ? {} : { body }),
  };
  if (opts.claims === undefined) {
    return event as APIGatewayProxyEventV2WithJWTAuthorizer;
  }
  return {
    ...event,
    requestContext: {
      ...event.requestContext,
      authorizer: {
        principalId: '',
        integrationLatency: 0,
        jwt: { claims: { ...opts.claims }, scopes: [] },
      },
    },
  };
}

/**
 * A Lambda context for tests: a 10-second budget, ARN in the aws-cn partition.
 * @example await handler(apiEvent({ routeKey: 'GET /v1/catalogue/services' }), lambdaContext())
 */
export function lambdaContext(overrides: Partial<Context> = {}): Context {
  const functionName = overrides.functionName ?? 'jilin-test-function';
  const deadline = Date.now() + 10_000;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws-cn:lambda:cn-north-1:${ACCOUNT_ID}:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `${new Date().toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]${randomUUID().replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
    ...overrides,
  };
}

/** API Gateway's request ids look like `Jk3bWjR0ywMEMzw=`. */
function apiRequestId(): string {
  return `${Buffer.from(randomUUID().replaceAll('-', ''), 'hex').toString('base64').slice(0, 14)}=`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `26/Nov/2025:03:37:00 +0000`, the format of `requestContext.time`. */
function clfTime(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}
