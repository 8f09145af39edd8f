import {
  CalendarNotPublishedError,
  DomainError,
  IllegalTransitionError,
  InvalidApplicationError,
  InvalidIdentifierError,
} from '@jilin/domain';
import {
  CaseExistsError,
  CaseNotFoundError,
  InvalidCursorError,
  ReadIncompleteError,
  VersionConflictError,
} from '@jilin/store';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ApiError, type ProblemErrorItem } from './errors';
import { lowerCaseHeaders, PROBLEM_CONTENT_TYPE, SECURITY_HEADERS } from './response';

/**
 * An error response, RFC 9457 problem details with this platform's extension members `code`
 * (stable, for programs) and `errors` (the individual problems).
 * @example
 * {
 *   "type": "urn:jilin:problem:VERSION_CONFLICT", "title": "操作冲突", "status": 409,
 *   "code": "VERSION_CONFLICT", "detail": "办件已被他人更新，请刷新后重试",
 *   "instance": "Jk3bWjR0ywMEMzw="
 * }
 */
export interface Problem {
  /** `urn:jilin:problem:<code>`. */
  readonly type: string;
  /** A short zh-CN summary of the status. */
  readonly title: string;
  readonly status: number;
  readonly code: string;
  /** zh-CN, for the citizen or the clerk: what went wrong and, where possible, what to do. */
  readonly detail: string;
  readonly errors?: readonly ProblemErrorItem[];
  /** The API Gateway request id, to quote to the help desk. */
  readonly instance?: string;
}

/** The answer to anything the kit does not recognise: the error itself is only logged. */
export const INTERNAL_CODE = 'INTERNAL';
const INTERNAL_DETAIL = '系统繁忙，请稍后再试';

const TITLES: Readonly<Record<number, string>> = {
  400: '请求有误',
  401: '需要登录',
  403: '无权操作',
  404: '未找到',
  405: '不支持的请求方法',
  409: '操作冲突',
  410: '已失效',
  413: '请求内容过大',
  414: '请求地址过长',
  415: '不支持的内容类型',
  422: '无法受理',
  429: '请求过于频繁',
  500: '系统错误',
  502: '服务暂不可用',
  503: '服务暂不可用',
  504: '服务响应超时',
};

/** The zh-CN title of a status. */
export const problemTitle = (status: number): string =>
  TITLES[status] ?? (status >= 500 ? '系统错误' : '请求有误');

/**
 * Statuses of DomainErrors by code, for errors of packages the kit does not import (the
 * application services): access refused, and rules about the case's current state.
 */
const DOMAIN_CODE_STATUS: Readonly<Record<string, number>> = {
  FORBIDDEN: 403,
  VERSION_CONFLICT: 409,
  ALREADY_RATED: 409,
  NOT_RATEABLE: 409,
  NO_FOLLOW_UP_OWED: 409,
  INVALID_PERIOD: 400,
};

function domainStatus(error: DomainError): number {
  if (error instanceof InvalidIdentifierError) return 400;
  if (error instanceof InvalidApplicationError) return 422;
  if (error instanceof IllegalTransitionError || error instanceof CalendarNotPublishedError) {
    return 409;
  }
  const byCode = DOMAIN_CODE_STATUS[error.code];
  if (byCode !== undefined) return byCode;
  if (error.code.endsWith('_NOT_FOUND')) return 404;
  if (error.code.endsWith('_CONFLICT')) return 409;
  return 422;
}

/**
 * The one mapping from an error to its problem. Known errors keep their code and zh-CN message:
 *
 * | error                                       | status | code                        |
 * | ------------------------------------------- | ------ | --------------------------- |
 * | ApiError                                    | its own| its own                     |
 * | InvalidIdentifierError                      | 400    | the rule (`ID_CHECKSUM`…)   |
 * | InvalidApplicationError                     | 422    | the rule, `subject` → errors|
 * | IllegalTransitionError, CalendarNotPublishedError | 409 | its own                  |
 * | other DomainError                           | 403 `FORBIDDEN`; 404 `*_NOT_FOUND`; 409 `VERSION_CONFLICT`, `*_CONFLICT`, `ALREADY_RATED`, `NOT_RATEABLE`, `NO_FOLLOW_UP_OWED`; 400 `INVALID_PERIOD`; else 422 | its own |
 * | VersionConflictError                        | 409    | VERSION_CONFLICT            |
 * | CaseNotFoundError                           | 404    | CASE_NOT_FOUND              |
 * | CaseExistsError                             | 409    | CASE_EXISTS                 |
 * | InvalidCursorError                          | 400    | INVALID_CURSOR              |
 * | IdempotencyValidationError                  | 422    | IDEMPOTENCY_KEY_REUSED      |
 * | IdempotencyAlreadyInProgressError           | 409    | REQUEST_IN_PROGRESS         |
 * | IdempotencyKeyError                         | 400    | IDEMPOTENCY_KEY_REQUIRED    |
 * | DynamoDB refusing a query's starting key    | 400    | INVALID_CURSOR              |
 * | AWS throttling or failing (its `$fault`), ReadIncompleteError | 503 | SERVICE_UNAVAILABLE |
 * | anything else                               | 500    | INTERNAL (generic detail)   |
 */
export function toProblem(error: unknown): { status: number; problem: Problem } {
  if (error instanceof ApiError) {
    return make(error.status, error.code, error.messageZh, error.errors);
  }
  if (error instanceof DomainError) {
    const errors =
      error instanceof InvalidApplicationError && error.subject.length > 0
        ? error.subject.map((subject) => ({ subject, code: error.code, message: error.messageZh }))
        : undefined;
    return make(domainStatus(error), error.code, error.messageZh, errors);
  }
  if (error instanceof VersionConflictError) {
    return make(409, error.code, '办件已被他人更新，请刷新后重试');
  }
  if (error instanceof CaseNotFoundError) {
    return make(404, error.code, '未找到该办件，请核对办件编号');
  }
  if (error instanceof CaseExistsError) {
    return make(409, error.code, '该办件已存在，请勿重复提交');
  }
  if (error instanceof InvalidCursorError) {
    return make(400, error.code, '分页参数无效，请从第一页重新查询');
  }
  if (isIdempotencyError(error, 'IdempotencyValidationError')) {
    return make(422, 'IDEMPOTENCY_KEY_REUSED', '同一幂等键已用于不同的请求');
  }
  if (isIdempotencyError(error, 'IdempotencyAlreadyInProgressError')) {
    return make(409, 'REQUEST_IN_PROGRESS', '相同的请求正在处理中，请稍后再试');
  }
  if (isIdempotencyError(error, 'IdempotencyKeyError')) {
    return make(400, 'IDEMPOTENCY_KEY_REQUIRED', '请求缺少幂等键（Idempotency-Key）');
  }
  if (isRejectedStartKey(error)) {
    return make(400, 'INVALID_CURSOR', '分页参数无效，请从第一页重新查询');
  }
  if (isTransientAwsFault(error) || error instanceof ReadIncompleteError) {
    return make(503, UNAVAILABLE_CODE, '服务繁忙，请稍后重试');
  }
  return make(500, INTERNAL_CODE, INTERNAL_DETAIL);
}

/**
 * The throttling errors of the services the functions call (DynamoDB, SQS, Secrets Manager). The
 * SDK's own list is in @smithy/service-error-classification, an internal package of the SDK (its
 * hoisted copy here is an older major than the one the clients use), so the names are here.
 */
const THROTTLING = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
]);

/** A 503's code: the same request may well succeed in a moment (`retry-after` says when). */
export const UNAVAILABLE_CODE = 'SERVICE_UNAVAILABLE';

/**
 * An AWS service that was throttling or failing on its side past the SDK's own retries (the SDK
 * marks its exceptions with `$fault` and `$retryable`), directly or as the cause of Powertools'
 * failure to save an idempotency record: a 503 the client may retry, not a 500.
 */
function isTransientAwsFault(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 2) return false;
  const sdk = error as Error & {
    $fault?: unknown;
    $retryable?: { throttling?: unknown };
    $metadata?: { httpStatusCode?: unknown };
  };
  const status = sdk.$metadata?.httpStatusCode;
  if (sdk.$fault === 'server' || (typeof status === 'number' && status >= 500)) return true;
  if (sdk.$retryable?.throttling === true || THROTTLING.has(error.name)) return true;
  return (
    error.name === 'IdempotencyPersistenceLayerError' && isTransientAwsFault(error.cause, depth + 1)
  );
}

/**
 * DynamoDB refusing a Query's ExclusiveStartKey ("The provided starting key does not match the
 * range key predicate", "… is outside query boundaries", "… is invalid"). The store's only
 * starting keys are the cursors clients pass back, and a forged one that decodes to the right
 * partition (a worklist's is predictable) can still lie outside the query's bounds: that is a
 * bad cursor, not a server fault.
 */
function isRejectedStartKey(error: unknown): boolean {
  return (
    error instanceof Error &&
    error.name === 'ValidationException' &&
    /provided starting key/i.test(error.message)
  );
}

/**
 * A Powertools idempotency error, known by its name: importing the package for `instanceof`
 * would put it, and the JMESPath engine it loads, into every function's bundle and cold start,
 * while only submit-application uses it. None of these three has a subclass.
 */
function isIdempotencyError(
  error: unknown,
  name: 'IdempotencyValidationError' | 'IdempotencyAlreadyInProgressError' | 'IdempotencyKeyError',
): boolean {
  return error instanceof Error && error.name === name;
}

function make(
  status: number,
  code: string,
  detail: string,
  errors?: readonly ProblemErrorItem[],
): { status: number; problem: Problem } {
  const problem: Problem = {
    type: `urn:jilin:problem:${code}`,
    title: problemTitle(status),
    status,
    code,
    detail,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
  return { status, problem };
}

/**
 * The problem+json response for a problem, with the security headers; a 401 carries
 * `www-authenticate: Bearer` (RFC 6750), a 409 REQUEST_IN_PROGRESS and a 503 `retry-after: 1`, and an
 * ApiError's own headers are added.
 */
export function problemResponse(
  problem: Problem,
  headers?: Readonly<Record<string, string>>,
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: problem.status,
    headers: {
      'content-type': PROBLEM_CONTENT_TYPE,
      ...SECURITY_HEADERS,
      ...(problem.status === 401 ? { 'www-authenticate': 'Bearer' } : {}),
      // The first request with this Idempotency-Key is still running: retry shortly (RFC 9110).
      ...(problem.code === 'REQUEST_IN_PROGRESS' || problem.code === UNAVAILABLE_CODE
        ? { 'retry-after': '1' }
        : {}),
      ...lowerCaseHeaders(headers),
    },
    body: JSON.stringify(problem),
  };
}
