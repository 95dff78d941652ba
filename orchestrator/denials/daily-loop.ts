// The work queue's daily loop: what a billing team would otherwise do by hand
// each morning. It escalates items past their SLA to the team lead, re-scores
// open items (urgency rises as appeal deadlines approach), and queues the
// follow-up lookups that are due: a claim-status re-check (and denial details
// where the portal has them) for every open item whose followUpAt has come,
// appealed and corrected claims included. When the re-check finds the claim
// paid, ingest resolves the item (overturned for an appeal) with no one
// touching it. The loop takes its clock from the caller so tests can travel
// in time; it runs on one orchestrator per slot (daily-service.ts).
import type { Db } from '../platform/db/client.ts';
import { type Escalation, escalateOverdue, rescoreOpenItems } from './actions.ts';
import { awaitingDecision } from './appeal-results.ts';
import { APPEAL_STATUS_TASK } from './appeals.ts';
import { addDays } from './calendar.ts';
import { OPEN_STATES } from './states.ts';

/** After a follow-up lookup is queued, the next one comes this many days later unless the item moves. */
export const RECHECK_DAYS = 7;
export const FOLLOW_UP_TASKS = ['claim-status', 'denial-details'] as const;
export type FollowUpTask = (typeof FOLLOW_UP_TASKS)[number];
/** Besides the re-checks: items appealed through a portal get their reconsideration's status read. */
export type LoopTask = FollowUpTask | typeof APPEAL_STATUS_TASK;
const ACTOR = 'system:daily';

/** How the loop queues lookups: the platform's one submit path, given by the caller. */
export interface FollowUpSubmitter {
  supports(portal: string, task: LoopTask): boolean;
  submit(portal: string, task: LoopTask, claimNumbers: string[]): Promise<{ runId: string }>;
}

export interface FollowUpQueued {
  portal: string;
  task: LoopTask;
  runId: string;
  itemIds: string[];
  claimNumbers: string[];
}

export interface DailyLoopReport {
  at: string;
  escalations: (Escalation & { team: string; claimNumber: string | null })[];
  rescored: number;
  followUps: FollowUpQueued[];
  /** Items whose follow-up could not be queued (no claim row, or a portal without claim-status). */
  skipped: { itemId: string; reason: string }[];
}

export async function runDailyLoop(db: Db, submitter: FollowUpSubmitter, now: Date): Promise<DailyLoopReport> {
  const escalated = await escalateOverdue(db, now);
  const rescored = await rescoreOpenItems(db, now);

  const due = await db.denialWorkItem.findMany({
    where: { state: { in: [...OPEN_STATES] }, followUpAt: { lte: now } },
    orderBy: { followUpAt: 'asc' },
  });
  const escalatedRows = new Map(
    (
      await db.denialWorkItem.findMany({
        where: { id: { in: escalated.map((e) => e.itemId) } },
        select: { id: true, team: true, claimId: true },
      })
    ).map((r) => [r.id, r]),
  );
  const claimIds = [...new Set([...due, ...escalatedRows.values()].map((i) => i.claimId))];
  const claims = new Map(
    (
      await db.claim.findMany({
        where: { id: { in: claimIds } },
        select: { id: true, claimNumber: true, portalId: true },
      })
    ).map((c) => [c.id, c]),
  );

  const skipped: DailyLoopReport['skipped'] = [];
  const byPortal = new Map<string, typeof due>();
  for (const item of due) {
    const claim = claims.get(item.claimId);
    if (!claim) skipped.push({ itemId: item.id, reason: 'claim row missing' });
    else if (!submitter.supports(claim.portalId, 'claim-status'))
      skipped.push({ itemId: item.id, reason: `portal ${claim.portalId} has no claim-status task` });
    else byPortal.set(claim.portalId, [...(byPortal.get(claim.portalId) ?? []), item]);
  }

  const followUps: FollowUpQueued[] = [];
  for (const [portal, items] of [...byPortal].sort(([a], [b]) => a.localeCompare(b))) {
    const claimNumbers = items.map((i) => claims.get(i.claimId)!.claimNumber);
    for (const task of FOLLOW_UP_TASKS) {
      if (!submitter.supports(portal, task)) continue;
      const { runId } = await submitter.submit(portal, task, claimNumbers);
      followUps.push({ portal, task, runId, itemIds: items.map((i) => i.id), claimNumbers });
    }
    const tracked = await awaitingDecision(
      db,
      items.map((i) => i.claimId),
    );
    const appealed = items.filter((i) => i.state === 'appealed' && tracked.has(i.claimId));
    if (appealed.length > 0 && submitter.supports(portal, APPEAL_STATUS_TASK)) {
      const numbers = appealed.map((i) => claims.get(i.claimId)!.claimNumber);
      const { runId } = await submitter.submit(portal, APPEAL_STATUS_TASK, numbers);
      followUps.push({
        portal,
        task: APPEAL_STATUS_TASK,
        runId,
        itemIds: appealed.map((i) => i.id),
        claimNumbers: numbers,
      });
    }
    const queued = followUps.filter((f) => f.portal === portal);
    const next = addDays(now, RECHECK_DAYS);
    for (const item of items) {
      const runs = queued.filter((f) => f.itemIds.includes(item.id)).map((f) => ({ task: f.task, runId: f.runId }));
      // Only this loop moves followUpAt forward; a person acting meanwhile bumps the version and wins.
      await db.$transaction(async (tx) => {
        const n = await tx.denialWorkItem.updateMany({
          where: { id: item.id, version: item.version },
          data: { followUpAt: next, version: { increment: 1 } },
        });
        if (n.count === 0) return;
        await tx.denialWorkEvent.create({
          data: {
            workItemId: item.id,
            kind: 'follow_up',
            actor: ACTOR,
            fromState: item.state,
            toState: item.state,
            at: now,
            note: `follow-up due ${item.followUpAt!.toISOString().slice(0, 10)}: queued ${runs.map((r) => r.task).join(' and ')} on ${portal}; next re-check ${next.toISOString().slice(0, 10)}`,
            details: { runs, nextFollowUpAt: next.toISOString() },
          },
        });
      });
    }
  }

  return {
    at: now.toISOString(),
    escalations: escalated.map((e) => {
      const row = escalatedRows.get(e.itemId);
      return {
        ...e,
        team: row?.team ?? 'unknown',
        claimNumber: (row && claims.get(row.claimId)?.claimNumber) ?? null,
      };
    }),
    rescored,
    followUps,
    skipped,
  };
}
