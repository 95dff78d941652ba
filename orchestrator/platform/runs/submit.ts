// The one enqueue path: CLI, API, CSV worklists and scheduled sweeps all come
// through here. A run row records who asked for what; each claim becomes one
// job whose id is its idempotency key, deduplicated by (portal, task, claim)
// within PORTALBOTS_DEDUP_WINDOW: a repeated submission joins the job that is
// already waiting/active/recently finished (queue/joins.ts) and the run still
// gets one result per claim.
import { Queue } from 'bullmq';
import type { Prisma } from '../db/client.ts';
import type { BotDefinition } from '../../../bots/index.ts';
import { ClaimNumber, type TaskName } from '../../../bots/index.ts';
import type { Db } from '../db/client.ts';
import {
  lookupDedupKey,
  lookupJobId,
  portalQueueName,
  worklistJobId,
  type LookupJobData,
  type WorklistJobData,
} from '../queue/jobs.ts';
import { propagateJoinedResults } from '../queue/joins.ts';
import { assertPayload, LookupJobPayload, WorklistJobPayload } from '../queue/payload.ts';
import type { QueueSettings } from '../queue/settings.ts';
import { BACKOFF_TYPE } from '../worker/retry-policy.ts';

export class SubmitError extends Error {
  override name = 'SubmitError';
}

export interface SubmitRequest {
  portal: string;
  task: TaskName;
  claimNumbers: string[];
  /**
   * Worklist rows without a claim number (worklist_items ids): one job each,
   * in the same run. Not deduplicated: each row is its own member search.
   */
  worklistItemIds?: string[];
  trigger: 'cli' | 'api' | 'csv' | 'schedule' | 'demo';
  requestedBy?: string;
  /**
   * More writes in the run's transaction, after its claims exist (a
   * worklist's facts and rows); returns worklist_items ids to enqueue.
   */
  write?(tx: Prisma.TransactionClient): Promise<string[]>;
}

export interface SubmittedRun {
  runId: string;
  /** jobId is the job that carries the lookup; `joined` when it belongs to an earlier run (dedup). */
  jobs: { jobId: string; claimId: string; claimNumber: string; joined?: boolean }[];
  /** Jobs of worklist rows without a claim number (same run). */
  worklistJobs?: { jobId: string; worklistItemId: string }[];
}

export interface SubmitDeps {
  db: Db;
  queueFor(portal: string): Queue;
  bots: Record<string, BotDefinition>;
  jobAttempts: number;
  /** Dedup window and retention (Config.queues). */
  queueSettings: QueueSettings;
}

export function checkSubmittable(bots: Record<string, BotDefinition>, portal: string, task: TaskName): BotDefinition {
  const bot = bots[portal];
  if (!bot) throw new SubmitError(`portal: unknown portal "${portal}" (known: ${Object.keys(bots).join(', ')})`);
  if (!bot.tasks[task]) {
    throw new SubmitError(
      `task: portal "${portal}" does not support "${task}" (supports: ${Object.keys(bot.tasks).join(', ')})`,
    );
  }
  return bot;
}

export async function submitLookups(deps: SubmitDeps, req: SubmitRequest): Promise<SubmittedRun> {
  checkSubmittable(deps.bots, req.portal, req.task);
  const claimNumbers = [
    ...new Set(
      req.claimNumbers.map((c, i) => {
        const r = ClaimNumber.safeParse(c);
        if (!r.success) throw new SubmitError(`claim[${i}] "${c}": ${r.error.issues[0]!.message}`);
        return r.data;
      }),
    ),
  ];
  if (claimNumbers.length === 0 && !req.write && (req.worklistItemIds ?? []).length === 0)
    throw new SubmitError('claim: at least one claim number is required');
  const { run, claims, items } = await deps.db.$transaction(
    async (tx) => {
      // Multi-row statements: a worklist of tens of thousands of claims is a handful of round trips.
      await tx.claim.createMany({
        data: claimNumbers.map((claimNumber) => ({ portalId: req.portal, claimNumber })),
        skipDuplicates: true,
      });
      const rows = await tx.claim.findMany({
        where: { portalId: req.portal, claimNumber: { in: claimNumbers } },
        select: { id: true, claimNumber: true },
      });
      const byNumber = new Map(rows.map((c) => [c.claimNumber, c]));
      const claims = claimNumbers.map((n) => byNumber.get(n)!);
      const items = [...new Set([...(req.worklistItemIds ?? []), ...((await req.write?.(tx)) ?? [])])];
      if (claims.length === 0 && items.length === 0)
        throw new SubmitError('claim: at least one claim number is required');
      const run = await tx.run.create({
        data: {
          portalId: req.portal,
          task: req.task,
          trigger: req.trigger,
          requestedBy: req.requestedBy ?? null,
          jobCount: claims.length + items.length,
        },
      });
      return { run, claims, items };
    },
    { timeout: 120_000 },
  );

  const settings = deps.queueSettings;
  const queue = deps.queueFor(req.portal);
  const jobs = claims.map((c) => {
    const data = assertPayload(
      LookupJobPayload,
      { runId: run.id, portal: req.portal, task: req.task, claimId: c.id } satisfies LookupJobData,
      'lookup job',
    );
    return {
      name: req.task,
      data,
      opts: lookupJobOptions(lookupJobId(data), deps.jobAttempts, settings, lookupDedupKey(data)),
    };
  });
  const worklistJobs = items.map((worklistItemId) => {
    const data = assertPayload(
      WorklistJobPayload,
      { runId: run.id, portal: req.portal, task: req.task, worklistItemId } satisfies WorklistJobData,
      'worklist job',
    );
    return { name: req.task, data, opts: lookupJobOptions(worklistJobId(data), deps.jobAttempts, settings) };
  });
  if (worklistJobs.length > 0) await queue.addBulk(worklistJobs);
  const added = jobs.length > 0 ? await queue.addBulk(jobs) : [];
  const carriers = await Promise.all(
    added.map(async (job, i) => {
      const own = jobs[i]!;
      if (job.id === own.opts.jobId) return job.id;
      // Joined an existing job. One that already failed for good is not worth
      // joining: the caller is asking again, so release the key and queue afresh.
      const existing = await queue.getJob(job.id!);
      if (existing && (await existing.getState()) === 'failed') {
        await queue.removeDeduplicationKey(own.opts.deduplication!.id);
        return (await queue.add(own.name, own.data, own.opts)).id!;
      }
      return job.id!;
    }),
  );
  await deps.db.runJob.createMany({
    data: claims.map((c, i) => ({
      runId: run.id,
      claimId: c.id,
      jobId: carriers[i]!,
      joined: carriers[i] !== jobs[i]!.opts.jobId,
    })),
    skipDuplicates: true,
  });
  // A joined job may have finished before the link row existed; copy now.
  for (const jobId of new Set(carriers.filter((id, i) => id !== jobs[i]!.opts.jobId)))
    await propagateJoinedResults(deps.db, jobId);
  return {
    runId: run.id,
    ...(worklistJobs.length > 0
      ? { worklistJobs: worklistJobs.map((j) => ({ jobId: j.opts.jobId, worklistItemId: j.data.worklistItemId })) }
      : {}),
    jobs: claims.map((c, i) => ({
      jobId: carriers[i]!,
      claimId: c.id,
      claimNumber: c.claimNumber,
      ...(carriers[i] !== jobs[i]!.opts.jobId ? { joined: true } : {}),
    })),
  };
}

export function lookupJobOptions(jobId: string, attempts: number, settings?: QueueSettings, dedupKey?: string) {
  const keepCompleted = settings?.keepCompleted ?? { ageSeconds: 7 * 24 * 3600, count: 50_000 };
  const keepFailed = settings?.keepFailed ?? { ageSeconds: 30 * 24 * 3600, count: 100_000 };
  return {
    jobId,
    attempts,
    backoff: { type: BACKOFF_TYPE },
    removeOnComplete: { age: keepCompleted.ageSeconds, count: keepCompleted.count },
    // Failed jobs are the dead-letter view (portalbots queues dead): kept longer.
    removeOnFail: { age: keepFailed.ageSeconds, count: keepFailed.count },
    ...(dedupKey && settings && settings.dedupWindowMs > 0
      ? { deduplication: { id: dedupKey, ttl: settings.dedupWindowMs } }
      : {}),
  };
}

/** Opens (and caches) the producer side of each portal's queue. */
export function portalQueues(connection: import('ioredis').Redis, prefix: string) {
  const queues = new Map<string, Queue>();
  return {
    queueFor(portal: string): Queue {
      let q = queues.get(portal);
      if (!q) {
        q = new Queue(portalQueueName(portal), { connection, prefix });
        queues.set(portal, q);
      }
      return q;
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
    },
  };
}
