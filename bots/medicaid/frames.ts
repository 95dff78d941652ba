// Working inside the portal's iframes. The runtime's goto/submit watch the
// top document only, so navigations of the work-area frame get the same
// checks here: the frame document's HTTP status (429 -> rate_limited with
// Retry-After, 5xx -> portal_unavailable) and whether it landed on the logon
// or terms page (session expired: the portal redirects frames there too).
import type { Frame, FrameLocator, Page } from 'playwright';
import { BotError } from '../runtime/errors.ts';
import { checkResponse } from '../runtime/navigation.ts';
import { FRAMES } from './selectors.ts';

interface FrameResponse {
  url: string;
  status: number;
  headers: Record<string, string>;
}
const responses = new WeakMap<Frame, FrameResponse>();
const tracked = new WeakSet<Page>();

/** Records the last document response of every child frame of a page (once per page). */
export function trackFrames(page: Page): void {
  if (tracked.has(page)) return;
  tracked.add(page);
  page.on('response', (res) => {
    const req = res.request();
    if (!req.isNavigationRequest()) return;
    const frame = req.frame();
    if (frame === page.mainFrame()) return;
    const status = res.status();
    if (status >= 300 && status < 400) return; // the redirect target's response follows
    responses.set(frame, { url: res.url(), status, headers: res.headers() });
  });
}

const pathOf = (url: string): string => {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
};
const SIGNED_OUT = /^\/(login|terms|logoff)(\/|$)/;

/** Signed in: the top page and every frame are past the logon and terms pages. */
export async function isLoggedIn(page: Page): Promise<boolean> {
  if (!/^https?:/.test(page.url()) || SIGNED_OUT.test(pathOf(page.url()))) return false;
  return page.frames().every((f) => f === page.mainFrame() || !SIGNED_OUT.test(pathOf(f.url())));
}

export function frameScope(page: Page, which: keyof typeof FRAMES): FrameLocator {
  return page.frameLocator(FRAMES[which].css);
}

function frameOf(page: Page, which: keyof typeof FRAMES): Frame {
  const frame = page.frame({ name: FRAMES[which].name });
  if (!frame)
    throw new BotError('layout_changed', `workspace: the ${which} frame was not found`, {
      page: 'workspace',
      element: `${which}Frame`,
    });
  return frame;
}

/** Checks a frame's current document like the runtime checks a page navigation. */
export async function checkFrame(page: Page, which: keyof typeof FRAMES, pageName: string): Promise<void> {
  const frame = frameOf(page, which);
  await frame.waitForLoadState('domcontentloaded');
  let rec = responses.get(frame);
  // The response event can trail the navigation event by a tick.
  for (let i = 0; i < 20 && (!rec || rec.url !== frame.url()); i++) {
    await new Promise((r) => setTimeout(r, 25));
    rec = responses.get(frame);
  }
  if (!rec)
    throw new BotError('unexpected', `${pageName}: no response was seen for the ${which} frame`, { page: pageName });
  await checkResponse(page, rec.status, rec.headers, { pageName, isLoggedIn });
}

/** Runs an action that navigates a frame (a menu link, a form submit), then checks the new document. */
export async function navigateFrame(
  page: Page,
  which: keyof typeof FRAMES,
  pageName: string,
  action: () => Promise<void>,
): Promise<void> {
  const frame = frameOf(page, which);
  const navigated = page.waitForEvent('framenavigated', { predicate: (f) => f === frame });
  navigated.catch(() => undefined); // surfaced below; avoid an unhandled rejection if the action throws first
  await action();
  await navigated;
  await checkFrame(page, which, pageName);
}

/** Opens the workspace (top page + both frames), checking every document it loads. */
export async function openWorkspace(
  page: Page,
  baseUrl: string,
  goto: (page: Page, url: string, pageName: string) => Promise<void>,
): Promise<void> {
  trackFrames(page);
  // Reuse the open workspace unless a frame was left on an error page (a 429 from an earlier attempt).
  const healthy = (which: keyof typeof FRAMES) => {
    const frame = page.frame({ name: FRAMES[which].name });
    const rec = frame ? responses.get(frame) : undefined;
    return rec !== undefined && rec.status < 400;
  };
  if (pathOf(page.url()) !== '/main' || !healthy('menu') || !healthy('work'))
    await goto(page, `${baseUrl}/main`, 'workspace');
  await page.waitForLoadState('load');
  await checkFrame(page, 'menu', 'menu');
  await checkFrame(page, 'work', 'workspace');
}
