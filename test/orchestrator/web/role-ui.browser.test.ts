// The dashboard per role, in real Chromium: the navigation lists only the pages
// the role may open; a forbidden or unknown page is an HTML page (with that
// navigation), while the API keeps its JSON errors; a biller sees the evidence
// thumbnails and downloads the appeal packet of a claim in their own queue
// (its work item assigned to them) and is refused, on an HTML page and in the
// access log, for anyone else's claim.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assign, escalateOverdue } from '../../../orchestrator/denials/index.ts';
import { NAV } from '../../../orchestrator/web/dashboard/nav.ts';
import { seedClaim, type SeededClaim } from './seed.ts';
import { createApiFixture, type ApiFixture } from './setup.ts';

let f: ApiFixture;
let mine: SeededClaim;
let theirs: SeededClaim;
let browser: Browser;
let base: string;

beforeAll(async () => {
  f = await createApiFixture('apiroleui');
  mine = await seedClaim(f.h, f.evidence, 'RU-60001');
  theirs = await seedClaim(f.h, f.evidence, 'RU-60002');
  await assign(f.h.db, mine.workItemId, { assignee: 'test-billing', actor: 'test' });
  await assign(f.h.db, theirs.workItemId, { assignee: 'someone-else', actor: 'test' });
  // A month on, both items are past their SLA: the daily loop's sweep escalates them to the team lead.
  await escalateOverdue(f.h.db, new Date(Date.now() + 30 * 86_400_000));
  base = await f.app.listen({ host: '127.0.0.1', port: 0 });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
}, 90_000);
afterAll(async () => {
  for (const s of sessions.values()) await s.context.close();
  await browser?.close();
  await f?.close();
});

// One session per role for the whole file: logins are rate limited per address (PORTALBOTS_LOGIN_RATE).
const sessions = new Map<string, { context: BrowserContext; page: Page }>();
async function login(role: keyof ApiFixture['keys'], next = '/dashboard') {
  let s = sessions.get(role);
  if (!s) {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${base}/dashboard/login`);
    await page.fill('input[name=key]', f.keys[role]);
    await Promise.all([page.waitForURL((u) => !u.pathname.endsWith('/login')), page.click('button[type=submit]')]);
    s = { context, page };
    sessions.set(role, s);
  }
  await s.page.goto(`${base}${next}`);
  return s;
}

const EXPECTED_NAV = {
  billing: ['Home', 'Denials', 'Reports'],
  auditor: ['Home'],
  ops: ['Home', 'Schedules', 'Accounts', 'Challenges', 'Queues'],
  admin: ['Home', 'Denials', 'Reports', 'Schedules', 'Accounts', 'Challenges', 'Queues'],
} as const;

describe('role-aware dashboard', () => {
  for (const role of ['billing', 'auditor', 'ops', 'admin'] as const) {
    it(`${role}: the navigation shows exactly the pages the role may open, and each opens`, async () => {
      const { page } = await login(role);
      const links = page.locator('#nav a');
      expect(await links.allInnerTexts()).toEqual([...EXPECTED_NAV[role]]);
      for (const href of await links.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname))) {
        const res = await page.goto(`${base}${href}`);
        expect(res?.status(), href).toBe(200);
      }
      // Every page the menu hides is refused to this role with an HTML page.
      const hidden = NAV.filter((e) => !(EXPECTED_NAV[role] as readonly string[]).includes(e.label));
      for (const e of hidden.filter((x) => x.href !== '/dashboard/queues')) {
        const res = await page.goto(`${base}${e.href}`);
        expect(res?.status(), e.href).toBe(403);
        expect(res?.headers()['content-type']).toMatch(/^text\/html/);
        expect(await page.locator('#error').innerText()).toContain(`role "${role}" may not GET ${e.href}`);
        expect(await page.locator('#nav a').allInnerTexts()).toEqual([...EXPECTED_NAV[role]]);
      }
    });
  }

  it('forbidden and not-found pages are HTML in the browser; the API answers JSON', async () => {
    const { context, page } = await login('billing');
    const forbidden = await page.goto(`${base}/dashboard/queues`);
    expect(forbidden?.status()).toBe(403);
    expect(forbidden?.headers()['content-type']).toMatch(/^text\/html/);
    expect(await page.title()).toMatch(/Not allowed/);

    const unknownClaim = await page.goto(`${base}/dashboard/claims/NO-SUCH-99999`);
    expect(unknownClaim?.status()).toBe(404);
    expect(unknownClaim?.headers()['content-type']).toMatch(/^text\/html/);
    expect(await page.locator('#error').innerText()).toContain('no claim "NO-SUCH-99999"');
    expect(await page.locator('#nav a').allInnerTexts()).toEqual([...EXPECTED_NAV.billing]);

    const unknownPage = await page.goto(`${base}/dashboard/no-such-page`);
    expect(unknownPage?.status()).toBe(404);
    expect(unknownPage?.headers()['content-type']).toMatch(/^text\/html/);
    expect(await page.locator('#error').innerText()).toContain('no route GET /dashboard/no-such-page');

    // The API keeps its JSON error shape, whatever the client accepts.
    const api = await context.request.get(`${base}/api/v1/runs`, {
      headers: { authorization: `Bearer ${f.keys.billing}`, accept: 'text/html,application/json' },
    });
    expect(api.status()).toBe(403);
    expect(await api.json()).toMatchObject({ error: 'Forbidden', statusCode: 403 });
    const apiMissing = await context.request.get(`${base}/api/v1/no-such-route`, {
      headers: { authorization: `Bearer ${f.keys.billing}`, accept: 'text/html' },
    });
    expect(apiMissing.status()).toBe(404);
    expect(await apiMissing.json()).toMatchObject({ error: 'Not Found', statusCode: 404 });
  });

  it("a biller sees the thumbnails and downloads the packet of a claim in their queue, not of another's", async () => {
    const { context, page } = await login('billing', `/dashboard/claims/${mine.claimId}`);
    await expect
      .poll(() => page.locator('#evidence img').evaluate((img: HTMLImageElement) => img.naturalWidth))
      .toBeGreaterThan(0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#packet')]);
    expect(download.suggestedFilename()).toBe('RU-60001-appeal-packet.pdf');
    const bytes = await download.createReadStream().then(
      (s) =>
        new Promise<Buffer>((resolve, reject) => {
          const parts: Buffer[] = [];
          s.on('data', (c: Buffer) => parts.push(c))
            .on('end', () => resolve(Buffer.concat(parts)))
            .on('error', reject);
        }),
    );
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    // Another biller's claim: no evidence section, no packet link, and the URLs are refused.
    await page.goto(`${base}/dashboard/claims/${theirs.claimId}`);
    expect(await page.locator('#results').count()).toBe(1);
    expect(await page.locator('#evidence').count()).toBe(0);
    expect(await page.locator('#packet').count()).toBe(0);
    const packet = await page.goto(`${base}/dashboard/claims/${theirs.claimId}/packet`);
    expect(packet?.status()).toBe(403);
    expect(packet?.headers()['content-type']).toMatch(/^text\/html/);
    expect(await page.locator('#error').innerText()).toContain('assigned to someone-else');
    const thumb = await context.request.get(`${base}/dashboard/evidence/${theirs.evidenceId}/thumbnail`);
    expect(thumb.status()).toBe(403);

    // The access log has the biller's reads and the refused attempts, by role.
    const billingKey = await f.h.db.apiKey.findFirstOrThrow({ where: { name: 'test-billing' } });
    const log = await f.h.db.apiAccessLogEntry.findMany({ where: { apiKeyId: billingKey.id } });
    const entry = (claimId: string, action: string, statusCode: number) =>
      log.some(
        (e) => e.claimId === claimId && e.action === action && e.statusCode === statusCode && e.role === 'billing',
      );
    expect(entry(mine.claimId, 'list', 200)).toBe(true);
    expect(entry(mine.claimId, 'thumbnail', 200)).toBe(true);
    expect(entry(mine.claimId, 'packet', 200)).toBe(true);
    expect(entry(theirs.claimId, 'packet', 403)).toBe(true);
    expect(entry(theirs.claimId, 'thumbnail', 403)).toBe(true);
  });

  it('team leads see escalated items on the home page; auditors and ops do not', async () => {
    const billing = await login('billing');
    const rows = await billing.page.locator('#escalations tr').allInnerTexts();
    expect(rows.slice(1).map((r) => r.split('\t').slice(0, 4))).toEqual([
      ['RU-60001', expect.any(String), expect.stringMatching(/-lead$/), '1'],
      ['RU-60002', expect.any(String), expect.stringMatching(/-lead$/), '1'],
    ]);
    await Promise.all([
      billing.page.waitForURL('**/dashboard/denials?escalated=on'),
      billing.page.click('text=All escalated items'),
    ]);
    expect(await billing.page.locator('#denials').innerText()).toContain('RU-60002');
    // The team filter is a list of the teams that own items (CARC 197 routes to prior-auth), not free text.
    expect(await billing.page.locator('select[name=team] option').allInnerTexts()).toEqual(['any', 'prior-auth']);
    for (const role of ['auditor', 'ops'] as const) {
      const other = await login(role);
      expect(await other.page.locator('#escalations').count()).toBe(0);
    }
  });

  it("an auditor opens any claim's evidence and packet; ops none", async () => {
    const auditor = await login('auditor', `/dashboard/claims/${theirs.claimId}`);
    expect(await auditor.page.locator('#evidence img').count()).toBe(1);
    expect(await auditor.page.locator('#packet').count()).toBe(1);
    const ops = await login('ops');
    const res = await ops.page.goto(`${base}/dashboard/evidence/${mine.evidenceId}/original`);
    expect(res?.status()).toBe(403);
    expect(await ops.page.locator('#error').innerText()).toMatch(/role "ops" may not/);
  });
});
