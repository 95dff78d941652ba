// Scaling out, for real: two `portalbots worker` processes share the
// Availity-like mock portal's queue (rate limit and concurrency from the
// environment), one of them is SIGKILLed mid-run, and every claim still gets
// exactly one result. A second run that repeats two of the claims is
// deduplicated into the first run's jobs and receives copies of their results.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCredentials } from '../../../mock-portals/index.ts';
import { startAvailityPortal } from '../../../mock-portals/index.ts';
import { waitForRun } from '../../../orchestrator/platform/runs/wait.ts';
import { createHarness, type Harness } from '../../helpers/harness.ts';

const SEED = 5151;

describe('two worker processes, one killed', () => {
  let portal: Awaited<ReturnType<typeof startAvailityPortal>>;
  let h: Harness;
  const procs: ChildProcess[] = [];
  const output = new Map<ChildProcess, string>();

  beforeAll(async () => {
    portal = await startAvailityPortal({ seed: SEED });
    h = await createHarness('procs', { availity: portal.url });
  });
  afterAll(async () => {
    for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    await h?.close();
    await portal?.close();
  });

  async function startWorkerProcess(credentialsFile: string): Promise<ChildProcess> {
    const p = spawn('node', ['bin/portalbots.mjs', 'worker'], {
      env: {
        ...process.env,
        DATABASE_URL: h.config.databaseUrl,
        REDIS_URL: h.config.redisUrl,
        PORTALBOTS_QUEUE_PREFIX: h.config.queuePrefix,
        PORTALBOTS_DATA_DIR: h.config.dataDir,
        PORTALBOTS_CREDENTIALS_FILE: credentialsFile,
        PORTALBOTS_PORTAL_AVAILITY_URL: portal.url,
        PORTALBOTS_PORTAL_AVAILITY_CONCURRENCY: '1',
        PORTALBOTS_PORTAL_AVAILITY_RATE: '20/1s',
        // The victim's job is re-run 10-20 s after the kill rather than BullMQ's default 30-60 s: the wait is
        // the same path (lock runs out, the survivor's stalled-job check moves the job back), only shorter.
        PORTALBOTS_JOB_LOCK: '10s',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    output.set(p, '');
    const append = (c: Buffer) => output.set(p, output.get(p)! + String(c));
    p.stdout!.on('data', append);
    p.stderr!.on('data', append);
    procs.push(p);
    await expect
      .poll(() => output.get(p)!.includes('worker started') || p.exitCode !== null, { timeout: 60_000, interval: 200 })
      .toBe(true);
    expect(p.exitCode, output.get(p)).toBeNull();
    return p;
  }

  const recorded = (p: ChildProcess) => (output.get(p)!.match(/"msg":"lookup recorded"/g) ?? []).length;

  it('loses no claim and duplicates none when a worker is SIGKILLed', { timeout: 180_000 }, async () => {
    const account = demoCredentials(SEED).availity;
    const credentialsFile = path.join(h.config.dataDir, 'credentials.json');
    await writeFile(
      credentialsFile,
      JSON.stringify({
        availity: {
          id: account.id,
          username: account.username,
          password: account.password,
          totpSecret: account.totpSecret,
        },
      }),
    );
    const claims = portal.truth.claims.slice(0, 10);
    const runA = await h.submit(
      'availity',
      'claim-status',
      claims.map((c) => c.claimNumber),
    );
    const runB = await h.submit(
      'availity',
      'claim-status',
      claims.slice(0, 2).map((c) => c.claimNumber),
    );
    expect(runB.jobs.every((j) => j.joined)).toBe(true);

    const victim = await startWorkerProcess(credentialsFile);
    const survivor = await startWorkerProcess(credentialsFile);
    // Let the victim get going, then kill it without warning (possibly mid-job).
    await expect.poll(() => recorded(victim), { timeout: 90_000, interval: 100 }).toBeGreaterThanOrEqual(1);
    victim.kill('SIGKILL');

    // BullMQ's stalled-job check hands the victim's locked job to the survivor.
    const rows = await waitForRun(h.db, runA.runId, claims.length, { timeoutMs: 150_000 });
    expect(rows).toHaveLength(claims.length);
    expect(new Set(rows.map((r) => r.claimNumber)).size).toBe(claims.length);
    expect(await h.db.taskResult.count({ where: { runId: runA.runId } })).toBe(claims.length);
    const byClaim = new Map(rows.map((r) => [r.claimNumber, r]));
    for (const c of claims) {
      expect(byClaim.get(c.claimNumber)?.outcome, c.claimNumber).toBe('found');
      expect(byClaim.get(c.claimNumber)?.data, c.claimNumber).toEqual(c.expected);
    }
    expect(recorded(survivor)).toBeGreaterThanOrEqual(1);

    // The joined run got copies of the two shared claims' results. A victim killed after recording a result
    // but before copying it leaves the copy to the re-run of its stalled job, which the survivor takes only
    // once the dead worker's job lock runs out (PORTALBOTS_JOB_LOCK), after run A already looks complete.
    const joined = await waitForRun(h.db, runB.runId, 2, { timeoutMs: 90_000 });
    for (const r of joined) expect(r.data).toEqual(byClaim.get(r.claimNumber!)?.data);

    survivor.kill('SIGTERM');
    await expect.poll(() => survivor.exitCode, { timeout: 30_000, interval: 100 }).toBe(0);
  });
});
