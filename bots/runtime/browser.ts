// Launching Chromium for bots. Machines ship a distro Chromium (Playwright
// cannot download its own there), so the executable comes from CHROMIUM_PATH,
// else /usr/bin/chromium when present, else Playwright's bundled browser.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type LaunchOptions } from 'playwright';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
] as const;

export function chromiumExecutablePath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CHROMIUM_PATH) return env.CHROMIUM_PATH;
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

export async function launchBrowser(options: Omit<LaunchOptions, 'executablePath' | 'args'> = {}): Promise<Browser> {
  const executablePath = chromiumExecutablePath();
  return chromium.launch({
    headless: true,
    ...(executablePath ? { executablePath } : {}),
    args: [...CHROMIUM_ARGS],
    ...options,
  });
}

/**
 * Calls `onGone` once when the browser disconnects (crash, kill, close), so
 * the session pool can drop every context that lived in it.
 */
export function watchBrowser(browser: Browser, onGone: () => void): void {
  browser.once('disconnected', onGone);
}
