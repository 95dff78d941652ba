// Bad credentials end in a classified, non-retried failure: one password
// attempt per credential (no lockout caused by our own retries), and no
// secret in the logs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAccountHealth, unblockAccount } from '../../orchestrator/platform/fleet/health.ts';
import { demoCredentials } from '../../mock-portals/index.ts';
import { startAvailityPortal } from '../../mock-portals/index.ts';
import { waitForRun } from '../../orchestrator/platform/runs/wait.ts';
import type { RunningWorker } from '../../orchestrator/platform/worker/worker.ts';
import { createHarness, type Harness } from '../helpers/harness.ts';
import { captureLogs } from '../helpers/logs.ts';

const SEED = 777;

describe('authentication failures', () => {
  let portal: Awaited<ReturnType<typeof startAvailityPortal>>;
  let h: Harness;
  let worker: RunningWorker | undefined;
  const account = demoCredentials(SEED).availity;
  const claims = () => portal.truth.claims.slice(0, 3).map((c) => c.claimNumber);

  beforeAll(async () => {
    portal = await startAvailityPortal({ seed: SEED });
    h = await createHarness('auth', { availity: portal.url });
  });
  afterAll(async () => {
    await h?.close();
    await portal?.close();
  });

  it('a wrong password fails as authentication_failed after one attempt, without retries', async () => {
    const logs = captureLogs();
    const wrong = { ...account, password: 'Wrong-Password-123!' };
    const run = await h.submit('availity', 'claim-status', claims());
    worker = await h.startWorker({ credentials: { availity: wrong }, logger: logs.logger });
    const rows = await waitForRun(h.db, run.runId, 3, { timeoutMs: 60_000 });
    await worker.close();
    for (const r of rows) {
      expect(r.outcome).toBe('failed');
      expect(r.errorClass).toBe('authentication_failed');
    }
    const results = await h.db.taskResult.findMany({ where: { runId: run.runId } });
    expect(results.every((r) => r.attempts === 1)).toBe(true);
    // A retired credential is not tried again for every queued claim.
    expect(portal.stats().passwordAttempts).toBe(1);
    expect(portal.stats().lockouts).toBe(0);
    expect(logs.text()).not.toContain(wrong.password);
    expect(logs.text()).not.toContain(account.password);
    expect(logs.text()).toContain('authentication_failed');
  });

  it('a wrong TOTP secret fails as mfa_failed', async () => {
    portal.reset();
    // The first test stopped this account fleet-wide (shared health); a person fixing it unblocks it.
    expect((await listAccountHealth(h.db, 'availity')).find((a) => a.accountId === account.id)?.status).toBe(
      'disabled',
    );
    await unblockAccount(h.db, 'availity', account.id);
    const logs = captureLogs();
    const wrongTotp = { ...account, totpSecret: 'JBSWY3DPEHPK3PXP' };
    const run = await h.submit('availity', 'claim-status', claims());
    worker = await h.startWorker({ credentials: { availity: wrongTotp }, logger: logs.logger });
    const rows = await waitForRun(h.db, run.runId, 3, { timeoutMs: 60_000 });
    await worker.close();
    expect(rows.map((r) => r.errorClass)).toEqual(['mfa_failed', 'mfa_failed', 'mfa_failed']);
    expect(portal.stats().mfaAttempts).toBe(1);
    expect((await listAccountHealth(h.db, 'availity')).find((a) => a.accountId === account.id)?.status).toBe(
      'mfa_failed',
    );
    expect(logs.text()).not.toContain(wrongTotp.totpSecret);
    expect(logs.text()).not.toContain(account.totpSecret);
  });
});
