// One bot against one mock portal in one shared Chromium, for a bot test file:
// the browser and the portal start before the file's tests and stop after
// them, and every runner made here is closed at the end. Each file used to
// carry this set-up itself, the same dozen lines per portal.
import type { Browser } from 'playwright';
import { afterAll, beforeAll } from 'vitest';
import type { BotDefinition, BotLogger, EvidenceSink, PortalCredential } from '../../bots/runtime/bot.ts';
import { launchBrowser } from '../../bots/runtime/browser.ts';
import { BotRunner, type BotRunnerOptions } from '../../bots/runtime/runner.ts';
import { scanned } from './logs.ts';

const noop = () => {};
/** Bot logs are dropped, but every line still goes through the secret and PHI scan. */
const quietLogger: BotLogger = scanned({ debug: noop, info: noop, warn: noop, error: noop });

export interface BotOnPortal<P> {
  /** The running portal (after the file's beforeAll). */
  readonly portal: P;
  readonly browser: Browser;
  /** A runner for `credential` on the shared browser, closed after the file's tests. */
  runner(credential: PortalCredential, sink: EvidenceSink, over?: Partial<BotRunnerOptions>): BotRunner;
}

export function botOnPortal<P extends { url: string; close(): Promise<void> }>(
  bot: BotDefinition,
  start: () => Promise<P>,
): BotOnPortal<P> {
  let browser: Browser | undefined;
  let portal: P | undefined;
  const runners: BotRunner[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
    portal = await start();
  });
  afterAll(async () => {
    await Promise.allSettled(runners.map((r) => r.close()));
    await browser?.close();
    await portal?.close();
  });
  const started = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`${what} is not started yet (use it inside a test or hook)`);
    return v;
  };
  return {
    get portal() {
      return started(portal, 'the portal');
    },
    get browser() {
      return started(browser, 'the browser');
    },
    runner(credential, sink, over = {}) {
      const shared = started(browser, 'the browser');
      const r = new BotRunner({
        bot,
        baseUrl: started(portal, 'the portal').url,
        credential: { ...credential },
        evidence: sink,
        logger: quietLogger,
        browserLauncher: async () => shared,
        closeBrowser: false,
        ...over,
      });
      runners.push(r);
      return r;
    },
  };
}
