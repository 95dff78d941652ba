// Password expiry warnings ("Your password expires in 5 days"): a bot that
// met one reports it and goes on; it is recorded on the account's shared
// health row (warning + passwordExpiresAt, shown by `credentials list`, the
// API and the dashboard) and alerts ops once per account and expiry day
// (webhook `credential.password_expiring`). expiringPasswords() lists them.
import type { Db } from '../db/client.ts';
import { notifyPasswordExpiryWarning } from '../webhooks/ops-events.ts';
import { type AccountHealth, listAccountHealth } from './health.ts';

export interface PasswordExpiryNotice {
  portal: string;
  accountId: string;
  label: string;
  expiresAt: Date;
  /** What the portal said, e.g. "The portal says the password expires in 5 days". */
  message: string;
}

/** Records a password expiry warning on the account's health row (the account stays active) and alerts ops. */
export async function recordPasswordExpiry(db: Db, n: PasswordExpiryNotice): Promise<void> {
  const data = { warning: n.message, warningAt: new Date(), passwordExpiresAt: n.expiresAt };
  await db.credentialHealth.upsert({
    where: { portalId_accountId: { portalId: n.portal, accountId: n.accountId } },
    create: { portalId: n.portal, accountId: n.accountId, label: n.label, ...data },
    update: data,
  });
  await notifyPasswordExpiryWarning(db, n, n.expiresAt, n.message);
}

/**
 * Accounts whose password a portal said expires within `withinDays` (from
 * now), soonest first: what an expiry alert or a rotation job acts on.
 */
export async function expiringPasswords(db: Db, withinDays: number, now = new Date()): Promise<AccountHealth[]> {
  const until = new Date(now.getTime() + withinDays * 86_400_000);
  return (await listAccountHealth(db))
    .filter((a) => a.passwordExpiresAt !== null && a.passwordExpiresAt <= until)
    .sort((a, b) => (a.passwordExpiresAt?.getTime() ?? 0) - (b.passwordExpiresAt?.getTime() ?? 0));
}
