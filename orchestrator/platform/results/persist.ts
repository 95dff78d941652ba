// Persists one job's outcome. Idempotent by job id: a job that BullMQ hands
// out twice (stalled, retried after a crash) updates its one row.
import type { Db } from '../db/client.ts';
import type { ResultMessageV1 } from './contract.ts';

export interface ClaimUpdate {
  claimId: string;
  payerId?: string | null;
  statusCategory?: string | null;
  billedAmount?: number | null;
  serviceDate?: string | null;
}

/**
 * Only a found result sets work in motion (denial work items, 835 parsing):
 * it stays unprocessed until markResultProcessed(); any other is processed
 * once recorded.
 */
export const hasFollowUp = (message: ResultMessageV1): boolean => message.outcome === 'found';

export async function persistResult(
  db: Db,
  message: ResultMessageV1,
  opts: { attempts: number; claim?: ClaimUpdate },
): Promise<string> {
  const errorFields = {
    errorClass: message.error?.class ?? null,
    errorMessage: message.error?.message ?? null,
  };
  const fields = {
    outcome: message.outcome,
    ...errorFields,
    data: message.data as object,
    payerId: message.payer,
    botVersion: message.botVersion,
    attempts: opts.attempts,
    startedAt: new Date(message.startedAt),
    finishedAt: new Date(message.finishedAt),
    // A redelivered found result is processed again (idempotently) before it counts as done.
    processedAt: hasFollowUp(message) ? null : new Date(),
  };
  return db.$transaction(async (tx) => {
    const row = await tx.taskResult.upsert({
      where: { jobId: message.jobId },
      create: {
        jobId: message.jobId,
        runId: message.runId,
        portalId: message.portal,
        task: message.task,
        target: message.target as object,
        claimId: opts.claim?.claimId ?? null,
        ...fields,
      },
      update: fields,
      select: { id: true },
    });
    const evidenceIds = message.evidence.map((e) => e.id);
    if (evidenceIds.length > 0) {
      await tx.evidence.updateMany({ where: { id: { in: evidenceIds } }, data: { taskResultId: row.id } });
    }
    // Only a status check makes a claim "checked" (the sweeps pick stale ones by it).
    if (opts.claim && message.outcome !== 'failed' && message.task === 'claim-status') {
      const c = opts.claim;
      await tx.claim.update({
        where: { id: c.claimId },
        data: {
          lastCheckedAt: new Date(message.finishedAt),
          ...(c.statusCategory !== undefined ? { statusCategory: c.statusCategory } : {}),
          ...(c.payerId ? { payerId: c.payerId } : {}),
          ...(c.billedAmount != null ? { billedAmount: c.billedAmount.toFixed(2) } : {}),
          ...(c.serviceDate ? { serviceDate: new Date(`${c.serviceDate}T00:00:00Z`) } : {}),
        },
      });
    }
    return row.id;
  });
}

/** Records that a found result's follow-up work is done: `run --wait` and the demo wait for this, not for the row. */
export async function markResultProcessed(db: Db, resultId: string): Promise<void> {
  await db.taskResult.update({ where: { id: resultId }, data: { processedAt: new Date() }, select: { id: true } });
}
