// Working a denial in the dashboard, in real Chromium: billing assigns the item
// to a person from the list, moves it along the life cycle, adds a note,
// appeals it and records the outcome; a disallowed move and a write-off
// without a reason come back as HTML pages saying what to fix; every step is in
// the history with who and when. An auditor sees no work-item forms.
import { chromium, type Browser, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDenial, type SeededDenial } from './seed.ts';
import { createApiFixture, type ApiFixture } from './setup.ts';

let f: ApiFixture;
let d: SeededDenial;
let w: SeededDenial;
let browser: Browser;
let base: string;

beforeAll(async () => {
  f = await createApiFixture('apiwork');
  d = await seedDenial(f.h, 'WK-50001');
  w = await seedDenial(f.h, 'WK-50002');
  await seedDenial(f.h, 'WK-50003'); // stays open: the reports page ages it
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

async function submit(page: Page, form: string) {
  await Promise.all([page.waitForNavigation(), page.click(`${form} button[type=submit]`)]);
}

const lastHistoryRow = (page: Page) => page.locator('#work-history tr').last().innerText();

describe('working a denial in the dashboard', () => {
  it('billing assigns, works, notes, appeals and resolves; every step lands in the history', async () => {
    const { context, page } = await login('billing', `/dashboard/claims/${d.claimId}`);
    try {
      expect(await page.locator('#work-state').innerText()).toBe('new');
      // Assignees come from a list (the billing keys), not free text.
      const people = await page.locator('#assign-form select[name=assignee] option').allInnerTexts();
      expect(people).toEqual(['test-admin', 'test-billing']);
      await page.selectOption('#assign-form select[name=assignee]', 'test-billing');
      await submit(page, '#assign-form');
      expect(page.url()).toContain(`/dashboard/claims/${d.claimId}`);
      expect(await page.locator('#work-state').innerText()).toBe('assigned');
      expect(await page.locator('#work-assignee').innerText()).toBe('test-billing');
      expect(await lastHistoryRow(page)).toMatch(/apikey:[0-9a-f]{12}:test-billing\ttransition\tnew\tassigned/);

      // Only allowed moves are offered.
      const moves = await page.locator('#state-form select[name=to] option').allInnerTexts();
      expect(moves).toEqual(['in_progress', 'written_off']);
      await page.selectOption('#state-form select[name=to]', 'in_progress');
      await page.fill('#state-form input[name=note]', 'called payer');
      await submit(page, '#state-form');
      expect(await page.locator('#work-state').innerText()).toBe('in_progress');
      expect(await lastHistoryRow(page)).toMatch(/assigned\tin_progress\tcalled payer$/);

      await page.fill('#note-form input[name=note]', 'auth number found: A-7781');
      await submit(page, '#note-form');
      expect(await lastHistoryRow(page)).toMatch(/\tnote\tin_progress\tin_progress\tauth number found: A-7781$/);

      // Appealing without a channel is refused on an HTML page that names the field.
      await page.selectOption('#state-form select[name=to]', 'appealed');
      const refused = await Promise.all([page.waitForNavigation(), page.click('#state-form button[type=submit]')]);
      expect(refused[0]?.status()).toBe(400);
      expect(await page.locator('#error').innerText()).toMatch(/^channel: /);
      await page.click('text=Back to the claim');
      await page.selectOption('#state-form select[name=to]', 'appealed');
      await page.selectOption('#state-form select[name=channel]', 'portal');
      await page.fill('#state-form input[name=confirmationNumber]', 'RC-4242');
      await submit(page, '#state-form');
      expect(await page.locator('#work-state').innerText()).toBe('appealed');

      await page.selectOption('#outcome-form select[name=outcome]', 'overturned');
      await page.fill('#outcome-form input[name=recoveredAmount]', '420.50');
      await submit(page, '#outcome-form');
      expect(await page.locator('#work-state').innerText()).toBe('resolved');
      expect(await page.locator('#work-outcome').innerText()).toBe('overturned');
      expect(await page.locator('#work-item').innerText()).toContain('RC-4242');
      const history = await page.locator('#work-history tr').allInnerTexts();
      expect(history.slice(1).every((r) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z\t\S+/.test(r))).toBe(true);
      expect(await page.locator('#assign-form').count()).toBe(0); // closed: no assigning
    } finally {
      await context.close();
    }
  });

  it('a write-off needs a reason; a disallowed move is an HTML 409 naming the allowed states', async () => {
    const { context, page } = await login('admin', `/dashboard/claims/${w.claimId}`);
    try {
      await page.selectOption('#state-form select[name=to]', 'written_off');
      const [noReason] = await Promise.all([page.waitForNavigation(), page.click('#state-form button[type=submit]')]);
      expect(noReason?.status()).toBe(400);
      expect(await page.locator('#error').innerText()).toMatch(/^note: a write-off needs a reason/);
      await page.click('text=Back to the claim');
      await page.selectOption('#state-form select[name=to]', 'written_off');
      await page.fill('#state-form input[name=note]', 'below rework value');
      await submit(page, '#state-form');
      expect(await page.locator('#work-state').innerText()).toBe('written_off');
      // A forged post of a move the page no longer offers.
      const res = await page.request.post(`${base}/dashboard/denials/${w.workItemId}/transition`, {
        form: { to: 'in_progress' },
        maxRedirects: 0,
      });
      expect(res.status()).toBe(409);
      expect(res.headers()['content-type']).toMatch(/^text\/html/);
      expect(await res.text()).toContain('final state');
    } finally {
      await context.close();
    }
  });

  it('an auditor sees neither the work item forms nor the actions', async () => {
    const { context, page } = await login('auditor', `/dashboard/claims/${d.claimId}`);
    try {
      expect(await page.locator('#work-actions').count()).toBe(0);
      expect(await page.locator('#claim-dates').count()).toBe(0);
      const res = await page.request.post(`${base}/dashboard/denials/${d.workItemId}/note`, {
        form: { note: 'x' },
        maxRedirects: 0,
      });
      expect(res.status()).toBe(403);
    } finally {
      await context.close();
    }
  });

  it('the reports page shows the work-queue KPIs and an aging chart of the open denials', async () => {
    const { context, page } = await login('billing', '/dashboard/reports?weeks=2');
    try {
      expect(await page.locator('#kpis').innerText()).toContain('First-pass resolution');
      // WK-50003 is open, denied today (no date of service): 0-30 days, $420.50 of aetna.
      expect(await page.locator('#aging tr').nth(1).innerText()).toMatch(/^aetna\t1 · 420\.50\t0 · 0\.00/);
      const bars = page.locator('#aging-chart rect title');
      expect(await bars.first().textContent()).toBe('aetna 0-30 days: 420.50');
    } finally {
      await context.close();
    }
  });

  it('the claim page shows when the claim was submitted and the timely-filing verdict', async () => {
    await f.h.db.claim.update({
      where: { id: w.claimId },
      data: { serviceDate: new Date('2026-06-01T00:00:00Z'), submittedDate: new Date('2026-09-15T00:00:00Z') },
    });
    const { context, page } = await login('billing', `/dashboard/claims/${w.claimId}`);
    try {
      expect(await page.locator('#service-date').innerText()).toBe('2026-06-01');
      expect(await page.locator('#submitted-date').innerText()).toBe('2026-09-15');
      // No payer on the claim: the default 90-day window, 06-01 + 90 = 08-30, and 09-15 is after it.
      expect(await page.locator('#timely-filing').innerText()).toBe('2026-08-30 (missed)');
    } finally {
      await context.close();
    }
  });
});
