// Operator views over the portal queues: counts per state, the dead-letter
// list (jobs that exhausted their retries or failed unrecoverably) and retry
// of one dead job. Reads Redis only; payloads are ids, so nothing here can
// print PHI.
import type { Job, Queue } from 'bullmq';
import { ERROR_CLASSES, type ErrorClass } from '../../../bots/index.ts';

export interface DeadJob {
  portal: string;
  jobId: string;
  task: string;
  runId: string | null;
  claimId: string | null;
  errorClass: ErrorClass | 'unclassified';
  lastMessage: string;
  attemptsMade: number;
  failedAt: string | null;
}

export interface QueueStats {
  portal: string;
  waiting: number;
  active: number;
  delayed: number;
  prioritized: number;
  completed: number;
  failed: number;
  paused: boolean;
  workers: number;
}

export class QueueAdminError extends Error {
  override name = 'QueueAdminError';
}

/** Messages are "<class>: <text>" (AttemptFailed, process-lookup); anything else is unclassified. */
export function errorClassOf(reason: string | undefined): DeadJob['errorClass'] {
  const head = /^([a-z_]+):/.exec(reason ?? '')?.[1];
  return head && (ERROR_CLASSES as readonly string[]).includes(head) ? (head as ErrorClass) : 'unclassified';
}

function toDead(portal: string, job: Job): DeadJob {
  const data = (job.data ?? {}) as { runId?: string; claimId?: string };
  return {
    portal,
    jobId: job.id!,
    task: job.name,
    runId: data.runId ?? null,
    claimId: data.claimId ?? null,
    errorClass: errorClassOf(job.failedReason),
    lastMessage: (job.failedReason ?? '').slice(0, 500),
    attemptsMade: job.attemptsMade,
    failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
  };
}

export async function listDeadJobs(queues: Record<string, Queue>, opts: { limit?: number } = {}): Promise<DeadJob[]> {
  const limit = opts.limit ?? 200;
  const out: DeadJob[] = [];
  for (const [portal, q] of Object.entries(queues)) {
    const jobs = await q.getFailed(0, limit - 1);
    out.push(...jobs.filter((j): j is Job => Boolean(j?.id)).map((j) => toDead(portal, j as Job)));
  }
  return out.sort((a, b) => (b.failedAt ?? '').localeCompare(a.failedAt ?? '')).slice(0, limit);
}

/** Moves a dead job back to waiting with a fresh attempt budget. */
export async function retryDeadJob(
  queues: Record<string, Queue>,
  jobId: string,
): Promise<{ portal: string; jobId: string }> {
  for (const [portal, q] of Object.entries(queues)) {
    const job = await q.getJob(jobId);
    if (!job) continue;
    const state = await job.getState();
    if (state !== 'failed')
      throw new QueueAdminError(`job ${jobId} on ${portal} is ${state}, not failed: only dead jobs can be retried`);
    await job.retry('failed', { resetAttemptsMade: true });
    return { portal, jobId };
  }
  throw new QueueAdminError(`job ${jobId}: not found on any portal queue (${Object.keys(queues).join(', ')})`);
}

export async function queueStats(queues: Record<string, Queue>): Promise<QueueStats[]> {
  return Promise.all(
    Object.entries(queues).map(async ([portal, q]) => {
      const c = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed');
      return {
        portal,
        waiting: c.waiting ?? 0,
        active: c.active ?? 0,
        delayed: c.delayed ?? 0,
        prioritized: c.prioritized ?? 0,
        completed: c.completed ?? 0,
        failed: c.failed ?? 0,
        paused: await q.isPaused(),
        workers: await q.getWorkersCount(),
      };
    }),
  );
}
