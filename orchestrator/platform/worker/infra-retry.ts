// Failures of our own infrastructure (PostgreSQL, the evidence store's disk,
// Redis) are not the portal's fault and not the bot's: the lookup itself may
// have gone fine. Such a job is put back to wait and tried again without
// spending one of its bot attempts, so a 20 s database restart or a full disk
// that an operator frees does not turn into a result lost for good. A budget
// of infrastructure retries (exponential delay, capped) still ends a job that
// can never be stored, through the ordinary failed-attempt path.
import { DelayedError, type Job } from 'bullmq';

export type InfraComponent = 'database' | 'evidence' | 'queue';

export class InfrastructureError extends Error {
  override name = 'InfrastructureError';
  constructor(
    readonly component: InfraComponent,
    readonly step: string,
    cause: unknown,
  ) {
    // The cause's message names the failing system call or driver error; it
    // carries no PHI (values are never interpolated into driver messages we pass on).
    super(`${component} unavailable during ${step}: ${firstLine(cause)}`, { cause });
  }
}

export interface InfraRetryOptions {
  /** Delay before the first infrastructure retry. */
  baseMs: number;
  /** Longest delay between two infrastructure retries. */
  maxMs: number;
  /** Infrastructure retries per job before it fails like any other attempt. */
  maxRetries: number;
}

/** About an hour of patience by default: 2 s doubling to 60 s, 70 times. */
export const DEFAULT_INFRA_RETRY: InfraRetryOptions = { baseMs: 2_000, maxMs: 60_000, maxRetries: 70 };

export function infraRetriesOf(job: Pick<Job, 'data'>): number {
  const n = (job.data as { infraRetries?: unknown } | undefined)?.infraRetries;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : 0;
}

export function infraDelayMs(retriesSoFar: number, opts: InfraRetryOptions): number {
  return Math.min(opts.baseMs * 2 ** Math.min(retriesSoFar, 30), opts.maxMs);
}

/**
 * Runs `step`; any error it throws becomes an InfrastructureError of
 * `component` (the caller only wraps steps whose failure can only be a
 * storage failure: writes of rows and files whose inputs were validated).
 */
export async function infraStep<T>(component: InfraComponent, step: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof InfrastructureError) throw err;
    throw new InfrastructureError(component, step, err);
  }
}

/**
 * Puts the job back to wait (BullMQ `moveToDelayed` does not count as an
 * attempt) and throws the DelayedError BullMQ expects. When the budget is
 * spent, or Redis itself cannot take the move, the original error is thrown:
 * the first is an ordinary failed attempt, the second leaves the job locked
 * until BullMQ's stalled check hands it out again (at-least-once).
 */
export async function retryLater(
  job: Job,
  token: string | undefined,
  err: InfrastructureError,
  opts: InfraRetryOptions,
): Promise<never> {
  const done = infraRetriesOf(job);
  if (done >= opts.maxRetries || !token) throw err;
  const delay = infraDelayMs(done, opts);
  try {
    await job.updateData({ ...(job.data as object), infraRetries: done + 1 });
    await job.moveToDelayed(Date.now() + delay, token);
  } catch {
    throw err;
  }
  throw new DelayedError(
    `${err.message}; retrying in ${delay} ms (infrastructure retry ${done + 1} of ${opts.maxRetries})`,
  );
}

function firstLine(e: unknown): string {
  const m =
    e instanceof Error
      ? `${(e as NodeJS.ErrnoException).code ? `${(e as NodeJS.ErrnoException).code} ` : ''}${e.message}`
      : String(e);
  return m.split('\n').find((l) => l.trim()) ?? 'unknown error';
}
