// Credential health as shared state in PostgreSQL: one row per portal account
// (vault row or credentials-file entry). A worker that sees a lockout or an
// expired password writes it here, and every worker checks the row before it
// uses the account, so one account's problem stops it everywhere at once and
// everything else goes on.
import type { Db } from '../db/client.ts';
import { expiryFromWarning, notifyPasswordExpiryWarning } from '../webhooks/ops-events.ts';

export const HEALTH_STATUSES = [
  'active',
  'locked',
  'password_expired',
  'needs_human',
  'mfa_failed',
  'disabled',
] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

export interface AccountHealth {
  portal: string;
  accountId: string;
  label: string;
  status: HealthStatus;
  reason: string | null;
  since: Date;
  evidenceId: string | null;
  warning: string | null;
  warningAt: Date | null;
  /** When the portal said the password expires (password-expiry.ts). */
  passwordExpiresAt: Date | null;
}

type Row = {
  portalId: string;
  accountId: string;
  label: string;
  status: string;
  reason: string | null;
  since: Date;
  evidenceId: string | null;
  warning: string | null;
  warningAt: Date | null;
  passwordExpiresAt: Date | null;
};

const toHealth = (r: Row): AccountHealth => ({
  portal: r.portalId,
  accountId: r.accountId,
  label: r.label,
  status: (HEALTH_STATUSES as readonly string[]).includes(r.status) ? (r.status as HealthStatus) : 'disabled',
  reason: r.reason,
  since: r.since,
  evidenceId: r.evidenceId,
  warning: r.warning,
  warningAt: r.warningAt,
  passwordExpiresAt: r.passwordExpiresAt,
});

/** Makes sure every account a worker knows has a row (new ones start active; existing rows keep their state). */
export async function registerAccounts(
  db: Db,
  portal: string,
  accounts: readonly { id: string; label: string }[],
): Promise<void> {
  if (accounts.length === 0) return;
  await db.credentialHealth.createMany({
    data: accounts.map((a) => ({ portalId: portal, accountId: a.id, label: a.label })),
    skipDuplicates: true,
  });
}

/** Account ids of a portal that must not be used now. */
export async function stoppedAccounts(db: Db, portal: string): Promise<Set<string>> {
  const rows = await db.credentialHealth.findMany({
    where: { portalId: portal, NOT: { status: 'active' } },
    select: { accountId: true },
  });
  return new Set(rows.map((r) => r.accountId));
}

export async function isAccountActive(db: Db, portal: string, accountId: string): Promise<boolean> {
  const r = await db.credentialHealth.findUnique({
    where: { portalId_accountId: { portalId: portal, accountId } },
    select: { status: true },
  });
  return !r || r.status === 'active';
}

/** Records what a worker saw; `since` moves only when the status changes. */
export async function markAccount(
  db: Db,
  a: { portal: string; accountId: string; label: string; status: HealthStatus; reason: string; evidenceId?: string },
): Promise<void> {
  const key = { portalId_accountId: { portalId: a.portal, accountId: a.accountId } };
  const current = await db.credentialHealth.findUnique({ where: key, select: { status: true } });
  const data = {
    status: a.status,
    reason: a.reason,
    evidenceId: a.evidenceId ?? null,
    ...(current?.status === a.status ? {} : { since: new Date() }),
  };
  await db.credentialHealth.upsert({
    where: key,
    create: { portalId: a.portal, accountId: a.accountId, label: a.label, ...data },
    update: data,
  });
}

/**
 * A warning the portal showed without stopping us (password expiring soon).
 * A password-expiry warning also alerts ops (webhook `credential.password_expiring`,
 * once per account and expiry day); `expiresAt` when the caller read the date,
 * else it is taken from the text ("expires in 5 days").
 */
export async function recordWarning(
  db: Db,
  a: { portal: string; accountId: string; label: string; warning: string; expiresAt?: Date },
): Promise<void> {
  await db.credentialHealth.upsert({
    where: { portalId_accountId: { portalId: a.portal, accountId: a.accountId } },
    create: { portalId: a.portal, accountId: a.accountId, label: a.label, warning: a.warning, warningAt: new Date() },
    update: { warning: a.warning, warningAt: new Date() },
  });
  if (a.expiresAt || /password|expir/i.test(a.warning))
    await notifyPasswordExpiryWarning(db, a, a.expiresAt ?? expiryFromWarning(a.warning), a.warning);
}

/** A person fixed the account (unlocked it, changed the password): back in the pool. */
export async function unblockAccount(db: Db, portal: string, accountId: string): Promise<boolean> {
  const r = await db.credentialHealth.updateMany({
    where: { portalId: portal, accountId },
    data: { status: 'active', reason: null, evidenceId: null, since: new Date() },
  });
  return r.count > 0;
}

export async function listAccountHealth(db: Db, portal?: string): Promise<AccountHealth[]> {
  const rows = await db.credentialHealth.findMany({
    where: portal ? { portalId: portal } : {},
    orderBy: [{ portalId: 'asc' }, { label: 'asc' }],
  });
  return rows.map(toHealth);
}

/** Healthy accounts per portal (for capacity: healthy accounts x sessions per account). */
export async function healthyCounts(db: Db): Promise<Record<string, number>> {
  const rows = await db.credentialHealth.groupBy({
    by: ['portalId'],
    where: { status: 'active' },
    _count: { _all: true },
  });
  return Object.fromEntries(rows.map((r) => [r.portalId, r._count._all]));
}
