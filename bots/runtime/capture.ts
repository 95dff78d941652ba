// Evidence capture of one page: the full-page PNG (the record an auditor
// sees), the HTML and ARIA snapshot (what the bot read, in text), and the
// metadata needed to say when, where and by what it was taken.
import { createRequire } from 'node:module';
import type { CDPSession, Page } from 'playwright';
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

const cdpCache = new WeakMap<Page, Promise<CDPSession | null>>();

/** The page's DevTools session on Chromium (null on other browsers), opened once per page. */
function cdpOf(page: Page): Promise<CDPSession | null> {
  let session = cdpCache.get(page);
  if (!session) {
    const browser = page.context().browser();
    session =
      browser && browser.browserType().name() !== 'chromium'
        ? Promise.resolve(null)
        : page
            .context()
            .newCDPSession(page)
            .catch(() => null);
    cdpCache.set(page, session);
  }
  return session;
}

/**
 * The full-page PNG, at the page's device scale. On Chromium it is asked of
 * the DevTools protocol directly: page.screenshot prepares every frame before
 * and after (caret hidden, animations checked) in extra round trips to the
 * renderer, which took about 40 % of a capture's time on the claim detail
 * page (probe on a busy 2-core machine: median 347 ms against 199 ms, the
 * same PNG bytes; test/bots/runtime/capture.test.ts checks they match). Web fonts are
 * still awaited first, as page.screenshot does, so text is never captured in
 * a fallback font. Elsewhere, or if the protocol call fails, page.screenshot.
 */
async function fullPagePng(page: Page, deviceScaleFactor: number): Promise<Buffer> {
  const cdp = await cdpOf(page);
  if (cdp) {
    try {
      await cdp.send('Runtime.evaluate', { expression: 'document.fonts.ready.then(() => 0)', awaitPromise: true });
      const { cssContentSize } = await cdp.send('Page.getLayoutMetrics');
      const shot = await cdp.send('Page.captureScreenshot', {
        format: 'png',
        captureBeyondViewport: true,
        // Playwright's device-scale emulation belongs to its own protocol session, not this one: scale here.
        clip: {
          x: 0,
          y: 0,
          width: Math.ceil(cssContentSize.width),
          height: Math.ceil(cssContentSize.height),
          scale: deviceScaleFactor,
        },
      });
      return Buffer.from(shot.data, 'base64');
    } catch {
      // A page closing or navigating mid-capture: page.screenshot reports it in its own words.
    }
  }
  return page.screenshot({ fullPage: true, type: 'png' });
}

export async function capturePage(page: Page, label: string, botVersion: string): Promise<PageCapture> {
  const capturedAt = new Date();
  const env = await pageEnv(page);
  const [png, html, ariaSnapshot, title] = await Promise.all([
    fullPagePng(page, env.deviceScaleFactor),
    page.content(),
    page.locator('body').ariaSnapshot(),
    page.title(),
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
