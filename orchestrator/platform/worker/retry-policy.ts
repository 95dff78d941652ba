// How a failed lookup is retried is decided by its error class (bot runtime
// policy), not by one blanket backoff: a portal in maintenance wants minutes,
// a crashed browser wants a fresh one now, a bad password wants nobody to try
// again until a person has looked.
import { ERROR_POLICY, type ErrorClass } from '../../../bots/index.ts';

/** Carries the class of a failed attempt to BullMQ's backoff strategy. */
export class AttemptFailed extends Error {
  override name = 'AttemptFailed';
  constructor(
    readonly errorClass: ErrorClass,
    message: string,
  ) {
    super(`${errorClass}: ${message}`);
  }
}

export const BACKOFF_TYPE = 'by-error-class';

const BASE_DELAY_MS: Partial<Record<ErrorClass, number>> = {
  portal_unavailable: 5_000,
  browser_crashed: 500,
  session_expired: 0,
  unexpected: 2_000,
};

/** Delay before retry number `attemptsMade` (1-based) of a job that failed with `err`. */
export function retryDelayMs(attemptsMade: number, err: Error | undefined, scale = 1): number {
  const cls = err instanceof AttemptFailed ? err.errorClass : 'unexpected';
  if (!ERROR_POLICY[cls].retryable) return -1; // BullMQ: do not retry
  const base = BASE_DELAY_MS[cls] ?? 2_000;
  const exp = base * 2 ** Math.max(0, attemptsMade - 1);
  const jitter = 1 + Math.random() * 0.2;
  return Math.round(Math.min(exp * jitter, 10 * 60_000) * scale);
}

/**
 * Retries of classes whose policy says they do not cost an attempt
 * (`costsAttempt: false`: the portal asked us to wait, or the session simply
 * expired) still have a ceiling, so a portal that expires every session does
 * not keep a job alive forever: past it they count like any other failure.
 */
export const FREE_RETRIES = 5;

export function freeRetriesOf(job: { data: unknown }): number {
  const n = (job.data as { freeRetries?: unknown } | undefined)?.freeRetries;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : 0;
}

/** Delay before a free retry: the portal's Retry-After when it gave one, else the class's backoff. */
export function freeRetryDelayMs(cls: ErrorClass, retryAfterMs: number | undefined, retriesSoFar: number): number {
  if (retryAfterMs !== undefined) return retryAfterMs;
  return retryDelayMs(retriesSoFar + 1, new AttemptFailed(cls, 'free retry'));
}
