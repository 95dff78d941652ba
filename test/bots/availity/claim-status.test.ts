// The Availity bot + runtime against the real mock portal in real Chromium.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { availityBot } from '../../../bots/availity/index.ts';
import { getBot } from '../../../bots/registry.ts';
import type { BotLogger, PageCapture } from '../../../bots/runtime/bot.ts';
import { launchBrowser } from '../../../bots/runtime/browser.ts';
import { isPng } from '../../../bots/runtime/capture.ts';
import { BotRunner, type BotRunnerOptions } from '../../../bots/runtime/runner.ts';
import {
  availityAccounts,
  startAvailityPortal,
  type AvailityTruthClaim,
  type PortalAccount,
} from '../../../mock-portals/index.ts';
import { scanned } from '../../helpers/logs.ts';
import { MemorySink } from '../../helpers/memory-sink.ts';

const SEED = 42;
const [main, second] = availityAccounts(SEED) as [PortalAccount, PortalAccount];

const logLines: string[] = [];
const logger: BotLogger = scanned({
  debug: (o, m) => logLines.push(JSON.stringify([o, m])),
  info: (o, m) => logLines.push(JSON.stringify([o, m])),
  warn: (o, m) => logLines.push(JSON.stringify([o, m])),
  error: (o, m) => logLines.push(JSON.stringify([o, m])),
});

let browser: Browser;
let portal: Awaited<ReturnType<typeof startAvailityPortal>>;
let failureDir: string;
let claims: AvailityTruthClaim[];
const sink = new MemorySink();
const runners: BotRunner[] = [];

function runner(over: Partial<BotRunnerOptions> = {}): BotRunner {
  const r = new BotRunner({
    bot: availityBot,
    baseUrl: portal.url,
    credential: main,
    evidence: sink,
    logger,
    failureDir,
    browserLauncher: async () => browser,
    closeBrowser: false,
    ...over,
  });
  runners.push(r);
  return r;
}
const meta = (jobId: string) => ({ jobId, runId: 'run-1' });
const byScenario = (s: string) => claims.filter((c) => c.scenario === s);

beforeAll(async () => {
  browser = await launchBrowser();
  portal = await startAvailityPortal({ seed: SEED, port: 0 });
  failureDir = await mkdtemp(path.join(tmpdir(), 'pb-failures-'));
  claims = portal.truth.claims;
});
afterAll(async () => {
  await Promise.allSettled(runners.map((r) => r.close()));
  await browser?.close();
  await portal?.close();
  await rm(failureDir, { recursive: true, force: true });
});
beforeEach(() => portal.reset());

describe('availity bot: claim-status', () => {
  it('is registered', () => {
    expect(getBot('availity')).toBe(availityBot);
    expect(() => getBot('nope')).toThrow(/Unknown portal "nope"/);
  });

  it('reads seeded claims exactly as the ground truth, with one login for all of them', async () => {
    const r = runner();
    // A spread over every scenario, 24 claims in all.
    const picked = [
      'paid',
      'underpaid',
      'deductible',
      'denied',
      'revised',
      'pending',
      'acknowledged',
      'rejected',
    ].flatMap((s) => byScenario(s).slice(0, 3));
    expect(picked.length).toBeGreaterThanOrEqual(20);
    for (const c of picked) {
      const res = await r.run('claim-status', { claimNumber: c.claimNumber }, meta(`job-${c.claimNumber}`));
      expect(res.outcome, c.claimNumber).toBe('found');
      expect(res.data).toEqual(c.expected);
      expect(res.evidence.length).toBe(1);
    }
    // Member searches as Availity's inquiry takes them (payer, NPI, member, DOB, DOS): a list page, then the claim.
    for (const c of byScenario('paid').slice(3, 6)) {
      const input = {
        memberId: c.memberId,
        dateOfBirth: c.patient.dateOfBirth,
        serviceDateFrom: c.serviceDate,
        serviceDateTo: c.serviceDate,
        payer: c.payerId,
        providerNpi: c.providerNpi,
        billedAmount: c.expected.billedAmount,
        patientControlNumber: c.patientControlNumber,
      };
      const res = await r.run('claim-status', input, meta(`job-member-${c.claimNumber}`));
      expect(res.outcome).toBe('found');
      expect(res.data).toEqual(c.expected);
      expect(res.evidence.length).toBe(2);
    }
    expect(r.stats()).toMatchObject({ logins: 1, sessions: 1 });
    expect(portal.stats().logins).toBe(1);

    const last = sink.captures.at(-1) as PageCapture;
    expect(isPng(last.png)).toBe(true);
    expect(last.httpStatus).toBe(200);
    expect(last.ariaSnapshot).toContain('Claim Status Results');
    expect(last.html).toContain('<table');
    expect(last.playwrightVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(last.botVersion).toBe(availityBot.version);
    expect(last.viewport.width).toBe(1280);
  }, 180_000);

  it('returns not_found for an unknown claim and invalid_input for bad input', async () => {
    const r = runner();
    const nf = await r.run('claim-status', { claimNumber: 'AET00000000000' }, meta('job-nf'));
    expect(nf.outcome).toBe('not_found');
    expect(nf.evidence.length).toBe(1);
    const bad = await r.run('claim-status', { claimNumber: 'x' }, meta('job-bad'));
    expect(bad.outcome).toBe('failed');
    expect(bad.error).toMatchObject({ class: 'invalid_input', details: { field: 'claimNumber' } });
  });

  it('refuses to guess when a member search matches several claims: ambiguous_match names them', async () => {
    // Several claims of one member with one provider, and no amount to tell them apart.
    const groups = new Map<string, AvailityTruthClaim[]>();
    for (const c of claims) {
      const k = `${c.memberId}|${c.providerNpi}`;
      groups.set(k, [...(groups.get(k) ?? []), c]);
    }
    const many = [...groups.values()].find((l) => l.length >= 2) as AvailityTruthClaim[];
    const dates = many.map((c) => c.serviceDate).sort();
    const member = {
      memberId: many[0]!.memberId,
      dateOfBirth: many[0]!.patient.dateOfBirth,
      payer: many[0]!.payerId,
      providerNpi: many[0]!.providerNpi,
    };
    const r = runner();
    const res = await r.run(
      'claim-status',
      { ...member, serviceDateFrom: dates[0]!, serviceDateTo: dates.at(-1)! },
      meta('job-many'),
    );
    expect(res.outcome).toBe('ambiguous_match');
    expect(res.data).toEqual({ candidates: many.map((c) => c.claimNumber).sort() });
    // The billed amount picks one of them.
    const one = many[1]!;
    const picked = await r.run(
      'claim-status',
      { ...member, serviceDateFrom: dates[0]!, serviceDateTo: dates.at(-1)!, billedAmount: one.expected.billedAmount },
      meta('job-one'),
    );
    expect(picked.data).toEqual(one.expected);
    // A duplicate submission (same PCN, member, DOS, amount) is a real tie.
    const key = (c: AvailityTruthClaim) => `${c.patientControlNumber}|${c.serviceDate}|${c.expected.billedAmount}`;
    const twins = claims.filter((c) => claims.filter((o) => key(o) === key(c)).length === 2);
    expect(twins.length).toBeGreaterThanOrEqual(2);
    const t = twins[0]!;
    const tie = await r.run(
      'claim-status',
      {
        memberId: t.memberId,
        dateOfBirth: t.patient.dateOfBirth,
        payer: t.payerId,
        providerNpi: t.providerNpi,
        serviceDateFrom: t.serviceDate,
        serviceDateTo: t.serviceDate,
        billedAmount: t.expected.billedAmount,
        patientControlNumber: t.patientControlNumber,
      },
      meta('job-tie'),
    );
    expect(tie.outcome).toBe('ambiguous_match');
    expect(tie.data).toEqual({
      candidates: twins
        .filter((o) => key(o) === key(t))
        .map((c) => c.claimNumber)
        .sort(),
    });
    // A wrong birth date finds nothing, as on the real portal; a missing NPI is named.
    const wrong = await r.run(
      'claim-status',
      { ...member, dateOfBirth: '1900-01-01', serviceDateFrom: dates[0]!, serviceDateTo: dates.at(-1)! },
      meta('job-dob'),
    );
    expect(wrong.outcome).toBe('not_found');
    const noNpi = await r.run(
      'claim-status',
      { memberId: member.memberId, serviceDateFrom: dates[0]!, serviceDateTo: dates[0]!, payer: member.payer },
      meta('job-no-npi'),
    );
    expect(noNpi.error).toMatchObject({ class: 'invalid_input', details: { field: 'providerNpi' } });
  }, 120_000);

  it('logs in again when the session expires mid-run (and on an MFA re-challenge)', async () => {
    const r = runner();
    const [a, b, c] = byScenario('denied');
    expect((await r.run('claim-status', { claimNumber: a!.claimNumber }, meta('job-a'))).data).toEqual(a!.expected);
    portal.setFaults({ expireSessions: true });
    const res = await r.run('claim-status', { claimNumber: b!.claimNumber }, meta('job-b'));
    expect(res.outcome).toBe('found');
    expect(res.data).toEqual(b!.expected);
    portal.setFaults({ mfaRechallenge: true });
    expect((await r.run('claim-status', { claimNumber: c!.claimNumber }, meta('job-c'))).data).toEqual(c!.expected);
    expect(r.stats().logins).toBe(3);
    expect(portal.stats().logins).toBe(3);
  });

  it('waits out HTTP 429 Retry-After within the run, and gives up beyond the cap', async () => {
    const r = runner();
    const claim = byScenario('paid')[10]!;
    await r.run('claim-status', { claimNumber: claim.claimNumber }, meta('job-warm'));
    portal.setFaults({ rateLimit: 1, retryAfterSec: 1 });
    const t0 = Date.now();
    const res = await r.run('claim-status', { claimNumber: claim.claimNumber }, meta('job-429'));
    expect(res.data).toEqual(claim.expected);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1_000);
    expect(portal.stats().rateLimited).toBe(1);

    const impatient = runner({ maxRetryAfterMs: 500 });
    portal.setFaults({ rateLimit: 1, retryAfterSec: 3 });
    const limited = await impatient.run('claim-status', { claimNumber: claim.claimNumber }, meta('job-429-cap'));
    expect(limited.error).toMatchObject({ class: 'rate_limited', retryable: true, details: { retryAfterMs: 3_000 } });
  });

  it('reports maintenance as portal_unavailable', async () => {
    portal.setFaults({ maintenance: true });
    const res = await runner().run('claim-status', { claimNumber: claims[0]!.claimNumber }, meta('job-maint'));
    expect(res.error).toMatchObject({ class: 'portal_unavailable', retryable: true });
  });

  it('reports the v2 layout as layout_changed naming the element, with a failure snapshot', async () => {
    const r = runner();
    const claim = claims[1]!;
    await r.run('claim-status', { claimNumber: claim.claimNumber }, meta('job-v1'));
    portal.setFaults({ layout: 'v2' });
    const res = await r.run('claim-status', { claimNumber: claim.claimNumber }, meta('job-v2-drift'));
    expect(res.outcome).toBe('failed');
    expect(res.data).toBeUndefined();
    expect(res.error).toMatchObject({
      class: 'layout_changed',
      details: { page: 'claimSearch', element: 'claimNumber' },
    });
    const dirs = (await readdir(failureDir)).filter((d) => d.startsWith('job-v2-drift-'));
    expect(dirs).toHaveLength(1);
    // Default tracing is on-retry: a first attempt keeps the page, no trace.
    expect((await readdir(path.join(failureDir, dirs[0]!))).sort()).toEqual(['error.json', 'page.html', 'page.png']);
    // Its retry is traced, and the trace is kept with the failure.
    const retry = await r.run(
      'claim-status',
      { claimNumber: claim.claimNumber },
      { ...meta('job-v2-retry'), attempt: 2 },
    );
    expect(retry.error).toMatchObject({ class: 'layout_changed' });
    const retryDirs = (await readdir(failureDir)).filter((d) => d.startsWith('job-v2-retry-'));
    expect(retryDirs).toHaveLength(1);
    expect((await readdir(path.join(failureDir, retryDirs[0]!))).sort()).toEqual([
      'error.json',
      'page.html',
      'page.png',
      'trace.zip',
    ]);
    expect(r.stats().logins).toBe(1);
  });

  it('fails a wrong password once, as authentication_failed, and never retries it', async () => {
    const r = runner({ credential: { ...second, password: 'not-the-password' } });
    const res = await r.run('claim-status', { claimNumber: claims[0]!.claimNumber }, meta('job-badpw'));
    expect(res.error).toMatchObject({ class: 'authentication_failed', retryable: false });
    expect(portal.stats()).toMatchObject({ passwordAttempts: 1, failedPasswords: 1, lockouts: 0 });
    const again = await r.run('claim-status', { claimNumber: claims[0]!.claimNumber }, meta('job-badpw-2'));
    expect(again.error?.class).toBe('authentication_failed');
    expect(portal.stats().passwordAttempts).toBe(1);
    expect(r.stats().loginAttempts).toBe(1);
  });

  it('fails a wrong TOTP secret as mfa_failed', async () => {
    const r = runner({ credential: { ...second, totpSecret: 'JBSWY3DPEHPK3PXP' } });
    const res = await r.run('claim-status', { claimNumber: claims[0]!.claimNumber }, meta('job-badmfa'));
    expect(res.error).toMatchObject({ class: 'mfa_failed', retryable: false });
    expect(portal.stats()).toMatchObject({ mfaAttempts: 1, failedMfa: 1, logins: 0 });
  });

  it('recovers from a browser that died between tasks', async () => {
    const own: Browser[] = [];
    const r = runner({
      browserLauncher: async () => {
        const b = await launchBrowser();
        own.push(b);
        return b;
      },
      closeBrowser: true,
    });
    const [a, b] = byScenario('pending');
    expect((await r.run('claim-status', { claimNumber: a!.claimNumber }, meta('job-crash-1'))).data).toEqual(
      a!.expected,
    );
    await own[0]!.close(); // what a crash or OOM kill looks like from the pool's side
    const res = await r.run('claim-status', { claimNumber: b!.claimNumber }, meta('job-crash-2'));
    expect(res.data).toEqual(b!.expected);
    expect(own).toHaveLength(2);
    expect(r.stats().logins).toBe(2);
    await r.close();
    expect(own[1]!.isConnected()).toBe(false);
  });

  it('never logged a password, TOTP secret, member id, birth date or patient name', () => {
    const logs = logLines.join('\n');
    expect(logLines.length).toBeGreaterThan(10);
    for (const secret of [main.password, main.totpSecret, second.password, second.totpSecret, 'not-the-password'])
      expect(logs).not.toContain(secret);
    for (const c of claims) {
      expect(logs).not.toContain(c.memberId);
      expect(logs).not.toContain(`${c.patient.lastName}, ${c.patient.firstName}`);
      expect(logs).not.toContain(`${c.patient.firstName} ${c.patient.lastName}`);
      expect(logs).not.toContain(c.patient.dateOfBirth);
    }
  });
});
