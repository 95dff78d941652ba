// A code sent by SMS or e-mail replaces the authenticator (TOTP) page on the
// UHC- and CAQH-like portals as on the Availity-like one (otpChannel fault,
// mock-portals/shared/second-factor.ts): the portal never shows its TOTP page,
// the bot's login parks on the shared code hurdle and asks a person
// (askHuman; here the test plays the person, reading the code from the mock's
// GET /__admin/outbox), then goes on and reads a ground-truth target
// correctly. A refused code is asked again once, then the job ends
// needs_human, as on the Availity-like portal; no code is ever guessed.
import type { Browser } from 'playwright';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bots } from '../../bots/registry.ts';
import type { BotLogger, EvidenceSink, HumanChallenge } from '../../bots/runtime/bot.ts';
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
  failedMfa: number;
  lockouts: number;
  hurdles: { codesSent: number };
}
interface Outbox {
  messages: { username: string; channel: string; to: string; code: string }[];
}

const logger: BotLogger = scanned({ debug: () => {}, info: () => {}, warn: () => {}, error: () => {} });
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(['uhc', 'caqh'])('%s: a code sent out of band replaces TOTP', (portal) => {
  const mock = MOCK_PORTALS.find((p) => p.id === portal) as unknown as MockPortal;
  const [account, second] = mock.accounts(SEED) as [PortalAccount, PortalAccount];
  const task = Object.keys(bots[portal]!.tasks)[0] as TaskName;
  const targets = mock.contract.targets[task]!(mock.truth(SEED), 3).filter((t) => t.outcome === 'found');
  const normalize = mock.contract.normalize?.[task] ?? ((d: unknown) => d);
  let running: Awaited<ReturnType<MockPortal['start']>>;
  const runners: BotRunner[] = [];

  const admin = async <T>(path: string, init?: RequestInit): Promise<T> =>
    (await (await fetch(`${running.url}${path}`, init)).json()) as T;
  const lastCode = async (username: string) =>
    (await admin<Outbox>(`/__admin/outbox?username=${encodeURIComponent(username)}`)).messages.at(-1);
  function runner(credential: PortalAccount, sink: EvidenceSink, over: Partial<BotRunnerOptions> = {}) {
    const r = new BotRunner({
      bot: bots[portal]!,
      baseUrl: running.url,
      credential: { ...credential },
      evidence: sink,
      logger,
      browserLauncher: async () => browser,
      closeBrowser: false,
      tracing: 'off',
      ...over,
    });
    runners.push(r);
    return r;
  }

  beforeAll(async () => {
    running = await mock.start({ seed: SEED, port: 0 });
  });
  afterAll(async () => {
    await Promise.allSettled(runners.map((r) => r.close()));
    await running?.close();
  });
  beforeEach(async () => {
    await admin('/__admin/reset', { method: 'POST' });
  });

  for (const channel of ['sms', 'email'] as const) {
    it(`parks the login on the ${channel} code, a person answers from the outbox, the job reads the truth`, {
      timeout: 90_000,
    }, async () => {
      running.setFaults({ otpChannel: channel });
      const target = targets[0]!;
      const asked: HumanChallenge[] = [];
      const sink = new MemorySink();
      const r = runner(account, sink, {
        askHuman: async (c) => {
          asked.push(c);
          // The login is parked on the code page while the person reads their phone or mailbox.
          expect((await admin<Stats>('/__admin/stats')).hurdles.codesSent).toBe(1);
          const sent = await lastCode(account.username);
          expect(sent).toMatchObject({ channel, username: account.username });
          return sent!.code;
        },
      });
      const res = await r.run(task, target.input, { jobId: `otp-${portal}-${channel}`, runId: 'otp' });
      expect(res.error).toBeUndefined();
      expect(res.outcome).toBe('found');
      expect(normalize(res.data)).toEqual(target.data);
      expect(asked).toHaveLength(1);
      expect(asked[0]).toMatchObject({
        kind: channel === 'sms' ? 'otp_sms' : 'otp_email',
        portal,
        credentialId: account.id,
      });
      expect(asked[0]!.prompt).toMatch(channel === 'sms' ? /text message/ : /e-mail/);
      expect(asked[0]!.screenshot.subarray(1, 4).toString()).toBe('PNG');
      const shown = sink.captures.find((c) => c.label === `${asked[0]!.kind}-challenge`);
      expect(shown?.finalUrl).toMatch(/\/challenge\/code$/);
      // The TOTP page never showed: no authenticator code was asked for or entered; one sign-in counted.
      const stats = await admin<Stats>('/__admin/stats');
      expect(stats).toMatchObject({ loginCount: 1, mfaAttempts: 0, failedMfa: 0, lockouts: 0 });
      expect(stats.hurdles.codesSent).toBe(1);
      expect(r.stats().logins).toBe(1);
      // The session stays signed in: a second job does not ask again.
      const again = await r.run(task, targets[1]!.input, { jobId: `otp-${portal}-${channel}-2`, runId: 'otp' });
      expect(again.outcome).toBe('found');
      expect(normalize(again.data)).toEqual(targets[1]!.data);
      expect(asked).toHaveLength(1);
    });
  }

  it('asks again after a refused code and goes on with the right one', { timeout: 90_000 }, async () => {
    running.setFaults({ otpChannel: 'sms' });
    const asked: HumanChallenge[] = [];
    const res = await runner(account, new MemorySink(), {
      askHuman: async (c) => {
        asked.push(c);
        const code = (await lastCode(account.username))!.code;
        // First a mistyped code, then the one that was sent.
        return asked.length === 1 ? String((Number(code) + 1) % 1_000_000).padStart(6, '0') : code;
      },
    }).run(task, targets[0]!.input, { jobId: `otp-${portal}-retry`, runId: 'otp' });
    expect(res.outcome).toBe('found');
    expect(normalize(res.data)).toEqual(targets[0]!.data);
    expect(asked).toHaveLength(2);
    expect(asked[1]!.prompt).toMatch(/^The portal refused the last answer\./);
    expect(asked[1]!.prompt).toMatch(/not valid/);
    expect(await admin<Stats>('/__admin/stats')).toMatchObject({ loginCount: 1, lockouts: 0, mfaAttempts: 0 });
  });

  it('ends needs_human with the code page as evidence after two refused codes, never locking the account', {
    timeout: 90_000,
  }, async () => {
    running.setFaults({ otpChannel: 'email' });
    const asked: HumanChallenge[] = [];
    const sink = new MemorySink();
    const res = await runner(second, sink, {
      askHuman: async (c) => {
        asked.push(c);
        const code = (await lastCode(second.username))!.code;
        return String((Number(code) + 1) % 1_000_000).padStart(6, '0');
      },
    }).run(task, targets[0]!.input, { jobId: `otp-${portal}-refused`, runId: 'otp' });
    expect(res.outcome).toBe('failed');
    expect(res.error).toMatchObject({ class: 'needs_human', details: { page: 'verificationCode' } });
    expect(res.error?.message).toMatch(/refused the code a person entered, 2 times/);
    const evidence = sink.captures.find((c) => `ev-${sink.captures.indexOf(c) + 1}` === res.error?.details.evidenceId);
    expect(evidence?.finalUrl).toMatch(/\/challenge\/code$/);
    expect(asked.map((c) => c.kind)).toEqual(['otp_email', 'otp_email']);
    expect(await admin<Stats>('/__admin/stats')).toMatchObject({ lockouts: 0, failedMfa: 0, mfaAttempts: 0 });
  });

  it('with otpChannel off, still asks for the TOTP code on its own page (no code is sent)', {
    timeout: 90_000,
  }, async () => {
    const asked: HumanChallenge[] = [];
    const askHuman = async (c: HumanChallenge) => {
      asked.push(c);
      return '';
    };
    const res = await runner(account, new MemorySink(), { askHuman }).run(task, targets[0]!.input, {
      jobId: `otp-${portal}-totp`,
      runId: 'otp',
    });
    expect(res.outcome).toBe('found');
    expect(asked).toEqual([]);
    const stats = await admin<Stats>('/__admin/stats');
    expect(stats).toMatchObject({ loginCount: 1, mfaAttempts: 1, failedMfa: 0 });
    expect(stats.hurdles.codesSent).toBe(0);
  });
});
