// Work-queue events for webhook endpoints that opt in (eventFilter.events):
// `denial.escalated` when the daily loop escalates an overdue work item to a
// team lead or the billing manager. Like result messages, the body is rebuilt
// from PostgreSQL at delivery (the Redis job carries the event's row id only)
// and names the item, claim number, team, target and deadlines: no patient data.
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { text } from '../text.ts';

export interface DenialEscalatedMessage {
  schemaVersion: 1;
  event: 'denial.escalated';
  eventId: string;
  at: string;
  workItem: {
    id: string;
    claimNumber: string | null;
    portal: string | null;
    payerId: string | null;
    team: string;
    state: string;
    assignee: string | null;
    primaryCarc: string | null;
    dollarsAtRisk: number;
    appealDeadline: string | null;
    slaDueAt: string;
  };
  escalation: { level: number; escalatedTo: string };
  /** Where a lead opens the item (relative to the dashboard's base URL). */
  dashboardPath: string;
}

const Details = z.object({ level: z.number().int(), escalatedTo: text(), slaDueAt: text() });

/** The message of an escalation event row, or undefined when the row is gone or is not an escalation. */
export async function loadEscalationMessage(db: Db, eventId: string): Promise<DenialEscalatedMessage | undefined> {
  const e = await db.denialWorkEvent.findUnique({ where: { id: BigInt(eventId) }, include: { workItem: true } });
  if (e?.kind !== 'escalation') return undefined;
  const d = Details.safeParse(e.details);
  if (!d.success) return undefined;
  const item = e.workItem;
  const claim = await db.claim.findUnique({
    where: { id: item.claimId },
    select: { claimNumber: true, portalId: true },
  });
  return {
    schemaVersion: 1,
    event: 'denial.escalated',
    eventId,
    at: e.at.toISOString(),
    workItem: {
      id: item.id,
      claimNumber: claim?.claimNumber ?? null,
      portal: claim?.portalId ?? null,
      payerId: item.payerId,
      team: item.team,
      state: item.state,
      assignee: item.assignee,
      primaryCarc: item.primaryCarc,
      dollarsAtRisk: Number(item.dollarsAtRisk),
      appealDeadline: item.appealDeadline?.toISOString() ?? null,
      slaDueAt: d.data.slaDueAt,
    },
    escalation: { level: d.data.level, escalatedTo: d.data.escalatedTo },
    dashboardPath: `/dashboard/claims/${item.claimId}`,
  };
}
