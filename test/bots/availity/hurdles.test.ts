// The portal hurdles of issue #14 that the Availity bot handles, in real
// Chromium against the mock: an expired password (stopped as
// password_expired with the page as evidence, or rotated when the deployment
// allows it) and a session ended by a sign-in elsewhere (session_taken, never
// confused with an idle timeout).
import { beforeEach, describe, expect, it } from 'vitest';
import { availityBot } from '../../../bots/availity/index.ts';
import type { EvidenceSink, PortalCredential } from '../../../bots/runtime/bot.ts';
import type { BotRunnerOptions } from '../../../bots/runtime/runner.ts';
import { availityAccounts, startAvailityPortal, type PortalAccount } from '../../../mock-portals/index.ts';
import { botOnPortal } from '../../helpers/bot-on-portal.ts';
import { scanned } from '../../helpers/logs.ts';
import { MemorySink } from '../../helpers/memory-sink.ts';

const SEED = 42;

const kit = botOnPortal(availityBot, () => startAvailityPortal({ seed: SEED, port: 0 }));

const runner = (credential: PortalCredential, sink: EvidenceSink, over: Partial<BotRunnerOptions> = {}) =>
  kit.runner(credential, sink, over);

beforeEach(() => {
  kit.portal.reset();
  kit.portal.setFaults({ sessionsPerAccount: 0, passwordExpiresFor: '' });
});

describe('availity bot: expired password', () => {
  it('stops with password_expired and the change page as evidence when it may not rotate', {
    timeout: 60_000,
  }, async () => {
    const [account] = availityAccounts(SEED) as [PortalAccount];
    kit.portal.setFaults({ passwordExpiresFor: account.username });
    const sink = new MemorySink();
    const claim = kit.portal.truth.claims[0]!;
    const r = await runner(account, sink).run(
      'claim-status',
      { claimNumber: claim.claimNumber },
      { jobId: 'pe-1', runId: 'r' },
    );
    expect(r.outcome).toBe('failed');
    expect(r.error).toMatchObject({ class: 'password_expired', retryable: false, next: 'stop_credential_and_alert' });
    expect(r.error?.details.evidenceId).toBe('ev-1');
    expect(sink.captures[0]?.label).toBe('password-expired');
    expect(sink.captures[0]?.finalUrl).toMatch(/\/password\/change$/);
    // It never touched the form: the password is unchanged on the kit.portal.
    expect(kit.portal.stats().logins).toBe(1);
  });

  it('rotates: stages the new password, changes it, captures the confirmation, commits it and goes on', {
    timeout: 60_000,
  }, async () => {
    const [, account] = availityAccounts(SEED) as [PortalAccount, PortalAccount];
    kit.portal.setFaults({ passwordExpiresFor: account.username });
    const staged: string[] = [];
    const committed: string[] = [];
    const sink = new MemorySink();
    const claim = kit.portal.truth.claims[1]!;
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
      { jobId: 'pe-2', runId: 'r' },
    );
    expect(r.outcome).toBe('found');
    expect(r.data).toMatchObject({ claimNumber: claim.claimNumber });
    expect(staged).toHaveLength(1);
    expect(committed).toEqual(staged);
    expect(staged[0]).not.toBe(account.password);
    expect(sink.captures.map((c) => c.label).slice(0, 2)).toEqual(['password-expired', 'password-changed']);
    // The portal now takes the new password only.
    const fresh = runner({ ...account, password: staged[0]! }, new MemorySink());
    const again = await fresh.run('claim-status', { claimNumber: claim.claimNumber }, { jobId: 'pe-3', runId: 'r' });
    expect(again.outcome).toBe('found');
  });
});

describe('availity bot: one session per account', () => {
  it('classifies a session ended by a sign-in elsewhere as session_taken and logs in again', {
    timeout: 90_000,
  }, async () => {
    const [account] = availityAccounts(SEED) as [PortalAccount];
    kit.portal.setFaults({ sessionsPerAccount: 1 });
    const lines: string[] = [];
    const log = (o: object, m?: string) => void lines.push(JSON.stringify([o, m]));
    const mine = runner(account, new MemorySink(), {
      logger: scanned({ debug: log, info: log, warn: log, error: log }),
    });
    const [c1, c2] = kit.portal.truth.claims as [
      (typeof kit.portal.truth.claims)[0],
      (typeof kit.portal.truth.claims)[0],
    ];
    expect(
      (await mine.run('claim-status', { claimNumber: c1.claimNumber }, { jobId: 'st-1', runId: 'r' })).outcome,
    ).toBe('found');
    // Someone else signs in with the same account (what leases prevent inside the fleet).
    const intruder = runner(account, new MemorySink());
    expect(
      (await intruder.run('claim-status', { claimNumber: c1.claimNumber }, { jobId: 'st-2', runId: 'r' })).outcome,
    ).toBe('found');
    const r = await mine.run('claim-status', { claimNumber: c2.claimNumber }, { jobId: 'st-3', runId: 'r' });
    expect(r.outcome).toBe('found');
    expect(lines.some((l) => l.includes('"event":"session_taken"'))).toBe(true);
    expect(lines.some((l) => l.includes('"event":"session_expired"'))).toBe(false);
    expect((await (await fetch(`${kit.portal.url}/__admin/stats`)).json()).sessionsEndedByNewLogin).toBe(1);
  });
});
