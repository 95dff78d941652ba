// The dashboard in real Chromium: log in with an API key, open a claim from the
// search form, see its results and evidence thumbnail, open the full screenshot
// with its manifest and verification status; then check role-dependent pages.
import { chromium, type Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedClaim, type SeededClaim } from './seed.ts';
import { createApiFixture, type ApiFixture } from './setup.ts';

let f: ApiFixture;
let s: SeededClaim;
let browser: Browser;
let base: string;

beforeAll(async () => {
  f = await createApiFixture('apidash');
  s = await seedClaim(f.h, f.evidence, 'DB-40001');
  await f.h.db.schedule.create({
    data: { portalId: 'availity', task: 'claim-status', cron: '0 6 * * 1-5', timezone: 'America/New_York' },
  });
  base = await f.app.listen({ host: '127.0.0.1', port: 0 });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await f?.close();
});

async function login(role: keyof ApiFixture['keys'], next = '/dashboard') {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await page.goto(`${base}${next}`);
  expect(page.url()).toContain('/dashboard/login');
  await page.fill('input[name=key]', f.keys[role]);
  await Promise.all([page.waitForURL((u) => !u.pathname.endsWith('/login')), page.click('button[type=submit]')]);
  return { context, page };
}

describe('dashboard in Chromium', () => {
  it('an admin logs in, opens a claim and sees its evidence, manifest and verification', async () => {
    const { context, page } = await login('admin');
    try {
      const cookies = await context.cookies();
      const session = cookies.find((c) => c.name === 'pb_session')!;
      expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/dashboard' });
      expect(await page.evaluate(() => document.cookie)).toBe(''); // not readable by scripts

      await expect.poll(() => page.locator('#health').innerText()).toContain('availity');
      await page.fill('input[name=claim]', 'DB-40001');
      await Promise.all([
        page.waitForURL(`**/dashboard/claims/${s.claimId}`),
        page.click('form[action="/dashboard/claims"] button'),
      ]);
      expect(await page.locator('#claim-number').innerText()).toBe('DB-40001');
      expect(await page.locator('#results').innerText()).toContain('CO-197');
      // The packet link downloads a PDF with the session cookie.
      const packet = await page.request.get(`${base}${await page.locator('#packet').getAttribute('href')}`);
      expect(packet.status()).toBe(200);
      expect((await packet.body()).subarray(0, 5).toString()).toBe('%PDF-');

      const thumb = page.locator('#evidence img').first();
      await thumb.waitFor();
      // The image really loaded (decoded with a width), through the cookie-authenticated route.
      await expect
        .poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
        .toBeGreaterThan(0);

      await Promise.all([page.waitForURL(`**/dashboard/evidence/${s.evidenceId}`), thumb.click()]);
      expect(await page.locator('#verification').innerText()).toMatch(/^Verified: the stored file matches its sha256/);
      const full = page.locator('#full');
      await expect.poll(() => full.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(640);
      const manifest = JSON.parse(await page.locator('#manifest').innerText());
      expect(manifest.files.png.sha256).toBe(s.sha256);
      expect(manifest.claimRef).toBe('DB-40001');

      // Each view was logged against the admin's key.
      const actions = (
        await f.h.db.apiAccessLogEntry.findMany({
          where: { OR: [{ claimId: s.claimId }, { evidenceId: s.evidenceId }] },
        })
      )
        .map((r) => r.action)
        .sort();
      expect(actions).toEqual(expect.arrayContaining(['list', 'thumbnail', 'metadata', 'original']));

      await page.goto(`${base}/dashboard/schedules`);
      const row = await page.locator('#schedules').innerText();
      expect(row).toContain('0 6 * * 1-5');
      expect(row).toMatch(/\d{4}-\d{2}-\d{2} (10|11):00:00Z/); // 06:00 New York is 10:00 or 11:00 UTC

      // The work queue, filtered through the form.
      await page.goto(`${base}/dashboard/denials`);
      await page.fill('input[name=payer]', 'aetna');
      await Promise.all([
        page.waitForURL('**/dashboard/denials?*'),
        page.click('form[action="/dashboard/denials"] button'),
      ]);
      const denial = await page.locator('#denials').innerText();
      expect(denial).toContain('DB-40001');
      expect(denial).toContain('197');
      await page.goto(`${base}/dashboard/denials?payer=cigna`);
      expect(await page.locator('#denials').innerText()).not.toContain('DB-40001');

      await page.goto(`${base}/dashboard/queues`);
      await expect.poll(() => page.title()).toMatch(/portalbots queues|bull/i);

      await page.goto(`${base}/dashboard`);
      await page.click('header form button');
      await page.waitForURL('**/dashboard/login');
      await page.goto(`${base}/dashboard/claims/${s.claimId}`);
      expect(page.url()).toContain('/dashboard/login');
    } finally {
      await context.close();
    }
  });

  it('an auditor sees evidence but not results; billing sees results but not evidence or queues', async () => {
    const auditor = await login('auditor', `/dashboard/claims/${s.claimId}`);
    try {
      expect(auditor.page.url()).toContain(`/dashboard/claims/${s.claimId}`);
      expect(await auditor.page.locator('#evidence img').count()).toBe(1);
      expect(await auditor.page.locator('#results').count()).toBe(0);
    } finally {
      await auditor.context.close();
    }
    const billing = await login('billing', `/dashboard/claims/${s.claimId}`);
    try {
      expect(await billing.page.locator('#results').count()).toBe(1);
      expect(await billing.page.locator('#evidence').count()).toBe(0);
      const res = await billing.page.goto(`${base}/dashboard/queues`);
      expect(res?.status()).toBe(403);
      const ev = await billing.page.goto(`${base}/dashboard/evidence/${s.evidenceId}/original`);
      expect(ev?.status()).toBe(403);
    } finally {
      await billing.context.close();
    }
  });

  it('a wrong key stays on the login page with a message', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(`${base}/dashboard/login`);
      await page.fill('input[name=key]', `pbk_000000000000_${'A'.repeat(43)}`);
      await page.click('button[type=submit]');
      expect(await page.locator('[role=alert]').innerText()).toMatch(/invalid or revoked/);
      expect(await context.cookies()).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
