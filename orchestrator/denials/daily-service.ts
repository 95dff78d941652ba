// Runs the daily loop (daily-loop.ts) on a cron inside `portalbots
// orchestrator`. Any number of orchestrators may arm it: each slot is claimed
// through the same Redis lock the schedules use (platform/schedules/
// coordinator.ts), so exactly one instance runs it. Escalations are logged
// for the team leads by item id and team (no claim data in logs), go to the
// webhook endpoints that asked for `denial.escalated` (docs/WEBHOOKS.md), and
// show on the dashboard (home page panel, denial page's escalated filter).
import type { Queue } from 'bullmq';
import cron, { type ScheduledTask } from 'node-cron';
import type { Redis } from 'ioredis';
import type { Db } from '../platform/db/client.ts';
import type { Logger } from '../platform/logging.ts';
import { redisRunCoordinator } from '../platform/schedules/coordinator.ts';
import { enqueueEscalationDeliveries } from '../platform/webhooks/events.ts';
import { type DailyLoopReport, type FollowUpSubmitter, runDailyLoop } from './daily-loop.ts';

export const DAILY_TASK_NAME = 'denials-daily';

export interface DailyServiceOptions {
  db: Db;
  redis: Redis;
  keyPrefix: string;
  instanceId: string;
  logger: Logger;
  cron: string;
  timezone: string;
  submitter: FollowUpSubmitter;
  /** The webhook delivery queue: escalations are sent to endpoints that opted in to `denial.escalated`. */
  webhooks?: Queue;
  /** How long a won slot stays claimed in Redis. */
  leaseMs?: number;
  /** Called after each run this instance won (tests, metrics). */
  onRun?: (report: DailyLoopReport) => void;
}

export interface DailyService {
  name: string;
  close(): Promise<void>;
}

export function summarize(r: DailyLoopReport) {
  return {
    escalations: r.escalations.map((e) => ({
      itemId: e.itemId,
      team: e.team,
      escalatedTo: e.escalatedTo,
      level: e.level,
    })),
    rescored: r.rescored,
    followUps: r.followUps.map((f) => ({ portal: f.portal, task: f.task, runId: f.runId, items: f.itemIds.length })),
    skipped: r.skipped.length,
  };
}

/** One run of the loop, then its escalations queued for the webhook endpoints that want them. */
export async function runDailyAndNotify(
  opts: Pick<DailyServiceOptions, 'db' | 'submitter' | 'webhooks'>,
  now: Date,
): Promise<DailyLoopReport & { escalationWebhooks: number }> {
  const report = await runDailyLoop(opts.db, opts.submitter, now);
  const escalationWebhooks = opts.webhooks
    ? await enqueueEscalationDeliveries(
        opts.db,
        opts.webhooks,
        report.escalations.map((e) => e.itemId),
        now,
      )
    : 0;
  return { ...report, escalationWebhooks };
}

export function startDenialsDaily(opts: DailyServiceOptions): DailyService {
  const log = opts.logger.child({ component: DAILY_TASK_NAME });
  const task: ScheduledTask = cron.schedule(
    opts.cron,
    async (ctx) => {
      try {
        const report = await runDailyAndNotify(opts, ctx.date ?? new Date());
        const s = summarize(report);
        for (const e of s.escalations) log.warn(e, 'work item escalated');
        log.info({ ...s, escalationWebhooks: report.escalationWebhooks }, 'denials daily loop ran');
        opts.onRun?.(report);
      } catch (err) {
        log.error({ err }, 'denials daily loop failed');
      }
    },
    {
      name: DAILY_TASK_NAME,
      timezone: opts.timezone,
      noOverlap: true,
      distributed: true,
      runCoordinator: redisRunCoordinator(opts.redis, opts.keyPrefix, opts.instanceId),
      distributedLease: opts.leaseMs ?? 10 * 60_000,
      suppressMissedWarning: true,
    },
  );
  log.info({ cron: opts.cron, timezone: opts.timezone }, 'denials daily loop armed');
  return {
    name: DAILY_TASK_NAME,
    async close() {
      await task.destroy();
    },
  };
}
