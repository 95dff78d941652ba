// Launching Chromium for bots. Machines ship a distro Chromium (Playwright
// cannot download its own there), so the executable is the configured one
// (CHROMIUM_PATH, passed in by the orchestrator), else /usr/bin/chromium when
// present, else Playwright's bundled browser.
import { existsSync } from 'node:fs';
import type { Browser, LaunchOptions } from 'playwright';
import { BotError } from './errors.ts';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
] as const;

/**
 * Playwright is loaded when a browser is first needed, not when the bots are: every CLI verb that only
 * enqueues, schedules or reads the database loads the registry for its task names, and Playwright's
 * import alone was most of their start-up.
 */
const loadPlaywright = () => import('playwright');

export function chromiumExecutablePath(configured?: string): string | undefined {
  if (configured) return configured;
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

export async function launchBrowser(options: Omit<LaunchOptions, 'args'> = {}): Promise<Browser> {
  const executablePath = chromiumExecutablePath(options.executablePath);
  const { chromium } = await loadPlaywright();
  return chromium.launch({
    headless: true,
    ...options,
    ...(executablePath ? { executablePath } : {}),
    args: [...CHROMIUM_ARGS],
  });
}

/**
 * Attaches to a Playwright browser server on another host
 * (`chromium.launchServer`, same Playwright major.minor as this process).
 * Closing the returned browser closes the contexts this process created there
 * and disconnects; the server's Chromium keeps running for others.
 */
export async function connectBrowser(wsEndpoint: string, timeoutMs = 30_000): Promise<Browser> {
  const { chromium } = await loadPlaywright();
  try {
    return await chromium.connect(wsEndpoint, { timeout: timeoutMs });
  } catch (e) {
    // The endpoint's path is the server's only secret: name the host, never the path.
    const where = new URL(wsEndpoint).host;
    const why = (e instanceof Error ? e.message : String(e))
      .split(wsEndpoint)
      .join(`<browser server ${where}>`)
      .split('\n')[0];
    throw new BotError('browser_crashed', `Could not connect to the browser server at ${where}: ${why}`);
  }
}

/**
 * Calls `onGone` once when the browser disconnects (crash, kill, close), so
 * the session pool can drop every context that lived in it.
 */
export function watchBrowser(browser: Browser, onGone: () => void): void {
  browser.once('disconnected', onGone);
}
