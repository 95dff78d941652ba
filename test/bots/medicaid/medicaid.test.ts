// The Medicaid bot + runtime against the real Medicaid-like mock portal in
// real Chromium: claim status by ICN, 835 and PDF RA downloads, read through iframes.
import { createHash } from 'node:crypto';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { medicaidBot } from '../../../bots/medicaid/index.ts';
import { getBot } from '../../../bots/registry.ts';
import type { BotLogger, DownloadedFile, PageCapture } from '../../../bots/runtime/bot.ts';
import { launchBrowser } from '../../../bots/runtime/browser.ts';
import { BotRunner, type BotRunnerOptions } from '../../../bots/runtime/runner.ts';
import type { EraDownloadOutput } from '../../../bots/runtime/tasks.ts';
import { medicaidAccounts } from '../../../mock-portals/medicaid/data.ts';
import { startMedicaidPortal, type RunningMedicaidPortal } from '../../../mock-portals/medicaid/index.ts';
import type { MedicaidTruth } from '../../../mock-portals/medicaid/truth.ts';
import { parse835Text } from '../../../x12/index.ts';
import { scanned } from '../../helpers/logs.ts';
import { MemorySink } from '../../helpers/memory-sink.ts';

const SEED = 42;
const [main, second] = medicaidAccounts(SEED) as [
  ReturnType<typeof medicaidAccounts>[number],
  ReturnType<typeof medicaidAccounts>[number],
];

const logLines: string[] = [];
const log = (o: object, m?: string) => void logLines.push(JSON.stringify([o, m]));
const logger: BotLogger = scanned({ debug: log, info: log, warn: log, error: log });

let browser: Browser;
let portal: RunningMedicaidPortal;
let truth: MedicaidTruth;
const sink = new MemorySink();
const runners: BotRunner[] = [];

function runner(over: Partial<BotRunnerOptions> = {}): BotRunner {
  const r = new BotRunner({
    bot: medicaidBot,
    baseUrl: portal.url,
    credential: main,
    evidence: sink,
    logger,
    browserLauncher: async () => browser,
    closeBrowser: false,
    tracing: 'off',
    ...over,
  });
  runners.push(r);
  return r;
}
const meta = (jobId: string) => ({ jobId, runId: 'run-medicaid' });
const byScenario = (s: string) => truth.claims.filter((c) => c.scenario === s);
const icnInput = (icn: string) => ({ claimNumber: icn });

beforeAll(async () => {
  browser = await launchBrowser();
  portal = await startMedicaidPortal({ seed: SEED, port: 0 });
  truth = portal.truth;
});
afterAll(async () => {
  await Promise.allSettled(runners.map((r) => r.close()));
  await browser?.close();
  await portal?.close();
});
beforeEach(() => portal.reset());

describe('medicaid bot', () => {
  it('is registered', () => {
    expect(getBot('medicaid')).toBe(medicaidBot);
  });

  it('reads 50 claims by ICN through the frames exactly as the ground truth, with one login', async () => {
    const r = runner();
    const scenarios = ['paid', 'copay', 'partial', 'tpl', 'denied', 'reversed', 'corrected', 'pending', 'rejected'];
    const picked = scenarios.flatMap((s) => byScenario(s).slice(0, 4));
    for (const c of truth.claims) if (picked.length < 50 && !picked.includes(c)) picked.push(c);
    expect(picked).toHaveLength(50);
    for (const c of picked) {
      const res = await r.run('claim-status', icnInput(c.icn), meta(`job-${c.icn}`));
      expect(res.outcome, c.icn).toBe('found');
      expect(res.data, c.icn).toEqual(c.expected);
      expect(res.evidence).toHaveLength(1);
    }
    expect(r.stats()).toMatchObject({ logins: 1, sessions: 1 });
    expect(portal.stats()).toMatchObject({ logins: 1, termsAccepted: 1, passwordAttempts: 1 });
    const last = sink.captures.at(-1) as PageCapture;
    expect(last.png.subarray(1, 4).toString()).toBe('PNG');
    expect(last.finalUrl).toMatch(/\/main$/);
  }, 240_000);

  it('returns not_found for an unknown ICN and invalid_input for searches the portal cannot do', async () => {
    const r = runner();
    const nf = await r.run('claim-status', icnInput('9999999999999'), meta('job-nf'));
    expect(nf.outcome).toBe('not_found');
    expect(nf.evidence).toHaveLength(1);
    expect((await r.run('claim-status', icnInput('ABC12345'), meta('job-bad'))).error).toMatchObject({
      class: 'invalid_input',
      details: { field: 'claimNumber' },
    });
    const member = await r.run(
      'claim-status',
      { memberId: 'M1234567890', serviceDateFrom: '2025-01-01', serviceDateTo: '2025-02-01' },
      meta('job-member'),
    );
    // The recipient search needs the birth date, like the portal's form.
    expect(member.error).toMatchObject({ class: 'invalid_input', details: { field: 'dateOfBirth' } });
  });

  it('downloads every 835 in a date range across list pages; each parses to the truth', async () => {
    const r = runner();
    const from = truth.raFiles[0]!.paymentDate;
    const to = truth.raFiles.at(-1)!.paymentDate;
    const before = sink.files.length;
    const res = await r.run('era-download', { from, to }, meta('job-era-all'));
    expect(res.outcome).toBe('found');
    const files = (res.data as EraDownloadOutput).files;
    expect(truth.raFiles.length).toBeGreaterThan(10); // more than one list page
    expect(files.map(({ evidenceId: _e, ...f }) => f)).toEqual(truth.raFiles.map((f) => f.expected));
    const saved = sink.files.slice(before).filter((f) => f.contentType === 'application/edi-x12');
    expect(saved).toHaveLength(truth.raFiles.length);
    // Each RA's PDF is stored too, listed apart from the 835s (never ingested).
    const pdfs = sink.files.slice(before).filter((f) => f.contentType === 'application/pdf');
    expect(pdfs.map((f) => f.fileName)).toEqual(expect.arrayContaining(truth.raFiles.map((f) => f.pdfFileName)));
    expect(pdfs).toHaveLength(truth.raFiles.length);
    for (const p of pdfs) expect(p.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const docs = (res.data as EraDownloadOutput).documents ?? [];
    expect(docs.map((d) => [d.kind, d.fileName, d.paymentDate, d.traceNumber])).toEqual(
      truth.raFiles.map((f) => ['remittance-advice-pdf', f.pdfFileName, f.paymentDate, f.expected.traceNumber]),
    );
    for (const d of docs) expect(d.evidenceId).toMatch(/^file-/);
    for (const [i, t] of truth.raFiles.entries()) {
      const file = saved.find((f) => f.fileName === t.expected.fileName) as DownloadedFile;
      expect(files[i]!.evidenceId).toMatch(/^file-/);
      expect(createHash('sha256').update(file.bytes).digest('hex')).toBe(t.expected.sha256);
      const parsed = parse835Text(file.bytes);
      expect(parsed.warnings).toEqual([]);
      expect(parsed.transactions).toEqual(t.transactions);
    }
    // The seed covers what real Medicaid RAs carry.
    const txs = truth.raFiles.flatMap((f) => f.transactions);
    const claims = txs.flatMap((t) => t.claims);
    expect(new Set(txs.map((t) => t.payment.method))).toEqual(new Set(['ACH', 'CHK', 'NON']));
    expect(claims.some((c) => c.statusCode === '22' && c.paidAmount < 0)).toBe(true);
    expect(claims.some((c) => c.statusCode === '4' && c.paidAmount === 0)).toBe(true);
    expect(new Set(txs.flatMap((t) => t.providerAdjustments.map((p) => p.reason)))).toEqual(
      new Set(['L6', 'WO', 'FB']),
    );
    expect(r.stats().logins).toBe(1);
  }, 60_000);

  it('downloads only the files in a narrow range, and none for an empty one', async () => {
    const r = runner();
    const [a, b] = [truth.raFiles[3]!, truth.raFiles[5]!];
    const res = await r.run('era-download', { from: a.paymentDate, to: b.paymentDate }, meta('job-era-3'));
    expect((res.data as EraDownloadOutput).files.map((f) => f.fileName)).toEqual(
      truth.raFiles.slice(3, 6).map((f) => f.expected.fileName),
    );
    const none = await r.run('era-download', { from: '2024-01-01', to: '2024-01-31' }, meta('job-era-none'));
    expect(none).toMatchObject({ outcome: 'found', data: { files: [] } });
    expect(none.evidence).toHaveLength(1);
  });

  it('logs on again (terms included) when the session is killed or idles out', async () => {
    const r = runner();
    const [a, b, c] = byScenario('denied');
    expect((await r.run('claim-status', icnInput(a!.icn), meta('job-a'))).data).toEqual(a!.expected);
    portal.setFaults({ expireSessions: true });
    expect((await r.run('claim-status', icnInput(b!.icn), meta('job-b'))).data).toEqual(b!.expected);
    portal.setFaults({ sessionTtlMs: 3_000 });
    await new Promise((res) => setTimeout(res, 3_300));
    expect((await r.run('claim-status', icnInput(c!.icn), meta('job-c'))).data).toEqual(c!.expected);
    portal.setFaults({ sessionTtlMs: 300_000 });
    const era = await r.run(
      'era-download',
      { from: truth.raFiles[0]!.paymentDate, to: truth.raFiles[0]!.paymentDate },
      meta('job-era-exp'),
    );
    expect((era.data as EraDownloadOutput).files).toHaveLength(1);
    expect(r.stats().logins).toBe(3);
    expect(portal.stats()).toMatchObject({ logins: 3, termsAccepted: 3, expiredSessions: 2 });
  });

  it('waits out HTTP 429 on the top page and inside a frame; gives up beyond the cap', async () => {
    const r = runner();
    const claim = byScenario('paid')[7]!;
    await r.run('claim-status', icnInput(claim.icn), meta('job-warm'));
    portal.setFaults({ rateLimit: 1, retryAfterSec: 1 }); // the next request is a frame navigation (menu link)
    const t0 = Date.now();
    const limitedOnce = await r.run('claim-status', icnInput(claim.icn), meta('job-429'));
    expect(limitedOnce.error).toBeUndefined();
    expect(limitedOnce.data).toEqual(claim.expected);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1_000);
    expect(portal.stats().rateLimited).toBe(1);
    const impatient = runner({ maxRetryAfterMs: 500 });
    portal.setFaults({ rateLimit: 1, retryAfterSec: 3 });
    const limited = await impatient.run('claim-status', icnInput(claim.icn), meta('job-429-cap'));
    expect(limited.error).toMatchObject({ class: 'rate_limited', retryable: true, details: { retryAfterMs: 3_000 } });
  });

  it('reports maintenance as portal_unavailable', async () => {
    portal.setFaults({ maintenance: true });
    const res = await runner().run('claim-status', icnInput(truth.claims[0]!.icn), meta('job-maint'));
    expect(res.error).toMatchObject({ class: 'portal_unavailable', retryable: true });
  });

  it('reports the v2 layout as layout_changed naming the element, never a value', async () => {
    const r = runner();
    const claim = byScenario('paid')[0]!;
    await r.run('claim-status', icnInput(claim.icn), meta('job-v1'));
    portal.setFaults({ layout: 'v2' });
    const res = await r.run('claim-status', icnInput(claim.icn), meta('job-v2'));
    expect(res.outcome).toBe('failed');
    expect(res.data).toBeUndefined();
    expect(res.error).toMatchObject({ class: 'layout_changed', details: { page: 'claimDetail', element: 'payment' } });
    const era = await r.run(
      'era-download',
      { from: truth.raFiles[0]!.paymentDate, to: truth.raFiles[2]!.paymentDate },
      meta('job-v2-era'),
    );
    expect(era.data).toBeUndefined();
    expect(era.error).toMatchObject({ class: 'layout_changed', details: { page: 'remittance', element: 'files' } });
    expect(r.stats().logins).toBe(1);
  });

  it('fails a wrong password once as authentication_failed, and a locked account as locked_out', async () => {
    const r = runner({ credential: { ...second, password: 'not-the-password' } });
    const res = await r.run('claim-status', icnInput(truth.claims[0]!.icn), meta('job-badpw'));
    expect(res.error).toMatchObject({ class: 'authentication_failed', retryable: false });
    expect((await r.run('claim-status', icnInput(truth.claims[0]!.icn), meta('job-badpw-2'))).error?.class).toBe(
      'authentication_failed',
    );
    expect(portal.stats()).toMatchObject({ passwordAttempts: 1, failedPasswords: 1, lockouts: 0 });

    portal.setFaults({ lockoutAfter: 2 });
    const form = {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ providerId: second.username, password: 'wrong' }).toString(),
    };
    await fetch(`${portal.url}/login`, form);
    const locked = await runner({ credential: second }).run(
      'claim-status',
      icnInput(truth.claims[0]!.icn),
      meta('job-locked'),
    );
    expect(locked.error).toMatchObject({ class: 'locked_out', retryable: false });
    expect(portal.stats().lockouts).toBe(1);
    portal.setFaults({ lockoutAfter: 5 });
  });

  it('never logged a password, member id or patient name', () => {
    const logs = logLines.join('\n');
    expect(logLines.length).toBeGreaterThan(10);
    for (const s of [main.password, second.password, 'not-the-password']) expect(logs).not.toContain(s);
    for (const c of truth.claims) {
      expect(logs).not.toContain(c.memberId);
      expect(logs.toUpperCase()).not.toContain(`${c.patient.lastName}, ${c.patient.firstName}`.toUpperCase());
    }
  });
});
