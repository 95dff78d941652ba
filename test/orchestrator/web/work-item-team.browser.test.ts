// Moving a misrouted denial to another team in the dashboard, in real
// Chromium: billing picks the team from a list (the known teams, not free
// text), the item's team changes and the history says who moved it from which
// team to which; a forged post of an unknown team is an HTML 400 naming the
// known teams; an auditor gets no form and a 403.
import { chromium, type Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knownTeams } from '../../../orchestrator/denials/index.ts';
import { seedDenial, type SeededDenial } from './seed.ts';
import { createApiFixture, type ApiFixture } from './setup.ts';

let f: ApiFixture;
let d: SeededDenial;
let browser: Browser;
let base: string;

beforeAll(async () => {
  f = await createApiFixture('apiteam');
  d = await seedDenial(f.h, 'WT-60001'); // CARC 197: routed to prior-auth
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

describe('moving a denial to another team in the dashboard', () => {
  it('billing moves the item to a team chosen from the list; the history shows it', async () => {
    const { context, page } = await login('billing', `/dashboard/claims/${d.claimId}`);
    try {
      expect(await page.locator('#work-item').innerText()).toMatch(/Team\tprior-auth/);
      const offered = await page.locator('#team-form select[name=team] option').allInnerTexts();
      expect(offered).toEqual(knownTeams().filter((t) => t !== 'prior-auth'));
      await page.selectOption('#team-form select[name=team]', 'coding');
      await page.fill('#team-form input[name=note]', 'modifier problem, not auth');
      await Promise.all([page.waitForNavigation(), page.click('#team-form button[type=submit]')]);
      expect(page.url()).toContain(`/dashboard/claims/${d.claimId}`);
      expect(await page.locator('#work-item').innerText()).toMatch(/Team\tcoding/);
      expect(await page.locator('#work-state').innerText()).toBe('new');
      expect(await page.locator('#work-history tr').last().innerText()).toMatch(
        /apikey:[0-9a-f]{12}:test-billing\tteam\tnew\tnew\tMoved from team prior-auth to coding: modifier problem, not auth$/,
      );
      // The team it is on is no longer offered.
      expect(await page.locator('#team-form select[name=team] option').allInnerTexts()).not.toContain('coding');

      // A forged post of a team that is not in the list.
      const res = await page.request.post(`${base}/dashboard/denials/${d.workItemId}/team`, {
        form: { team: 'accounts-payable' },
        maxRedirects: 0,
      });
      expect(res.status()).toBe(400);
      expect(res.headers()['content-type']).toMatch(/^text\/html/);
      expect(await res.text()).toContain(`use one of ${knownTeams().join(', ')}`);
    } finally {
      await context.close();
    }
  });

  it('an auditor gets no team form and cannot post one', async () => {
    const { context, page } = await login('auditor', `/dashboard/claims/${d.claimId}`);
    try {
      expect(await page.locator('#team-form').count()).toBe(0);
      const res = await page.request.post(`${base}/dashboard/denials/${d.workItemId}/team`, {
        form: { team: 'billing-ops' },
        maxRedirects: 0,
      });
      expect(res.status()).toBe(403);
    } finally {
      await context.close();
    }
  });
});
