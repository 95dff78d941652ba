// ERA pull end to end: a date-range job on the Availity queue -> the bot
// downloads every 835 in range as evidence -> the worker parses them, matches
// remittances to our claims and sends denials (silent ones too) to the work queue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCredentials } from '../../mock-portals/index.ts';
import { startAvailityPortal } from '../../mock-portals/index.ts';
import { waitForRun } from '../../orchestrator/platform/runs/wait.ts';
import { submitTargets } from '../../orchestrator/platform/runs/submit-targets.ts';
import { bots } from '../../bots/registry.ts';
import { createHarness, type Harness } from '../helpers/harness.ts';
import { captureLogs } from '../helpers/logs.ts';

const SEED = 4343;

describe('era-download through queue and worker', () => {
  let portal: Awaited<ReturnType<typeof startAvailityPortal>>;
  let h: Harness;

  beforeAll(async () => {
    portal = await startAvailityPortal({ seed: SEED });
    h = await createHarness('era', { availity: portal.url });
    // The practice's claims, as its PM system would have them.
    for (const c of portal.truth.claims) {
      await h.db.claim.create({
        data: {
          portalId: 'availity',
          claimNumber: c.claimNumber,
          patientControlNumber: c.patientControlNumber,
          payerId: c.payerId,
        },
      });
    }
  });
  afterAll(async () => {
    await h?.close();
    await portal?.close();
  });

  it('downloads every 835 in range, stores, parses and matches them, and queues their denials', {
    timeout: 240_000,
  }, async () => {
    const files = [...portal.truth.remittances].sort((a, b) => a.paymentDate.localeCompare(b.paymentDate));
    // A window holding a handful of files keeps the test quick.
    const from = files[Math.floor(files.length / 2)]!.paymentDate;
    const inRange = files.filter((f) => f.paymentDate >= from && f.paymentDate <= addDays(from, 10));
    expect(inRange.length).toBeGreaterThanOrEqual(3);

    const run = await submitTargets(
      { db: h.db, queueFor: h.queues.queueFor, bots, jobAttempts: 3, queueSettings: h.config.queues },
      { portal: 'availity', task: 'era-download', targets: [{ from, to: addDays(from, 10) }], trigger: 'cli' },
    );
    const logs = captureLogs();
    await h.startWorker({ credentials: { availity: demoCredentials(SEED).availity }, logger: logs.logger });
    const [row] = await waitForRun(h.db, run.runId, 1, { timeoutMs: 200_000 });
    expect(row?.outcome).toBe('found');

    const stored = await h.db.evidence.findMany({ where: { runId: run.runId, kind: 'file' } });
    expect(stored.map((e) => e.sha256).sort()).toEqual(inRange.map((f) => f.sha256).sort());

    // waitForRun returns once the result is processed, not merely recorded:
    // the files are parsed and matched by then (the row is written before that).
    expect(await h.db.eraFile.count()).toBe(inRange.length);
    const eraFiles = await h.db.eraFile.findMany();
    expect(eraFiles.map((f) => f.sha256).sort()).toEqual(inRange.map((f) => f.sha256).sort());
    const remitted = await h.db.eraRemittanceClaim.findMany();
    expect(remitted.length).toBe(inRange.reduce((n, f) => n + f.claimCount, 0));
    expect(remitted.every((r) => r.matchedClaimId !== null)).toBe(true);

    const denied = remitted.filter((r) => r.denialKind && r.denialKind !== 'reversal');
    expect(denied.length).toBeGreaterThan(0);
    const deniedClaims = new Set(denied.map((r) => r.matchedClaimId!));
    expect(await h.db.denialWorkItem.count({ where: { claimId: { in: [...deniedClaims] } } })).toBe(deniedClaims.size);
  });
});

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
