// Page navigation with the checks every portal step needs: HTTP 429 becomes
// rate_limited (with the portal's Retry-After), 5xx becomes
// portal_unavailable, and - once logged in - landing anywhere the bot does not
// consider logged in becomes session_expired. It also remembers the last
// main-frame document response per page, for evidence metadata.
import type { Locator, Page, Response } from 'playwright';
import { BotError } from './errors.ts';
import { throwIfMaintenance } from './maintenance.ts';

export interface NavigationRecord {
  /** URL first requested (before redirects). */
  requestedUrl: string;
  /** URL of the document finally shown. */
  finalUrl: string;
  status: number;
  headers: Record<string, string>;
}

const records = new WeakMap<Page, NavigationRecord>();

/** Start recording main-frame document responses of a page (once per page). */
export function trackNavigations(page: Page): void {
  if (records.has(page)) return;
  records.set(page, { requestedUrl: page.url(), finalUrl: page.url(), status: 0, headers: {} });
  page.on('response', (res) => {
    const req = res.request();
    if (!req.isNavigationRequest() || res.frame() !== page.mainFrame()) return;
    const status = res.status();
    if (status >= 300 && status < 400) return; // the redirect target's response follows
    let first = req;
    for (let r = req.redirectedFrom(); r; r = r.redirectedFrom()) first = r;
    records.set(page, { requestedUrl: first.url(), finalUrl: res.url(), status, headers: res.headers() });
  });
}

export function lastNavigation(page: Page): NavigationRecord | undefined {
  const r = records.get(page);
  return r && r.status > 0 ? r : undefined;
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export interface NavigationChecks {
  /** Page name (selector-map name) the navigation is meant to reach, for error details. */
  pageName: string;
  /** When given, a navigation landing on a not-logged-in page throws session_expired. */
  isLoggedIn?: (page: Page) => Promise<boolean>;
  /** Runs on every page that loaded (sign-in hurdles), before the logged-in check. */
  afterLoad?: (page: Page) => Promise<void>;
}

export async function checkResponse(
  page: Page,
  status: number,
  headers: Record<string, string>,
  checks: NavigationChecks,
): Promise<void> {
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(headers['retry-after']);
    throw new BotError('rate_limited', `${checks.pageName}: the portal answered HTTP 429`, {
      page: checks.pageName,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  if (status >= 500)
    throw new BotError('portal_unavailable', `${checks.pageName}: the portal answered HTTP ${status}`, {
      page: checks.pageName,
    });
  // A maintenance notice with HTTP 200 is not a changed page and not an ended session.
  if (status < 400) await throwIfMaintenance(page, checks.pageName);
  if (checks.afterLoad) await checks.afterLoad(page);
  if (checks.isLoggedIn && !(await checks.isLoggedIn(page))) throw await sessionEnded(page, checks.pageName);
}

/** Portals say why they signed a session out; "signed in elsewhere" is not an idle timeout. */
const TAKEN_NOTICE = /signed in (from|on|at) another|signed in elsewhere|logged in (from|on) another/i;

/** session_taken when the page says the account signed in elsewhere, else session_expired. */
export async function sessionEnded(page: Page, pageName: string): Promise<BotError> {
  const text = await page
    .locator('body')
    .innerText({ timeout: 1_000 })
    .catch(() => '');
  if (TAKEN_NOTICE.test(text))
    return new BotError('session_taken', `${pageName}: the account signed in elsewhere and this session ended`, {
      page: pageName,
    });
  return new BotError('session_expired', `${pageName}: the portal session has ended`, { page: pageName });
}

export async function gotoChecked(page: Page, url: string, checks: NavigationChecks): Promise<Response | null> {
  const res = await page.goto(url, { waitUntil: 'domcontentloaded' });
  if (res) await checkResponse(page, res.status(), res.headers(), checks);
  return res;
}

/** Clicks something that submits a form or follows a link, and waits for the new document. */
export async function submitChecked(page: Page, target: Locator, checks: NavigationChecks): Promise<void> {
  const loaded = page.waitForEvent('domcontentloaded');
  loaded.catch(() => undefined); // surfaced below; avoid an unhandled rejection if click throws first
  await target.click();
  await loaded;
  const rec = lastNavigation(page);
  if (rec) await checkResponse(page, rec.status, rec.headers, checks);
}
