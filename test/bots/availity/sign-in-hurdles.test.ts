// The sign-in hurdles every mock portal can put up (portal kit faults) and the
// bot runtime passes for every bot, in real Chromium against the Availity-like
// mock: security questions answered from the credential (unknown ->
// needs_human with the page as evidence), codes by SMS / e-mail and CAPTCHAs
// asked of a person through askHuman (here the test plays the person, reading
// what the portal "sent"), "Still there?" dialogs dismissed, maintenance
// notices served with HTTP 200 classified portal_maintenance, and password
// expiry warnings recorded.
import { beforeEach, describe, expect, it } from 'vitest';
import { availityBot } from '../../../bots/availity/index.ts';
import type { AccountNotice, EvidenceSink, HumanChallenge } from '../../../bots/runtime/bot.ts';
import type { BotRunner, BotRunnerOptions } from '../../../bots/runtime/runner.ts';
import { availityAccounts, startAvailityPortal, type PortalAccount } from '../../../mock-portals/index.ts';
import { botOnPortal } from '../../helpers/bot-on-portal.ts';
import { MemorySink } from '../../helpers/memory-sink.ts';

const SEED = 42;

const kit = botOnPortal(availityBot, () => startAvailityPortal({ seed: SEED, port: 0 }));
const [account] = availityAccounts(SEED) as [PortalAccount];
const runner = (credential: Partial<PortalAccount>, sink: EvidenceSink, over: Partial<BotRunnerOptions> = {}) =>
  kit.runner({ ...account, ...credential }, sink, over);

const lookup = (r: BotRunner, i = 0) =>
  r.run('claim-status', { claimNumber: kit.portal.truth.claims[i]!.claimNumber }, { jobId: `j-${i}`, runId: 'r' });

const admin = async <T>(path: string): Promise<T> => (await (await fetch(`${kit.portal.url}${path}`)).json()) as T;

beforeEach(() => {
  kit.portal.reset();
  kit.portal.setFaults({
    securityQuestion: false,
    otpChannel: '',
    captcha: false,
    idlePopup: false,
    maintenance200: false,
    passwordExpiresInDays: '',
  });
});

describe('security question', () => {
  it('answers from the credential and goes on', { timeout: 60_000 }, async () => {
    kit.portal.setFaults({ securityQuestion: true });
    const r = await lookup(runner({}, new MemorySink()));
    expect(r.outcome).toBe('found');
    expect((await admin<{ hurdles: { securityQuestions: number } }>('/__admin/stats')).hurdles.securityQuestions).toBe(
      1,
    );
  });

  it('stops needs_human with the question page as evidence when the credential has no answer', {
    timeout: 60_000,
  }, async () => {
    kit.portal.setFaults({ securityQuestion: true });
    const sink = new MemorySink();
    const r = await lookup(runner({ securityAnswers: { 'What is your favourite colour?': 'blue' } }, sink));
    expect(r.outcome).toBe('failed');
    expect(r.error).toMatchObject({ class: 'needs_human', next: 'ask_a_person' });
    expect(r.error?.details.accountUsable).toBeUndefined();
    const shown = sink.captures.find((c) => c.label === 'security-question');
    expect(shown?.finalUrl).toMatch(/\/challenge\/security-question$/);
    expect(r.error?.details.evidenceId).toBe(`ev-${sink.captures.indexOf(shown!) + 1}`);
  });
});

describe('codes sent by SMS or e-mail, and CAPTCHAs: a person answers', () => {
  for (const channel of ['sms', 'email'] as const) {
    it(`parks the login on a ${channel} code until the person's answer arrives`, { timeout: 60_000 }, async () => {
      kit.portal.setFaults({ otpChannel: channel });
      const asked: HumanChallenge[] = [];
      const askHuman = async (c: HumanChallenge) => {
        asked.push(c);
        const { messages } = await admin<{ messages: { code: string; channel: string }[] }>(
          `/__admin/outbox?username=${encodeURIComponent(account.username)}`,
        );
        expect(messages.at(-1)?.channel).toBe(channel);
        return messages.at(-1)!.code;
      };
      const r = await lookup(runner({}, new MemorySink(), { askHuman }));
      expect(r.outcome).toBe('found');
      expect(asked).toHaveLength(1);
      expect(asked[0]).toMatchObject({
        kind: channel === 'sms' ? 'otp_sms' : 'otp_email',
        portal: 'availity',
        credentialId: account.id,
      });
      expect(asked[0]!.prompt).toMatch(channel === 'sms' ? /text message/ : /e-mail/);
      expect(asked[0]!.screenshot.subarray(1, 4).toString()).toBe('PNG');
      expect(asked[0]!.evidenceId).toMatch(/^ev-/);
    });
  }

  it('ends needs_human, account usable, when no one answers (and at once when no one can be asked)', {
    timeout: 60_000,
  }, async () => {
    kit.portal.setFaults({ otpChannel: 'sms' });
    const timedOut = await lookup(
      runner({}, new MemorySink(), {
        askHuman: async () => {
          throw new Error('challenge expired after 1 s');
        },
      }),
    );
    expect(timedOut.error).toMatchObject({ class: 'needs_human', details: { accountUsable: true } });
    expect(timedOut.error?.message).toMatch(/challenge expired/);
    const nobody = await lookup(runner({}, new MemorySink()));
    expect(nobody.error?.class).toBe('needs_human');
    // No code was ever guessed: nothing counts towards a lockout.
    expect(kit.portal.stats().lockouts).toBe(0);
  });

  it('never solves a CAPTCHA: the person reads it from the screenshot', { timeout: 60_000 }, async () => {
    kit.portal.setFaults({ captcha: true });
    const asked: HumanChallenge[] = [];
    const r = await lookup(
      runner({}, new MemorySink(), {
        askHuman: async (c) => {
          asked.push(c);
          const { captchas } = await admin<{ captchas: { username: string; text: string }[] }>('/__admin/captchas');
          return captchas.find((x) => x.username === account.username)!.text.toLowerCase();
        },
      }),
    );
    expect(r.outcome).toBe('found');
    expect(asked.map((c) => c.kind)).toEqual(['captcha']);
  });
});

describe('idle dialogs, maintenance with HTTP 200, expiry warnings', () => {
  it('dismisses a "Still there?" dialog that covers every page and carries on', { timeout: 60_000 }, async () => {
    kit.portal.setFaults({ idlePopup: true, idlePopupAfterMs: 0, idlePopupLogoutMs: 60_000 });
    const sink = new MemorySink();
    const r = runner({}, sink);
    expect((await lookup(r, 0)).outcome).toBe('found');
    expect((await lookup(r, 1)).outcome).toBe('found');
    // Evidence is taken with the dialog closed.
    expect(sink.captures.length).toBeGreaterThan(0);
  });

  it('an ignored "Still there?" dialog signs the session out', { timeout: 60_000 }, async () => {
    kit.portal.setFaults({ idlePopup: true, idlePopupAfterMs: 0, idlePopupLogoutMs: 300 });
    const context = await kit.browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${kit.portal.url}/login`);
      await page.getByLabel('User ID').fill(account.username);
      await page.getByLabel('Password').fill(account.password);
      await page.getByRole('button', { name: /sign in/i }).click();
      await page.waitForURL(/\/mfa/);
      const { totpCode } = await import('../../../bots/runtime/totp.ts');
      await page.locator('input[name=code]').fill(totpCode(account.totpSecret));
      await page.locator('form button[type=submit]').click();
      await page.waitForURL(/\/login\?expired=1/, { timeout: 15_000 });
      expect((await admin<{ hurdles: { idleLogouts: number } }>('/__admin/stats')).hurdles.idleLogouts).toBe(1);
    } finally {
      await context.close();
    }
  });

  it('classifies a maintenance notice served with 200 as portal_maintenance, retried at the named time', {
    timeout: 60_000,
  }, async () => {
    kit.portal.setFaults({ maintenance200: true, maintenanceBackAt: '06:00' });
    const r = await lookup(runner({}, new MemorySink()));
    expect(r.outcome).toBe('failed');
    expect(r.error).toMatchObject({ class: 'portal_maintenance', retryable: true, next: 'retry_after_wait' });
    const wait = r.error?.details.retryAfterMs ?? -1;
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(86_400_000);
    // The same instant in New York is 06:00 when the wait is over.
    const at = new Date(Date.now() + wait);
    const ny = new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/New_York',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(at);
    expect(ny).toMatch(/^0(5:59|6:00)$/);
    expect(kit.portal.stats().lockouts).toBe(0);
  });

  it('records a password expiry warning and goes on', { timeout: 60_000 }, async () => {
    kit.portal.setFaults({ passwordExpiresInDays: `${account.username}:5` });
    const notices: AccountNotice[] = [];
    const sink = new MemorySink();
    const r = await lookup(runner({}, sink, { onAccountNotice: (n) => void notices.push(n) }));
    expect(r.outcome).toBe('found');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ kind: 'password_expiring', days: 5, credentialId: account.id });
    const days = (notices[0]!.expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(4.9);
    expect(sink.captures.map((c) => c.label)).toContain('password-expiry-notice');
  });

  it('with rotation allowed, changes the password now when the notice offers it', { timeout: 90_000 }, async () => {
    const [, second] = availityAccounts(SEED) as [PortalAccount, PortalAccount];
    kit.portal.setFaults({ passwordExpiresInDays: `${second.username}:5` });
    const staged: string[] = [];
    const committed: string[] = [];
    const notices: AccountNotice[] = [];
    const sink = new MemorySink();
    const credential = {
      ...second,
      rotation: {
        stage: async (p: string) => void staged.push(p),
        commit: async (p: string) => void committed.push(p),
      },
    };
    const r = await lookup(runner(credential, sink, { onAccountNotice: (n) => void notices.push(n) }), 2);
    expect(r.outcome).toBe('found');
    expect(notices.map((n) => n.days)).toEqual([5]);
    expect(staged).toHaveLength(1);
    expect(committed).toEqual(staged);
    expect(sink.captures.map((c) => c.label)).toEqual(
      expect.arrayContaining(['password-expiry-notice', 'password-changed']),
    );
    expect(
      (await admin<{ hurdles: { earlyPasswordChanges: number } }>('/__admin/stats')).hurdles.earlyPasswordChanges,
    ).toBe(1);
    // The portal takes the new password only.
    kit.portal.setFaults({ passwordExpiresInDays: '' });
    expect((await lookup(runner({ ...second, password: staged[0]! }, new MemorySink()), 3)).outcome).toBe('found');
    expect((await lookup(runner({ ...second }, new MemorySink()), 3)).error?.class).toBe('authentication_failed');
  });
});
