// The worker's Chromium is SIGKILLed mid-sweep. The lookup it was running
// fails as browser_crashed (a retryable class that costs an attempt), the
// session pool drops the dead browser, the next attempt launches a new one
// and logs in again, and every claim still ends with one correct result.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAvailityPortal } from '../../mock-portals/index.ts';
import { demoCredentials } from '../../mock-portals/index.ts';
import { waitForRun } from '../../orchestrator/platform/runs/wait.ts';
import { launchedChromiumPids } from '../helpers/chromium-pids.ts';
import { createHarness, type Harness } from '../helpers/harness.ts';
import { captureLogs } from '../helpers/logs.ts';
import { checkSweep } from '../helpers/sweep-invariants.ts';

const SEED = 4713;

describe('browser crash mid-sweep', () => {
  let portal: Awaited<ReturnType<typeof startAvailityPortal>>;
  let h: Harness;
  const logs = captureLogs('info');

  beforeAll(async () => {
    portal = await startAvailityPortal({ seed: SEED });
    h = await createHarness('fault_browser', { availity: portal.url });
  });
  afterAll(async () => {
    await h?.close();
    await portal?.close();
  });

  it('completes with one correct result per claim and intact evidence', { timeout: 180_000 }, async () => {
    const claims = portal.truth.claims.slice(0, 14);
    const run = await h.submit(
      'availity',
      'claim-status',
      claims.map((c) => c.claimNumber),
    );
    const worker = await h.startWorker({
      credentials: { availity: demoCredentials(SEED).availity },
      logger: logs.logger,
      concurrency: 2,
    });
    await expect
      .poll(() => h.db.taskResult.count({ where: { runId: run.runId } }), { timeout: 90_000, interval: 100 })
      .toBeGreaterThanOrEqual(3);

    const pids = launchedChromiumPids();
    expect(pids).toHaveLength(1); // one browser per portal runner
    process.kill(pids[0]!, 'SIGKILL');
    expect(await h.db.taskResult.count({ where: { runId: run.runId } })).toBeLessThan(claims.length);

    await waitForRun(h.db, run.runId, claims.length, { timeoutMs: 150_000 });
    const report = await checkSweep(h, run.runId, claims);
    expect(report.unrecordedBlobs).toEqual([]);
    expect(await h.db.taskResult.count({ where: { runId: run.runId, outcome: 'failed' } })).toBe(0);
    // A new browser was launched and logged in again.
    expect(launchedChromiumPids()).not.toContain(pids[0]);
    // The portal saw a second sign-in: either the runner relaunched the browser
    // itself, or a hung task timed out and the worker replaced the runner.
    expect(portal.stats().logins).toBeGreaterThanOrEqual(2);
    expect((await worker.runners.stats()).availity?.logins).toBeGreaterThanOrEqual(1);
  });
});
