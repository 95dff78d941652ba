// The CAQH-like bot + runtime against the real mock portal in real Chromium.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { caqhBot } from '../../../bots/caqh/index.ts';
import { getBot } from '../../../bots/registry.ts';
import type { PageCapture } from '../../../bots/runtime/bot.ts';
import { launchBrowser } from '../../../bots/runtime/browser.ts';
import { BotRunner, type BotRunnerOptions } from '../../../bots/runtime/runner.ts';
import { startCaqhPortal } from '../../../mock-portals/caqh/index.ts';
import type { PortalAccount } from '../../../mock-portals/index.ts';
import { caqhAccounts } from '../../../mock-portals/caqh/data.ts';
import type { CaqhTruthProvider } from '../../../mock-portals/caqh/data.ts';
import { credentialingAlerts } from '../../../orchestrator/credentialing/alerts.ts';
import { captureLogs } from '../../helpers/logs.ts';
import { MemorySink } from '../../helpers/memory-sink.ts';

const SEED = 42;
const [main, second] = caqhAccounts(SEED) as [PortalAccount, PortalAccount];
const TASK = 'credentialing-status';

const logs = captureLogs();
let browser: Browser;
let portal: Awaited<ReturnType<typeof startCaqhPortal>>;
let failureDir: string;
let providers: CaqhTruthProvider[];
const sink = new MemorySink();
const runners: BotRunner[] = [];

function runner(over: Partial<BotRunnerOptions> = {}): BotRunner {
  const r = new BotRunner({
    bot: caqhBot,
    baseUrl: portal.url,
    credential: main,
    evidence: sink,
    logger: logs.logger,
    failureDir,
    browserLauncher: async () => browser,
    closeBrowser: false,
    tracing: 'off',
    ...over,
  });
  runners.push(r);
  return r;
}
const meta = (jobId: string) => ({ jobId, runId: 'run-caqh' });
const byScenario = (s: string) => providers.filter((p) => p.scenario === s);

beforeAll(async () => {
  browser = await launchBrowser();
  portal = await startCaqhPortal({ seed: SEED, port: 0 });
  failureDir = await mkdtemp(path.join(tmpdir(), 'pb-caqh-failures-'));
  providers = portal.truth.providers;
});
afterAll(async () => {
  await Promise.allSettled(runners.map((r) => r.close()));
  await browser?.close();
  await portal?.close();
  await rm(failureDir, { recursive: true, force: true });
});
beforeEach(() => portal.reset());

describe('caqh bot: credentialing-status', () => {
  it('is registered and serves no claim payers', () => {
    expect(getBot('caqh')).toBe(caqhBot);
    expect(caqhBot.payers).toEqual([]);
    expect(Object.keys(caqhBot.tasks)).toEqual([TASK]);
  });

  it('reads every seeded provider exactly as the ground truth, with one login for the sweep', async () => {
    const r = runner();
    expect(providers.length).toBeGreaterThanOrEqual(50);
    const outputs = [];
    for (const p of providers.slice(0, 50)) {
      const res = await r.run(TASK, { npi: p.npi }, meta(`job-${p.npi}`));
      expect(res.outcome, p.npi).toBe('found');
      expect(res.data, p.npi).toEqual(p.expected);
      expect(res.evidence).toHaveLength(2); // profile + authorized plans
      outputs.push(res.data as CaqhTruthProvider['expected']);
    }
    expect(r.stats()).toMatchObject({ logins: 1, sessions: 1 });
    expect(portal.stats().logins).toBe(1);

    // Every contract state the portal can show was actually read.
    const states = new Set(outputs.flatMap((o) => [o.profileStatus, ...o.enrollments.map((e) => e.status)]));
    expect([...states].sort()).toEqual([
      'approved',
      'denied',
      'expired',
      'in_progress',
      'initial_profile_complete',
      'reattestation_due',
      'terminated',
    ]);
    expect(outputs.some((o) => o.enrollments.length === 0)).toBe(true);
    // And the alerts the orchestrator derives from them cover every flag.
    const kinds = new Set(outputs.flatMap((o) => credentialingAlerts(o, portal.truth.asOf).map((a) => a.kind)));
    expect([...kinds].sort()).toEqual([
      'enrollment_expired',
      'enrollment_expiring',
      'profile_expired',
      'reattestation_due_soon',
      'reattestation_overdue',
    ]);

    const last = sink.captures.at(-1) as PageCapture;
    expect(last.label).toBe('credentialing-status: authorized plans');
    expect(last.httpStatus).toBe(200);
    expect(last.ariaSnapshot).toContain('Health plan enrollment');
    expect(last.botVersion).toBe(caqhBot.version);
  }, 300_000); // ~25 s on an idle 2-core machine; generous for a shared one

  it('returns not_found for an NPI not on the roster, and invalid_input for a malformed one', async () => {
    const r = runner();
    const nf = await r.run(TASK, { npi: '1999999999' }, meta('job-nf'));
    expect(nf.outcome).toBe('not_found');
    expect(nf.evidence).toHaveLength(1);
    const bad = await r.run(TASK, { npi: '12345' }, meta('job-bad'));
    expect(bad.error).toMatchObject({ class: 'invalid_input', details: { field: 'npi' } });
  });

  it('logs in again when the session expires mid-run, and after an MFA re-challenge', async () => {
    const r = runner();
    const [a, b, c] = byScenario('expired');
    expect((await r.run(TASK, { npi: a!.npi }, meta('job-a'))).data).toEqual(a!.expected);
    portal.setFaults({ expireSessions: true });
    const res = await r.run(TASK, { npi: b!.npi }, meta('job-b'));
    expect(res.outcome).toBe('found');
    expect(res.data).toEqual(b!.expected);
    portal.setFaults({ mfaRechallenge: true });
    expect((await r.run(TASK, { npi: c!.npi }, meta('job-c'))).data).toEqual(c!.expected);
    expect(portal.stats()).toMatchObject({ logins: 3, failedMfa: 0, passwordAttempts: 3 });
    expect(r.stats().logins).toBe(3);
  });

  it('stays exactly right under slow responses and a waited-out 429', async () => {
    const r = runner();
    const sample = byScenario('attestation_due_soon').slice(0, 3);
    portal.setFaults({ slowMs: 150 });
    for (const p of sample)
      expect((await r.run(TASK, { npi: p.npi }, meta(`job-slow-${p.npi}`))).data).toEqual(p.expected);
    portal.setFaults({ slowMs: 0, rateLimit: 1, retryAfterSec: 1 });
    const t0 = Date.now();
    const res = await r.run(TASK, { npi: sample[0]!.npi }, meta('job-429'));
    expect(res.data).toEqual(sample[0]!.expected);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1_000);
    expect(portal.stats().rateLimited).toBe(1);

    const impatient = runner({ maxRetryAfterMs: 500 });
    portal.setFaults({ rateLimit: 1, retryAfterSec: 4 });
    const limited = await impatient.run(TASK, { npi: sample[1]!.npi }, meta('job-429-cap'));
    expect(limited.outcome).toBe('failed');
    expect(limited.error).toMatchObject({
      class: 'rate_limited',
      retryable: true,
      next: 'retry_after_wait',
      details: { retryAfterMs: 4_000 },
    });
  });

  it('reports maintenance as portal_unavailable', async () => {
    portal.setFaults({ maintenance: true });
    const res = await runner().run(TASK, { npi: providers[0]!.npi }, meta('job-maint'));
    expect(res.error).toMatchObject({ class: 'portal_unavailable', retryable: true, next: 'retry_with_backoff' });
  });

  it('reports the v2 layout as layout_changed naming the element, and never returns a value', async () => {
    const r = runner();
    const p = providers[1]!;
    expect((await r.run(TASK, { npi: p.npi }, meta('job-v1'))).data).toEqual(p.expected);
    portal.setFaults({ layout: 'v2' });
    const res = await r.run(TASK, { npi: p.npi }, meta('job-v2'));
    expect(res.outcome).toBe('failed');
    expect(res.data).toBeUndefined();
    expect(res.error).toMatchObject({
      class: 'layout_changed',
      next: 'report_layout_drift',
      details: { page: 'roster', element: 'table' },
    });
    expect(r.stats().logins).toBe(1);
  });

  it('fails a wrong password once, as authentication_failed, and never retries it', async () => {
    const r = runner({ credential: { ...second, password: 'not-the-password' } });
    const res = await r.run(TASK, { npi: providers[0]!.npi }, meta('job-badpw'));
    expect(res.error).toMatchObject({
      class: 'authentication_failed',
      retryable: false,
      next: 'stop_credential_and_alert',
    });
    const again = await r.run(TASK, { npi: providers[0]!.npi }, meta('job-badpw-2'));
    expect(again.error?.class).toBe('authentication_failed');
    expect(portal.stats()).toMatchObject({ passwordAttempts: 1, failedPasswords: 1, lockouts: 0 });
  });

  it('reports a locked account as locked_out without adding a bad attempt', async () => {
    // Someone else locked the account (three bad passwords), then the bot comes with the right one.
    for (let i = 0; i < 3; i++) {
      await fetch(`${portal.url}/signin`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ username: second.username, password: 'wrong' }).toString(),
      });
    }
    expect(portal.stats().lockouts).toBe(1);
    const res = await runner({ credential: second }).run(TASK, { npi: providers[0]!.npi }, meta('job-locked'));
    expect(res.error).toMatchObject({ class: 'locked_out', retryable: false, next: 'stop_credential_and_alert' });
    expect(portal.stats()).toMatchObject({ passwordAttempts: 4, failedPasswords: 3, logins: 0 });
  });

  it('fails a wrong TOTP secret as mfa_failed after one code', async () => {
    const res = await runner({ credential: { ...second, totpSecret: 'JBSWY3DPEHPK3PXP' } }).run(
      TASK,
      { npi: providers[0]!.npi },
      meta('job-badmfa'),
    );
    expect(res.error).toMatchObject({ class: 'mfa_failed', retryable: false });
    expect(portal.stats()).toMatchObject({ mfaAttempts: 1, failedMfa: 1, logins: 0 });
  });

  it('never logged a password or TOTP secret', () => {
    const text = logs.text();
    expect(logs.lines.length).toBeGreaterThan(10);
    for (const secret of [
      main.password,
      main.totpSecret,
      second.password,
      second.totpSecret,
      'not-the-password',
      'JBSWY3DPEHPK3PXP',
    ])
      expect(text).not.toContain(secret);
  });
});
