import type { z } from 'zod';
import type { userView } from '../../server/src/features/accounts/account-schemas.ts';
import type {
  answerPage,
  answerView,
} from '../../server/src/features/answers/answer-list-schema.ts';
import type { procedureSummary } from '../../server/src/features/procedures/procedure-schema.ts';
import type { StatsResponse } from '../../server/src/features/stats/stats-schema.ts';

/** An API answer that is not 2xx, with the problem's own words (DESIGN §4). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The private API, same origin, with the session cookie. The browser adds `Origin` to every
 * state-changing request, which the server checks.
 */
export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  const response = await fetch(`/api/v1${path}`, {
    method: init.method ?? 'GET',
    signal: init.signal,
    headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    credentials: 'same-origin',
  });
  if (response.status === 204) return undefined as T;
  const body = await response.json().catch(() => undefined);
  if (!response.ok) {
    throw new ApiError(
      response.status,
      (body as { detail?: string } | undefined)?.detail ?? response.statusText,
    );
  }
  return body as T;
}

/**
 * A request cancelled because a newer one replaced it (umami's query hooks do the same): not a
 * failure, so nothing to show.
 */
export function isAborted(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

// The wire shapes, from the server's own response schemas (type-only: nothing of zod ships).
export type Me = z.infer<typeof userView>;
export type ProcedureSummary = z.infer<typeof procedureSummary>;
export type Stats = StatsResponse;
export type Answer = z.infer<typeof answerView>;
export type AnswerPage = z.infer<typeof answerPage>;
