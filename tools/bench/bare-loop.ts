// The baseline the platform is measured against: a bare Playwright loop doing
// the same page steps as the claim-status bot (log in once, search a claim,
// read the result page, full-page screenshot), with no queue, database,
// evidence store, tracing or validation. Whatever the platform costs on top
// of this is its overhead.
import type { Browser, Page } from 'playwright';
import type { PortalCredential } from '../../bots/index.ts';
import { totpCode, totpRemainingMs } from '../../bots/index.ts';

export interface BareSession {
  page: Page;
  close(): Promise<void>;
}

export class BareLoopError extends Error {
  override name = 'BareLoopError';
}

/** A fresh context signed in with user id, password and a TOTP code. */
export async function bareLogin(browser: Browser, baseUrl: string, account: PortalCredential): Promise<BareSession> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'en-US',
    timezoneId: 'America/New_York',
  });
  const page = await context.newPage();
  try {
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel('User ID', { exact: true }).fill(account.username);
    await page.getByLabel('Password', { exact: true }).fill(account.password);
    await Promise.all([page.waitForURL(/\/mfa/), page.getByRole('button', { name: 'Sign in', exact: true }).click()]);
    if (!account.totpSecret) throw new BareLoopError('bare loop: the account has no TOTP secret');
    const remaining = totpRemainingMs();
    if (remaining < 1_500) await new Promise((r) => setTimeout(r, remaining + 100));
    await page.getByLabel('Verification code', { exact: true }).fill(totpCode(account.totpSecret));
    await Promise.all([
      page.waitForURL((u) => !/\/(mfa|login)/.test(u.pathname)),
      page.getByRole('button', { name: 'Verify', exact: true }).click(),
    ]);
  } catch (e) {
    await context.close().catch(() => undefined);
    throw e;
  }
  return { page, close: () => context.close() };
}

/** One lookup: search, wait for the detail page, read it, screenshot it. */
export async function bareLookup(
  page: Page,
  baseUrl: string,
  claimNumber: string,
): Promise<{ text: string; png: Buffer }> {
  await page.goto(`${baseUrl}/claims/status?payer=all`);
  await page.getByLabel('Claim number', { exact: true }).fill(claimNumber);
  await Promise.all([
    page.waitForURL(/\/claims\/status\/detail\//),
    page.getByRole('button', { name: 'Search by claim number', exact: true }).click(),
  ]);
  await page.getByRole('heading', { name: 'Claim Status Results', level: 1, exact: true }).waitFor();
  const text = (
    await Promise.all(
      ['Claim summary', 'Payment', 'Adjustments'].map((name) =>
        page.getByRole('table', { name, exact: true }).innerText(),
      ),
    )
  ).join('\n');
  if (!text.includes(claimNumber))
    throw new BareLoopError(`bare loop: the result page does not show claim ${claimNumber}`);
  const png = await page.screenshot({ fullPage: true, type: 'png' });
  return { text, png };
}

/** Runs `claims` through `sessions` (each takes the next claim when free); returns seconds taken. */
export async function bareRun(sessions: BareSession[], baseUrl: string, claims: string[]): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    sessions.map(async (s) => {
      while (next < claims.length) await bareLookup(s.page, baseUrl, claims[next++]!);
    }),
  );
  return (performance.now() - t0) / 1000;
}
