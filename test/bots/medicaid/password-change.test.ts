// The forced password change on the Medicaid-like portal (many state Medicaid
// portals: every 60-90 days, none of the last 6), in real Chromium against
// the mock: without rotation the account stops as password_expired with the
// change page as evidence; with rotation the bot changes it through the
// shared runtime (staged in the vault first, committed after the portal's
// confirmation) and carries on to the terms and the claim.
import { beforeEach, describe, expect, it } from 'vitest';
import { medicaidBot } from '../../../bots/medicaid/index.ts';
import type { EvidenceSink, PortalCredential } from '../../../bots/runtime/bot.ts';
import type { PortalAccount } from '../../../mock-portals/shared/accounts.ts';
import { medicaidAccounts } from '../../../mock-portals/medicaid/data.ts';
import { startMedicaidPortal } from '../../../mock-portals/medicaid/index.ts';
import { botOnPortal } from '../../helpers/bot-on-portal.ts';
import { MemorySink } from '../../helpers/memory-sink.ts';

const SEED = 42;

const kit = botOnPortal(medicaidBot, () => startMedicaidPortal({ seed: SEED, port: 0 }));
const runner = (credential: PortalCredential, sink: EvidenceSink) => kit.runner(credential, sink, { tracing: 'off' });
beforeEach(() => {
  kit.portal.reset();
  kit.portal.setFaults({ passwordExpiresFor: '' });
});

const paid = () => kit.portal.truth.claims.filter((c) => c.scenario === 'paid');

describe('medicaid bot: expired password', () => {
  it('stops with password_expired and the change page as evidence when it may not rotate', {
    timeout: 90_000,
  }, async () => {
    const [account] = medicaidAccounts(SEED) as [PortalAccount];
    kit.portal.setFaults({ passwordExpiresFor: account.username });
    const sink = new MemorySink();
    const claim = paid()[0]!;
    const r = await runner(account, sink).run(
      'claim-status',
      { claimNumber: claim.icn },
      { jobId: 'mpe-1', runId: 'r' },
    );
    expect(r.outcome).toBe('failed');
    expect(r.error).toMatchObject({ class: 'password_expired', retryable: false, next: 'stop_credential_and_alert' });
    expect(r.error?.details.evidenceId).toBe('ev-1');
    expect(sink.captures[0]?.label).toBe('password-expired');
    expect(sink.captures[0]?.finalUrl).toMatch(/\/password\/change$/);
    // It never reached the terms (where this portal counts a logon) and never touched the form.
    expect(kit.portal.stats().logins).toBe(0);
    expect(kit.portal.stats().termsAccepted).toBe(0);
  });

  it('rotates through the shared runtime, then accepts the terms and reads the claim', {
    timeout: 90_000,
  }, async () => {
    const [, account] = medicaidAccounts(SEED) as [PortalAccount, PortalAccount];
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
      { claimNumber: claim.icn },
      { jobId: 'mpe-2', runId: 'r' },
    );
    expect(r.outcome, JSON.stringify(r.error)).toBe('found');
    expect(r.data).toEqual(claim.expected);
    expect(staged).toHaveLength(1);
    expect(committed).toEqual(staged);
    expect(staged[0]).not.toBe(account.password);
    expect(sink.captures.map((c) => c.label).slice(0, 2)).toEqual(['password-expired', 'password-changed']);
    expect(kit.portal.stats().termsAccepted).toBe(1);
    // The portal now takes the new password only.
    const stale = await runner(account, new MemorySink()).run(
      'claim-status',
      { claimNumber: claim.icn },
      { jobId: 'mpe-3', runId: 'r' },
    );
    expect(stale.error?.class).toBe('authentication_failed');
    const fresh = await runner({ ...account, password: staged[0]! }, new MemorySink()).run(
      'claim-status',
      { claimNumber: claim.icn },
      { jobId: 'mpe-4', runId: 'r' },
    );
    expect(fresh.outcome).toBe('found');
  });

  it('refuses a password that breaks the shared rules or reuses one of the last 6', { timeout: 30_000 }, async () => {
    const [account] = medicaidAccounts(SEED) as [PortalAccount];
    kit.portal.setFaults({ passwordExpiresFor: account.username });
    const login = await fetch(`${kit.portal.url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ providerId: account.username, password: account.password }),
      redirect: 'manual',
    });
    expect(login.headers.get('location')).toBe('/password/change');
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const change = async (next: string) =>
      (
        await fetch(`${kit.portal.url}/password/change`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
          body: new URLSearchParams({ currentPassword: account.password, newPassword: next, confirmPassword: next }),
          redirect: 'manual',
        })
      ).text();
    expect(await change('short1!A')).toContain('AT LEAST 12 CHARACTERS LONG');
    expect(await change('nouppercase-123')).toContain('UPPER-CASE LETTER');
    // The current password is the newest of the last 6.
    expect(await change(account.password)).toContain('MUST DIFFER FROM YOUR LAST 6 PASSWORDS');
    // The terms wait until the password is changed.
    const terms = await fetch(`${kit.portal.url}/terms`, { headers: { cookie }, redirect: 'manual' });
    expect(terms.headers.get('location')).toBe('/password/change');
    expect(await change('Valid-Passw0rd-2026')).toContain('PASSWORD CHANGED');
  });
});
