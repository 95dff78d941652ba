// The one enqueue path: CLI, API, CSV worklists and scheduled sweeps all come
// through here. A run row records who asked for what; each claim becomes one
// job whose id is its idempotency key.
import { Queue } from 'bullmq';
import type { BotDefinition } from '../../bots/runtime/bot.ts';
import { ClaimNumber, type TaskName } from '../../bots/runtime/tasks.ts';
import type { Db } from '../db/client.ts';
import { lookupJobId, portalQueueName, type LookupJobData } from '../queue/jobs.ts';
import { BACKOFF_TYPE } from '../worker/retry-policy.ts';

export class SubmitError extends Error {
  override name = 'SubmitError';
}

export interface SubmitRequest {
  portal: string;
  task: TaskName;
  claimNumbers: string[];
  trigger: 'cli' | 'api' | 'csv' | 'schedule' | 'demo';
  requestedBy?: string;
}

export interface SubmittedRun {
  runId: string;
  jobs: { jobId: string; claimId: string; claimNumber: string }[];
}

export interface SubmitDeps {
  db: Db;
  queueFor(portal: string): Queue;
  bots: Record<string, BotDefinition>;
  jobAttempts: number;
}

export function checkSubmittable(bots: Record<string, BotDefinition>, portal: string, task: TaskName): BotDefinition {
  const bot = bots[portal];
  if (!bot) throw new SubmitError(`portal: unknown portal "${portal}" (known: ${Object.keys(bots).join(', ')})`);
  if (!bot.tasks[task]) {
    throw new SubmitError(`task: portal "${portal}" does not support "${task}" (supports: ${Object.keys(bot.tasks).join(', ')})`);
  }
  return bot;
}

export async function submitLookups(deps: SubmitDeps, req: SubmitRequest): Promise<SubmittedRun> {
  checkSubmittable(deps.bots, req.portal, req.task);
  if (req.claimNumbers.length === 0) throw new SubmitError('claim: at least one claim number is required');
  const claimNumbers = [...new Set(req.claimNumbers.map((c, i) => {
    const r = ClaimNumber.safeParse(c);
    if (!r.success) throw new SubmitError(`claim[${i}] "${c}": ${r.error.issues[0]!.message}`);
    return r.data;
  }))];

  const { run, claims } = await deps.db.$transaction(async (tx) => {
    const run = await tx.run.create({
      data: { portalId: req.portal, task: req.task, trigger: req.trigger, requestedBy: req.requestedBy ?? null, jobCount: claimNumbers.length },
    });
    const claims = [];
    for (const claimNumber of claimNumbers) {
      claims.push(
        await tx.claim.upsert({
          where: { portalId_claimNumber: { portalId: req.portal, claimNumber } },
          create: { portalId: req.portal, claimNumber },
          update: {},
          select: { id: true, claimNumber: true },
        }),
      );
    }
    return { run, claims };
  });

  const jobs = claims.map((c) => {
    const data: LookupJobData = { runId: run.id, portal: req.portal, task: req.task, claimId: c.id };
    return { name: req.task, data, opts: lookupJobOptions(lookupJobId(data), deps.jobAttempts) };
  });
  await deps.queueFor(req.portal).addBulk(jobs);
  return { runId: run.id, jobs: jobs.map((j, i) => ({ jobId: j.opts.jobId, claimId: claims[i]!.id, claimNumber: claims[i]!.claimNumber })) };
}

export function lookupJobOptions(jobId: string, attempts: number) {
  return {
    jobId,
    attempts,
    backoff: { type: BACKOFF_TYPE },
    removeOnComplete: { age: 7 * 24 * 3600, count: 50_000 },
    removeOnFail: { age: 30 * 24 * 3600 },
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
