// One bot runner per portal per worker process: the runner owns the browser
// and the logged-in sessions, so every job this process takes for a portal
// reuses the same login.
import type { Browser } from 'playwright';
import path from 'node:path';
import type { AccountNotice, AskHuman, BotDefinition } from '../../../bots/index.ts';
import { BotRunner } from '../../../bots/index.ts';
import type { SessionCacheOptions } from '../../../bots/index.ts';
import type { TracingMode } from '../../../bots/index.ts';
import type { Config } from '../config.ts';
import type { AccountCredential, CredentialProvider } from './credentials.ts';
import type { Logger } from '../logging.ts';
import type { Db } from '../db/client.ts';
import type { AccountLeases } from '../fleet/leases.ts';
import { PortalFleet } from '../fleet/portal-fleet.ts';
import type { HealthStatus } from '../fleet/health.ts';
import type { CapacityOptions } from '../fleet/capacity.ts';

export type { BotRunnerLike } from './bot-runner-like.ts';
import type { BotRunnerLike } from './bot-runner-like.ts';

export interface RunnerPoolOptions {
  bots: Record<string, BotDefinition>;
  credentials: CredentialProvider;
  portalUrls: Record<string, string>;
  failureDir: string;
  logger: Logger;
  browserLauncher?: () => Promise<Browser>;
  /** Encrypted portal-session cache (see sessionCacheOptions); no cache when absent. */
  sessionCache?: SessionCacheOptions;
  /** Playwright tracing of bot tasks; the runtime's default (on-retry) when absent. */
  tracing?: TracingMode;
  /** The credential pool with fleet-wide leases; without it a portal uses its one login (tests, tools). */
  fleet?: FleetOptions;
  /** Asks a person what a bot must not answer (codes by SMS / e-mail, CAPTCHAs): the challenge queue. */
  askHuman?: AskHuman;
  /** Told what a portal said about an account without stopping (password expiring soon). */
  onAccountNotice?: (portal: string, account: AccountCredential, notice: AccountNotice) => Promise<void>;
  /** Retry delay of a maintenance notice that names no end time (PORTALBOTS_MAINTENANCE_RETRY). */
  maintenanceRetryMs?: number;
}

export interface FleetOptions {
  db: Db;
  leases: AccountLeases;
  /** Sessions this process may hold per portal (its concurrency for the portal). */
  maxSessions: (portal: string) => number;
  sessionsPerAccount: (portal: string) => number;
  waitMs: number;
  idleReleaseMs: number;
  onAccountStopped?: (portal: string, accountId: string, status: HealthStatus) => void;
  /** What each portal needs (the low-accounts alert). */
  capacity?: CapacityOptions;
}

/**
 * The session cache a deployment configured: `${dataDir}/sessions` keyed by
 * PORTALBOTS_SESSION_KEY, or none (no key, or a partial config without a data dir).
 */
export function sessionCacheOptions(
  config: Partial<Pick<Config, 'dataDir' | 'sessionKey'>>,
): SessionCacheOptions | undefined {
  return config.sessionKey && config.dataDir
    ? { dir: path.join(config.dataDir, 'sessions'), key: config.sessionKey }
    : undefined;
}

/** Tasks after which a worker replaces a portal's browser context. */
export const CONTEXT_RECYCLE_TASKS = 200;

export class RunnerPool {
  private readonly runners = new Map<string, Promise<BotRunnerLike>>();
  constructor(private readonly opts: RunnerPoolOptions) {}

  get(portal: string): Promise<BotRunnerLike> {
    let runner = this.runners.get(portal);
    if (!runner) {
      runner = this.create(portal);
      this.runners.set(portal, runner);
      runner.catch(() => this.runners.delete(portal));
    }
    return runner;
  }

  private async create(portal: string): Promise<BotRunnerLike> {
    const bot = this.opts.bots[portal];
    if (!bot) throw new Error(`No bot for portal "${portal}"`);
    const fleet = this.opts.fleet;
    if (fleet) {
      const credentials = this.opts.credentials;
      return new PortalFleet({
        portal,
        botVersion: bot.version,
        db: fleet.db,
        leases: fleet.leases,
        accounts: async () => (credentials.all ? credentials.all(portal) : [await credentials(portal)]),
        makeRunner: (account) => this.runnerFor(bot, account),
        maxSessions: fleet.maxSessions(portal),
        sessionsPerAccount: fleet.sessionsPerAccount(portal),
        waitMs: fleet.waitMs,
        idleReleaseMs: fleet.idleReleaseMs,
        logger: this.opts.logger.child({ portal }),
        ...(fleet.onAccountStopped ? { onAccountStopped: fleet.onAccountStopped } : {}),
        ...(fleet.capacity ? { capacity: fleet.capacity } : {}),
      });
    }
    return this.runnerFor(bot, await this.opts.credentials(portal));
  }

  private runnerFor(bot: BotDefinition, credential: AccountCredential): BotRunnerLike {
    const portal = bot.portal;
    return new BotRunner({
      bot,
      baseUrl: this.opts.portalUrls[portal] ?? bot.defaultBaseUrl,
      credential,
      logger: this.opts.logger.child({ portal }),
      failureDir: this.opts.failureDir,
      ...(this.opts.browserLauncher ? { browserLauncher: this.opts.browserLauncher } : {}),
      ...(this.opts.sessionCache ? { sessionCache: this.opts.sessionCache } : {}),
      ...(this.opts.tracing ? { tracing: this.opts.tracing } : {}),
      // A browser context grows over thousands of pages (renderer caches,
      // trace resources); recycling it keeps a long-running worker's memory
      // flat. With the session cache the new context resumes without a login.
      maxTasksPerSession: CONTEXT_RECYCLE_TASKS,
      ...(this.opts.askHuman ? { askHuman: this.opts.askHuman } : {}),
      ...(this.opts.onAccountNotice
        ? { onAccountNotice: (n: AccountNotice) => this.opts.onAccountNotice?.(portal, credential, n) }
        : {}),
      ...(this.opts.maintenanceRetryMs ? { maintenanceRetryMs: this.opts.maintenanceRetryMs } : {}),
    });
  }

  /**
   * Drops a portal's runner whose browser stopped answering (a call that never
   * settles after Chromium died): the next job gets a fresh browser and login.
   * Closing the old one is best effort and never awaited by the caller.
   */
  discard(portal: string): void {
    const runner = this.runners.get(portal);
    if (!runner) return;
    this.runners.delete(portal);
    void runner.then((r) => r.close()).catch(() => {});
  }

  async stats(): Promise<Record<string, { logins: number; sessions: number }>> {
    const out: Record<string, { logins: number; sessions: number }> = {};
    for (const [portal, r] of this.runners) out[portal] = (await r).stats();
    return out;
  }

  async close(): Promise<void> {
    const all = [...this.runners.values()];
    this.runners.clear();
    await Promise.allSettled(all.map(async (r) => (await r).close()));
  }
}
