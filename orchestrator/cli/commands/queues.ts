// `portalbots queues stats|dead|retry`: what is waiting, running and dead on
// each portal's queue, and a way to send a dead job round again.
import type { Command } from 'commander';
import { bots } from '../../../bots/index.ts';
import { loadConfig } from '../../platform/config.ts';
import { queueStats, listDeadJobs, QueueAdminError, retryDeadJob } from '../../platform/queue/admin.ts';
import { createRedis } from '../../platform/queue/connection.ts';
import { portalQueues } from '../../platform/runs/submit.ts';
import { action, UsageError } from '../errors.ts';
import { renderTable } from '../table.ts';

async function withQueues<T>(
  portal: string | undefined,
  fn: (queues: Record<string, import('bullmq').Queue>) => Promise<T>,
): Promise<T> {
  if (portal !== undefined && !bots[portal])
    throw new UsageError(`--portal: unknown portal "${portal}" (known: ${Object.keys(bots).join(', ')})`);
  const config = loadConfig();
  const redis = createRedis(config.redisUrl, 'producer');
  const queues = portalQueues(redis, config.queuePrefix);
  try {
    const ids = portal ? [portal] : Object.keys(bots);
    return await fn(Object.fromEntries(ids.map((id) => [id, queues.queueFor(id)])));
  } finally {
    await queues.close();
    redis.disconnect();
  }
}

export function registerQueuesCommand(program: Command): void {
  const queues = program.command('queues').description('Per-portal queue health: counts, dead letters, retry');

  queues
    .command('stats')
    .description('Jobs per state on each portal queue')
    .option('--portal <id>', 'one portal only')
    .option('--json', 'print JSON')
    .action(
      action(async (opts: { portal?: string; json?: boolean }) => {
        const stats = await withQueues(opts.portal, queueStats);
        if (opts.json) process.stdout.write(`${JSON.stringify({ queues: stats }, null, 2)}\n`);
        else
          process.stdout.write(
            `${renderTable(
              ['portal', 'waiting', 'active', 'delayed', 'completed', 'dead', 'paused', 'workers'],
              stats.map((s) => [
                s.portal,
                s.waiting + s.prioritized,
                s.active,
                s.delayed,
                s.completed,
                s.failed,
                s.paused ? 'yes' : 'no',
                s.workers,
              ]),
            )}\n`,
          );
      }),
    );

  queues
    .command('dead')
    .description('Jobs that exhausted their retries (or failed unrecoverably), newest first')
    .option('--portal <id>', 'one portal only')
    .option('--limit <n>', 'at most this many', '100')
    .option('--json', 'print JSON')
    .action(
      action(async (opts: { portal?: string; limit: string; json?: boolean }) => {
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
          throw new UsageError('--limit: must be a whole number from 1 to 10000');
        const dead = await withQueues(opts.portal, (q) => listDeadJobs(q, { limit }));
        if (opts.json) process.stdout.write(`${JSON.stringify({ dead }, null, 2)}\n`);
        else if (dead.length === 0) process.stdout.write('No dead jobs.\n');
        else
          process.stdout.write(
            `${renderTable(
              ['job', 'portal', 'task', 'error class', 'attempts', 'failed at', 'last message'],
              dead.map((d) => [
                d.jobId,
                d.portal,
                d.task,
                d.errorClass,
                d.attemptsMade,
                d.failedAt,
                d.lastMessage.slice(0, 80),
              ]),
            )}\n`,
          );
      }),
    );

  queues
    .command('retry')
    .description('Send a dead job back to its queue with a fresh attempt budget')
    .argument('<jobId>', 'job id from `portalbots queues dead`')
    .option('--json', 'print JSON')
    .action(
      action(async (jobId: string, opts: { json?: boolean }) => {
        const r = await withQueues(undefined, (q) => retryDeadJob(q, jobId)).catch((e: unknown) => {
          throw e instanceof QueueAdminError ? new UsageError(e.message) : e;
        });
        if (opts.json) process.stdout.write(`${JSON.stringify({ retried: r })}\n`);
        else process.stdout.write(`Job ${r.jobId} is back on the ${r.portal} queue.\n`);
      }),
    );
}
