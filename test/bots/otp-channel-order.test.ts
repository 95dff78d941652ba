// The bots against the out-of-band code where it meets the other sign-in
// steps, in real Chromium against the mocks (mock-portals/shared/second-factor.ts):
// - a forced password change (passwordExpiresFor) with a code sent by SMS:
//   the login parks on the code first and asks a person (askHuman, the
//   challenge path; here the test plays the person from the mock's GET
//   /__admin/outbox); only then does it meet the change page, which it
//   rotates (vault credential, rotation on) and carries on, or ends
//   password_expired (no rotation) - never layout_changed or unexpected;
// - mfaRechallenge with a code sent by e-mail: the next job meets the code
//   page, asks a person again and goes on in the same session (no new
//   sign-in, no authenticator code).
import type { Browser } from 'playwright';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bots } from '../../bots/registry.ts';
import type { BotLogger, EvidenceSink, HumanChallenge, PortalCredential } from '../../bots/runtime/bot.ts';
import { launchBrowser } from '../../bots/runtime/browser.ts';
import { BotRunner, type BotRunnerOptions } from '../../bots/runtime/runner.ts';
import type { TaskName } from '../../bots/runtime/tasks.ts';
import { MOCK_PORTALS, type MockPortal } from '../../mock-portals/index.ts';
import type { PortalAccount } from '../../mock-portals/shared/accounts.ts';
import { scanned } from '../helpers/logs.ts';
import { MemorySink } from '../helpers/memory-sink.ts';

const SEED = 42;

interface Stats {
  loginCount: number;
  mfaAttempts: number;
  lockouts: number;
  hurdles: { codesSent: number };
}
interface Outbox {
  messages: { username: string; channel: string; code: string }[];
}

const logger: BotLogger = scanned({ debug: () => {}, info: () => {}, warn: () => {}, error: () => {} });
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** One mock portal, its bot's first task and ground-truth targets, and a runner factory. */
function portalUnderTest(portal: string) {
  const mock = MOCK_PORTALS.find((p) => p.id === portal) as unknown as MockPortal;
  const task = Object.keys(bots[portal]!.tasks)[0] as TaskName;
  const targets = mock.contract.targets[task]!(mock.truth(SEED), 3).filter((t) => t.outcome === 'found');
  const normalize = mock.contract.normalize?.[task] ?? ((d: unknown) => d);
  const runners: BotRunner[] = [];
  const t = {
    mock,
    task,
    targets,
    normalize,
    running: undefined as unknown as Awaited<ReturnType<MockPortal['start']>>,
    admin: async <T>(path: string, init?: RequestInit): Promise<T> =>
      (await (await fetch(`${t.running.url}${path}`, init)).json()) as T,
    codes: async (username: string) =>
      (await t.admin<Outbox>(`/__admin/outbox?username=${encodeURIComponent(username)}`)).messages,
    runner(credential: PortalCredential, sink: EvidenceSink, over: Partial<BotRunnerOptions> = {}) {
      const r = new BotRunner({
        bot: bots[portal]!,
        baseUrl: t.running.url,
        credential,
        evidence: sink,
        logger,
        browserLauncher: async () => browser,
        closeBrowser: false,
        tracing: 'off',
        ...over,
      });
      runners.push(r);
      return r;
    },
  };
  beforeAll(async () => {
    t.running = await mock.start({ seed: SEED, port: 0 });
  });
  afterAll(async () => {
    await Promise.allSettled(runners.map((r) => r.close()));
    await t.running?.close();
  });
  beforeEach(async () => {
    await t.admin('/__admin/reset', { method: 'POST' });
  });
  return t;
}

describe.each(['availity', 'uhc', 'medicaid'])('%s: the code comes before a forced password change', (portal) => {
  const t = portalUnderTest(portal);
  const [first, second] = t.mock.accounts(SEED) as [PortalAccount, PortalAccount];

  it('answers the code through the challenge path, then rotates the password and reads the truth', {
    timeout: 90_000,
  }, async () => {
    t.running.setFaults({ otpChannel: 'sms', passwordExpiresFor: second.username });
    const staged: string[] = [];
    const committed: string[] = [];
    const asked: HumanChallenge[] = [];
    const sink = new MemorySink();
    const credential: PortalCredential = {
      ...second,
      rotation: {
        stage: async (p) => void staged.push(p),
        commit: async (p) => void committed.push(p),
      },
    };
    const r = t.runner(credential, sink, {
      askHuman: async (c) => {
        asked.push(c);
        // Parked on the code, before anything was done about the password.
        expect(staged).toEqual([]);
        expect(sink.labels()).not.toContain('password-expired');
        return (await t.codes(second.username)).at(-1)!.code;
      },
    });
    const target = t.targets[0]!;
    const res = await r.run(t.task, target.input, { jobId: `order-${portal}-rotate`, runId: 'order' });
    expect(res.error).toBeUndefined();
    expect(res.outcome).toBe('found');
    expect(t.normalize(res.data)).toEqual(target.data);
    expect(asked.map((c) => c.kind)).toEqual(['otp_sms']);
    expect(asked[0]!.credentialId).toBe(second.id);
    expect(staged).toHaveLength(1);
    expect(committed).toEqual(staged);
    expect(credential.password).toBe(staged[0]);
    // The code page, then the change page, then its confirmation, in that order.
    const labels = sink.labels();
    expect(labels.indexOf('otp_sms-challenge')).toBeGreaterThanOrEqual(0);
    expect(labels.indexOf('otp_sms-challenge')).toBeLessThan(labels.indexOf('password-expired'));
    expect(labels.indexOf('password-expired')).toBeLessThan(labels.indexOf('password-changed'));
    const stats = await t.admin<Stats>('/__admin/stats');
    expect(stats).toMatchObject({ mfaAttempts: 0, lockouts: 0, hurdles: { codesSent: 1 } });
    expect(r.stats().logins).toBe(1);
  });

  it('answers the code, then ends password_expired with the change page as evidence when it may not rotate', {
    timeout: 90_000,
  }, async () => {
    t.running.setFaults({ otpChannel: 'sms', passwordExpiresFor: first.username });
    const asked: HumanChallenge[] = [];
    const sink = new MemorySink();
    const res = await t
      .runner({ ...first }, sink, {
        askHuman: async (c) => {
          asked.push(c);
          return (await t.codes(first.username)).at(-1)!.code;
        },
      })
      .run(t.task, t.targets[1]!.input, { jobId: `order-${portal}-expired`, runId: 'order' });
    expect(res.outcome).toBe('failed');
    expect(res.error).toMatchObject({ class: 'password_expired', next: 'stop_credential_and_alert' });
    expect(asked.map((c) => c.kind)).toEqual(['otp_sms']);
    expect(sink.labels().slice(0, 2)).toEqual(['otp_sms-challenge', 'password-expired']);
    const shown = sink.captures[1]!;
    expect(shown.finalUrl).toMatch(/\/password\/change$/);
    expect(res.error?.details.evidenceId).toBe('ev-2');
    expect(await t.admin<Stats>('/__admin/stats')).toMatchObject({
      mfaAttempts: 0,
      lockouts: 0,
      hurdles: { codesSent: 1 },
    });
  });
});

describe.each(['availity', 'uhc', 'caqh'])('%s: mfaRechallenge with a code sent out of band', (portal) => {
  const t = portalUnderTest(portal);
  const [account] = t.mock.accounts(SEED) as [PortalAccount];

  it('the next job answers a new code through the challenge path and goes on in the same session', {
    timeout: 90_000,
  }, async () => {
    t.running.setFaults({ otpChannel: 'email' });
    const asked: HumanChallenge[] = [];
    const r = t.runner({ ...account }, new MemorySink(), {
      askHuman: async (c) => {
        asked.push(c);
        return (await t.codes(account.username)).at(-1)!.code;
      },
    });
    const [a, b] = t.targets as [(typeof t.targets)[0], (typeof t.targets)[0]];
    const before = await r.run(t.task, a.input, { jobId: `re-${portal}-1`, runId: 're' });
    expect(t.normalize(before.data)).toEqual(a.data);
    expect(asked).toHaveLength(1);

    t.running.setFaults({ mfaRechallenge: true });
    const after = await r.run(t.task, b.input, { jobId: `re-${portal}-2`, runId: 're' });
    expect(after.error).toBeUndefined();
    expect(t.normalize(after.data)).toEqual(b.data);
    expect(asked.map((c) => c.kind)).toEqual(['otp_email', 'otp_email']);
    expect(asked[1]!.prompt).toMatch(/verify your identity again/);
    const sent = await t.codes(account.username);
    expect(sent.map((m) => m.channel)).toEqual(['email', 'email']);
    // Verified again in place: one sign-in, no authenticator code, no relogin.
    expect(await t.admin<Stats>('/__admin/stats')).toMatchObject({
      loginCount: 1,
      mfaAttempts: 0,
      lockouts: 0,
      hurdles: { codesSent: 2 },
    });
    expect(r.stats().logins).toBe(1);
  });
});
