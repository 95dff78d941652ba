// A worker's share of one portal's credential pool. Each job runs on an
// account this process holds a fleet-wide lease on: an idle one it already
// holds (its session is reused), else a newly leased free, healthy account
// that can see the job's TIN/NPI/payer, else the job waits for one. When a
// task reports something about the account (locked, password expired, needs a
// person), the account is stopped in PostgreSQL for every worker and the job
// goes on with another account.
import type { TaskName } from '../../../bots/index.ts';
import { ACCOUNT_HEALTH_CLASSES, BotError, type BotTaskResult, type ErrorClass } from '../../../bots/index.ts';
import type { Db } from '../db/client.ts';
import type { Logger } from '../logging.ts';
import type { BotRunnerLike } from '../worker/bot-runner-like.ts';
import type { AccountCredential } from '../worker/credentials.ts';
import { evaluateAccountAlerts } from './account-alerts.ts';
import type { CapacityOptions } from './capacity.ts';
import { isAccountActive, markAccount, registerAccounts, stoppedAccounts, type HealthStatus } from './health.ts';
import type { AccountLeases, Lease } from './leases.ts';
import { accountCanSee } from './scope.ts';

export interface PortalFleetOptions {
  portal: string;
  botVersion: string;
  db: Db;
  leases: AccountLeases;
  /** The portal's accounts (re-read every `accountsTtlMs`, so added accounts join without a restart). */
  accounts: () => Promise<AccountCredential[]>;
  makeRunner: (account: AccountCredential) => BotRunnerLike;
  /** Sessions this process may hold for the portal at once (its concurrency). */
  maxSessions: number;
  /** Sessions the portal allows per account (fleet-wide lease slots). */
  sessionsPerAccount: number;
  /** Longest a job waits for an account before it is put back (accounts_busy). */
  waitMs: number;
  /** An account idle this long is released for other workers. */
  idleReleaseMs: number;
  accountsTtlMs?: number;
  logger: Logger;
  /** Told after an account was stopped (alerts). */
  onAccountStopped?: (portal: string, accountId: string, status: HealthStatus) => void;
  /** What the portal needs (the low-accounts alert, evaluated when this process stops an account). */
  capacity?: CapacityOptions;
}

interface Held {
  account: AccountCredential;
  lease: Lease;
  runner: BotRunnerLike;
  busy: boolean;
  lastUsed: number;
  /** The lease could not be renewed: someone else may hold the account now. */
  lost: boolean;
}

/** Error class a job ends with when every account it could use is stopped. */
const CLASS_OF_STATUS: Record<HealthStatus, ErrorClass> = {
  active: 'unexpected',
  locked: 'locked_out',
  password_expired: 'password_expired',
  needs_human: 'needs_human',
  mfa_failed: 'mfa_failed',
  disabled: 'authentication_failed',
};

const POLL_MS = 250;

export class PortalFleet implements BotRunnerLike {
  private readonly held = new Set<Held>();
  private pendingLeases = 0;
  private accountCache: { at: number; list: AccountCredential[] } | undefined;
  private readonly heartbeat: NodeJS.Timeout;
  private waiters: (() => void)[] = [];
  private closed = false;
  private readonly totals = { logins: 0, sessions: 0 };
  /** Sessions this process should hold: its fair part of the pool (see share()). */
  private shareCache: { at: number; n: number } | undefined;

  constructor(private readonly opts: PortalFleetOptions) {
    this.heartbeat = setInterval(() => void this.tick(), Math.max(200, Math.floor(opts.leases.ttlMs / 3)));
    this.heartbeat.unref();
    // Counted among the portal's workers from the start, so the first jobs do not take every account.
    void this.share().catch(() => undefined);
  }

  /**
   * How many sessions this process may hold: the pool's usable session slots
   * divided among the live workers of the portal (at least 1, at most this
   * process's concurrency). Without it the first worker would lease every
   * account and the others' jobs would wait for accounts that sit idle.
   */
  private async share(): Promise<number> {
    if (this.shareCache && Date.now() - this.shareCache.at < 2_000) return this.shareCache.n;
    const workers = await this.opts.leases.liveWorkers(this.opts.portal);
    const accounts = await this.accountList();
    const stopped = await stoppedAccounts(this.opts.db, this.opts.portal);
    const slots = accounts.filter((a) => !stopped.has(a.id)).length * this.opts.sessionsPerAccount;
    const n = Math.min(this.opts.maxSessions, Math.max(1, Math.ceil(slots / workers)));
    this.shareCache = { at: Date.now(), n };
    return n;
  }

  async run(task: TaskName, input: unknown, meta: Parameters<BotRunnerLike['run']>[2]): Promise<BotTaskResult> {
    const startedAt = new Date();
    const deadline = Date.now() + this.opts.waitMs;
    const skip = new Set<string>();
    let accountFailure: BotTaskResult | undefined;
    for (;;) {
      const got = await this.take(input, skip, deadline);
      if (got === 'none-usable') return accountFailure ?? (await this.allStopped(startedAt));
      if (got === 'busy')
        return this.failed(startedAt, 'accounts_busy', `every usable ${this.opts.portal} account is in use`);
      let result: BotTaskResult;
      try {
        result = await got.runner.run(task, input, meta);
      } finally {
        got.busy = false;
        got.lastUsed = Date.now();
        this.wake();
      }
      // accountUsable: nothing is wrong with the account (no one answered a code in time).
      const status =
        result.error && !result.error.details.accountUsable ? ACCOUNT_HEALTH_CLASSES[result.error.class] : undefined;
      if (!status) {
        if (got.lost) await this.drop(got, 'lease lost');
        else if (this.held.size > (await this.share())) await this.dropIdleBeyondShare();
        return result;
      }
      const error = result.error!;
      await markAccount(this.opts.db, {
        portal: this.opts.portal,
        accountId: got.account.id,
        label: labelOf(got.account),
        status,
        reason: `${error.class}: ${error.message}`,
        ...(error.details.evidenceId
          ? { evidenceId: error.details.evidenceId }
          : result.evidence.length > 0
            ? { evidenceId: result.evidence[result.evidence.length - 1]!.id }
            : {}),
      });
      this.opts.logger.warn(
        { event: 'account_stopped', portal: this.opts.portal, accountId: got.account.id, status },
        'account stopped for every worker; the job goes on with another account',
      );
      this.opts.onAccountStopped?.(this.opts.portal, got.account.id, status);
      // Fewer healthy accounts now: ops hear of it at once if the portal is short (once per transition).
      await evaluateAccountAlerts(this.opts.db, { ...this.opts.capacity, portal: this.opts.portal }).catch((err) =>
        this.opts.logger.error({ err, portal: this.opts.portal }, 'low-accounts alert evaluation failed'),
      );
      await this.drop(got, status);
      skip.add(got.account.id);
      accountFailure = result;
    }
  }

  /** Accounts leased (sessions) and logins of this process, released accounts' and held ones'. */
  stats(): { logins: number; sessions: number } {
    let logins = this.totals.logins;
    for (const h of this.held) logins += h.runner.stats().logins;
    return { logins, sessions: this.totals.sessions };
  }

  /** Accounts this process holds now (tests, metrics). */
  heldAccounts(): string[] {
    return [...this.held].map((h) => h.account.id);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.heartbeat);
    this.wake();
    await this.opts.leases.leaveWorkers(this.opts.portal).catch(() => undefined);
    await Promise.allSettled([...this.held].map((h) => this.drop(h, 'worker stopping')));
  }

  /** An account for the job: held and idle, or newly leased; 'busy' after the wait, 'none-usable' when none ever could be. */
  private async take(input: unknown, skip: Set<string>, deadline: number): Promise<Held | 'busy' | 'none-usable'> {
    for (;;) {
      if (this.closed) return 'busy';
      for (const h of this.held) {
        if (h.busy || h.lost || skip.has(h.account.id) || !accountCanSee(h.account.scope, input)) continue;
        h.busy = true;
        // Another worker may have stopped this account since our last job.
        if (!(await isAccountActive(this.opts.db, this.opts.portal, h.account.id))) {
          await this.drop(h, 'stopped elsewhere');
          continue;
        }
        return h;
      }
      const accounts = await this.accountList();
      const stopped = await stoppedAccounts(this.opts.db, this.opts.portal);
      const candidates = accounts.filter((a) => !skip.has(a.id) && !stopped.has(a.id) && accountCanSee(a.scope, input));
      if (candidates.length === 0) return 'none-usable';
      const share = await this.share();
      const usable = (h: Held) => !h.lost && !skip.has(h.account.id) && accountCanSee(h.account.scope, input);
      // One of ours became free while we looked: take it on the next pass.
      if ([...this.held].some((h) => !h.busy && usable(h))) continue;
      if (this.held.size + this.pendingLeases >= share) {
        // Full: make room by letting go of an idle account this job cannot use.
        const idle = [...this.held].find((h) => !h.busy && !usable(h));
        if (idle) await this.drop(idle, 'making room');
      }
      if (this.held.size + this.pendingLeases < share) {
        const h = await this.leaseOne(candidates);
        if (h) return h;
      }
      if (Date.now() >= deadline) return 'busy';
      await this.waitForChange(Math.min(POLL_MS, deadline - Date.now()));
    }
  }

  private async leaseOne(candidates: AccountCredential[]): Promise<Held | undefined> {
    this.pendingLeases++;
    try {
      const mine = new Map<string, number>();
      for (const h of this.held) mine.set(h.account.id, (mine.get(h.account.id) ?? 0) + 1);
      // Accounts this process holds fewer sessions of first, so load spreads over the pool.
      const order = [...candidates].sort((a, b) => (mine.get(a.id) ?? 0) - (mine.get(b.id) ?? 0));
      for (const account of order) {
        const lease = await this.opts.leases.tryAcquire(this.opts.portal, account.id, this.opts.sessionsPerAccount);
        if (!lease) continue;
        const h: Held = {
          account,
          lease,
          runner: this.opts.makeRunner({ ...account }),
          busy: true,
          lastUsed: Date.now(),
          lost: false,
        };
        this.held.add(h);
        this.totals.sessions++;
        this.opts.logger.info(
          { event: 'account_leased', portal: this.opts.portal, accountId: account.id, slot: lease.slot },
          'account leased',
        );
        return h;
      }
      return undefined;
    } finally {
      this.pendingLeases--;
    }
  }

  private async accountList(): Promise<AccountCredential[]> {
    const ttl = this.opts.accountsTtlMs ?? 30_000;
    if (this.accountCache && Date.now() - this.accountCache.at < ttl) return this.accountCache.list;
    const list = await this.opts.accounts();
    await registerAccounts(
      this.opts.db,
      this.opts.portal,
      list.map((a) => ({ id: a.id, label: labelOf(a) })),
    );
    this.accountCache = { at: Date.now(), list };
    return list;
  }

  private async drop(h: Held, why: string): Promise<void> {
    if (!this.held.delete(h)) return;
    const s = h.runner.stats();
    this.totals.logins += s.logins;
    // The session ends before the lease does: never two sessions on one account.
    await h.runner.close().catch(() => undefined);
    await h.lease.release().catch(() => undefined);
    this.opts.logger.info(
      { event: 'account_released', portal: this.opts.portal, accountId: h.account.id, why },
      'account released',
    );
    this.wake();
  }

  /** Lets go of idle sessions above this process's share (another worker joined). */
  private async dropIdleBeyondShare(): Promise<void> {
    const share = await this.share();
    for (const h of [...this.held]) {
      if (this.held.size <= share) break;
      if (!h.busy) await this.drop(h, 'over fair share');
    }
  }

  /** Heartbeat: renew every lease; let go of lost, long-idle and above-share ones. */
  private async tick(): Promise<void> {
    if (this.closed) return;
    this.shareCache = undefined;
    await this.dropIdleBeyondShare().catch(() => undefined);
    const now = Date.now();
    for (const h of [...this.held]) {
      const ours = await h.lease.renew().catch(() => false);
      if (!ours) {
        h.lost = true;
        this.opts.logger.warn(
          { event: 'lease_lost', portal: this.opts.portal, accountId: h.account.id },
          'account lease lost; closing its session',
        );
      }
      if (!h.busy && (h.lost || now - h.lastUsed > this.opts.idleReleaseMs))
        await this.drop(h, h.lost ? 'lease lost' : 'idle');
      else if (h.lost) await h.runner.close().catch(() => undefined);
    }
  }

  private waitForChange(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, Math.max(0, ms));
      const waiters = this.waiters;
      function done() {
        clearTimeout(t);
        resolve();
      }
      waiters.push(done);
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private async allStopped(startedAt: Date): Promise<BotTaskResult> {
    const rows = await this.opts.db.credentialHealth.findMany({
      where: { portalId: this.opts.portal, NOT: { status: 'active' } },
      select: { status: true },
      take: 1,
    });
    const status = (rows[0]?.status ?? 'disabled') as HealthStatus;
    return this.failed(
      startedAt,
      CLASS_OF_STATUS[status] ?? 'authentication_failed',
      `no usable ${this.opts.portal} account: every account that can see this target is stopped (${status})`,
    );
  }

  private failed(startedAt: Date, cls: ErrorClass, message: string): BotTaskResult {
    const retryAfterMs = cls === 'accounts_busy' ? Math.max(1_000, this.opts.leases.ttlMs / 2) : undefined;
    return {
      outcome: 'failed',
      error: new BotError(cls, message, retryAfterMs !== undefined ? { retryAfterMs } : {}).toJSON(),
      evidence: [],
      botVersion: this.opts.botVersion,
      startedAt,
      finishedAt: new Date(),
    };
  }
}

function labelOf(a: AccountCredential): string {
  return a.label ?? a.username;
}
