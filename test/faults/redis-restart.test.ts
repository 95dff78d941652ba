// The queue's Redis (a private redis-server, never the shared one) is killed
// mid-sweep and comes back 3 s later from its append-only file. Workers and
// producers reconnect; jobs that were active are either finished or handed
// out again by BullMQ's stalled check, and results stay one per claim.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAvailityPortal } from '../../mock-portals/index.ts';
import { demoCredentials } from '../../mock-portals/index.ts';
import { waitForRun } from '../../orchestrator/platform/runs/wait.ts';
import { createHarness, type Harness } from '../helpers/harness.ts';
import { captureLogs } from '../helpers/logs.ts';
import { startPrivateRedis, type PrivateRedis } from '../helpers/private-redis.ts';
import { checkSweep } from '../helpers/sweep-invariants.ts';

const SEED = 4712;

describe('Redis restarted mid-sweep', () => {
  let portal: Awaited<ReturnType<typeof startAvailityPortal>>;
  let h: Harness;
  let redis: PrivateRedis;
  const logs = captureLogs('info');

  beforeAll(async () => {
    portal = await startAvailityPortal({ seed: SEED });
    redis = await startPrivateRedis();
    h = await createHarness('fault_redis', { availity: portal.url }, { redisUrl: redis.url });
  });
  afterAll(async () => {
    await h?.close();
    await redis?.stop();
    await portal?.close();
  });

  it('completes with one correct result per claim and intact evidence', { timeout: 180_000 }, async () => {
    const claims = portal.truth.claims.slice(0, 14);
    const run = await h.submit(
      'availity',
      'claim-status',
      claims.map((c) => c.claimNumber),
    );
    await h.startWorker({
      credentials: { availity: demoCredentials(SEED).availity },
      logger: logs.logger,
      concurrency: 2,
      infraRetry: { baseMs: 500, maxMs: 4_000, maxRetries: 40 },
    });
    await expect
      .poll(() => h.db.taskResult.count({ where: { runId: run.runId } }), { timeout: 90_000, interval: 100 })
      .toBeGreaterThanOrEqual(3);
    await redis.crashAndRestart(3_000);
    expect(await h.db.taskResult.count({ where: { runId: run.runId } })).toBeLessThan(claims.length);

    await waitForRun(h.db, run.runId, claims.length, { timeoutMs: 150_000 });
    const report = await checkSweep(h, run.runId, claims);
    expect(report.unrecordedBlobs).toEqual([]);
    expect(await h.db.taskResult.count({ where: { runId: run.runId, outcome: 'failed' } })).toBe(0);
  });
});
