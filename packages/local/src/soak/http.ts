import { type Principal, PrincipalSchema } from '@jilin/platform';
import { issueToken } from '../dev-issuer';

/** A response as the soak's clients see it. */
export interface HttpResult {
  /** 0: no response (a network error or the client's timeout). */
  readonly status: number;
  readonly json: unknown;
  /** The problem's `code`, for error responses. */
  readonly code?: string;
}

/** One request; never throws: a network error or timeout is status 0. */
export async function call(
  url: string,
  init: {
    readonly method: 'GET' | 'POST';
    readonly token: string;
    readonly body?: unknown;
    readonly headers?: Readonly<Record<string, string>>;
    readonly timeoutMs?: number;
  },
): Promise<HttpResult> {
  try {
    const res = await fetch(url, {
      method: init.method,
      headers: {
        authorization: `Bearer ${init.token}`,
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...init.headers,
      },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      signal: AbortSignal.timeout(init.timeoutMs ?? 30_000),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    const code =
      res.status >= 400 && typeof json === 'object' && json !== null && 'code' in json
        ? String((json as { code: unknown }).code)
        : undefined;
    return { status: res.status, json, ...(code !== undefined ? { code } : {}) };
  } catch {
    return { status: 0, json: undefined };
  }
}

/** Tokens from the dev issuer, one per principal, valid for the whole run. */
export function tokenCache(ttlSeconds = 8 * 3600) {
  const tokens = new Map<string, Promise<string>>();
  return (principal: Principal): Promise<string> => {
    const key = JSON.stringify(principal);
    let token = tokens.get(key);
    if (!token) {
      token = issueToken(PrincipalSchema.parse(principal), { ttlSeconds });
      tokens.set(key, token);
    }
    return token;
  };
}

/** Exponential backoff with full jitter, capped. */
export const backoff = (attempt: number, random: () => number, baseMs = 50, capMs = 2_000) =>
  Math.floor(random() * Math.min(capMs, baseMs * 2 ** attempt));

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
