// Server-side sessions, lockout bookkeeping and counters of the mock portal.
// Counters let tests prove properties of a bot from the outside (one login
// per worker session; one password attempt before giving up).
import { randomBytes } from 'node:crypto';
import { AccountLedger } from './account-ledger.ts';

export interface PortalSession {
  id: string;
  accountId: string;
  /** 'password': signed in, but the portal forces a password change first. */
  stage: 'mfa' | 'password' | 'active';
  rechallenge: boolean;
  mfaFailures: number;
  lastSeenAt: number;
}

export interface PortalStats {
  /** Completed password + TOTP sign-ins. */
  logins: number;
  passwordAttempts: number;
  failedPasswords: number;
  mfaAttempts: number;
  failedMfa: number;
  lockouts: number;
  requests: number;
  rateLimited: number;
  activeSessions: number;
}

export class SessionStore {
  private readonly sessions = new Map<string, PortalSession>();
  private readonly badPasswords = new Map<string, number>();
  private readonly locked = new Set<string>();
  readonly ledger = new AccountLedger();
  readonly counters = {
    logins: 0,
    passwordAttempts: 0,
    failedPasswords: 0,
    mfaAttempts: 0,
    failedMfa: 0,
    lockouts: 0,
    requests: 0,
    rateLimited: 0,
  };

  create(accountId: string): PortalSession {
    const live = [...this.sessions.values()].filter((x) => x.accountId === accountId).map((x) => x.id);
    for (const id of this.ledger.signIn(accountId, live)) this.sessions.delete(id);
    const s: PortalSession = {
      id: randomBytes(24).toString('base64url'),
      accountId,
      stage: 'mfa',
      rechallenge: false,
      mfaFailures: 0,
      lastSeenAt: Date.now(),
    };
    this.sessions.set(s.id, s);
    return s;
  }

  /** The live session for a cookie value, touching it; expired ones are dropped. */
  get(id: string | undefined, ttlMs: number): PortalSession | undefined {
    if (!id) return undefined;
    const s = this.sessions.get(id);
    if (!s) return undefined;
    if (Date.now() - s.lastSeenAt > ttlMs) {
      this.sessions.delete(id);
      return undefined;
    }
    s.lastSeenAt = Date.now();
    return s;
  }

  destroy(id: string): void {
    this.sessions.delete(id);
  }
  expireAll(): void {
    this.sessions.clear();
  }
  rechallengeAll(): void {
    for (const s of this.sessions.values()) {
      if (s.stage === 'active') {
        s.stage = 'mfa';
        s.rechallenge = true;
      }
    }
  }

  isLocked(accountId: string): boolean {
    return this.locked.has(accountId);
  }
  /** Records a bad password; returns true when this one locked the account. */
  badPassword(accountId: string, lockoutAfter: number): boolean {
    const n = (this.badPasswords.get(accountId) ?? 0) + 1;
    this.badPasswords.set(accountId, n);
    if (n >= lockoutAfter) {
      this.locked.add(accountId);
      this.counters.lockouts++;
      return true;
    }
    return false;
  }
  goodPassword(accountId: string): void {
    this.badPasswords.delete(accountId);
  }
  remainingAttempts(accountId: string, lockoutAfter: number): number {
    return Math.max(0, lockoutAfter - (this.badPasswords.get(accountId) ?? 0));
  }
  /** Unlocks accounts and zeroes counters (tests reuse one server). */
  reset(): void {
    this.sessions.clear();
    this.badPasswords.clear();
    this.locked.clear();
    this.ledger.reset();
    for (const k of Object.keys(this.counters) as (keyof typeof this.counters)[]) this.counters[k] = 0;
  }

  stats(): PortalStats {
    return { ...this.counters, activeSessions: [...this.sessions.values()].filter((s) => s.stage === 'active').length };
  }
}
