// UHC-like ERAs end to end in real Chromium against the real mock: the uhc
// bot's era-download walks Payments & Remittance under every TIN, downloads
// each payment's 835 (a ZIP of several 835s when the payer split it, unpacked
// here) and its PDF remittance advice into the real evidence store (the
// worker's job sink), and the ERA pipeline ingests the 835s against the
// portal's claims in PostgreSQL: every claim matched.
import { createHash } from 'node:crypto';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../../bots/runtime/browser.ts';
import { BotRunner } from '../../../bots/runtime/runner.ts';
import type { EraDownloadOutput } from '../../../bots/runtime/tasks.ts';
import { uhcBot } from '../../../bots/uhc/index.ts';
import type { PortalAccount } from '../../../mock-portals/index.ts';
import { uhcAccounts, uhcData } from '../../../mock-portals/uhc/data.ts';
import { startUhcPortal } from '../../../mock-portals/uhc/index.ts';
import type { UhcPaymentTruth } from '../../../mock-portals/uhc/remits.ts';
import { jobEvidenceSink } from '../../../orchestrator/platform/worker/evidence-sink.ts';
import { processEraDownloadResult } from '../../../orchestrator/remittance/index.ts';
import { addDays } from '../../../mock-portals/shared/helpers.ts';
import { parse835Text } from '../../../x12/index.ts';
import { createHarness, type Harness } from '../../helpers/harness.ts';
import { captureLogs } from '../../helpers/logs.ts';

const SEED = 42;
const RUN_ID = '00000000-0000-4000-8000-0000000000e1';
const [main] = uhcAccounts(SEED) as [PortalAccount];
const logs = captureLogs('debug');

let browser: Browser;
let portal: Awaited<ReturnType<typeof startUhcPortal>>;
let h: Harness;
let runner: BotRunner;
const sink = () =>
  jobEvidenceSink(h.db, h.evidence, {
    jobId: 'job-uhc-era',
    runId: RUN_ID,
    portal: 'uhc',
    claimId: null,
    claimRef: null,
  });
let evidence: ReturnType<typeof sink>;

beforeAll(async () => {
  [browser, portal] = await Promise.all([launchBrowser(), startUhcPortal({ seed: SEED, port: 0 })]);
  h = await createHarness('uhc_era', { uhc: portal.url });
  await h.db.run.create({ data: { id: RUN_ID, portalId: 'uhc', task: 'era-download', trigger: 'cli' } });
  // Our claims table holds every claim of the portal, as claim-status sweeps would have left it.
  await h.db.claim.createMany({
    data: uhcData(SEED).claims.map((c) => ({
      portalId: 'uhc',
      payerId: 'uhc',
      claimNumber: c.claimNumber,
      patientControlNumber: c.patientAccountNumber,
      billedAmount: (c.billedCents / 100).toFixed(2),
    })),
  });
  evidence = sink();
  runner = new BotRunner({
    bot: uhcBot,
    baseUrl: portal.url,
    credential: main,
    evidence,
    logger: logs.logger,
    tracing: 'off',
    browserLauncher: async () => browser,
    closeBrowser: false,
  });
}, 60_000);
afterAll(async () => {
  await runner?.close();
  await browser?.close();
  await portal?.close();
  await h?.close();
});

describe('uhc era-download', () => {
  it('stores every 835 (ZIPs unpacked) and PDF of a range across TINs, and ingest matches every claim', async () => {
    const payments = portal.truth.payments;
    const zipped = payments.filter((p) => p.archiveFileName !== null);
    expect(zipped.length).toBeGreaterThan(0);
    // A range around the first split payment: it holds plain and zipped payments of more than one TIN.
    const from = addDays(zipped[0]!.paymentDate, -45);
    const to = addDays(zipped[0]!.paymentDate, 45);
    const inRange = payments.filter((p) => p.paymentDate >= from && p.paymentDate <= to);
    expect(new Set(inRange.map((p) => p.tin)).size).toBeGreaterThan(1);
    expect(inRange.some((p) => p.archiveFileName === null)).toBe(true);
    const expected = inRange.flatMap((p) => p.files);

    const res = await runner.run('era-download', { from, to }, { jobId: 'job-uhc-era', runId: RUN_ID });
    expect(res.error).toBeUndefined();
    expect(res.outcome).toBe('found');
    expect(await evidence.flush()).toBeNull();
    const data = res.data as EraDownloadOutput;
    const order = (a: { fileName: string }, b: { fileName: string }) => a.fileName.localeCompare(b.fileName);
    expect(data.files.map(({ evidenceId: _e, ...f }) => f).sort(order)).toEqual(
      expected.map((f) => f.expected).sort(order),
    );
    // Each 835 is its own evidence file with the bytes the portal wrote; ZIP members parse to the truth.
    const byName = new Map(expected.map((f) => [f.expected.fileName, f]));
    for (const f of data.files) {
      const row = await h.db.evidence.findUniqueOrThrow({ where: { id: f.evidenceId } });
      expect(row).toMatchObject({ kind: 'file', sha256: f.sha256, portalId: 'uhc' });
      const bytes = await h.evidence.read(row.storageKey, { actor: 'test', reason: 'check era-download' });
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(byName.get(f.fileName)!.expected.sha256);
      expect(parse835Text(bytes).transactions).toEqual(byName.get(f.fileName)!.transactions);
    }
    // Archives and PDF remittance advice are stored too, listed apart from the 835s.
    const docs = data.documents ?? [];
    const names = (kind: string) =>
      docs
        .filter((d) => d.kind === kind)
        .map((d) => d.fileName)
        .sort();
    expect(names('archive')).toEqual(inRange.flatMap((p) => (p.archiveFileName ? [p.archiveFileName] : [])).sort());
    expect(names('remittance-advice-pdf')).toEqual(inRange.map((p: UhcPaymentTruth) => p.pdfFileName).sort());
    for (const d of docs) {
      const row = await h.db.evidence.findUniqueOrThrow({ where: { id: d.evidenceId } });
      const bytes = await h.evidence.read(row.storageKey, { actor: 'test', reason: 'check era-download' });
      expect(bytes.subarray(0, 5).toString('latin1')).toBe(d.kind === 'archive' ? 'PK\u0003\u0004\u0014' : '%PDF-');
    }

    // The orchestrator's hook for the result: every 835 ingested, every claim matched to ours.
    const outcomes = await processEraDownloadResult(h.db, h.evidence, data, { portal: 'uhc', runId: RUN_ID });
    expect(outcomes.map((o) => o.error?.message ?? null)).toEqual(data.files.map(() => null));
    const claims = await h.db.eraRemittanceClaim.findMany({ include: { payment: true } });
    expect(claims.map((c) => c.payerClaimNumber).sort()).toEqual(inRange.flatMap((p) => p.claimNumbers).sort());
    for (const c of claims) expect(c.matchMethod, c.payerClaimNumber ?? '').toBe('payer_claim_number+pcn');
    // A split payment is booked as its files: together they add up to the deposit.
    const split = inRange.find((p) => p.archiveFileName !== null)!;
    const booked = await h.db.eraPayment.findMany({ where: { traceNumber: split.traceNumber } });
    expect(booked.length).toBe(split.files.length);
    expect(booked.reduce((s, p) => s + Math.round(Number(p.amount) * 100), 0)).toBe(Math.round(split.amount * 100));
    // Denials in those remittances reach the work queue.
    expect(claims.some((c) => c.denialKind === 'denied' && c.workqueueAction === 'created')).toBe(true);
  }, 120_000);

  it('logs in again after the session expired and waits out a 429, downloading the same files', async () => {
    const zipped = portal.truth.payments.find((p) => p.archiveFileName !== null)!;
    const day = zipped.paymentDate;
    const expected = portal.truth.payments.filter((p) => p.paymentDate === day).flatMap((p) => p.files);
    const logins = portal.stats().logins;
    portal.setFaults({ expireSessions: true });
    const again = await runner.run('era-download', { from: day, to: day }, { jobId: 'job-uhc-era-2', runId: RUN_ID });
    expect(again.error).toBeUndefined();
    portal.setFaults({ rateLimit: 1, retryAfterSec: 1 });
    const limited = await runner.run('era-download', { from: day, to: day }, { jobId: 'job-uhc-era-3', runId: RUN_ID });
    expect(limited.error).toBeUndefined();
    expect(portal.stats()).toMatchObject({ logins: logins + 1, rateLimited: 1 });
    for (const res of [again, limited])
      expect((res.data as EraDownloadOutput).files.map((f) => f.sha256).sort()).toEqual(
        expected.map((f) => f.expected.sha256).sort(),
      );
    expect(await evidence.flush()).toBeNull();
  }, 120_000);
});
