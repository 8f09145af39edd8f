/** One thing wrong with a request, as listed in a problem's `errors`. */
export interface ProblemErrorItem {
  /** Where in the body, path or query: dot-separated (`applicant.idNumber`, `materials.0.id`). */
  readonly path?: string;
  /** What the rule concerns, when it is not a place in the request (a material id, a kind). */
  readonly subject?: string;
  /** A stable machine code: the rule's own code (`ID_CHECKSUM`) or zod's issue code. */
  readonly code: string;
  /** zh-CN, for the citizen. */
  readonly message: string;
}

/** Options of {@link ApiError}. */
export interface ApiErrorOptions extends ErrorOptions {
  /**
   * The individual problems, returned as the problem's `errors`.
   * @default none
   */
  readonly errors?: readonly ProblemErrorItem[];
  /**
   * Extra response headers (lower-case names), e.g. `retry-after`.
   * @default none
   */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * An error a handler (or the kit) answers with a given HTTP status: a problem+json response with
 * its `code` and its zh-CN `messageZh` as the detail. `message` is for developers and logs; it
 * defaults to the code and must not contain personal data.
 * @example throw new ApiError(404, 'SERVICE_NOT_FOUND', '未找到该办事事项');
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly messageZh: string;
  readonly errors: readonly ProblemErrorItem[] | undefined;
  readonly headers: Readonly<Record<string, string>> | undefined;

  constructor(
    status: number,
    code: string,
    messageZh: string,
    message?: string,
    options?: ApiErrorOptions,
  ) {
    super(message ?? code, options);
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new RangeError(`ApiError status must be an HTTP error status (400-599), got ${status}`);
    }
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.messageZh = messageZh;
    this.errors = options?.errors;
    this.headers = options?.headers;
  }
}

type ApiErrorFactory = (
  code: string,
  messageZh: string,
  message?: string,
  options?: ApiErrorOptions,
) => ApiError;

const factory =
  (status: number): ApiErrorFactory =>
  (code, messageZh, message, options) =>
    new ApiError(status, code, messageZh, message, options);

/** 400: the request is wrong in a way the client can fix. */
export const badRequest: ApiErrorFactory = factory(400);
/** 403: the caller is known but may not do this. */
export const forbidden: ApiErrorFactory = factory(403);
/** 404: no such thing (or one the caller may not know exists). */
export const notFound: ApiErrorFactory = factory(404);
/** 409: the request conflicts with the current state. */
export const conflict: ApiErrorFactory = factory(409);
/** 422: well-formed, but the rules do not allow it. */
export const unprocessable: ApiErrorFactory = factory(422);

/** A required environment variable is missing or holds a value that does not parse. */
export class EnvironmentError extends Error {
  readonly variable: string;

  constructor(variable: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'EnvironmentError';
    this.variable = variable;
  }
}
