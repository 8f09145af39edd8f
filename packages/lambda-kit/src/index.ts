export { DEFAULT_MAX_BODY_BYTES, MAX_JSON_DEPTH } from './body';
export { envOrThrow, parseJsonEnv } from './env';
export type { ApiErrorOptions, ProblemErrorItem } from './errors';
export {
  ApiError,
  badRequest,
  conflict,
  EnvironmentError,
  forbidden,
  notFound,
  unprocessable,
} from './errors';
export type {
  HttpEvent,
  HttpHandlerOptions,
  HttpRequest,
  HttpResult,
  RouteDefinition,
} from './http';
export { DEFAULT_MAX_QUERY_LENGTH, httpHandler, requirePrincipal, route } from './http';
export type { Tracing } from './observability';
export { isTracingEnabled, logger, metrics, tracing } from './observability';
export type { Problem } from './problem';
export { problemResponse, toProblem } from './problem';
export { redact } from './redact';
export { JSON_CONTENT_TYPE, PROBLEM_CONTENT_TYPE, SECURITY_HEADERS } from './response';
export type { ApiEventOptions } from './testing';
export { apiEvent, lambdaContext } from './testing';
export { zhCnErrorMap } from './validation';
