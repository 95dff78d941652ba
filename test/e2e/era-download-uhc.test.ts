// UHC-like ERA pull end to end: a date-range job on the uhc queue -> the bot
// walks Payments & Remittance under every TIN, unpacks split remittances
// (ZIP), stores every 835, archive and PDF as evidence -> the worker ingests
// the 835s, matches them to our claims and queues their denials.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bots } from '../../bots/registry.ts';
import { demoCredentials, startUhcPortal } from '../../mock-portals/index.ts';
import { uhcData } from '../../mock-portals/uhc/data.ts';
import { waitForRun } from '../../orchestrator/platform/runs/wait.ts';
import { submitTargets } from '../../orchestrator/platform/runs/submit-targets.ts';
import { createHarness, type Harness } from '../helpers/harness.ts';
import { captureLogs } from '../helpers/logs.ts';

const SEED = 4343;

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

describe('uhc era-download through queue and worker', () => {
  let portal: Awaited<ReturnType<typeof startUhcPortal>>;
  let h: Harness;

  beforeAll(async () => {
    portal = await startUhcPortal({ seed: SEED, port: 0 });
    h = await createHarness('era_uhc', { uhc: portal.url });
    await h.db.claim.createMany({
      data: uhcData(SEED).claims.map((c) => ({
        portalId: 'uhc',
        payerId: 'uhc',
        claimNumber: c.claimNumber,
        patientControlNumber: c.patientAccountNumber,
      })),
    });
  });
  afterAll(async () => {
    await h?.close();
    await portal?.close();
  });

  it('stores every 835 (ZIPs unpacked), archive and PDF, and ingests the 835s against our claims', {
    timeout: 240_000,
  }, async () => {
    const zipped = portal.truth.payments.find((p) => p.archiveFileName !== null)!;
    const [from, to] = [addDays(zipped.paymentDate, -20), addDays(zipped.paymentDate, 20)];
    const inRange = portal.truth.payments.filter((p) => p.paymentDate >= from && p.paymentDate <= to);
    const x12 = inRange.flatMap((p) => p.files.map((f) => f.expected.sha256));

    const run = await submitTargets(
      { db: h.db, queueFor: h.queues.queueFor, bots, jobAttempts: 3, queueSettings: h.config.queues },
      { portal: 'uhc', task: 'era-download', targets: [{ from, to }], trigger: 'cli' },
    );
    const logs = captureLogs();
    await h.startWorker({ credentials: { uhc: demoCredentials(SEED).uhc }, logger: logs.logger });
    const [row] = await waitForRun(h.db, run.runId, 1, { timeoutMs: 200_000 });
    expect(row?.outcome).toBe('found');

    const stored = await h.db.evidence.findMany({ where: { runId: run.runId, kind: 'file' } });
    const archives = inRange.filter((p) => p.archiveFileName !== null).length;
    // Every 835, plus one PDF per payment and one archive per split payment.
    expect(stored.length).toBe(x12.length + inRange.length + archives);
    for (const sha of x12) expect(stored.map((e) => e.sha256)).toContain(sha);

    const eraFiles = await h.db.eraFile.findMany();
    expect(eraFiles.map((f) => f.sha256).sort()).toEqual([...x12].sort());
    const remitted = await h.db.eraRemittanceClaim.findMany();
    expect(remitted.map((r) => r.payerClaimNumber).sort()).toEqual(inRange.flatMap((p) => p.claimNumbers).sort());
    expect(remitted.every((r) => r.matchedClaimId !== null)).toBe(true);
  });
});
