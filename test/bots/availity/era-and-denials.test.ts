// The Availity bot's era-download and denial-details tasks against the real
// mock portal in real Chromium: every 835 in a date range, byte-exact and
// parsing back to the portal's ground truth; denial pages equal to truth.
import type { Browser } from 'playwright';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { availityBot } from '../../../bots/availity/index.ts';
import type { BotLogger, EvidenceSink } from '../../../bots/runtime/bot.ts';
import { launchBrowser } from '../../../bots/runtime/browser.ts';
import { BotRunner, type BotRunnerOptions } from '../../../bots/runtime/runner.ts';
import type { EraDownloadOutput } from '../../../bots/runtime/tasks.ts';
import { availityAccounts, startAvailityPortal, type PortalAccount } from '../../../mock-portals/index.ts';
import { parse835Text } from '../../../x12/index.ts';
import { scanned } from '../../helpers/logs.ts';
import { MemorySink } from '../../helpers/memory-sink.ts';

const SEED = 42;
const [main] = availityAccounts(SEED) as [PortalAccount];

const logLines: string[] = [];
const logger: BotLogger = scanned({
  debug: (o, m) => logLines.push(JSON.stringify([o, m])),
  info: (o, m) => logLines.push(JSON.stringify([o, m])),
  warn: (o, m) => logLines.push(JSON.stringify([o, m])),
  error: (o, m) => logLines.push(JSON.stringify([o, m])),
});

let browser: Browser;
let portal: Awaited<ReturnType<typeof startAvailityPortal>>;
const runners: BotRunner[] = [];
function runner(sink: EvidenceSink, over: Partial<BotRunnerOptions> = {}): BotRunner {
  const r = new BotRunner({
    bot: availityBot,
    baseUrl: portal.url,
    credential: main,
    evidence: sink,
    logger,
    browserLauncher: async () => browser,
    closeBrowser: false,
    ...over,
  });
  runners.push(r);
  return r;
}
const meta = (jobId: string) => ({ jobId, runId: 'run-era' });

beforeAll(async () => {
  browser = await launchBrowser();
  portal = await startAvailityPortal({ seed: SEED, port: 0 });
});
afterAll(async () => {
  await Promise.allSettled(runners.map((r) => r.close()));
  await browser?.close();
  await portal?.close();
});
beforeEach(() => portal.reset());

describe('availity portal: remittances in the ground truth', () => {
  it('cover paid, denied, revised and zero-pay claims with matching CLP01/CLP07, several payers, ACH, check, PLB and reversals', () => {
    const t = portal.truth;
    const txs = t.remittances.flatMap((r) => r.expected);
    const clps = txs.flatMap((tx) => tx.claims);
    expect(new Set(t.remittances.map((r) => r.payer))).toEqual(new Set(['aetna', 'cigna', 'anthem']));
    expect(new Set(t.remittances.map((r) => r.method))).toEqual(new Set(['ACH', 'CHK', 'NON']));
    const plb = txs.flatMap((tx) => tx.providerAdjustments.map((p) => p.reason));
    expect(plb).toContain('L6');
    expect(plb).toContain('WO');
    expect(clps.filter((c) => c.statusCode === '22').length).toBeGreaterThan(0);
    expect(clps.filter((c) => c.statusCode === '4').length).toBeGreaterThan(0);
    // Every adjudicated claim appears under its own PCN and payer claim number, with the portal's amounts.
    for (const c of t.claims.filter((x) =>
      ['paid', 'underpaid', 'deductible', 'denied', 'revised'].includes(x.scenario),
    )) {
      const hit = clps.find((k) => k.payerClaimControlNumber === c.claimNumber && k.statusCode !== '22');
      expect(hit, c.claimNumber).toBeDefined();
      expect(hit!.patientControlNumber).toBe(c.patientControlNumber);
      expect(hit!.chargeAmount).toBe(c.expected.billedAmount);
      expect(hit!.paidAmount).toBe(c.expected.paidAmount);
      expect(hit!.patientResponsibility).toBe(c.expected.patientResponsibility);
      if (c.expected.checkNumber) {
        const file = t.remittances.find((r) => r.expected[0]!.claims.includes(hit!))!;
        expect([file.traceNumber, file.paymentDate]).toEqual([c.expected.checkNumber, c.expected.paymentDate]);
      }
    }
    expect(t.denials.length).toBeGreaterThanOrEqual(50);
  });
});

describe('availity bot: era-download', () => {
  it('downloads every 835 in a date range, each byte-exact and parsing to the ground truth, with one login', async () => {
    const all = portal.truth.remittances;
    const dates = all.map((r) => r.paymentDate).sort();
    const from = dates[Math.floor(dates.length * 0.4)]!;
    const to = dates[dates.length - 1]!;
    const inRange = all.filter((r) => r.paymentDate >= from && r.paymentDate <= to);
    expect(inRange.length).toBeGreaterThan(40); // more than two list pages

    const sink = new MemorySink();
    const r = runner(sink);
    const res = await r.run('era-download', { from, to }, meta('job-era'));
    expect(res.error).toBeUndefined();
    expect(res.outcome).toBe('found');
    const out = res.data as EraDownloadOutput;
    expect(out.files.map((f) => f.fileName).sort()).toEqual(inRange.map((f) => f.fileName).sort());
    for (const f of out.files) {
      const truth = inRange.find((t) => t.fileName === f.fileName)!;
      expect(f).toMatchObject({
        payer: truth.payer,
        paymentDate: truth.paymentDate,
        traceNumber: truth.traceNumber,
        amount: truth.amount,
        sha256: truth.sha256,
        byteSize: truth.byteSize,
      });
      const stored = sink.fileById(f.evidenceId)!;
      expect(stored.contentType).toBe('application/edi-x12');
      const parsed = parse835Text(stored.bytes);
      expect(parsed.warnings).toEqual([]);
      expect(parsed.transactions).toEqual(truth.expected);
    }
    // Every list page was captured as evidence.
    expect(sink.captures.filter((c) => c.label.startsWith('era-download: remittance list')).length).toBe(
      Math.ceil(inRange.length / 20),
    );
    expect(portal.stats().logins).toBe(1);

    // A payer filter narrows the same range.
    const cigna = await r.run('era-download', { from, to, payer: 'cigna' }, meta('job-era-cigna'));
    expect((cigna.data as EraDownloadOutput).files.map((f) => f.fileName).sort()).toEqual(
      inRange
        .filter((f) => f.payer === 'cigna')
        .map((f) => f.fileName)
        .sort(),
    );
    expect(portal.stats().logins).toBe(1);
  }, 90_000);

  it('returns an empty list for a range with no remittances, and invalid_input for a bad range or payer', async () => {
    const r = runner(new MemorySink());
    const none = await r.run('era-download', { from: '2019-01-01', to: '2019-01-31' }, meta('job-era-none'));
    expect(none).toMatchObject({ outcome: 'found', data: { files: [] } });
    const bad = await r.run('era-download', { from: '2025-02-01', to: '2025-01-01' }, meta('job-era-bad'));
    expect(bad.error).toMatchObject({ class: 'invalid_input', details: { field: 'from' } });
    const payer = await r.run(
      'era-download',
      { from: '2025-01-01', to: '2025-02-01', payer: 'humana' },
      meta('job-era-payer'),
    );
    expect(payer.error).toMatchObject({ class: 'invalid_input', details: { field: 'payer' } });
  });

  it('logs in again when the session expires between list and downloads', async () => {
    const sink = new MemorySink();
    const r = runner(sink);
    const [one] = portal.truth.remittances;
    await r.run('era-download', { from: one!.paymentDate, to: one!.paymentDate }, meta('job-era-warm'));
    portal.setFaults({ expireSessions: true });
    const res = await r.run('era-download', { from: one!.paymentDate, to: one!.paymentDate }, meta('job-era-expired'));
    expect(res.outcome).toBe('found');
    expect((res.data as EraDownloadOutput).files.map((f) => f.sha256)).toContain(one!.sha256);
    expect(portal.stats().logins).toBe(2);
  });

  it('reports the v2 layout as layout_changed naming the element, and maintenance as portal_unavailable', async () => {
    const r = runner(new MemorySink());
    portal.setFaults({ layout: 'v2' });
    const v2 = await r.run('era-download', { from: '2025-01-01', to: '2025-12-31' }, meta('job-era-v2'));
    expect(v2.outcome).toBe('failed');
    expect(v2.data).toBeUndefined();
    expect(v2.error).toMatchObject({
      class: 'layout_changed',
      details: { page: 'remittanceList', element: 'heading' },
    });
    portal.setFaults({ layout: 'v1', maintenance: true });
    const down = await r.run('era-download', { from: '2025-01-01', to: '2025-12-31' }, meta('job-era-maint'));
    expect(down.error).toMatchObject({ class: 'portal_unavailable', retryable: true });
  });
});

describe('availity bot: denial-details', () => {
  it('reads at least 50 denied or short-paid claims exactly as the ground truth, with one login', async () => {
    const sink = new MemorySink();
    const r = runner(sink);
    const denials = portal.truth.denials;
    expect(denials.length).toBeGreaterThanOrEqual(50);
    for (const d of denials.slice(0, 50)) {
      const res = await r.run('denial-details', { claimNumber: d.claimNumber }, meta(`job-den-${d.claimNumber}`));
      expect(res.error, d.claimNumber).toBeUndefined();
      expect(res.data).toEqual(d.expected);
      expect(res.evidence).toHaveLength(1);
    }
    expect(denials.some((d) => d.expected.rationale === null)).toBe(true);
    expect(denials.some((d) => d.expected.appealDeadline === null)).toBe(true);
    expect(portal.stats().logins).toBe(1);
  }, 90_000);

  it('is not_found for an unknown or a paid claim, and layout_changed on v2', async () => {
    const r = runner(new MemorySink());
    const nf = await r.run('denial-details', { claimNumber: 'AET00000000000' }, meta('job-den-nf'));
    expect(nf.outcome).toBe('not_found');
    expect(nf.evidence).toHaveLength(1);
    const paid = portal.truth.claims.find((c) => c.scenario === 'paid')!;
    expect((await r.run('denial-details', { claimNumber: paid.claimNumber }, meta('job-den-paid'))).outcome).toBe(
      'not_found',
    );
    portal.setFaults({ layout: 'v2' });
    const d = portal.truth.denials[0]!;
    const v2 = await r.run('denial-details', { claimNumber: d.claimNumber }, meta('job-den-v2'));
    expect(v2.error).toMatchObject({ class: 'layout_changed', details: { page: 'denialDetail', element: 'heading' } });
  });

  it('never logged a password, TOTP secret, member id or patient name', () => {
    const logs = logLines.join('\n');
    expect(logLines.length).toBeGreaterThan(5);
    for (const s of [main.password, main.totpSecret]) expect(logs).not.toContain(s);
    for (const c of portal.truth.claims) {
      expect(logs).not.toContain(c.memberId);
      expect(logs).not.toContain(c.patient.lastName.toUpperCase());
    }
  });
});
