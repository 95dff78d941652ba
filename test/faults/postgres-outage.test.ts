// PostgreSQL goes away for 20 s in the middle of a sweep: the worker's
// database client and its evidence store reach PostgreSQL through a proxy
// that refuses new connections and drops open ones. Every lookup caught by
// the outage must be retried (not failed for good, not lost, not doubled).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEvidenceStore, type EvidenceStore } from '../../evidence-store/index.ts';
import { startAvailityPortal } from '../../mock-portals/index.ts';
import { demoCredentials } from '../../mock-portals/index.ts';
import { createDb, type Db } from '../../orchestrator/platform/db/client.ts';
import { createPool } from '../../orchestrator/platform/db/connection.ts';
import { waitForRun } from '../../orchestrator/platform/runs/wait.ts';
import { createHarness, TEST_SIGNING_KEY, type Harness } from '../helpers/harness.ts';
import { captureLogs } from '../helpers/logs.ts';
import { checkSweep } from '../helpers/sweep-invariants.ts';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';
import { TEST_DATABASE_URL } from '../helpers/database.ts';

const SEED = 4711;

describe('PostgreSQL unavailable for 20 s mid-sweep', () => {
  let portal: Awaited<ReturnType<typeof startAvailityPortal>>;
  let h: Harness;
  let proxy: TcpProxy;
  let workerDb: Db;
  let workerEvidence: EvidenceStore;
  let workerPool: ReturnType<typeof createPool>;
  const logs = captureLogs('info');

  beforeAll(async () => {
    portal = await startAvailityPortal({ seed: SEED });
    h = await createHarness('fault_pg', { availity: portal.url });
    const pg = new URL(TEST_DATABASE_URL);
    proxy = await startTcpProxy({ host: pg.hostname, port: Number(pg.port || 5432) });
    const viaProxy = new URL(h.config.databaseUrl);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    workerDb = createDb(viaProxy.toString());
    workerPool = createPool(viaProxy.toString(), 4);
    // node-postgres emits dropped idle connections as pool errors; unhandled, they end the process.
    workerPool.on('error', (err) => logs.logger.warn({ err }, 'evidence pool connection lost'));
    workerEvidence = await openEvidenceStore({
      dir: h.config.evidenceDir,
      db: workerPool,
      signingKey: TEST_SIGNING_KEY,
    });
  });
  afterAll(async () => {
    await proxy?.restore();
    // The worker's store first: its background derivations write into the
    // harness's evidence directory, which h.close() removes.
    await workerEvidence?.close();
    await h?.close();
    await workerPool?.end().catch(() => {});
    await workerDb?.$disconnect();
    await proxy?.close();
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
      db: workerDb,
      evidence: workerEvidence,
      infraRetry: { baseMs: 500, maxMs: 4_000, maxRetries: 40 },
    });
    await expect
      .poll(() => h.db.taskResult.count({ where: { runId: run.runId } }), { timeout: 90_000, interval: 100 })
      .toBeGreaterThanOrEqual(3);

    await proxy.cut();
    const cutAt = Date.now();
    await new Promise((r) => setTimeout(r, 20_000));
    const doneDuringOutage = await h.db.taskResult.count({ where: { runId: run.runId } });
    await proxy.restore();
    expect(Date.now() - cutAt).toBeGreaterThanOrEqual(20_000);
    expect(doneDuringOutage).toBeLessThan(claims.length); // the outage really hit the sweep

    await waitForRun(h.db, run.runId, claims.length, { timeoutMs: 120_000 });
    const report = await checkSweep(h, run.runId, claims);
    expect(report.ledgerCaptures).toBeGreaterThanOrEqual(claims.length);
    // The outage reached the worker, and was handled as an infrastructure retry.
    expect(logs.text()).toContain('infrastructure failure; job will be retried');
    expect(await h.db.taskResult.count({ where: { runId: run.runId, outcome: 'failed' } })).toBe(0);
  });
});
