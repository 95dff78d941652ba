// Dead letters: jobs that exhaust their retries (backoff by error class, the
// real retry policy) or fail unrecoverably are listed with class and last
// message, can be retried, and are counted in stats; also through the CLI.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDeadJobs, queueStats, retryDeadJob } from '../../../orchestrator/platform/queue/admin.ts';
import { portalQueueName } from '../../../orchestrator/platform/queue/jobs.ts';
import { lookupJobOptions } from '../../../orchestrator/platform/runs/submit.ts';
import { AttemptFailed, BACKOFF_TYPE, retryDelayMs } from '../../../orchestrator/platform/worker/retry-policy.ts';
import { createEnv, PORTAL, REDIS_URL, type Env } from './setup.ts';

const run = promisify(execFile);

describe('dead-letter view', () => {
  let env: Env;
  beforeAll(async () => {
    env = await createEnv('dead');
  });
  afterAll(async () => env?.close());

  async function drain(portal: string, behaviour: (job: Job) => Promise<unknown>, expectFinished: number) {
    const queue = env.queues.queueFor(portal);
    const worker = new Worker(portalQueueName(portal), behaviour, {
      connection: env.connect(),
      prefix: env.prefix,
      concurrency: 2,
      settings: {
        backoffStrategy: (n: number, type?: string, err?: Error) =>
          type === BACKOFF_TYPE ? retryDelayMs(n, err, 0.01) : 1000,
      },
    });
    await expect
      .poll(
        async () => {
          const c = await queue.getJobCounts('completed', 'failed');
          return (c.completed ?? 0) + (c.failed ?? 0);
        },
        { timeout: 15_000, interval: 50 },
      )
      .toBe(expectFinished);
    await worker.close();
  }

  it('lists jobs that exhausted retries with error class and last message; retry sends one back', {
    timeout: 30_000,
  }, async () => {
    const r = await env.submit(['DEAD-000001', 'DEAD-000002', 'LIVE-000003']);
    const byClaim = Object.fromEntries(r.jobs.map((j) => [j.claimNumber, j.jobId]));
    const claimOf = Object.fromEntries(r.jobs.map((j) => [j.jobId, j.claimNumber]));
    await drain(
      PORTAL,
      async (job) => {
        const claim = claimOf[job.id!];
        if (claim === 'DEAD-000001') throw new AttemptFailed('portal_unavailable', 'maintenance page shown');
        if (claim === 'DEAD-000002') throw new UnrecoverableError('authentication_failed: login refused');
        return 'ok';
      },
      3,
    );
    const queues = { [PORTAL]: env.queues.queueFor(PORTAL) };
    const dead = await listDeadJobs(queues);
    const d1 = dead.find((d) => d.jobId === byClaim['DEAD-000001'])!;
    const d2 = dead.find((d) => d.jobId === byClaim['DEAD-000002'])!;
    expect(dead).toHaveLength(2);
    expect(d1).toMatchObject({
      errorClass: 'portal_unavailable',
      attemptsMade: 3,
      task: 'claim-status',
      runId: r.runId,
      portal: PORTAL,
    });
    expect(d1.lastMessage).toBe('portal_unavailable: maintenance page shown');
    expect(d2).toMatchObject({ errorClass: 'authentication_failed', attemptsMade: 1 });
    expect(d1.failedAt).toMatch(/^\d{4}-/);

    const stats = await queueStats(queues);
    expect(stats[0]).toMatchObject({ portal: PORTAL, failed: 2, completed: 1, waiting: 0 });

    await expect(retryDeadJob(queues, byClaim['LIVE-000003']!)).rejects.toThrow(/is completed, not failed/);
    await expect(retryDeadJob(queues, 'no-such-job')).rejects.toThrow(/not found on any portal queue/);
    await retryDeadJob(queues, d1.jobId);
    expect(await (await queues[PORTAL]!.getJob(d1.jobId))!.getState()).toBe('waiting');
    expect(await listDeadJobs(queues)).toHaveLength(1);
  });

  it('keeps dead jobs per the retention setting (removeOnFail)', () => {
    const o = lookupJobOptions('x', 3, env.settings);
    expect(o.removeOnFail).toEqual({ age: 30 * 86_400, count: 100_000 });
    expect(o.removeOnComplete).toEqual({ age: 7 * 86_400, count: 50_000 });
  });

  it('portalbots queues dead --json and queues stats --json print the same view', { timeout: 60_000 }, async () => {
    // The CLI knows the shipped portals; put a dead job on availity's queue in this test's prefix.
    const q = env.queues.queueFor('availity');
    await q.add(
      'claim-status',
      { runId: crypto.randomUUID(), portal: 'availity', task: 'claim-status', claimId: crypto.randomUUID() },
      { jobId: 'cli-dead-1', attempts: 1 },
    );
    await drain(
      'availity',
      async () => {
        throw new AttemptFailed('layout_changed', 'claim table moved');
      },
      1,
    );
    const cliEnv = { ...process.env, REDIS_URL, PORTALBOTS_QUEUE_PREFIX: env.prefix, LOG_LEVEL: 'silent' };
    const { stdout } = await run('node', ['bin/portalbots.mjs', 'queues', 'dead', '--portal', 'availity', '--json'], {
      env: cliEnv,
    });
    const out = JSON.parse(stdout) as { dead: { jobId: string; errorClass: string; lastMessage: string }[] };
    expect(out.dead).toEqual([
      expect.objectContaining({
        jobId: 'cli-dead-1',
        errorClass: 'layout_changed',
        lastMessage: 'layout_changed: claim table moved',
      }),
    ]);
    const stats = JSON.parse(
      (await run('node', ['bin/portalbots.mjs', 'queues', 'stats', '--portal', 'availity', '--json'], { env: cliEnv }))
        .stdout,
    ) as { queues: { failed: number }[] };
    expect(stats.queues[0]!.failed).toBe(1);
    const bad = await run('node', ['bin/portalbots.mjs', 'queues', 'dead', '--portal', 'nope'], { env: cliEnv }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(bad).toMatchObject({ code: 2 });
    expect((bad as { stderr: string }).stderr).toMatch(/--portal: unknown portal "nope"/);
  });
});
