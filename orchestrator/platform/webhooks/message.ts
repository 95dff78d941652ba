// Rebuilds the v1 result message from PostgreSQL, the system of record, so a
// webhook job in Redis needs only the result's job id (no result data, no
// PHI in the queue) and a re-delivery days later sends what is stored now.
import { ERROR_POLICY, type ErrorClass } from '../../../bots/index.ts';
import type { Db } from '../db/client.ts';
import { ResultMessageV1 } from '../results/contract.ts';

export async function loadResultMessage(db: Db, jobId: string): Promise<ResultMessageV1 | undefined> {
  const r = await db.taskResult.findUnique({
    where: { jobId },
    include: {
      evidence: { select: { id: true, sha256: true, url: true, capturedAt: true }, orderBy: { capturedAt: 'asc' } },
    },
  });
  if (!r) return undefined;
  const cls = r.errorClass as ErrorClass | null;
  return ResultMessageV1.parse({
    schemaVersion: 1,
    runId: r.runId,
    jobId: r.jobId,
    portal: r.portalId,
    payer: r.payerId,
    task: r.task,
    target: r.target,
    outcome: r.outcome,
    ...(cls
      ? { error: { class: cls, message: r.errorMessage ?? '', retryable: ERROR_POLICY[cls]?.retryable ?? false } }
      : {}),
    data: r.data ?? {},
    evidence: r.evidence.map((e) => ({
      id: e.id,
      sha256: e.sha256,
      url: e.url,
      capturedAt: e.capturedAt.toISOString(),
    })),
    botVersion: r.botVersion,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt.toISOString(),
  });
}
