// The forced password change on the UHC-like portal (after the authenticator
// code, before the TIN picker; also after a code sent by SMS), in real
// Chromium against the mock: stopped as password_expired without rotation;
// rotated through the shared runtime and carried on to the claim with it.
import { createHash } from 'node:crypto';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { uhcBot } from '../../../bots/uhc/index.ts';
import type { AskHuman, BotLogger, EvidenceRef, EvidenceSink, PageCapture } from '../../../bots/runtime/bot.ts';
import { launchBrowser } from '../../../bots/runtime/browser.ts';
import { BotRunner } from '../../../bots/runtime/runner.ts';
import type { PortalAccount } from '../../../mock-portals/shared/accounts.ts';
import { uhcAccounts } from '../../../mock-portals/uhc/data.ts';
import { startUhcPortal } from '../../../mock-portals/uhc/index.ts';
import { scanned } from '../../helpers/logs.ts';

const SEED = 42;

class MemorySink implements EvidenceSink {
  readonly captures: PageCapture[] = [];
  async capture(c: PageCapture): Promise<EvidenceRef> {
    this.captures.push(c);
    return {
      id: `ev-${this.captures.length}`,
      sha256: createHash('sha256').update(c.png).digest('hex'),
      url: c.finalUrl,
      capturedAt: c.capturedAt.toISOString(),
    };
  }
}

const noop = () => {};
const logger: BotLogger = scanned({ debug: noop, info: noop, warn: noop, error: noop });
let browser: Browser;
let portal: Awaited<ReturnType<typeof startUhcPortal>>;
const runners: BotRunner[] = [];

function runner(
  credential: PortalAccount | (PortalAccount & { rotation: unknown }),
  sink: EvidenceSink,
  askHuman?: AskHuman,
) {
  const r = new BotRunner({
    bot: uhcBot,
    baseUrl: portal.url,
    credential: { ...(credential as PortalAccount) },
    evidence: sink,
    logger,
    browserLauncher: async () => browser,
    closeBrowser: false,
    tracing: 'off',
    ...(askHuman ? { askHuman } : {}),
  });
  runners.push(r);
  return r;
}

beforeAll(async () => {
  browser = await launchBrowser();
  portal = await startUhcPortal({ seed: SEED, port: 0 });
});
afterAll(async () => {
  await Promise.allSettled(runners.map((r) => r.close()));
  await browser?.close();
  await portal?.close();
});
beforeEach(() => {
  portal.reset();
  portal.setFaults({ passwordExpiresFor: '', otpChannel: '' });
});

const paid = () => portal.truth.claims.filter((c) => c.scenario === 'paid');

describe('uhc bot: expired password', () => {
  it('stops with password_expired and the change page as evidence when it may not rotate', {
    timeout: 90_000,
  }, async () => {
    const [account] = uhcAccounts(SEED) as [PortalAccount];
    portal.setFaults({ passwordExpiresFor: account.username });
    const sink = new MemorySink();
    const claim = paid()[0]!;
    const r = await runner(account, sink).run(
      'claim-status',
      { claimNumber: claim.claimNumber },
      { jobId: 'upe-1', runId: 'r' },
    );
    expect(r.outcome).toBe('failed');
    expect(r.error).toMatchObject({ class: 'password_expired', retryable: false, next: 'stop_credential_and_alert' });
    expect(r.error?.details.evidenceId).toBe('ev-1');
    expect(sink.captures[0]?.label).toBe('password-expired');
    expect(sink.captures[0]?.finalUrl).toMatch(/\/password\/change$/);
    // The sign-in counted (after the code), but the form was never touched: the old password still works.
    expect(portal.stats().logins).toBe(1);
  });

  it('rotates through the shared runtime, then picks the TIN and reads the claim', {
    timeout: 90_000,
  }, async () => {
    const [, account] = uhcAccounts(SEED) as [PortalAccount, PortalAccount];
    portal.setFaults({ passwordExpiresFor: account.username });
    const staged: string[] = [];
    const committed: string[] = [];
    const sink = new MemorySink();
    const claim = paid()[1]!;
    const credential = {
      ...account,
      rotation: {
        stage: async (p: string) => void staged.push(p),
        commit: async (p: string) => void committed.push(p),
      },
    };
    const r = await runner(credential, sink).run(
      'claim-status',
      { claimNumber: claim.claimNumber },
      { jobId: 'upe-2', runId: 'r' },
    );
    expect(r.outcome, JSON.stringify(r.error)).toBe('found');
    expect(r.data).toEqual(claim.expected);
    expect(staged).toHaveLength(1);
    expect(committed).toEqual(staged);
    expect(staged[0]).not.toBe(account.password);
    expect(sink.captures.map((c) => c.label).slice(0, 2)).toEqual(['password-expired', 'password-changed']);
    // The portal now takes the new password only.
    const stale = await runner(account, new MemorySink()).run(
      'claim-status',
      { claimNumber: claim.claimNumber },
      { jobId: 'upe-3', runId: 'r' },
    );
    expect(stale.error?.class).toBe('authentication_failed');
    const fresh = await runner({ ...account, password: staged[0]! }, new MemorySink()).run(
      'claim-status',
      { claimNumber: claim.claimNumber },
      { jobId: 'upe-4', runId: 'r' },
    );
    expect(fresh.outcome).toBe('found');
  });

  it('with the code sent by SMS instead of the authenticator: the code, then the password change, then the TIN', {
    timeout: 90_000,
  }, async () => {
    const [account] = uhcAccounts(SEED) as [PortalAccount];
    portal.setFaults({ passwordExpiresFor: account.username, otpChannel: 'sms' });
    const staged: string[] = [];
    const asked: string[] = [];
    const claim = paid()[2]!;
    const credential = {
      ...account,
      rotation: { stage: async (p: string) => void staged.push(p), commit: async () => {} },
    };
    const askHuman: AskHuman = async (c) => {
      asked.push(c.kind);
      const outbox = (await (
        await fetch(`${portal.url}/__admin/outbox?username=${encodeURIComponent(account.username)}`)
      ).json()) as { messages: { code: string }[] };
      return outbox.messages.at(-1)!.code;
    };
    const r = await runner(credential, new MemorySink(), askHuman).run(
      'claim-status',
      { claimNumber: claim.claimNumber },
      { jobId: 'upe-5', runId: 'r' },
    );
    expect(r.outcome, JSON.stringify(r.error)).toBe('found');
    expect(r.data).toEqual(claim.expected);
    expect(staged).toHaveLength(1);
    expect(asked).toEqual(['otp_sms']);
    // No authenticator page: the sign-in counted once, after the password.
    expect(portal.stats()).toMatchObject({ logins: 1, mfaAttempts: 0 });
  });
});
