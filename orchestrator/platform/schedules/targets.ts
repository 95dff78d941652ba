// Which targets a scheduled sweep picks. Claim sweeps pick open claims (no
// final 277 category F*) that nobody has checked within maxAgeHours, oldest
// first, so a backlog larger than maxTargets drains over several firings.
import type { Db } from '../db/client.ts';
import type { ClaimSweepSelection, ScheduleSpec } from './validate.ts';
import { unmatchedWorklistRowsDue } from '../worklists/items.ts';

export type SweepTargets =
  /** worklistItemIds: worklist rows without a claim number yet (claim-status sweeps only). */
  | { kind: 'claims'; claimNumbers: string[]; worklistItemIds?: string[] }
  | { kind: 'date-range'; from: string; to: string }
  | { kind: 'providers'; npis: string[] };

const DAY_MS = 86_400_000;

export async function pickTargets(db: Db, schedule: ScheduleSpec, now: Date): Promise<SweepTargets> {
  switch (schedule.task) {
    case 'claim-status': {
      const sel = schedule.targetSelection as ClaimSweepSelection;
      const claimNumbers = await openClaimsDue(db, schedule.portal, sel, now);
      // Worklist rows whose claim no lookup has found yet are swept too, by member search.
      const cutoff = new Date(now.getTime() - sel.maxAgeHours * 3_600_000);
      const rows = sel.payers
        ? []
        : await unmatchedWorklistRowsDue(db, schedule.portal, cutoff, sel.maxTargets - claimNumbers.length);
      return { kind: 'claims', claimNumbers, ...(rows.length > 0 ? { worklistItemIds: rows } : {}) };
    }
    case 'denial-details':
      return {
        kind: 'claims',
        claimNumbers: await deniedClaimsDue(db, schedule.portal, schedule.targetSelection as ClaimSweepSelection, now),
      };
    case 'era-download':
      return {
        kind: 'date-range',
        ...(await eraRange(
          db,
          schedule.portal,
          (schedule.targetSelection as { maxLookbackDays: number }).maxLookbackDays,
          now,
          schedule.timezone,
        )),
      };
    case 'credentialing-status':
      return { kind: 'providers', npis: (schedule.targetSelection as { npis?: string[] }).npis ?? [] };
    default:
      return { kind: 'claims', claimNumbers: [] };
  }
}

export async function openClaimsDue(db: Db, portal: string, sel: ClaimSweepSelection, now: Date): Promise<string[]> {
  const cutoff = new Date(now.getTime() - sel.maxAgeHours * 3_600_000);
  const rows = await db.claim.findMany({
    where: {
      portalId: portal,
      ...(sel.payers ? { payerId: { in: sel.payers } } : {}),
      AND: [
        { OR: [{ statusCategory: null }, { NOT: { statusCategory: { startsWith: 'F' } } }] },
        { OR: [{ lastCheckedAt: null }, { lastCheckedAt: { lt: cutoff } }] },
      ],
    },
    orderBy: [{ lastCheckedAt: { sort: 'asc', nulls: 'first' } }, { claimNumber: 'asc' }],
    take: sel.maxTargets,
    select: { claimNumber: true },
  });
  return rows.map((r) => r.claimNumber);
}

/** Denied claims (F2) whose denial details were not fetched within maxAgeHours. */
export async function deniedClaimsDue(db: Db, portal: string, sel: ClaimSweepSelection, now: Date): Promise<string[]> {
  const cutoff = new Date(now.getTime() - sel.maxAgeHours * 3_600_000);
  const rows = await db.claim.findMany({
    where: {
      portalId: portal,
      statusCategory: 'F2',
      ...(sel.payers ? { payerId: { in: sel.payers } } : {}),
      results: { none: { task: 'denial-details', outcome: { not: 'failed' }, finishedAt: { gte: cutoff } } },
    },
    orderBy: { claimNumber: 'asc' },
    take: sel.maxTargets,
    select: { claimNumber: true },
  });
  return rows.map((r) => r.claimNumber);
}

/**
 * From the day of the last successful pull (inclusive, 835s can arrive late
 * that day) to today. Days are calendar days in the schedule's timezone: a
 * New York practice's 21:00 pull is still "today" there, not tomorrow in UTC.
 */
export async function eraRange(
  db: Db,
  portal: string,
  maxLookbackDays: number,
  now: Date,
  timeZone = 'UTC',
): Promise<{ from: string; to: string }> {
  const last = await db.taskResult.findFirst({
    where: { portalId: portal, task: 'era-download', outcome: { not: 'failed' } },
    orderBy: { finishedAt: 'desc' },
    select: { finishedAt: true },
  });
  const earliest = now.getTime() - maxLookbackDays * DAY_MS;
  const from = new Date(Math.max(last?.finishedAt.getTime() ?? earliest, earliest));
  return { from: calendarDay(from, timeZone), to: calendarDay(now, timeZone) };
}

/** YYYY-MM-DD of an instant in a timezone (en-CA formats dates that way). */
export function calendarDay(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
