// What travels through Redis. BullMQ stores payloads in clear text, so a job
// carries ids and references only: the worker reads the claim number (and
// anything else a portal needs) from PostgreSQL when it runs the job.
import { z } from 'zod';
import { IsoDate, Npi, TaskName } from '../../../bots/index.ts';
import { text } from '../text.ts';

/**
 * Counters the worker itself adds to a job's data while it waits out retries
 * that cost no attempt (worker/infra-retry.ts, worker/retry-policy.ts).
 */
const RetryCounters = {
  infraRetries: z.number().int().nonnegative().optional(),
  freeRetries: z.number().int().nonnegative().optional(),
};

/** A lookup about one of our claims (claim-status, denial-details). */
export const LookupJobData = z.object({
  runId: z.uuid(),
  portal: text().min(1),
  task: TaskName,
  claimId: z.uuid(),
  ...RetryCounters,
});
export type LookupJobData = z.infer<typeof LookupJobData>;

/**
 * A worklist row without a payer claim number (claim-status by member
 * search). The member id, birth date and the rest stay in PostgreSQL
 * (worklist_items); the job names the row only.
 */
export const WorklistJobData = z.object({
  runId: z.uuid(),
  portal: text().min(1),
  task: TaskName,
  worklistItemId: z.uuid(),
  ...RetryCounters,
});
export type WorklistJobData = z.infer<typeof WorklistJobData>;

export function worklistJobId(data: Pick<WorklistJobData, 'portal' | 'task' | 'worklistItemId' | 'runId'>): string {
  return `${data.portal}.${data.task}.wl-${data.worklistItemId}.${data.runId}`;
}

/**
 * Targets that are not claims. Neither is PHI: an NPI is a public provider
 * identifier and a date range is a date range.
 */
export const JobTarget = z.union([
  z.object({ npi: Npi }).strict(),
  z
    .object({
      from: IsoDate,
      to: IsoDate,
      payer: z
        .string()
        .regex(/^[a-z0-9-]{1,40}$/, 'must be a payer id')
        .optional(),
    })
    .strict(),
]);
export type JobTarget = z.infer<typeof JobTarget>;

/** A task on a provider (credentialing-status) or a date range (era-download). */
export const TargetJobData = z.object({
  runId: z.uuid(),
  portal: text().min(1),
  task: TaskName,
  target: JobTarget,
  ...RetryCounters,
});
export type TargetJobData = z.infer<typeof TargetJobData>;

export function targetKey(target: JobTarget): string {
  return 'npi' in target ? `npi-${target.npi}` : `${target.from}_${target.to}_${target.payer ?? 'all'}`;
}

export function targetJobId(data: TargetJobData): string {
  return `${data.portal}.${data.task}.${targetKey(data.target)}.${data.runId}`;
}

/** Queue names may not contain ':' (BullMQ's key separator). */
export function portalQueueName(portal: string): string {
  return `portal-${portal}`;
}
export const RESULTS_QUEUE = 'results';

/**
 * The job id is the idempotency key: BullMQ ignores an add whose id exists,
 * and the result row is unique on it. One lookup of one claim per run.
 */
export function lookupJobId(data: Pick<LookupJobData, 'portal' | 'task' | 'claimId' | 'runId'>): string {
  return `${data.portal}.${data.task}.${data.claimId}.${data.runId}`;
}

/**
 * The deduplication key: one lookup of one claim for one task, whatever run
 * asked for it. Within the dedup window (PORTALBOTS_DEDUP_WINDOW) a second
 * submission joins the job already holding this key (see queue/joins.ts).
 */
export function lookupDedupKey(data: Pick<LookupJobData, 'portal' | 'task' | 'claimId'>): string {
  return `${data.portal}.${data.task}.${data.claimId}`;
}

/** Outgoing webhook deliveries (orchestrator/webhooks). */
export const WEBHOOK_QUEUE = 'webhooks';
