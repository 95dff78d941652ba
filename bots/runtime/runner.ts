// BotRunner: runs one task of one bot for one credential, the way a worker
// needs it: validated input, a reused logged-in session, in-run recovery from
// session expiry (re-login once) and rate limiting (honour Retry-After up to a
// cap), validated output, every failure classified, and a failure snapshot
// (PNG, HTML, Playwright trace) kept for investigation.
import type { Browser, BrowserContextOptions, Locator, Page } from 'playwright';
import type { z } from 'zod';
import type {
  AccountNotice,
  AskHuman,
  BotDefinition,
  BotLogger,
  EvidenceRef,
  EvidenceSink,
  PortalCredential,
  StepTools,
} from './bot.ts';
import { capturePage } from './capture.ts';
import { BotError, classifyError } from './errors.ts';
import { writeFailureSnapshot } from './failure.ts';
import { closeVisibleIdleDialog, passHurdles } from './hurdles.ts';
import { gotoChecked, sessionEnded, submitChecked } from './navigation.ts';
import { redactingLogger } from './redact.ts';
import { SessionCache, type SessionCacheOptions } from './session-cache.ts';
import { DEFAULT_TRACING, SessionPool, type Session, type TracingMode } from './session-pool.ts';
import type { TaskName } from './tasks.ts';

export interface BotRunnerOptions {
  bot: BotDefinition;
  /** Portal base URL; defaults to the bot's defaultBaseUrl. */
  baseUrl?: string;
  credential: PortalCredential;
  /** Default evidence sink; a run may pass its own in meta. */
  evidence?: EvidenceSink;
  logger: BotLogger;
  /** Where failure snapshots go; none are written without it. */
  failureDir?: string;
  browserLauncher?: () => Promise<Browser>;
  /** Whether close() closes the browser (default true; false for a shared browser from browserLauncher). */
  closeBrowser?: boolean;
  contextOptions?: BrowserContextOptions;
  /** Playwright tracing, kept only on failure (see TracingMode). Default `on-retry`. */
  tracing?: TracingMode;
  /** Longest Retry-After the runner waits in-run; longer ones fail rate_limited. Default 30 s. */
  maxRetryAfterMs?: number;
  /** Wait used when a 429 carries no Retry-After. Default 5 s. */
  defaultRetryAfterMs?: number;
  /** In-run waits for rate limiting before giving up. Default 3. */
  maxRateLimitWaits?: number;
  maxTasksPerSession?: number;
  /**
   * Keep logged-in storage state encrypted on disk (AES-256-GCM) so a new
   * runner for the same credential (a restarted worker) resumes the session
   * instead of logging in. Off when absent.
   */
  sessionCache?: SessionCacheOptions;
  /**
   * Asks a person what the bot must not answer itself (a code sent by SMS or
   * e-mail, a CAPTCHA) and waits for the answer. Absent: such a login ends
   * needs_human at once.
   */
  askHuman?: AskHuman;
  /** Told what the portal said about the account without stopping (password expiring soon). */
  onAccountNotice?: (notice: AccountNotice) => void | Promise<void>;
  /** Retry delay for a maintenance notice that names no time. Default 15 min. */
  maintenanceRetryMs?: number;
}

export type BotErrorJSON = ReturnType<BotError['toJSON']>;

export interface BotTaskResult {
  outcome: 'found' | 'not_found' | 'ambiguous_match' | 'failed';
  data?: unknown;
  error?: BotErrorJSON;
  evidence: EvidenceRef[];
  botVersion: string;
  startedAt: Date;
  finishedAt: Date;
}

export interface RunMeta {
  jobId: string;
  runId: string;
  evidence?: EvidenceSink;
  /** 1-based attempt of the job (for tracing: 'on-retry'). */
  attempt?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Names the offending input field of a zod error (descending into unions: the closest branch wins). */
export function zodField(error: z.ZodError): string {
  type Issue = z.core.$ZodIssue;
  const pick = (issues: readonly Issue[], prefix: PropertyKey[]): string => {
    const first = issues[0];
    if (!first) return prefix.join('.') || 'input';
    if (first.code === 'invalid_union' && first.errors.length > 0) {
      const best = [...first.errors].sort((a, b) => a.length - b.length)[0] as Issue[];
      return pick(best, [...prefix, ...first.path]);
    }
    if (first.code === 'unrecognized_keys') return [...prefix, ...first.path, first.keys[0] ?? ''].join('.');
    return [...prefix, ...first.path].map(String).join('.') || 'input';
  };
  return pick(error.issues, []);
}

export class BotRunner {
  private readonly pool: SessionPool;
  private readonly baseUrl: string;
  /** Values that must never reach logs, for the redacting logger. */
  private readonly secrets = new Set<string>();
  private readonly log: BotLogger;

  constructor(private readonly opts: BotRunnerOptions) {
    this.baseUrl = (opts.baseUrl ?? opts.bot.defaultBaseUrl).replace(/\/+$/, '');
    for (const s of [opts.credential.password, opts.credential.totpSecret]) if (s) this.secrets.add(s);
    this.log = redactingLogger(opts.logger, () => this.secrets);
    this.pool = new SessionPool({
      bot: opts.bot,
      logger: this.log,
      tracing: opts.tracing ?? DEFAULT_TRACING,
      ...(opts.browserLauncher ? { browserLauncher: opts.browserLauncher } : {}),
      ...(opts.contextOptions ? { contextOptions: opts.contextOptions } : {}),
      ...(opts.maxTasksPerSession ? { maxTasksPerSession: opts.maxTasksPerSession } : {}),
      ...(opts.closeBrowser !== undefined ? { closeBrowser: opts.closeBrowser } : {}),
      ...(opts.sessionCache ? { sessionCache: new SessionCache(opts.sessionCache, this.log) } : {}),
    });
  }

  /** `restored`: sessions resumed from the session cache without a login. */
  stats(): { logins: number; sessions: number; loginAttempts: number; restored: number } {
    const s = this.pool.stats();
    return { logins: s.logins, sessions: s.sessions, loginAttempts: s.loginAttempts, restored: s.restored };
  }

  /** Lets a credential log in again after an authentication failure was fixed. */
  unblockCredential(): void {
    this.pool.unblock(this.opts.credential.id);
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  async run(task: TaskName, input: unknown, meta: RunMeta): Promise<BotTaskResult> {
    // Reset once the session is ours: time spent waiting for the credential's
    // other tasks is not this task's.
    let startedAt = new Date();
    const evidence: EvidenceRef[] = [];
    const bot = this.opts.bot;
    const finish = (
      outcome: BotTaskResult['outcome'],
      extra: { data?: unknown; error?: BotError } = {},
    ): BotTaskResult => {
      const result: BotTaskResult = { outcome, evidence, botVersion: bot.version, startedAt, finishedAt: new Date() };
      if (extra.data !== undefined) result.data = extra.data;
      if (extra.error) result.error = extra.error.toJSON();
      if (result.error?.class === 'portal_maintenance' && result.error.details.retryAfterMs === undefined)
        result.error.details = { ...result.error.details, retryAfterMs: this.opts.maintenanceRetryMs ?? 15 * 60_000 };
      this.log.info(
        {
          event: 'task_done',
          jobId: meta.jobId,
          runId: meta.runId,
          portal: bot.portal,
          task,
          outcome,
          errorClass: extra.error?.errorClass,
          evidence: evidence.length,
          ms: result.finishedAt.getTime() - startedAt.getTime(),
        },
        `task ${outcome}`,
      );
      return result;
    };

    const def = bot.tasks[task];
    if (!def)
      return finish('failed', {
        error: new BotError('invalid_input', `Portal ${bot.portal} does not support task ${task}`, { field: 'task' }),
      });
    const parsed = def.input.safeParse(input);
    if (!parsed.success) {
      const field = zodField(parsed.error);
      return finish('failed', {
        error: new BotError(
          'invalid_input',
          `Invalid input: ${field} ${parsed.error.issues[0]?.message ?? 'is invalid'}`,
          { field },
        ),
      });
    }
    const sink = meta.evidence ?? this.opts.evidence;
    if (!sink)
      return finish('failed', { error: new BotError('unexpected', 'No evidence sink configured for this run') });

    // Input values can be PHI (member id, birth date): keep them out of logs while this run lasts.
    const runSecrets = stringLeaves(parsed.data).filter((s) => !this.secrets.has(s));
    for (const s of runSecrets) this.secrets.add(s);
    try {
      return await this.pool.exclusive(this.opts.credential.id, () => {
        startedAt = new Date();
        return this.attempts(task, def, parsed.data, meta, sink, evidence, finish);
      });
    } finally {
      for (const s of runSecrets) this.secrets.delete(s);
    }
  }

  private async attempts(
    task: TaskName,
    def: NonNullable<BotDefinition['tasks'][TaskName]>,
    input: unknown,
    meta: RunMeta,
    sink: EvidenceSink,
    evidence: EvidenceRef[],
    finish: (o: BotTaskResult['outcome'], e?: { data?: unknown; error?: BotError }) => BotTaskResult,
  ): Promise<BotTaskResult> {
    let relogins = 0;
    let rateWaits = 0;
    const maxWait = this.opts.maxRetryAfterMs ?? 30_000;
    /** Whether to wait out a rate limit and go again within this run. */
    const waitForRateLimit = async (err: BotError): Promise<boolean> => {
      const wait = err.details.retryAfterMs ?? this.opts.defaultRetryAfterMs ?? 5_000;
      if (wait > maxWait || rateWaits >= (this.opts.maxRateLimitWaits ?? 3)) return false;
      rateWaits++;
      this.log.warn({ event: 'rate_limited', jobId: meta.jobId, waitMs: wait }, 'rate limited; waiting');
      await sleep(wait);
      return true;
    };

    for (;;) {
      let session: Session;
      const loginState = { pageName: 'login' };
      try {
        session = await this.pool.acquire(
          this.opts.credential,
          this.tools(sink, evidence, loginState, false),
          (s, err) => this.snapshot(meta, 'login', err, s).then(() => undefined),
        );
      } catch (e) {
        const err = classifyError(e, loginState.pageName);
        if (err.errorClass === 'rate_limited' && (await waitForRateLimit(err))) continue;
        return finish('failed', { error: err });
      }

      const state = { pageName: task };
      const mode = this.opts.tracing ?? DEFAULT_TRACING;
      await this.pool.beginTrace(session, mode === 'chunks' || (mode === 'on-retry' && (meta.attempt ?? 1) > 1));
      try {
        const out = await def.run(session.page, input, this.tools(sink, evidence, state, true));
        if (out.outcome === 'found') {
          const valid = def.output.safeParse(out.data);
          if (!valid.success) {
            const field = zodField(valid.error);
            throw new BotError(
              'layout_changed',
              `${state.pageName}: read an invalid ${field} (${valid.error.issues[0]?.message ?? 'invalid'})`,
              { page: state.pageName, element: field },
            );
          }
          await this.pool.endTrace(session);
          await this.pool.release(session);
          return finish('found', { data: valid.data });
        }
        await this.pool.endTrace(session);
        await this.pool.release(session);
        if (out.outcome === 'ambiguous_match')
          return finish('ambiguous_match', { data: { candidates: [...out.candidates].sort() } });
        return finish('not_found', out.data !== undefined ? { data: out.data } : {});
      } catch (e) {
        let err = classifyError(e, state.pageName);
        // A missing element on what turns out to be the login page is an expired session, not drift.
        if (
          (err.errorClass === 'layout_changed' || err.errorClass === 'unexpected') &&
          !(await this.stillLoggedIn(session.page))
        ) {
          const ended = await sessionEnded(session.page, state.pageName);
          err = new BotError(ended.errorClass, ended.message, { page: state.pageName }, { cause: err });
        }
        if ((err.errorClass === 'session_expired' || err.errorClass === 'session_taken') && relogins < 1) {
          relogins++;
          this.log.info(
            { event: err.errorClass, jobId: meta.jobId },
            err.errorClass === 'session_taken'
              ? 'session ended by a sign-in elsewhere; logging in again'
              : 'session expired; logging in again',
          );
          await this.pool.endTrace(session);
          await this.pool.retire(session, err.errorClass);
          continue;
        }
        if (err.errorClass === 'rate_limited') {
          await this.pool.endTrace(session);
          if (await waitForRateLimit(err)) continue;
        }
        await this.snapshot(meta, task, err, session);
        if (err.policy.retireSession) await this.pool.retire(session, err.errorClass);
        return finish('failed', { error: err });
      }
    }
  }

  private async stillLoggedIn(page: Page): Promise<boolean> {
    try {
      return page.isClosed() ? true : await this.opts.bot.isLoggedIn(page);
    } catch {
      return true; // cannot tell: keep the original classification
    }
  }

  private tools(
    sink: EvidenceSink,
    evidence: EvidenceRef[],
    state: { pageName: string },
    checkLogin: boolean,
  ): StepTools {
    const bot = this.opts.bot;
    const isLoggedIn = checkLogin ? (p: Page) => bot.isLoggedIn(p) : undefined;
    // Sign-in hurdles (security question, codes, CAPTCHA, expiry notice) are passed wherever a page shows one.
    const afterLoad = (p: Page) =>
      passHurdles(p, {
        portal: bot.portal,
        credential: this.opts.credential,
        tools,
        ...(this.opts.askHuman ? { askHuman: this.opts.askHuman } : {}),
        ...(this.opts.onAccountNotice ? { onNotice: this.opts.onAccountNotice } : {}),
      });
    const checks = (pageName: string) => (isLoggedIn ? { pageName, isLoggedIn, afterLoad } : { pageName, afterLoad });
    const tools: StepTools = {
      baseUrl: this.baseUrl,
      log: this.log,
      capture: async (page: Page, label: string) => {
        await closeVisibleIdleDialog(page);
        const ref = await sink.capture(await capturePage(page, label, bot.version));
        evidence.push(ref);
        return ref;
      },
      saveFile: async (file) => {
        if (!sink.file) throw new BotError('unexpected', 'The evidence sink cannot store files');
        const ref = await sink.file({ ...file, downloadedAt: new Date(), botVersion: bot.version });
        evidence.push(ref);
        return ref;
      },
      goto: async (page: Page, url: string, pageName: string) => {
        state.pageName = pageName;
        await gotoChecked(page, url, checks(pageName));
      },
      submit: async (page: Page, target: Locator, pageName: string) => {
        state.pageName = pageName;
        await submitChecked(page, target, checks(pageName));
      },
    };
    return tools;
  }

  private async snapshot(meta: RunMeta, phase: string, err: BotError, session: Session): Promise<void> {
    if (!this.opts.failureDir) {
      await this.pool.endTrace(session);
      return;
    }
    try {
      const snap = await writeFailureSnapshot({
        failureDir: this.opts.failureDir,
        jobId: meta.jobId,
        phase,
        error: err,
        page: session.page,
        saveTrace: (file) => this.pool.endTrace(session, file),
      });
      this.log.warn(
        { event: 'failure_snapshot', jobId: meta.jobId, errorClass: err.errorClass, dir: snap.dir, files: snap.files },
        'failure snapshot kept',
      );
    } catch (e) {
      this.log.error(
        { event: 'failure_snapshot_failed', jobId: meta.jobId, error: (e as Error).message },
        'could not write failure snapshot',
      );
    }
  }
}

/** All string values inside a parsed input (for log redaction). */
function stringLeaves(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (v && typeof v === 'object') return Object.values(v).flatMap(stringLeaves);
  return [];
}
