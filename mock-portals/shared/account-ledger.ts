// Per-account sign-in bookkeeping shared by every mock portal's session store:
// sign-ins per account, the sessionsPerAccount fault (a new sign-in ends the
// account's older sessions, as many real portals do) and how many ended
// sessions came back to find themselves signed out. Those counters let a test
// prove from the outside that the fleet never ran two sessions on one account.

export class AccountLedger {
  /** Sessions per account; 0 = unlimited (the default). */
  sessionsPerAccount = 0;
  /** Sign-ins with a correct password, per account id. */
  readonly loginsByAccount = new Map<string, number>();
  /** Session ids ended by a newer sign-in of the same account. */
  private readonly taken = new Set<string>();
  /** Ended sessions that made another request afterwards (the harm a second session does). */
  sessionsEndedByNewLogin = 0;

  /**
   * Records a sign-in of `accountId`; returns the ids of the account's older
   * sessions (oldest first in `live`) that this sign-in ends.
   */
  signIn(accountId: string, live: readonly string[]): string[] {
    this.loginsByAccount.set(accountId, (this.loginsByAccount.get(accountId) ?? 0) + 1);
    if (this.sessionsPerAccount <= 0) return [];
    const ended = live.slice(0, Math.max(0, live.length - this.sessionsPerAccount + 1));
    for (const id of ended) this.taken.add(id);
    return ended;
  }

  /** Whether a cookie names a session a newer sign-in ended; the first time counts it. */
  wasTaken(id: string | undefined): boolean {
    if (!id || !this.taken.has(id)) return false;
    return true;
  }

  /** Called when an ended session makes a request: counted once per session. */
  noticeTaken(id: string): void {
    if (!this.taken.has(id)) return;
    this.taken.delete(id);
    this.sessionsEndedByNewLogin++;
  }

  reset(): void {
    this.loginsByAccount.clear();
    this.taken.clear();
    this.sessionsEndedByNewLogin = 0;
  }

  /** The fleet view of `GET /__admin/stats`: sign-ins per username. */
  adminStats(usernameOf: (accountId: string) => string | undefined): {
    logins: Record<string, number>;
    sessionsEndedByNewLogin: number;
  } {
    const logins: Record<string, number> = {};
    for (const [id, n] of this.loginsByAccount) logins[usernameOf(id) ?? id] = n;
    return { logins, sessionsEndedByNewLogin: this.sessionsEndedByNewLogin };
  }
}
