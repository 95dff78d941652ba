// The dashboard's Challenges page in real Chromium: a login waiting on a
// CAPTCHA (the orchestrator's askHuman, as a worker uses it) shows with the
// page the bot saw; an ops user types the answer and the waiting login gets
// it. Roles are checked like every dashboard page.
import { chromium, type Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askHumanVia } from '../../../orchestrator/platform/challenges/ask-human.ts';
import { createApiFixture, type ApiFixture } from './setup.ts';

let f: ApiFixture;
let browser: Browser;
let base: string;

beforeAll(async () => {
  f = await createApiFixture('apichallenges');
  base = await f.app.listen({ host: '127.0.0.1', port: 0 });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await f?.close();
});

async function login(role: keyof ApiFixture['keys'], next: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await page.goto(`${base}${next}`);
  await page.fill('input[name=key]', f.keys[role]);
  await Promise.all([page.waitForURL((u) => !u.pathname.endsWith('/login')), page.click('button[type=submit]')]);
  return { context, page };
}

/** A real screenshot of a CAPTCHA-like page, as the bot would hand it over. */
async function captchaScreenshot(): Promise<Buffer> {
  const page = await browser.newPage();
  try {
    await page.setContent('<h1>Security check</h1><p style="font:40px monospace">X7KQ2M</p>');
    return await page.screenshot();
  } finally {
    await page.close();
  }
}

describe('Challenges page in Chromium', () => {
  it('shows a waiting CAPTCHA with its screenshot; the typed answer reaches the waiting login', {
    timeout: 60_000,
  }, async () => {
    const ask = askHumanVia({ db: f.h.db, logger: f.logs.logger, timeoutMs: 45_000, pollMs: 200 });
    const waiting = ask({
      kind: 'captcha',
      portal: 'availity',
      credentialId: 'availity-demo',
      prompt: 'Type the characters you see in the image.',
      screenshot: await captchaScreenshot(),
    });
    await expect.poll(() => f.h.db.challenge.count({ where: { status: 'pending' } })).toBe(1);

    const { context, page } = await login('ops', '/dashboard/challenges');
    try {
      await page.getByRole('link', { name: 'Challenges' }).waitFor();
      const card = page.locator('#pending [data-challenge]');
      await expect.poll(() => card.count()).toBe(1);
      expect(await card.innerText()).toContain('CAPTCHA: availity');
      expect(await card.innerText()).toContain('Type the characters you see in the image.');
      const img = card.locator('img');
      await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth)).toBeGreaterThan(0);

      await card.getByLabel('Answer').fill('X7KQ2M');
      await Promise.all([page.waitForURL(/\/dashboard\/challenges\?done=/), card.getByRole('button').click()]);
      expect(await page.getByRole('status').innerText()).toContain('Answer sent');
      await expect(waiting).resolves.toBe('X7KQ2M');
      expect(await page.locator('#none').innerText()).toContain('No login is waiting');
      await page.reload();
      expect(await page.locator('#recent').innerText()).toMatch(
        /CAPTCHA\s+availity\s+availity-demo\s+answered\s+test-ops/,
      );
    } finally {
      await context.close();
    }
  });

  it('is for ops: billing is refused', { timeout: 30_000 }, async () => {
    const { context, page } = await login('billing', '/dashboard/challenges');
    try {
      expect(await page.locator('body').innerText()).toMatch(/403|Forbidden/i);
    } finally {
      await context.close();
    }
  });
});
