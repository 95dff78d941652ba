// Logged-in browser sessions, one per credential, reused across tasks until
// the portal ends them or something fails. Logging in is the slowest and
// riskiest step (MFA, lockouts), so it happens once per session, never per
// task, and a credential whose login was refused is blocked from further
// attempts until someone unblocks it (retries must never lock an account).
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright';
import type { BotDefinition, BotLogger, PortalCredential, StepTools } from './bot.ts';
import { launchBrowser, watchBrowser } from './browser.ts';
import { BotError, classifyError } from './errors.ts';
import { trackNavigations } from './navigation.ts';
import type { SessionCache, StorageState } from './session-cache.ts';

export interface Session {
  id: number;
  credentialId: string;
  context: BrowserContext;
  page: Page;
  createdAt: Date;
  tasks: number;
  retired: boolean;
  /** Trace chunks recorded since tracing (re)started on this context. */
  traceChunks: number;
  tracingStarted: boolean;
  /** A trace chunk is recording right now. */
  traceActive: boolean;
}

/**
 * - `on-retry` (default): no tracing on a job's first attempt; retries
 *   (attempt > 1) are traced. This is what Playwright Test recommends
 *   (`on-first-retry`): a first failure still keeps its PNG, HTML and ARIA
 *   snapshot, and an intermittent one is traced on its retry.
 * - `chunks`: tracing runs on every context; each task is one chunk, saved on
 *   every failure and discarded on success. It costs about 60 ms of browser
 *   time per claim-status lookup on the 2-core box (DOM snapshots per action),
 *   some 20% of the task: turn it on while chasing a portal problem.
 * - `off`: failure snapshots keep PNG + HTML only.
 */
export type TracingMode = 'chunks' | 'on-retry' | 'off';
export const DEFAULT_TRACING: TracingMode = 'on-retry';

export interface SessionPoolOptions {
  bot: BotDefinition;
  logger: BotLogger;
  browserLauncher?: () => Promise<Browser>;
  contextOptions?: BrowserContextOptions;
  /** Playwright tracing (DOM snapshots, no screencast). Default `on-retry`. */
  tracing?: TracingMode;
  /** Retire a session proactively after this many tasks. */
  maxTasksPerSession?: number;
  /** Close the browser in close() (default true; false when the launcher hands out a shared browser). */
  closeBrowser?: boolean;
  /** Restart tracing after this many chunks, so trace resources do not pile up. */
  traceRecycleChunks?: number;
  /** Encrypted on-disk cache of logged-in storage state, reused across worker restarts. */
  sessionCache?: SessionCache;
}

const AUTH_CLASSES = new Set(['authentication_failed', 'mfa_failed', 'locked_out', 'password_expired', 'needs_human']);

export class SessionPool {
  private browser: Promise<Browser> | null = null;
  private readonly sessions = new Map<string, Session>();
  private readonly locks = new Map<string, Promise<void>>();
  private readonly blocked = new Map<string, BotError>();
  private nextId = 1;
  private closed = false;
  /** `restored`: sessions resumed from the encrypted cache (no login). */
  readonly counters = { logins: 0, loginAttempts: 0, retired: 0, browserLaunches: 0, restored: 0 };

  constructor(private readonly opts: SessionPoolOptions) {}

  /** Runs fn with exclusive use of the credential's session slot (portals allow one session per user). */
  async exclusive<T>(credentialId: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(credentialId) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const chain = prev.then(() => mine);
    this.locks.set(credentialId, chain);
    await prev;
    try {
      return await fn();
    } finally {
      release();
      if (this.locks.get(credentialId) === chain) this.locks.delete(credentialId);
    }
  }

  private getBrowser(): Promise<Browser> {
    if (this.closed) return Promise.reject(new BotError('unexpected', 'The session pool is closed'));
    if (!this.browser) {
      this.counters.browserLaunches++;
      const p: Promise<Browser> = (this.opts.browserLauncher ?? launchBrowser)().then((b) => {
        watchBrowser(b, () => this.onBrowserGone(p));
        return b;
      });
      this.browser = p;
      p.catch(() => {
        if (this.browser === p) this.browser = null;
      });
    }
    return this.browser;
  }

  /** A crashed or killed browser takes every context with it: forget them all. */
  private onBrowserGone(which: Promise<Browser>): void {
    if (this.closed) return;
    this.opts.logger.warn({ event: 'browser_disconnected' }, 'browser disconnected; dropping its sessions');
    for (const s of this.sessions.values()) s.retired = true;
    this.sessions.clear();
    if (this.browser === which) this.browser = null;
  }

  /**
   * The live session for a credential, logging in on a fresh context if there
   * is none. Call inside exclusive(). `onLoginError` sees the failed login page
   * (for a failure snapshot) before the context is closed.
   */
  async acquire(
    credential: PortalCredential,
    loginTools: StepTools,
    onLoginError?: (session: Session, err: BotError) => Promise<void>,
  ): Promise<Session> {
    const blocked = this.blocked.get(credential.id);
    if (blocked) {
      throw new BotError(
        blocked.errorClass,
        `Credential blocked after an earlier ${blocked.errorClass.replace('_', ' ')}; not trying again until it is unblocked`,
        blocked.details,
      );
    }
    const existing = this.sessions.get(credential.id);
    if (existing && !existing.retired && !existing.page.isClosed()) return existing;
    if (existing) await this.retire(existing, 'stale');

    const cached = await this.opts.sessionCache?.load(this.opts.bot.portal, credential.id);
    if (cached) {
      const restored = await this.restore(credential, cached, loginTools);
      if (restored) return restored;
    }

    const session = await this.newSession(credential.id);
    const page = session.page;
    this.counters.loginAttempts++;
    try {
      await this.opts.bot.login(page, credential, loginTools);
    } catch (e) {
      const err = classifyError(e, 'login');
      if (AUTH_CLASSES.has(err.errorClass) && !err.details.accountUsable) {
        this.blocked.set(credential.id, err);
        await this.forgetCached(credential.id);
      }
      if (onLoginError) await onLoginError(session, err).catch(() => undefined);
      session.retired = true;
      await session.context.close().catch(() => undefined);
      throw err;
    }
    this.counters.logins++;
    this.sessions.set(credential.id, session);
    this.opts.logger.info({ event: 'login', credentialId: credential.id, sessionId: session.id }, 'logged in');
    await this.saveCached(session);
    return session;
  }

  /** A fresh context and page (traced from the start in chunks mode, so a failed login keeps its chunk). */
  private async newSession(credentialId: string, storageState?: StorageState): Promise<Session> {
    const browser = await this.getBrowser();
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'en-US',
      timezoneId: 'America/New_York',
      ...this.opts.contextOptions,
      ...(storageState ? { storageState } : {}),
    });
    const session: Session = {
      id: this.nextId++,
      credentialId,
      context,
      page: undefined as unknown as Page,
      createdAt: new Date(),
      tasks: 0,
      retired: false,
      traceChunks: 0,
      tracingStarted: false,
      traceActive: false,
    };
    if (this.mode === 'chunks') await this.startTracing(session);
    const page = await context.newPage();
    session.page = page;
    trackNavigations(page);
    return session;
  }

  /**
   * Resumes a cached session: opens the portal's start page with the cached
   * state and asks the bot whether it is signed in. A portal that no longer
   * accepts it (expired, signed out elsewhere) gets the cache deleted and a
   * normal login instead (undefined). Navigation errors (rate limit, outage)
   * propagate and keep the cache: the state may still be good.
   */
  private async restore(
    credential: PortalCredential,
    state: StorageState,
    tools: StepTools,
  ): Promise<Session | undefined> {
    const session = await this.newSession(credential.id, state);
    let accepted = false;
    try {
      await tools.goto(session.page, `${tools.baseUrl}/`, 'home');
      accepted = await this.opts.bot.isLoggedIn(session.page);
    } catch (e) {
      session.retired = true;
      await session.context.close().catch(() => undefined);
      throw classifyError(e, 'home');
    }
    if (!accepted) {
      session.retired = true;
      await session.context.close().catch(() => undefined);
      await this.forgetCached(credential.id);
      this.opts.logger.info(
        { event: 'session_cache_rejected', credentialId: credential.id },
        'cached session no longer accepted; logging in',
      );
      return undefined;
    }
    this.counters.restored++;
    this.sessions.set(credential.id, session);
    this.opts.logger.info(
      { event: 'session_restored', credentialId: credential.id, sessionId: session.id },
      'resumed cached session',
    );
    return session;
  }

  /** Stores the session's state in the cache; a failure costs only a future login, so it is logged, not thrown. */
  private async saveCached(session: Session): Promise<void> {
    const cache = this.opts.sessionCache;
    if (!cache || session.retired) return;
    try {
      await cache.save(this.opts.bot.portal, session.credentialId, await session.context.storageState());
    } catch (e) {
      this.opts.logger.warn(
        {
          event: 'session_cache_write_failed',
          credentialId: session.credentialId,
          code: (e as NodeJS.ErrnoException).code,
        },
        'could not cache session state',
      );
    }
  }

  private async forgetCached(credentialId: string): Promise<void> {
    try {
      await this.opts.sessionCache?.delete(this.opts.bot.portal, credentialId);
    } catch (e) {
      this.opts.logger.warn(
        { event: 'session_cache_delete_failed', credentialId, code: (e as NodeJS.ErrnoException).code },
        'could not delete cached session state',
      );
    }
  }

  /** Marks a task done on the session; retires it when it reached its task budget. */
  async release(session: Session): Promise<void> {
    session.tasks++;
    if (this.opts.maxTasksPerSession && session.tasks >= this.opts.maxTasksPerSession)
      await this.retire(session, 'task_budget');
  }

  async retire(session: Session, reason: string): Promise<void> {
    if (this.sessions.get(session.credentialId) === session) this.sessions.delete(session.credentialId);
    // The portal refused this account: its cached state must not be tried again.
    if (AUTH_CLASSES.has(reason)) await this.forgetCached(session.credentialId);
    if (!session.retired) {
      session.retired = true;
      this.counters.retired++;
      this.opts.logger.info({ event: 'session_retired', sessionId: session.id, reason }, 'session retired');
    }
    await session.context.close().catch(() => undefined);
  }

  private get mode(): TracingMode {
    return this.opts.tracing ?? DEFAULT_TRACING;
  }

  private async startTracing(session: Session): Promise<void> {
    await session.context.tracing.start({ snapshots: true, screenshots: false, sources: false });
    session.tracingStarted = true;
    session.traceActive = true;
    session.traceChunks = 1;
  }

  /**
   * Starts the trace chunk of one task when `wanted` (discarding whatever was
   * recorded since the last chunk), or makes sure nothing is recording.
   */
  async beginTrace(session: Session, wanted: boolean): Promise<void> {
    if (session.retired) return;
    if (!wanted || this.mode === 'off') {
      await this.endTrace(session);
      return;
    }
    if (!session.tracingStarted) return this.startTracing(session);
    if (session.traceChunks >= (this.opts.traceRecycleChunks ?? 200)) {
      // Network resources are kept across chunks; restarting drops them.
      await session.context.tracing.stop();
      return this.startTracing(session);
    }
    session.traceChunks++;
    session.traceActive = true;
    await session.context.tracing.startChunk();
  }

  /** Ends the current chunk: saved to `file` when given (failures), else discarded. */
  async endTrace(session: Session, file?: string): Promise<boolean> {
    if (!session.traceActive || session.retired) return false;
    session.traceActive = false;
    try {
      await session.context.tracing.stopChunk(file ? { path: file } : {});
      return file !== undefined;
    } catch {
      return false;
    }
  }

  isBlocked(credentialId: string): boolean {
    return this.blocked.has(credentialId);
  }
  /** Allows logins again for a credential after a person fixed it (password reset, unlock). */
  unblock(credentialId: string): void {
    this.blocked.delete(credentialId);
  }

  stats(): {
    logins: number;
    loginAttempts: number;
    sessions: number;
    retired: number;
    browserLaunches: number;
    restored: number;
  } {
    return { ...this.counters, sessions: this.sessions.size };
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.sessions.values()];
    this.sessions.clear();
    // Portals may rotate cookies while a session is used: keep the latest state for the next process.
    await Promise.allSettled(
      all.map(async (s) => {
        await this.saveCached(s);
        await s.context.close();
      }),
    );
    const b = this.browser;
    this.browser = null;
    if (b && this.opts.closeBrowser !== false) await b.then((x) => x.close()).catch(() => undefined);
  }
}
