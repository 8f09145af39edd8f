import type { Principal } from '@jilin/platform';
import type { Submission } from './applications';
import { backoff, call, sleep } from './http';

/** How one logical submission ended, as its client knows it. */
export type SubmissionOutcome =
  /** 201: the client has its case number. */
  | { readonly kind: 'accepted'; readonly caseId: string; readonly attempts: number }
  /**
   * No answer the client can trust (5xx or a timeout) and no Idempotency-Key to retry with: a
   * careful client does not send it again (it could file twice). A case may or may not exist.
   */
  | { readonly kind: 'unacknowledged'; readonly status: number; readonly attempts: number }
  /** Refused for good (a 4xx other than 409 REQUEST_IN_PROGRESS): a bug in the soak or the API. */
  | {
      readonly kind: 'refused';
      readonly status: number;
      readonly code?: string;
      readonly attempts: number;
    }
  /** Kept failing past the client's patience, even with its key: the answers it got, in runs. */
  | {
      readonly kind: 'gave-up';
      readonly status: number;
      readonly attempts: number;
      readonly last: readonly string[];
    };

export interface SubmitOptions {
  /** `<api url>/<slug>`. */
  readonly baseUrl: string;
  readonly token: (principal: Principal) => Promise<string>;
  readonly random: () => number;
  /** How long a client with a key keeps retrying. @default 120000 */
  readonly patienceMs?: number;
  /** Per request. @default 20000 */
  readonly timeoutMs?: number;
  /** Hears of each retry (the status that caused it). */
  readonly onRetry?: (status: number, code: string | undefined) => void;
}

/**
 * Files one submission as a real client would: POST /v1/cases; with an Idempotency-Key it retries
 * on 5xx, on a timeout and on 409 REQUEST_IN_PROGRESS (the first attempt is still in flight, or
 * died) with backoff, the same key and the same body, until it has its 201.
 */
export async function submitOne(
  submission: Submission,
  options: SubmitOptions,
): Promise<SubmissionOutcome> {
  const token = await options.token(submission.principal);
  const patience = Date.now() + (options.patienceMs ?? 120_000);
  const answers: string[] = [];
  for (let attempt = 1; ; attempt++) {
    const res = await call(`${options.baseUrl}/v1/cases`, {
      method: 'POST',
      token,
      body: submission.application,
      headers: submission.idempotencyKey
        ? { 'idempotency-key': submission.idempotencyKey }
        : undefined,
      timeoutMs: options.timeoutMs ?? 20_000,
    });
    if (res.status === 201) {
      const caseId = (res.json as { caseId?: unknown } | undefined)?.caseId;
      if (typeof caseId !== 'string') throw new Error('a 201 without a caseId');
      return { kind: 'accepted', caseId, attempts: attempt };
    }
    const retryable =
      res.status === 0 ||
      res.status >= 500 ||
      (res.status === 409 && res.code === 'REQUEST_IN_PROGRESS');
    if (!retryable) {
      return {
        kind: 'refused',
        status: res.status,
        ...(res.code !== undefined ? { code: res.code } : {}),
        attempts: attempt,
      };
    }
    if (!submission.idempotencyKey) {
      return { kind: 'unacknowledged', status: res.status, attempts: attempt };
    }
    answers.push(`${res.status}${res.code ? ` ${res.code}` : ''}`);
    if (Date.now() > patience) {
      return { kind: 'gave-up', status: res.status, attempts: attempt, last: tally(answers) };
    }
    options.onRetry?.(res.status, res.code);
    await sleep(100 + backoff(attempt, options.random, 100, 3_000));
  }
}

/** Answers in runs, e.g. `500, 409 REQUEST_IN_PROGRESS ×12, 503`. */
function tally(answers: readonly string[]): string[] {
  const runs: { answer: string; count: number }[] = [];
  for (const answer of answers) {
    const last = runs.at(-1);
    if (last?.answer === answer) last.count += 1;
    else runs.push({ answer, count: 1 });
  }
  return runs.map((r) => (r.count > 1 ? `${r.answer} ×${r.count}` : r.answer));
}
