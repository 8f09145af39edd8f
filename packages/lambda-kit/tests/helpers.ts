import { vi } from 'vitest';

/** Claims as the HTTP API's JWT authorizer passes them (all strings). */
export const CLAIMS = {
  citizen: { role: 'citizen', sub: 'citizen-1', id_number: '11010519491231002X' },
  window: { role: 'window', sub: 'window-1', platform: 'changchun' },
  officer: {
    role: 'officer',
    sub: 'officer-1',
    platform: 'changchun',
    department: 'public-security',
  },
  admin: { role: 'admin', sub: 'admin-1', platform: 'changchun' },
} as const satisfies Record<string, Record<string, string>>;

export type Role = keyof typeof CLAIMS;

/**
 * Captures what the Powertools Logger writes: in dev mode (POWERTOOLS_DEV, set by the vitest
 * config) it writes through the global console, one JSON document per call.
 */
export function captureLogs(): { readonly lines: string[]; readonly entries: () => LogEntry[] } {
  const lines: string[] = [];
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(' '));
    });
  }
  return {
    lines,
    entries: () =>
      lines.flatMap((line) => {
        try {
          return [JSON.parse(line) as LogEntry];
        } catch {
          return [];
        }
      }),
  };
}

export interface LogEntry {
  readonly level: string;
  readonly message: string;
  readonly [key: string]: unknown;
}

/** The parsed JSON body of a response. */
export const bodyOf = (response: { body?: string | undefined }): Record<string, unknown> =>
  JSON.parse(response.body ?? 'null') as Record<string, unknown>;
