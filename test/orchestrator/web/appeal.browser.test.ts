// Appealing through the portal from the dashboard, in real Chromium against
// the UHC-like mock with the real worker: a biller opens a denied item from a
// real claim-status sweep, picks a reason, runs a dry run (recorded, the bot's
// steps linked, nothing submitted on the mock); with submission disabled the
// Submit button is off and the page says which switch ops set; on a server
// whose config enables uhc, Submit sends it and the page shows the item
// appealed with the portal's tracking number; a second post answers "already
// submitted", and while a request waits for a worker a second click answers
// "in flight". Roles that may not appeal see no form and are refused.
import { chromium, type Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bots } from '../../../bots/registry.ts';
import { RECONSIDERATION_REASONS } from '../../../bots/index.ts';
import { demoCredentials, startUhcPortal } from '../../../mock-portals/index.ts';
import { trackingNumberFor } from '../../../mock-portals/shared/reconsiderations.ts';
import { waitForRun } from '../../../orchestrator/platform/runs/wait.ts';
import { createApiKey } from '../../../orchestrator/web/api/auth/keys.ts';
import { ROLES, type Role } from '../../../orchestrator/web/api/auth/roles.ts';
import { buildApiServer, type ApiApp } from '../../../orchestrator/web/api/server.ts';
import { createHarness, type Harness } from '../../helpers/harness.ts';
import { captureLogs } from '../../helpers/logs.ts';

const SEED = 42;
let portal: Awaited<ReturnType<typeof startUhcPortal>>;
let h: Harness;
let browser: Browser;
const logs = captureLogs();
const keys = {} as Record<Role, string>;
const apps: ApiApp[] = [];
/** The same database and queues, served once as shipped (dry runs only) and once with uhc enabled by ops. */
let dryOnly: string;
let enabled: string;
let claimNumber: string;
let claimId: string;
/** A second denied claim, appealed while no worker runs (its request stays in flight). */
let waiting: { claimNumber: string; claimId: string };
let worker: Awaited<ReturnType<Harness['startWorker']>>;

async function serve(submitReconsideration: string[]): Promise<string> {
  const app = await buildApiServer(
    {
      config: { ...h.config, submitReconsideration },
      db: h.db,
      logger: logs.logger,
      queues: h.queues,
      bots,
      evidence: h.evidence,
    },
    { dashboard: true },
  );
  apps.push(app);
  return app.listen({ host: '127.0.0.1', port: 0 });
}

beforeAll(async () => {
  portal = await startUhcPortal({ seed: SEED });
  h = await createHarness('appealui', { uhc: portal.url });
  const seeded = new Set(portal.truth.reconsiderations.map((r) => r.claimNumber));
  const denied = portal.truth.claims.filter((c) => c.denial && !seeded.has(c.claimNumber)).slice(0, 2);
  claimNumber = denied[0]!.claimNumber;
  worker = await h.startWorker({ credentials: { uhc: demoCredentials(SEED).uhc }, logger: logs.logger });
  const run = await h.submit(
    'uhc',
    'claim-status',
    denied.map((c) => c.claimNumber),
  );
  await waitForRun(h.db, run.runId, 2, { timeoutMs: 120_000 });
  claimId = (await h.db.claim.findFirstOrThrow({ where: { claimNumber } })).id;
  const other = denied[1]!.claimNumber;
  waiting = { claimNumber: other, claimId: (await h.db.claim.findFirstOrThrow({ where: { claimNumber: other } })).id };
  for (const role of ROLES) keys[role] = (await createApiKey(h.db, { role, name: `test-${role}` })).key;
  dryOnly = await serve([]);
  enabled = await serve(['uhc']);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  for (const app of apps) await app.close();
  await h?.close();
  await portal?.close();
});

async function login(base: string, role: Role, claim = claimId) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(`${base}/dashboard/claims/${claim}`);
  await page.fill('input[name=key]', keys[role]);
  await Promise.all([page.waitForURL((u) => !u.pathname.endsWith('/login')), page.click('button[type=submit]')]);
  return { context, page };
}

/** The mock portal's own record of reconsiderations received for the claim (its truth, not ours). */
const held = async () =>
  (
    (await fetch(`${portal.url}/__admin/reconsiderations`).then((r) => r.json())).reconsiderations as {
      claimNumber: string;
      trackingNumber: string;
    }[]
  ).filter((r) => r.claimNumber === claimNumber);

/** Waits for the worker to answer the request the page just queued. */
async function workerAnswered() {
  const row = await h.db.appealSubmission.findFirstOrThrow({ where: { claimId } });
  await waitForRun(h.db, row.runId!, 1, { timeoutMs: 120_000 });
}

describe('appealing through the portal from the dashboard', () => {
  it('a biller runs a dry run, then submits once ops enabled the portal; the item is appealed with the tracking number', async () => {
    const first = await login(dryOnly, 'billing');
    try {
      const { page } = first;
      expect(await page.locator('#work-state').innerText()).toBe('new');
      expect(await page.locator('#appeal-state').innerText()).toBe('No reconsideration requested yet.');
      // Reasons are the ones the bots accept; the argument is the drafted one.
      const reasons = await page
        .locator('#appeal-form select[name=reason] option')
        .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
      expect(reasons).toEqual([...RECONSIDERATION_REASONS]);
      expect(await page.locator('#appeal-form textarea[name=argument]').inputValue()).toContain(claimNumber);
      expect(await page.locator('#appeal-submit').isDisabled()).toBe(true);
      expect(await page.locator('#appeal-note').innerText()).toContain('PORTALBOTS_PORTAL_UHC_SUBMIT_APPEALS=true');

      // The biller takes the item, so the claim's evidence (the bot's steps) is theirs to open.
      await page.selectOption('#assign-form select[name=assignee]', 'test-billing');
      await Promise.all([page.waitForNavigation(), page.click('#assign-form button[type=submit]')]);
      await page.selectOption('#appeal-form select[name=reason]', 'medical_necessity');
      await Promise.all([page.waitForNavigation(), page.click('#appeal-dry-run')]);
      expect(page.url()).toContain(`/dashboard/claims/${claimId}`);
      expect(await page.locator('#appeal-by').innerText()).toMatch(/test-billing$/);
      await workerAnswered();
      await page.reload();
      expect(await page.locator('#appeal-state').innerText()).toBe('dry_run');
      expect(await page.locator('#appeal-dry').innerText()).toBe('yes');
      expect(await page.locator('#appeal-tracking').innerText()).toBe('');
      const steps = page.locator('#appeal-steps a');
      expect(await steps.last().innerText()).toBe('submit-reconsideration: step 3 review');
      const history = await page.locator('#work-history tr').allInnerTexts();
      expect(history.some((r) => /test-billing\tappeal_requested\tassigned\tassigned\t.*dry run/.test(r))).toBe(true);
      expect(history.some((r) => /system:appeals\tappeal_dry_run\t/.test(r))).toBe(true);
      expect(await page.locator('#work-state').innerText()).toBe('assigned');
      expect(await held()).toEqual([]);
      await Promise.all([page.waitForNavigation(), steps.first().click()]);
      expect(await page.locator('h1').innerText()).toMatch(/submit-reconsideration/);
    } finally {
      await first.context.close();
    }

    const second = await login(enabled, 'billing');
    try {
      const { page } = second;
      expect(await page.locator('#appeal-submit').isDisabled()).toBe(false);
      expect(await page.locator('#appeal-note').count()).toBe(0);
      // The form keeps what was sent last time.
      expect(await page.locator('#appeal-form select[name=reason]').inputValue()).toBe('medical_necessity');
      // Dry run stays a dry run on an enabled portal: only Submit submits.
      await Promise.all([page.waitForNavigation(), page.click('#appeal-dry-run')]);
      await workerAnswered();
      await page.reload();
      expect(await page.locator('#appeal-state').innerText()).toBe('dry_run');
      expect(await page.locator('#appeal-dry').innerText()).toBe('yes');
      expect(await held()).toEqual([]);
      await Promise.all([page.waitForNavigation(), page.click('#appeal-submit')]);
      await workerAnswered();
      await page.reload();
      const tracking = trackingNumberFor(SEED, 'uhc', 'RCN', claimNumber);
      expect(await page.locator('#work-state').innerText()).toBe('appealed');
      expect(await page.locator('#appeal-state').innerText()).toBe('submitted');
      expect(await page.locator('#appeal-dry').innerText()).toBe('no');
      expect(await page.locator('#appeal-tracking').innerText()).toBe(tracking);
      expect(await page.locator('#work-item').innerText()).toContain(tracking);
      expect(await page.locator('#appeal-form').count()).toBe(0);
      expect(await page.locator('#work-history tr').last().innerText()).toMatch(
        new RegExp(`system:appeals\\ttransition\\tin_progress\\tappealed\\t.*tracking ${tracking}`),
      );
      expect((await held()).map((r) => r.trackingNumber)).toEqual([tracking]);

      // A second click from a page still showing the form: nothing is sent again.
      const again = await page.request.post(`${enabled}/dashboard/denials/${await itemId()}/appeal`, {
        form: { reason: 'medical_necessity', argument: '', mode: 'submit' },
        maxRedirects: 0,
      });
      expect(again.status()).toBe(200);
      expect(await again.text()).toContain(`Already submitted (tracking ${tracking})`);
      expect(await held()).toHaveLength(1);
    } finally {
      await second.context.close();
    }
  }, 300_000);

  it('an auditor sees no appeal form and ops may not post one', async () => {
    const { context, page } = await login(enabled, 'auditor');
    try {
      expect(await page.locator('#claim-number').innerText()).toBe(claimNumber);
      expect(await page.locator('#appeal').count()).toBe(0);
      const res = await page.request.post(`${enabled}/dashboard/denials/${await itemId()}/appeal`, {
        form: { reason: 'other', mode: 'dry_run' },
        maxRedirects: 0,
      });
      expect(res.status()).toBe(403);
    } finally {
      await context.close();
    }
    const ops = await login(enabled, 'ops');
    try {
      const res = await ops.page.request.post(`${enabled}/dashboard/denials/${await itemId()}/appeal`, {
        form: { reason: 'other', mode: 'dry_run' },
        maxRedirects: 0,
      });
      expect(res.status()).toBe(403);
    } finally {
      await ops.context.close();
    }
  });

  it('while a request waits for a worker, a second click answers "in flight" and queues nothing', async () => {
    await worker.close();
    const { context, page } = await login(enabled, 'admin', waiting.claimId);
    try {
      await Promise.all([page.waitForNavigation(), page.click('#appeal-dry-run')]);
      expect(await page.locator('#appeal-state').innerText()).toBe('queued (in flight)');
      await Promise.all([page.waitForNavigation(), page.click('#appeal-submit')]);
      expect(await page.locator('#appeal-result').innerText()).toBe(
        'A reconsideration for this item is in flight: nothing was queued again.',
      );
      const events = await h.db.denialWorkEvent.findMany({
        where: { workItemId: await itemId(waiting.claimId), kind: 'appeal_requested' },
      });
      expect(events).toHaveLength(1);
      const row = await h.db.appealSubmission.findFirstOrThrow({ where: { claimId: waiting.claimId } });
      expect(row).toMatchObject({ status: 'queued', dryRun: true });
    } finally {
      await context.close();
    }
  });
});

async function itemId(claim = claimId): Promise<string> {
  return (await h.db.denialWorkItem.findUniqueOrThrow({ where: { claimId: claim } })).id;
}
