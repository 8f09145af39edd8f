import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/**
 * On every response: no MIME sniffing of a JSON body, and no caching of answers that may carry
 * personal data by browsers or proxies (a route may set its own `cache-control`).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};

/** Header names lower-cased, as API Gateway's payload format 2.0 gives them. */
export function lowerCaseHeaders<V>(
  headers: Readonly<Record<string, V>> | undefined,
): Record<string, V> {
  const result: Record<string, V> = {};
  if (!headers) return result;
  for (const [name, value] of Object.entries(headers)) result[name.toLowerCase()] = value;
  return result;
}

/**
 * A JSON response. No body (and no content type) when `body` is undefined or the status is 204.
 */
export function jsonResponse(
  status: number,
  body: unknown,
  headers?: Readonly<Record<string, string>>,
): APIGatewayProxyStructuredResultV2 {
  const extra = lowerCaseHeaders(headers);
  if (status === 204 || body === undefined) {
    return { statusCode: status, headers: { ...SECURITY_HEADERS, ...extra } };
  }
  return {
    statusCode: status,
    headers: { 'content-type': JSON_CONTENT_TYPE, ...SECURITY_HEADERS, ...extra },
    body: JSON.stringify(body),
  };
}
