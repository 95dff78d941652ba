// Evidence capture of one page: the full-page PNG (the record an auditor
// sees), the HTML and ARIA snapshot (what the bot read, in text), and the
// metadata needed to say when, where and by what it was taken.
import { createRequire } from 'node:module';
import type { Page } from 'playwright';
import type { PageCapture } from './bot.ts';
import { lastNavigation } from './navigation.ts';

const require = createRequire(import.meta.url);
export const PLAYWRIGHT_VERSION: string = (require('playwright/package.json') as { version: string }).version;

interface PageEnv {
  userAgent: string;
  deviceScaleFactor: number;
}
const envCache = new WeakMap<Page, Promise<PageEnv>>();

/** User agent and device scale factor do not change for a page: ask once. */
function pageEnv(page: Page): Promise<PageEnv> {
  let env = envCache.get(page);
  if (!env) {
    env = page.evaluate(() => ({ userAgent: navigator.userAgent, deviceScaleFactor: window.devicePixelRatio }));
    envCache.set(page, env);
    env.catch(() => envCache.delete(page));
  }
  return env;
}

export async function capturePage(page: Page, label: string, botVersion: string): Promise<PageCapture> {
  const capturedAt = new Date();
  const [png, html, ariaSnapshot, title, env] = await Promise.all([
    page.screenshot({ fullPage: true, type: 'png' }),
    page.content(),
    page.locator('body').ariaSnapshot(),
    page.title(),
    pageEnv(page),
  ]);
  const nav = lastNavigation(page);
  const size = page.viewportSize() ?? { width: 0, height: 0 };
  return {
    label,
    png,
    html,
    ariaSnapshot,
    url: nav?.requestedUrl ?? page.url(),
    finalUrl: page.url(),
    httpStatus: nav ? nav.status : null,
    title,
    capturedAt,
    viewport: { width: size.width, height: size.height, deviceScaleFactor: env.deviceScaleFactor },
    userAgent: env.userAgent,
    browserVersion: page.context().browser()?.version() ?? 'unknown',
    playwrightVersion: PLAYWRIGHT_VERSION,
    botVersion,
  };
}

/**
 * Reads a page while its capture is being taken: nothing navigates in
 * between, so both see the same document, and the browser paints the
 * screenshot while the page script reads. Both finish before this returns; a
 * failed capture wins over a failed read (a page without its evidence must
 * not count as read).
 */
export async function readWhileCapturing<T>(capture: Promise<unknown>, read: Promise<T>): Promise<T> {
  const [c, r] = await Promise.allSettled([capture, read]);
  if (c.status === 'rejected') throw c.reason;
  if (r.status === 'rejected') throw r.reason;
  return r.value;
}

/** True when the buffer starts with the PNG signature. */
export function isPng(bytes: Buffer): boolean {
  return bytes.length > 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
}
