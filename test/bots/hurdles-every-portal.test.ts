// The sign-in hurdles are the portal kit's and the bot runtime's, not one
// portal's: every mock portal with a login puts them up and every bot passes
// them, in real Chromium. Each bot meets, in one login, a security question
// (answered from its credential), a CAPTCHA (a person answers through
// askHuman; here the test reads the portal's admin view), a password expiry
// notice (reported) and a "Still there?" dialog on every page (dismissed),
// and still reads a ground-truth target correctly.
import { createHash } from 'node:crypto';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bots } from '../../bots/registry.ts';
import type { AccountNotice, BotLogger, EvidenceRef, EvidenceSink, HumanChallenge } from '../../bots/runtime/bot.ts';
import { launchBrowser } from '../../bots/runtime/browser.ts';
import { BotRunner } from '../../bots/runtime/runner.ts';
import type { TaskName } from '../../bots/runtime/tasks.ts';
import { MOCK_PORTALS, type MockPortal } from '../../mock-portals/index.ts';
import { scanned } from '../helpers/logs.ts';

const SEED = 42;
const sink: EvidenceSink = {
  capture: async (c): Promise<EvidenceRef> => ({
    id: `ev-${c.label}`,
    sha256: createHash('sha256').update(c.png).digest('hex'),
    url: c.finalUrl,
    capturedAt: c.capturedAt.toISOString(),
  }),
  file: async (f): Promise<EvidenceRef> => {
    const sha256 = createHash('sha256').update(f.bytes).digest('hex');
    return { id: `file-${sha256.slice(0, 12)}`, sha256, url: f.url, capturedAt: f.downloadedAt.toISOString() };
  },
};
const logger: BotLogger = scanned({ debug: () => {}, info: () => {}, warn: () => {}, error: () => {} });
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(MOCK_PORTALS.map((p) => p.id))('%s: sign-in hurdles', (portal) => {
  it('passes a security question, a CAPTCHA, an expiry notice and idle dialogs, then reads the truth', {
    timeout: 120_000,
  }, async () => {
    const mock = MOCK_PORTALS.find((p) => p.id === portal) as unknown as MockPortal;
    const account = mock.accounts(SEED)[0]!;
    const running = await mock.start({
      seed: SEED,
      port: 0,
      faults: {
        securityQuestion: true,
        captcha: true,
        idlePopup: true,
        idlePopupAfterMs: 0,
        passwordExpiresInDays: `${account.username}:3`,
      },
    });
    const asked: HumanChallenge[] = [];
    const notices: AccountNotice[] = [];
    const runner = new BotRunner({
      bot: bots[portal]!,
      baseUrl: running.url,
      credential: { ...account },
      evidence: sink,
      logger,
      browserLauncher: async () => browser,
      closeBrowser: false,
      tracing: 'off',
      askHuman: async (c) => {
        asked.push(c);
        const { captchas } = (await (await fetch(`${running.url}/__admin/captchas`)).json()) as {
          captchas: { username: string; text: string }[];
        };
        return captchas.find((x) => x.username === account.username)!.text;
      },
      onAccountNotice: (n) => void notices.push(n),
    });
    try {
      const task = Object.keys(bots[portal]!.tasks)[0] as TaskName;
      const target = mock.contract.targets[task]!(mock.truth(SEED), 1).find((t) => t.outcome === 'found')!;
      const res = await runner.run(task, target.input, { jobId: `hurdles-${portal}`, runId: 'hurdles' });
      expect(res.error).toBeUndefined();
      expect(res.outcome).toBe('found');
      const normalize = mock.contract.normalize?.[task] ?? ((d: unknown) => d);
      expect(normalize(res.data)).toEqual(target.data);
      expect(asked.map((c) => c.kind)).toEqual(['captcha']);
      expect(notices.map((n) => n.days)).toEqual([3]);
      const stats = (await (await fetch(`${running.url}/__admin/stats`)).json()) as {
        hurdles: { securityQuestions: number; captchas: number; expiryNotices: number };
      };
      expect(stats.hurdles).toMatchObject({ securityQuestions: 1, captchas: 1, expiryNotices: 1 });
      expect(runner.stats().logins).toBe(1);
    } finally {
      await runner.close();
      await running.close();
    }
  });
});
