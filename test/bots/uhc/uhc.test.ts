// The UHC bot + runtime against the real UHC-like mock portal in real Chromium:
// bot output deep-equals the ground truth, one login for the sweep, and each
// fault ends in the right class (or is recovered from with correct results).
import type { Browser } from 'playwright';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getBot } from '../../../bots/registry.ts';
import type { DownloadedFile } from '../../../bots/runtime/bot.ts';
import { launchBrowser } from '../../../bots/runtime/browser.ts';
import { BotRunner, type BotRunnerOptions } from '../../../bots/runtime/runner.ts';
import { uhcBot } from '../../../bots/uhc/index.ts';
import type { PortalAccount } from '../../../mock-portals/index.ts';
import { uhcAccounts } from '../../../mock-portals/uhc/data.ts';
import type { UhcTruthClaim } from '../../../mock-portals/uhc/data.ts';
import { startUhcPortal } from '../../../mock-portals/uhc/index.ts';
import { captureLogs } from '../../helpers/logs.ts';
import { MemorySink } from '../../helpers/memory-sink.ts';

const SEED = 42;
const [main, second] = uhcAccounts(SEED) as [PortalAccount, PortalAccount];

const logs = captureLogs('debug');
let browser: Browser;
let portal: Awaited<ReturnType<typeof startUhcPortal>>;
let claims: UhcTruthClaim[];
const sink = new MemorySink();
const runners: BotRunner[] = [];

function runner(over: Partial<BotRunnerOptions> = {}): BotRunner {
  const r = new BotRunner({
    bot: uhcBot,
    baseUrl: portal.url,
    credential: main,
    evidence: sink,
    logger: logs.logger,
    tracing: 'off',
    browserLauncher: async () => browser,
    closeBrowser: false,
    ...over,
  });
  runners.push(r);
  return r;
}
const meta = (jobId: string) => ({ jobId, runId: 'run-uhc' });
const byScenario = (s: string) => claims.filter((c) => c.scenario === s);
const tins = () => portal.truth.tins.map((t) => t.tin);

beforeAll(async () => {
  [browser, portal] = await Promise.all([launchBrowser(), startUhcPortal({ seed: SEED, port: 0 })]);
  claims = portal.truth.claims;
});
afterAll(async () => {
  await Promise.allSettled(runners.map((r) => r.close()));
  await browser?.close();
  await portal?.close();
});
beforeEach(() => portal.reset());

describe('uhc bot', () => {
  it('is registered for the uhc payer', () => {
    expect(getBot('uhc')).toBe(uhcBot);
    expect(uhcBot.payers).toEqual(['uhc']);
  });

  it('sweeps 50+ claims and denial letters across every TIN exactly as the ground truth, with one login', async () => {
    const r = runner();
    // Every 277 category is among the first claims; then every scenario, under every TIN.
    const categories = new Set<string>();
    const picked = claims.filter(
      (c) => !categories.has(c.expected.statusCategory) && categories.add(c.expected.statusCategory),
    );
    for (const s of ['paid', 'underpaid', 'zero_pay', 'denied', 'revised'])
      picked.push(
        ...byScenario(s)
          .filter((c) => !picked.includes(c))
          .slice(0, 5),
      );
    expect(picked.length).toBeGreaterThanOrEqual(50);
    expect(new Set(picked.map((c) => c.tin))).toEqual(new Set(tins()));
    // A worklist grouped by TIN, as a sweep would send it: the bot tries the selected TIN first.
    picked.sort((x, y) => tins().indexOf(x.tin) - tins().indexOf(y.tin));
    for (const c of picked) {
      const res = await r.run('claim-status', { claimNumber: c.claimNumber }, meta(`cs-${c.claimNumber}`));
      expect(res.outcome, c.claimNumber).toBe('found');
      expect(res.data, c.claimNumber).toEqual(c.expected);
    }
    const denied = claims.filter((c) => c.denial).slice(0, 16);
    for (const c of denied) {
      const res = await r.run('denial-details', { claimNumber: c.claimNumber }, meta(`dd-${c.claimNumber}`));
      expect(res.outcome, c.claimNumber).toBe('found');
      expect(res.data, c.claimNumber).toEqual(c.denial);
      expect(res.evidence).toHaveLength(2); // the letter page and its PDF
    }
    const pdf = sink.files.at(-1) as DownloadedFile;
    expect(pdf.contentType).toBe('application/pdf');
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');

    // Not found only after every TIN was tried; a paid claim has no denial letter.
    const before = portal.stats().requests;
    expect((await r.run('claim-status', { claimNumber: 'ZZ00000000' }, meta('cs-none'))).outcome).toBe('not_found');
    expect(portal.stats().requests - before).toBeGreaterThanOrEqual(1 + 2 * (tins().length - 1));
    expect(
      (await r.run('denial-details', { claimNumber: byScenario('paid')[0]!.claimNumber }, meta('dd-paid'))).outcome,
    ).toBe('not_found');
    expect(r.stats()).toMatchObject({ logins: 1, sessions: 1 });
    expect(portal.stats().logins).toBe(1);
  }, 240_000);

  it('finds a claim by member + DOB + DOS range across result pages, and by member + DOS range without a DOB', async () => {
    const r = runner();
    // A weekly therapy patient: more claims under one TIN than fit on one results page.
    const perMember = new Map<string, UhcTruthClaim[]>();
    for (const c of claims)
      perMember.set(`${c.memberId}|${c.tin}`, [...(perMember.get(`${c.memberId}|${c.tin}`) ?? []), c]);
    const busy = [...perMember.values()].find((l) => l.length > portal.truth.pageSize) as UhcTruthClaim[];
    const oldest = [...busy].sort((a, z) => a.serviceDate.localeCompare(z.serviceDate))[0] as UhcTruthClaim; // listed on the last page
    const withDob = await r.run(
      'claim-status',
      {
        memberId: oldest.memberId,
        dateOfBirth: oldest.patient.dateOfBirth,
        serviceDateFrom: oldest.serviceDate,
        serviceDateTo: oldest.serviceDate,
      },
      meta('m-dob'),
    );
    expect(withDob.outcome, JSON.stringify(withDob.error)).toBe('found');
    expect(withDob.data).toEqual(oldest.expected);
    expect(withDob.evidence.length).toBeGreaterThanOrEqual(2); // the result page and the claim

    const other = claims.find((c) => c.tin !== tins()[0] && c.scenario === 'denied') as UhcTruthClaim;
    const noDob = await r.run(
      'claim-status',
      { memberId: other.memberId, serviceDateFrom: other.serviceDate, serviceDateTo: other.serviceDate },
      meta('m-dos'),
    );
    expect(noDob.data).toEqual(other.expected);

    const dates = busy.map((c) => c.serviceDate).sort();
    const many = await r.run(
      'claim-status',
      {
        memberId: busy[0]!.memberId,
        dateOfBirth: busy[0]!.patient.dateOfBirth,
        serviceDateFrom: dates[0]!,
        serviceDateTo: dates.at(-1)!,
      },
      meta('m-many'),
    );
    // Several claims over several result pages and nothing to tell them apart: named, not guessed.
    expect(many.outcome).toBe('ambiguous_match');
    expect((many.data as { candidates: string[] }).candidates).toEqual(
      claims
        .filter((c) => c.memberId === busy[0]!.memberId && c.serviceDate >= dates[0]! && c.serviceDate <= dates.at(-1)!)
        .map((c) => c.claimNumber)
        .sort(),
    );
    // Within the row's TIN, billed amount + date of service + account number pick one.
    const pick = busy[3]!;
    const picked = await r.run(
      'claim-status',
      {
        memberId: pick.memberId,
        dateOfBirth: pick.patient.dateOfBirth,
        serviceDateFrom: dates[0]!,
        serviceDateTo: dates.at(-1)!,
        tin: pick.tin,
        billedAmount: pick.expected.billedAmount,
        patientControlNumber: pick.patientControlNumber,
      },
      meta('m-pick'),
    );
    expect(picked.data).toEqual(pick.expected);
    const none = await r.run(
      'claim-status',
      {
        memberId: busy[0]!.memberId,
        dateOfBirth: '1900-01-01',
        serviceDateFrom: dates[0]!,
        serviceDateTo: dates.at(-1)!,
      },
      meta('m-none'),
    );
    expect(none.outcome).toBe('not_found');
  }, 120_000);

  it('logs in again after session expiry and an MFA re-challenge, with correct results; survives slow pages and a 429', async () => {
    const r = runner();
    const [a, b, c, d] = byScenario('denied');
    expect((await r.run('claim-status', { claimNumber: a!.claimNumber }, meta('f-a'))).data).toEqual(a!.expected);
    portal.setFaults({ expireSessions: true });
    expect((await r.run('claim-status', { claimNumber: b!.claimNumber }, meta('f-b'))).data).toEqual(b!.expected);
    portal.setFaults({ mfaRechallenge: true });
    expect((await r.run('denial-details', { claimNumber: c!.claimNumber }, meta('f-c'))).data).toEqual(c!.denial);
    expect(portal.stats().logins).toBe(3);
    portal.setFaults({ slowMs: 150, rateLimit: 1, retryAfterSec: 1 });
    const t0 = Date.now();
    expect((await r.run('claim-status', { claimNumber: d!.claimNumber }, meta('f-d'))).data).toEqual(d!.expected);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1_000);
    expect(portal.stats().rateLimited).toBe(1);
  }, 120_000);

  it('reports a 429 beyond the wait cap as rate_limited with retryAfterMs, and maintenance as portal_unavailable', async () => {
    const claim = claims[0]!;
    portal.setFaults({ rateLimit: 5, retryAfterSec: 30 });
    const limited = await runner({ maxRetryAfterMs: 1_000 }).run(
      'claim-status',
      { claimNumber: claim.claimNumber },
      meta('f-429'),
    );
    expect(limited.error).toMatchObject({
      class: 'rate_limited',
      retryable: true,
      next: 'retry_after_wait',
      details: { retryAfterMs: 30_000 },
    });
    portal.reset();
    portal.setFaults({ maintenance: true });
    const maint = await runner().run('claim-status', { claimNumber: claim.claimNumber }, meta('f-maint'));
    expect(maint.error).toMatchObject({ class: 'portal_unavailable', retryable: true, next: 'retry_with_backoff' });
  });

  it('reports the v2 layout as layout_changed naming the element, never a value', async () => {
    const r = runner();
    const claim = byScenario('paid')[1]!;
    expect((await r.run('claim-status', { claimNumber: claim.claimNumber }, meta('v1'))).data).toEqual(claim.expected);
    portal.setFaults({ layout: 'v2' });
    const res = await r.run('claim-status', { claimNumber: claim.claimNumber }, meta('v2'));
    expect(res.outcome).toBe('failed');
    expect(res.data).toBeUndefined();
    expect(res.error).toMatchObject({
      class: 'layout_changed',
      next: 'report_layout_drift',
      details: { page: 'claimSearch', element: 'claimNumber' },
    });
    const denial = claims.find((c) => c.denial && c.tin === tins()[0]) as UhcTruthClaim;
    const letter = await r.run('denial-details', { claimNumber: denial.claimNumber }, meta('v2-letter'));
    expect(letter.data).toBeUndefined();
    expect(letter.error).toMatchObject({
      class: 'layout_changed',
      details: { page: 'denialLetter', element: 'heading' },
    });
  });

  it('fails a wrong password once as authentication_failed, and a locked account as locked_out', async () => {
    const bad = runner({ credential: { ...second, password: 'not-the-password' } });
    const res = await bad.run('claim-status', { claimNumber: claims[0]!.claimNumber }, meta('pw-1'));
    expect(res.error).toMatchObject({
      class: 'authentication_failed',
      retryable: false,
      next: 'stop_credential_and_alert',
    });
    expect((await bad.run('claim-status', { claimNumber: claims[0]!.claimNumber }, meta('pw-2'))).error?.class).toBe(
      'authentication_failed',
    );
    expect(portal.stats()).toMatchObject({ passwordAttempts: 1, failedPasswords: 1, lockouts: 0 });

    portal.reset();
    portal.setFaults({ lockoutAfter: 1 });
    const lock = await runner({ credential: { ...second, password: 'wrong-again' } }).run(
      'claim-status',
      { claimNumber: claims[0]!.claimNumber },
      meta('lock-1'),
    );
    expect(lock.error).toMatchObject({ class: 'locked_out', retryable: false });
    // The right password does not help a locked account.
    const locked = await runner({ credential: second }).run(
      'claim-status',
      { claimNumber: claims[0]!.claimNumber },
      meta('lock-2'),
    );
    expect(locked.error).toMatchObject({ class: 'locked_out' });
    expect(portal.stats()).toMatchObject({ lockouts: 1, logins: 0 });
  });

  it('never logged a password, TOTP secret, member id, birth date or patient name', () => {
    const text = logs.text();
    expect(logs.lines.length).toBeGreaterThan(20);
    for (const secret of [main.password, main.totpSecret, second.password, second.totpSecret, 'not-the-password'])
      expect(text).not.toContain(secret);
    for (const c of claims) {
      expect(text).not.toContain(c.memberId);
      expect(text).not.toContain(`${c.patient.firstName} ${c.patient.lastName}`);
      expect(text).not.toContain(`${c.patient.lastName}, ${c.patient.firstName}`);
      expect(text).not.toContain(c.patient.dateOfBirth);
    }
  });
});
