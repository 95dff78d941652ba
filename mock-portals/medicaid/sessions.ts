// Server-side sessions of the Medicaid-like portal. A session starts at the
// terms interstitial (stage 'terms') and becomes 'active' once the terms are
// accepted; this happens on every sign-in. Sessions end after sessionTtlMs of
// idleness (a few minutes by default, like the real thing).
import { randomBytes } from 'node:crypto';
import { AccountLedger } from '../shared/account-ledger.ts';
import type { PortalStats } from '../shared/sessions.ts';

export interface MedicaidSession {
  id: string;
  accountId: string;
  /** 'password': a forced password change comes first (the passwordExpiresFor fault). */
  stage: 'password' | 'terms' | 'active';
  lastSeenAt: number;
}

/** The shared portal counters (mfa* stay 0: no MFA here) plus this portal's own. */
export interface MedicaidStats extends PortalStats {
  termsAccepted: number;
  expiredSessions: number;
  downloads: number;
}

export class MedicaidSessions {
  private readonly sessions = new Map<string, MedicaidSession>();
  private readonly badPasswords = new Map<string, number>();
  private readonly locked = new Set<string>();
  readonly ledger = new AccountLedger();
  readonly counters = {
    logins: 0,
    passwordAttempts: 0,
    failedPasswords: 0,
    termsAccepted: 0,
    lockouts: 0,
    requests: 0,
    rateLimited: 0,
    expiredSessions: 0,
    downloads: 0,
  };

  create(accountId: string): MedicaidSession {
    const live = [...this.sessions.values()].filter((x) => x.accountId === accountId).map((x) => x.id);
    for (const id of this.ledger.signIn(accountId, live)) this.sessions.delete(id);
    const s: MedicaidSession = {
      id: randomBytes(18).toString('hex').toUpperCase(),
      accountId,
      stage: 'terms',
      lastSeenAt: Date.now(),
    };
    this.sessions.set(s.id, s);
    return s;
  }

  /** The live session for a cookie value, touching it; idle ones are dropped. */
  get(id: string | undefined, ttlMs: number): MedicaidSession | undefined {
    if (!id) return undefined;
    const s = this.sessions.get(id);
    if (!s) return undefined;
    if (Date.now() - s.lastSeenAt > ttlMs) {
      this.sessions.delete(id);
      this.counters.expiredSessions++;
      return undefined;
    }
    s.lastSeenAt = Date.now();
    return s;
  }

  destroy(id: string): void {
    this.sessions.delete(id);
  }
  expireAll(): void {
    this.counters.expiredSessions += this.sessions.size;
    this.sessions.clear();
  }

  isLocked(accountId: string): boolean {
    return this.locked.has(accountId);
  }
  /** Records a bad password; true when this one locked the account. */
  badPassword(accountId: string, lockoutAfter: number): boolean {
    const n = (this.badPasswords.get(accountId) ?? 0) + 1;
    this.badPasswords.set(accountId, n);
    if (n >= lockoutAfter && !this.locked.has(accountId)) {
      this.locked.add(accountId);
      this.counters.lockouts++;
      return true;
    }
    return this.locked.has(accountId);
  }
  goodPassword(accountId: string): void {
    this.badPasswords.delete(accountId);
  }

  reset(): void {
    this.sessions.clear();
    this.badPasswords.clear();
    this.locked.clear();
    this.ledger.reset();
    for (const k of Object.keys(this.counters) as (keyof typeof this.counters)[]) this.counters[k] = 0;
  }

  stats(): MedicaidStats {
    return {
      ...this.counters,
      mfaAttempts: 0,
      failedMfa: 0,
      activeSessions: [...this.sessions.values()].filter((s) => s.stage === 'active').length,
    };
  }
}
