// The evidence directory fills up mid-sweep (a small tmpfs mounted on it is
// filled to the last byte), stays full for 8 s, then space is freed. Captures
// that could not be written are infrastructure failures: the job waits and is
// retried, it is neither failed for good nor recorded without its evidence.
// Where mounting is impossible (not root, no tmpfs) the same fault is
// injected at the blob backend boundary instead, and the test name says so.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsBlobBackend, openEvidenceStore, type EvidenceStore } from '../../evidence-store/index.ts';
import { startAvailityPortal } from '../../mock-portals/index.ts';
import { demoCredentials } from '../../mock-portals/index.ts';
import { createPool } from '../../orchestrator/platform/db/connection.ts';
import { waitForRun } from '../../orchestrator/platform/runs/wait.ts';
import { infraRetriesOf } from '../../orchestrator/platform/worker/infra-retry.ts';
import { createHarness, TEST_SIGNING_KEY, type Harness } from '../helpers/harness.ts';
import { captureLogs } from '../helpers/logs.ts';
import { checkSweep } from '../helpers/sweep-invariants.ts';

const SEED = 4714;

/** Fallback only: a filesystem backend whose writes fail with ENOSPC while `full`. */
class FillableBackend extends FsBlobBackend {
  full = false;
  override async put(
    key: string,
    bytes: Uint8Array,
    opts?: Parameters<FsBlobBackend['put']>[2],
  ): Promise<{ created: boolean }> {
    if (this.full && !(await this.has(key)))
      throw Object.assign(new Error(`ENOSPC: no space left on device, write '${key}'`), { code: 'ENOSPC' });
    return super.put(key, bytes, opts);
  }
}

function tryMountTmpfs(dir: string): boolean {
  mkdirSync(dir, { recursive: true });
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=48m', 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Writes a filler file until the filesystem refuses (ENOSPC); returns its path. */
async function fillUp(dir: string): Promise<string> {
  const filler = path.join(dir, '.filler');
  const fh = await open(filler, 'w');
  const chunk = Buffer.alloc(256 * 1024, 1);
  try {
    for (;;) await fh.write(chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    await fh.close().catch(() => {});
  }
  // Small writes may still fit in the last partial block: top it up byte-wise.
  const fh2 = await open(filler, 'a');
  try {
    for (;;) await fh2.write(Buffer.alloc(1024, 1));
  } catch {
    /* full */
  } finally {
    await fh2.close().catch(() => {});
  }
  return filler;
}

let mounted = false;

describe('disk full on the evidence directory, then space freed', () => {
  let portal: Awaited<ReturnType<typeof startAvailityPortal>>;
  let h: Harness;
  let store: EvidenceStore;
  let backend: FillableBackend | undefined;
  let pool: ReturnType<typeof createPool>;
  // Outside the harness's data dir: it must be unmounted before that is removed.
  let dir: string;
  const logs = captureLogs('info');

  beforeAll(async () => {
    portal = await startAvailityPortal({ seed: SEED });
    h = await createHarness('fault_disk', { availity: portal.url });
    dir = await mkdtemp(path.join(os.tmpdir(), 'portalbots-small-disk-'));
    mounted = tryMountTmpfs(dir);
    pool = createPool(h.config.databaseUrl, 4);
    pool.on('error', () => {});
    if (!mounted) backend = new FillableBackend(dir);
    store = await openEvidenceStore({ dir, db: pool, signingKey: TEST_SIGNING_KEY, ...(backend ? { backend } : {}) });
  });
  afterAll(async () => {
    await h?.close(); // workers first: they write into the store
    await store?.close();
    await pool?.end();
    if (mounted) execFileSync('umount', ['-l', dir]);
    if (dir) await rm(dir, { recursive: true, force: true });
    await portal?.close();
  });

  it('completes with one correct result per claim and intact evidence (real tmpfs filled to ENOSPC; injected ENOSPC where mounting is impossible)', {
    timeout: 180_000,
  }, async () => {
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
      evidence: store,
      infraRetry: { baseMs: 500, maxMs: 4_000, maxRetries: 40 },
    });
    await expect
      .poll(() => h.db.taskResult.count({ where: { runId: run.runId } }), { timeout: 90_000, interval: 100 })
      .toBeGreaterThanOrEqual(3);

    let filler: string | undefined;
    if (mounted) filler = await fillUp(dir);
    else backend!.full = true;
    await new Promise((r) => setTimeout(r, 8_000));
    const doneWhileFull = await h.db.taskResult.count({ where: { runId: run.runId } });
    if (filler) await rm(filler);
    if (backend) backend.full = false;
    expect(doneWhileFull).toBeLessThan(claims.length);

    await waitForRun(h.db, run.runId, claims.length, { timeoutMs: 120_000 });
    await checkSweep(h, run.runId, claims, store);
    // The full disk reached lookups, which waited it out as infrastructure retries.
    const queue = h.queues.queueFor('availity');
    const retried = (
      await Promise.all(run.jobs.map(async (j) => infraRetriesOf((await queue.getJob(j.jobId))!)))
    ).filter((n) => n > 0);
    expect(retried.length).toBeGreaterThanOrEqual(1);
    expect(logs.text()).toMatch(
      /infrastructure failure; job will be retried[^\n]*ENOSPC|ENOSPC[^\n]*infrastructure failure; job will be retried/,
    );
    expect(await h.db.taskResult.count({ where: { runId: run.runId, outcome: 'failed' } })).toBe(0);
  });
});
