// A portal's account capacity: how many of its accounts are healthy, how many
// its schedules need, and whether it is short. A portal's concurrency is
// healthy accounts x sessions per account; when healthy accounts drop below
// what is needed, ops are alerted (account-alerts.ts).
//
// "Needed" is, per portal, the larger of
//   - 1 when the portal has at least one enabled schedule (a schedule cannot
//     run on no account), and
//   - PORTALBOTS_PORTAL_<ID>_MIN_HEALTHY_ACCOUNTS when set (the accounts its
//     sweeps need to finish inside their window), also without schedules.
// A portal with neither needs nothing and is never short.
import type { AccountPoolConfig } from '../config.ts';
import type { Db } from '../db/client.ts';

export interface CapacityOptions {
  /** PORTALBOTS_PORTAL_<ID>_MIN_HEALTHY_ACCOUNTS per portal id. */
  minHealthyAccounts?: Record<string, number>;
  /** PORTALBOTS_PORTAL_<ID>_SESSIONS_PER_ACCOUNT per portal id (default 1). */
  sessionsPerAccount?: Record<string, number>;
}

/** The capacity settings of a configuration (every process of the fleet must agree on them). */
export function capacityOptionsFrom(pool: AccountPoolConfig | undefined): CapacityOptions {
  return { sessionsPerAccount: pool?.sessionsPerAccount ?? {}, minHealthyAccounts: pool?.minHealthyAccounts ?? {} };
}

export interface PortalCapacity {
  portal: string;
  /** Accounts that may log in now: health `active` (vault accounts no worker has used yet count as active). */
  healthy: number;
  /** Every known account of the portal, healthy or stopped. */
  total: number;
  /** What the portal's schedules (and its configured minimum) need; see the module comment. */
  needed: number;
  short: boolean;
  sessionsPerAccount: number;
  /** Sessions the fleet can hold on the portal at once: healthy x sessionsPerAccount. */
  capacity: number;
}

/** Healthy and total accounts per portal: health rows, plus vault accounts that have none yet. */
async function accountCounts(db: Db, portal?: string): Promise<Map<string, { healthy: number; total: number }>> {
  const where = portal ? { portalId: portal } : {};
  const [health, vault] = await Promise.all([
    db.credentialHealth.findMany({ where, select: { portalId: true, accountId: true, status: true } }),
    db.credential.findMany({ where: { ...where, NOT: { status: 'disabled' } }, select: { id: true, portalId: true } }),
  ]);
  const counts = new Map<string, { healthy: number; total: number }>();
  const bump = (p: string, healthy: boolean) => {
    const c = counts.get(p) ?? { healthy: 0, total: 0 };
    c.total++;
    if (healthy) c.healthy++;
    counts.set(p, c);
  };
  const known = new Set(health.map((h) => `${h.portalId}\u0000${h.accountId}`));
  for (const h of health) bump(h.portalId, h.status === 'active');
  for (const c of vault) if (!known.has(`${c.portalId}\u0000${c.id}`)) bump(c.portalId, true);
  return counts;
}

/** Accounts needed per portal (see the module comment). */
export async function accountsNeeded(db: Db, opts: CapacityOptions, portal?: string): Promise<Map<string, number>> {
  const schedules = await db.schedule.groupBy({
    by: ['portalId'],
    where: { enabled: true, ...(portal ? { portalId: portal } : {}) },
    _count: { _all: true },
  });
  const needed = new Map<string, number>();
  for (const s of schedules) if (s._count._all > 0) needed.set(s.portalId, 1);
  for (const [p, min] of Object.entries(opts.minHealthyAccounts ?? {}))
    if (!portal || p === portal) needed.set(p, Math.max(needed.get(p) ?? 0, min));
  return needed;
}

/** Capacity of every portal that has accounts or needs some (or of one portal), by portal id. */
export async function portalCapacity(db: Db, opts: CapacityOptions, portal?: string): Promise<PortalCapacity[]> {
  const [counts, needed] = await Promise.all([accountCounts(db, portal), accountsNeeded(db, opts, portal)]);
  const portals = [...new Set([...counts.keys(), ...needed.keys()])].sort();
  return portals.map((p) => {
    const c = counts.get(p) ?? { healthy: 0, total: 0 };
    const need = needed.get(p) ?? 0;
    const sessions = opts.sessionsPerAccount?.[p] ?? 1;
    return {
      portal: p,
      healthy: c.healthy,
      total: c.total,
      needed: need,
      short: c.healthy < need,
      sessionsPerAccount: sessions,
      capacity: c.healthy * sessions,
    };
  });
}
