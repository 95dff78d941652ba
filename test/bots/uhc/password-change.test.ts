// The forced password change on the UHC-like portal (after the authenticator
// code, before the TIN picker; also after a code sent by SMS), in real
// Chromium against the mock: stopped as password_expired without rotation;
// rotated through the shared runtime and carried on to the claim with it.
import { beforeEach, describe, expect, it } from 'vitest';
import { uhcBot } from '../../../bots/uhc/index.ts';
import type { AskHuman, EvidenceSink, PortalCredential } from '../../../bots/runtime/bot.ts';
import type { PortalAccount } from '../../../mock-portals/shared/accounts.ts';
import { uhcAccounts } from '../../../mock-portals/uhc/data.ts';
import { startUhcPortal } from '../../../mock-portals/uhc/index.ts';
import { botOnPortal } from '../../helpers/bot-on-portal.ts';
import { MemorySink } from '../../helpers/memory-sink.ts';

const SEED = 42;

const kit = botOnPortal(uhcBot, () => startUhcPortal({ seed: SEED, port: 0 }));
const runner = (credential: PortalCredential, sink: EvidenceSink, askHuman?: AskHuman) =>
  kit.runner(credential, sink, { tracing: 'off', ...(askHuman ? { askHuman } : {}) });
beforeEach(() => {
  kit.portal.reset();
  kit.portal.setFaults({ passwordExpiresFor: '', otpChannel: '' });
});

const paid = () => kit.portal.truth.claims.filter((c) => c.scenario === 'paid');

describe('uhc bot: expired password', () => {
  it('stops with password_expired and the change page as evidence when it may not rotate', {
    timeout: 90_000,
  }, async () => {
    const [account] = uhcAccounts(SEED) as [PortalAccount];
    kit.portal.setFaults({ passwordExpiresFor: account.username });
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
    expect(kit.portal.stats().logins).toBe(1);
  });

  it('rotates through the shared runtime, then picks the TIN and reads the claim', {
    timeout: 90_000,
  }, async () => {
    const [, account] = uhcAccounts(SEED) as [PortalAccount, PortalAccount];
    kit.portal.setFaults({ passwordExpiresFor: account.username });
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
    kit.portal.setFaults({ passwordExpiresFor: account.username, otpChannel: 'sms' });
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
        await fetch(`${kit.portal.url}/__admin/outbox?username=${encodeURIComponent(account.username)}`)
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
    expect(kit.portal.stats()).toMatchObject({ logins: 1, mfaAttempts: 0 });
  });
});
