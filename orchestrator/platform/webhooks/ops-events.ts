// Operational events sent to webhook endpoints next to lookup results: a
// portal's healthy accounts dropped below what its schedules need
// (`accounts.low`), they are enough again (`accounts.recovered`), a portal
// warned that an account's password expires soon (`credential.password_expiring`),
// a login waits for a person to answer a challenge (`challenge.waiting`).
// Whoever notices one records it in `ops_events` (PostgreSQL, the system of
// record; no PHI); the orchestrator queues one signed delivery per matching
// endpoint (dispatch-events.ts), so a worker or a CLI command needs no webhook
// queue and an event is never lost between noticing and sending.
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { text } from '../text.ts';
import { OPS_EVENT_TYPES, type OpsEventType } from './event-names.ts';

/** The body of an operational event webhook (docs/WEBHOOKS.md). */
export const OpsEventMessageV1 = z.object({
  schemaVersion: z.literal(1),
  event: z.enum(OPS_EVENT_TYPES),
  eventId: z.uuid(),
  portal: text(),
  occurredAt: z.iso.datetime(),
  data: z.record(text(), z.unknown()),
});
export type OpsEventMessageV1 = z.infer<typeof OpsEventMessageV1>;

type Tx = Pick<Db, 'opsEvent'>;

/** Records an event for the webhooks; with a dedupKey seen before, nothing (returns false). */
export async function recordOpsEvent(
  db: Tx,
  e: { type: OpsEventType; portal: string; data: Record<string, unknown>; dedupKey?: string },
): Promise<boolean> {
  const r = await db.opsEvent.createMany({
    data: [{ type: e.type, portalId: e.portal, data: e.data as object, dedupKey: e.dedupKey ?? null }],
    skipDuplicates: true,
  });
  return r.count > 0;
}

export async function loadOpsEventMessage(db: Db, id: string): Promise<OpsEventMessageV1 | undefined> {
  const r = await db.opsEvent.findUnique({ where: { id } });
  if (!r) return undefined;
  return OpsEventMessageV1.parse({
    schemaVersion: 1,
    event: r.type,
    eventId: r.id,
    portal: r.portalId,
    occurredAt: r.createdAt.toISOString(),
    data: r.data ?? {},
  });
}

/** Recent events, newest first (dashboard, API). */
export async function recentOpsEvents(db: Db, opts: { portal?: string; take?: number } = {}) {
  const rows = await db.opsEvent.findMany({
    where: opts.portal ? { portalId: opts.portal } : {},
    orderBy: { createdAt: 'desc' },
    take: opts.take ?? 20,
  });
  return rows.map((r) => ({ id: r.id, event: r.type, portal: r.portalId, data: r.data, occurredAt: r.createdAt }));
}

/**
 * The days-ahead or date a portal's warning names ("expires in 5 days",
 * "expires on 12/31/2026", "2026-12-31"), as a UTC day; null when it names none.
 */
export function expiryFromWarning(warning: string, now: Date = new Date()): Date | null {
  const days = /in\s+(\d{1,3})\s+days?/i.exec(warning);
  const day = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  if (days) return day(new Date(now.getTime() + Number(days[1]) * 86_400_000));
  const iso = /(\d{4})-(\d{2})-(\d{2})/.exec(warning);
  if (iso) return new Date(Date.UTC(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3])));
  const us = /(\d{1,2})\/(\d{1,2})\/(\d{4})/.exec(warning);
  if (us) return new Date(Date.UTC(Number(us[3]), Number(us[1]) - 1, Number(us[2])));
  if (/\btoday\b/i.test(warning)) return day(now);
  if (/\btomorrow\b/i.test(warning)) return day(new Date(now.getTime() + 86_400_000));
  return null;
}

/**
 * A portal warned that an account's password expires soon: one
 * `credential.password_expiring` event per account and expiry day (the same
 * warning at every login is one event). Called by recordWarning (health.ts) and
 * recordPasswordExpiry (password-expiry.ts, what the worker records), so
 * whatever records a warning on the credential alerts ops too.
 */
export async function notifyPasswordExpiryWarning(
  db: Db,
  credential: { portal: string; accountId: string; label: string },
  expiresAt: Date | null,
  warning?: string,
): Promise<boolean> {
  const when = expiresAt ? expiresAt.toISOString().slice(0, 10) : (warning ?? 'unknown');
  return recordOpsEvent(db, {
    type: 'credential.password_expiring',
    portal: credential.portal,
    data: {
      accountId: credential.accountId,
      label: credential.label,
      expiresAt: expiresAt ? expiresAt.toISOString() : null,
      ...(warning ? { warning } : {}),
    },
    dedupKey: `credential.password_expiring:${credential.portal}:${credential.accountId}:${when}`,
  });
}
