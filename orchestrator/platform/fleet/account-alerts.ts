// The low-healthy-accounts alert: when a portal's healthy accounts drop below
// what it needs (capacity.ts), an `accounts.low` event is recorded for the
// webhooks, and `accounts.recovered` when they are enough again. Evaluated
// whenever credential health changes (a worker stops an account, a person
// unblocks or replaces one) and by the orchestrator's periodic loop. The
// portal's row in account_alerts holds the last state: an event is recorded
// only by the evaluation that flips it (a conditional UPDATE), so it fires
// once per transition however many processes evaluate at the same time.
import type { Db } from '../db/client.ts';
import { recordOpsEvent } from '../webhooks/ops-events.ts';
import { type CapacityOptions, type PortalCapacity, portalCapacity } from './capacity.ts';

export interface AlertTransition {
  portal: string;
  event: 'accounts.low' | 'accounts.recovered';
  healthy: number;
  needed: number;
}

/** Evaluates one portal (after its health changed) or every portal (the periodic loop). */
export async function evaluateAccountAlerts(
  db: Db,
  opts: CapacityOptions & { portal?: string },
): Promise<AlertTransition[]> {
  const fired: AlertTransition[] = [];
  for (const c of await portalCapacity(db, opts, opts.portal)) {
    const t = await settle(db, c);
    if (t) fired.push(t);
  }
  return fired;
}

async function settle(db: Db, c: PortalCapacity): Promise<AlertTransition | undefined> {
  // A portal seen for the first time starts "not short": being short on the first look fires.
  await db.accountAlert.createMany({ data: [{ portalId: c.portal }], skipDuplicates: true });
  return db.$transaction(async (tx) => {
    const flipped = await tx.accountAlert.updateMany({
      where: { portalId: c.portal, short: !c.short },
      data: { short: c.short, healthy: c.healthy, needed: c.needed, changedAt: new Date() },
    });
    if (flipped.count === 0) {
      await tx.accountAlert.updateMany({
        where: { portalId: c.portal },
        data: { healthy: c.healthy, needed: c.needed },
      });
      return undefined;
    }
    const event = c.short ? 'accounts.low' : 'accounts.recovered';
    await recordOpsEvent(tx, {
      type: event,
      portal: c.portal,
      data: {
        healthy: c.healthy,
        needed: c.needed,
        total: c.total,
        sessionsPerAccount: c.sessionsPerAccount,
        capacity: c.capacity,
      },
    });
    return { portal: c.portal, event, healthy: c.healthy, needed: c.needed };
  });
}

export interface PortalAccountSummary extends PortalCapacity {
  /** Since when the portal has been short (or enough again): the last transition. */
  since: Date | null;
}

/** Per-portal `{healthy, needed, short}` for the API and dashboard, computed now. */
export async function accountSummary(db: Db, opts: CapacityOptions, portal?: string): Promise<PortalAccountSummary[]> {
  const [capacity, rows] = await Promise.all([
    portalCapacity(db, opts, portal),
    db.accountAlert.findMany({ where: portal ? { portalId: portal } : {} }),
  ]);
  const since = new Map(rows.map((r) => [r.portalId, r.changedAt]));
  return capacity.map((c) => ({ ...c, since: since.get(c.portal) ?? null }));
}
