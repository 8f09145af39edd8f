import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import {
  type Principal,
  principalFromClaims,
  ROUTES,
  type RouteSpec,
  routeKey,
} from '@jilin/platform';
import middy from '@middy/core';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import type * as z from 'zod/mini';
// The class alone: `z.core` read as a value would put all of zod's core (its locales too) in the bundle.
import { $ZodError } from 'zod/v4/core';
import { DEFAULT_MAX_BODY_BYTES, readJsonBody } from './body';
import { ApiError } from './errors';
import { logger, metrics, publishMetrics, tracing } from './observability';
import { problemResponse, toProblem } from './problem';
import { redact } from './redact';
import { jsonResponse, lowerCaseHeaders } from './response';
import { issuePath, parseOrThrow } from './validation';

/** What a route's `handle` receives: the request, parsed and with its caller established. */
export interface HttpRequest<
  B = unknown,
  P = Record<string, string>,
  Q = Record<string, string | undefined>,
> {
  /** e.g. `GET /v1/cases/{caseId}`. */
  readonly routeKey: string;
  /** Parsed by the route's body schema; `undefined` if the route has none. */
  readonly body: B;
  /** Path parameters, parsed by the route's params schema if it has one. */
  readonly params: P;
  /** Query string parameters, parsed by the route's query schema if it has one. */
  readonly query: Q;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The caller, from the token's claims; `undefined` only on public routes. */
  readonly principal: Principal | undefined;
  /** API Gateway's request id (the problem's `instance`). */
  readonly requestId: string;
  readonly lambdaContext: Context;
}

/** What a route's `handle` answers; `body` is serialised as JSON (none for 204). */
export interface HttpResult {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** One route of a function: its schemas and its handler. */
export interface RouteDefinition<B, P, Q> {
  readonly body?: z.core.$ZodType<B>;
  readonly params?: z.core.$ZodType<P>;
  readonly query?: z.core.$ZodType<Q>;
  /**
   * True when one of the route's schemas has an async refinement or transform: the kit then
   * parses them with zod's async parse (never on the compiled parser). Without it such a schema
   * fails every request that reaches the async part with a 500, logged as a programming error.
   * @default false
   */
  readonly asyncValidation?: boolean;
  readonly handle: (req: HttpRequest<B, P, Q>) => Promise<HttpResult>;
}

/**
 * The caller of a protected route. The kit has already refused a protected route without a
 * principal, so this only throws (401) when a handler calls it on a public route.
 * @example handle: async (req) => ({ status: 200, body: await reader.getCase(requirePrincipal(req), req.params.caseId) })
 */
export function requirePrincipal(req: { readonly principal: Principal | undefined }): Principal {
  if (req.principal === undefined) throw unauthenticated('no principal on this route');
  return req.principal;
}

/** Options of {@link httpHandler}. */
export interface HttpHandlerOptions {
  /**
   * Largest request body accepted, in bytes after base64 decoding; larger → 413.
   * @default 65536 (64 KiB)
   */
  readonly maxBodyBytes?: number;
  /**
   * Longest raw query string accepted, in characters; longer → 414.
   * @default 2048
   */
  readonly maxQueryLength?: number;
}

/** The events an HTTP API (payload format 2.0) sends, with or without a JWT authorizer. */
export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer | APIGatewayProxyEventV2;

/** Default cap on the raw query string. */
export const DEFAULT_MAX_QUERY_LENGTH = 2048;

/**
 * Identity helper: lets TypeScript infer the body, params and query types from the schemas.
 * @example
 * const getCase = route({
 *   params: z.object({ caseId: CaseIdSchema }),
 *   handle: async (req) => ({ status: 200, body: await reader.getCase(requirePrincipal(req), req.params.caseId) }),
 * });
 */
export function route<
  B = undefined,
  P = Record<string, string>,
  Q = Record<string, string | undefined>,
>(def: RouteDefinition<B, P, Q>): RouteDefinition<B, P, Q> {
  return def;
}

interface CompiledRoute {
  readonly spec: RouteSpec;
  // biome-ignore lint/suspicious/noExplicitAny: routes of one function have different types
  readonly def: RouteDefinition<any, any, any>;
  /** How its schemas are parsed (asyncValidation), decided once for the route. */
  readonly parsing: { readonly async: boolean };
}

/**
 * Builds the Lambda handler for one function: the Powertools middlewares (logger with the
 * Lambda context and never the event, metrics with a cold-start metric, tracer when tracing is
 * enabled) around a router keyed by API Gateway's `routeKey`. For the matched route it checks
 * the caller against the route's access in the platform's ROUTES (401/403), reads and validates
 * the body, path and query (400/413/414/415), calls `handle`, and answers JSON with security
 * headers; every error becomes problem+json through {@link toProblem}.
 *
 * Every route key must be one of the platform's ROUTES: a route missing there has no access rule,
 * so building the handler throws (at cold start) rather than guess.
 */
export function httpHandler(
  // biome-ignore lint/suspicious/noExplicitAny: routes of one function have different types
  routes: Readonly<Record<string, RouteDefinition<any, any, any>>>,
  options: HttpHandlerOptions = {},
): middy.MiddyfiedHandler<HttpEvent, APIGatewayProxyStructuredResultV2> {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxQueryLength = options.maxQueryLength ?? DEFAULT_MAX_QUERY_LENGTH;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes <= 0) {
    throw new RangeError(
      `httpHandler: maxBodyBytes must be a positive integer, got ${maxBodyBytes}`,
    );
  }
  if (!Number.isInteger(maxQueryLength) || maxQueryLength <= 0) {
    throw new RangeError(
      `httpHandler: maxQueryLength must be a positive integer, got ${maxQueryLength}`,
    );
  }
  const table = compileRoutes(routes);

  const dispatch = async (
    event: HttpEvent,
    context: Context,
  ): Promise<APIGatewayProxyStructuredResultV2> => {
    const requestId = requestIdOf(event, context);
    logger.setCorrelationId(requestId);
    logger.appendKeys({ route: event.routeKey });
    try {
      const compiled = table.get(event.routeKey);
      if (!compiled) {
        throw new ApiError(
          404,
          'ROUTE_NOT_FOUND',
          '请求的接口不存在',
          `no route ${event.routeKey}`,
        );
      }
      const { spec, def, parsing } = compiled;
      const principal = authorize(spec, event);
      if ((event.rawQueryString ?? '').length > maxQueryLength) {
        throw new ApiError(414, 'URI_TOO_LONG', '请求地址过长，请减少查询条件');
      }
      const headers = lowerCaseHeaders(event.headers);
      const rawBody = def.body
        ? readJsonBody(event, headers['content-type'], maxBodyBytes)
        : undefined;
      const pathParameters = event.pathParameters ?? {};
      const queryParameters = event.queryStringParameters ?? {};
      const params: unknown = def.params
        ? await parseOrThrow(def.params, pathParameters, parsing)
        : pathParameters;
      const query: unknown = def.query
        ? await parseOrThrow(def.query, queryParameters, parsing)
        : queryParameters;
      const body: unknown = def.body ? await parseOrThrow(def.body, rawBody, parsing) : undefined;
      const result = await def.handle({
        routeKey: event.routeKey,
        body,
        params,
        query,
        headers,
        principal,
        requestId,
        lambdaContext: context,
      });
      return jsonResponse(result.status, result.body, result.headers);
    } catch (error) {
      return errorResponse(error, requestId);
    }
  };

  const handler = middy<HttpEvent, APIGatewayProxyStructuredResultV2>()
    // Never logEvent: events carry ID numbers (in claims and bodies) whatever the environment says.
    .use(injectLambdaContext(logger, { logEvent: false, resetKeys: true }))
    .use(publishMetrics(metrics));
  if (tracing) {
    // Responses may carry personal data: never as trace metadata.
    handler.use(tracing.captureLambdaHandler(tracing.tracer, { captureResponse: false }));
  }
  return handler
    .use({
      // Last resort for a failure outside the router (a middleware's own): still problem+json.
      onError: (request) => {
        request.response = errorResponse(
          request.error,
          requestIdOf(request.event, request.context),
        );
      },
    })
    .handler(dispatch);
}

function compileRoutes(
  // biome-ignore lint/suspicious/noExplicitAny: routes of one function have different types
  routes: Readonly<Record<string, RouteDefinition<any, any, any>>>,
): ReadonlyMap<string, CompiledRoute> {
  const specs = new Map(ROUTES.map((spec) => [routeKey(spec), spec]));
  const table = new Map<string, CompiledRoute>();
  for (const [key, def] of Object.entries(routes)) {
    const spec = specs.get(key);
    if (!spec) {
      throw new Error(
        `httpHandler: route "${key}" is not one of the platform's ROUTES (@jilin/platform): add it there, with its access, so that the API, the local platform and the access check know it`,
      );
    }
    table.set(key, { spec, def, parsing: { async: def.asyncValidation === true } });
  }
  if (table.size === 0) throw new Error('httpHandler: no routes given');
  return table;
}

const unauthenticated = (reason: string): ApiError =>
  new ApiError(401, 'UNAUTHENTICATED', '请先登录，或登录已过期，请重新登录', reason);

/**
 * The caller of a protected route, from the JWT authorizer's claims (strings: API Gateway
 * stringifies them): none or not a principal → 401; a role the route does not admit → 403.
 * Whether the caller may see or change the object is the service's to decide.
 */
function authorize(spec: RouteSpec, event: HttpEvent): Principal | undefined {
  if (spec.access === 'public') return undefined;
  const claims =
    'authorizer' in event.requestContext ? event.requestContext.authorizer?.jwt?.claims : undefined;
  if (!claims) throw unauthenticated('no token claims on a protected route');
  let principal: Principal;
  try {
    principal = principalFromClaims(claims);
  } catch (error) {
    if (!(error instanceof $ZodError)) throw error;
    // Which claims are wrong, never their values.
    logger.warn({
      message: 'token claims do not make a principal',
      claims: error.issues.map((issue) => `${issuePath(issue.path) || '(root)'}: ${issue.code}`),
    });
    throw unauthenticated('token claims do not make a principal');
  }
  if (!spec.access.includes(principal.role)) {
    throw new ApiError(
      403,
      'FORBIDDEN',
      '您无权执行此操作',
      `role ${principal.role} may not call ${routeKey(spec)}`,
    );
  }
  return principal;
}

/** API Gateway's request id, else Lambda's (an event not from API Gateway); `''` if neither. */
function requestIdOf(event: HttpEvent | undefined, context: Context | undefined): string {
  return event?.requestContext?.requestId || context?.awsRequestId || '';
}

/**
 * The problem+json response for an error, logged: server errors at error level with the error's
 * name, message, stack, code and causes (redacted like every log line, and never the event);
 * client errors with their status and code only (401/403 at warn, the others at info).
 */
function errorResponse(
  error: unknown,
  requestId: string | undefined,
): APIGatewayProxyStructuredResultV2 {
  const { status, problem } = toProblem(error);
  if (status >= 500) {
    logger.error({ message: 'request failed', status, code: problem.code, error: loggable(error) });
    tracing?.tracer.addErrorAsMetadata(loggable(error, redact));
  } else {
    const line = { message: 'request refused', status, code: problem.code };
    if (status === 401 || status === 403) logger.warn(line);
    else logger.info(line);
  }
  const headers = error instanceof ApiError ? error.headers : undefined;
  return problemResponse(requestId ? { ...problem, instance: requestId } : problem, headers);
}

const MAX_CAUSES = 3;

/**
 * A copy of an error with only its name, message, stack, string `code` and causes: Powertools
 * would log every enumerable property (an SDK error's item, an idempotency record), and those
 * may hold personal data that no pattern recognises.
 */
function loggable(error: unknown, clean: (text: string) => string = String, depth = 0): Error {
  if (!(error instanceof Error)) {
    return new Error(
      typeof error === 'string' ? clean(error) : `a non-Error value was thrown (${typeof error})`,
    );
  }
  const cause =
    error.cause !== undefined && depth < MAX_CAUSES
      ? { cause: loggable(error.cause, clean, depth + 1) }
      : undefined;
  const copy = new Error(clean(error.message), cause);
  copy.name = error.name;
  copy.stack = error.stack === undefined ? undefined : clean(error.stack);
  const code: unknown = (error as { code?: unknown }).code;
  if (typeof code === 'string') Object.assign(copy, { code });
  return copy;
}
