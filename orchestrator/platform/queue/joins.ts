// Deduplicated submissions. When run B submits a claim that an earlier run A
// already has queued or running (same portal, task and claim, inside the
// dedup window), B does not get a job of its own: it *joins* A's job. The
// run_jobs table records which job carries each (run, claim). When the job
// finishes, its result row is copied for every joined run, with job_id
// "<jobId>@<runId>" (task_results.job_id is unique) and target.joinedJobId
// naming the job that actually ran, so every run still sees one result per
// claim. Evidence stays linked to the original result row only.
import type { Db } from '../db/client.ts';

export function joinedResultJobId(jobId: string, runId: string): string {
  return `${jobId}@${runId}`;
}

/**
 * Copies the result of `jobId` to every run that joined it. Idempotent (upsert
 * on the derived job id); called by the worker when a job ends and by submit
 * when it joins a job that has already ended, so neither ordering loses a copy.
 */
export async function propagateJoinedResults(db: Db, jobId: string): Promise<number> {
  const result = await db.taskResult.findUnique({ where: { jobId } });
  if (!result) return 0;
  const joins = await db.runJob.findMany({ where: { jobId, joined: true } });
  for (const j of joins) {
    if (j.runId === result.runId) continue;
    const fields = {
      outcome: result.outcome,
      errorClass: result.errorClass,
      errorMessage: result.errorMessage,
      data: (result.data ?? {}) as object,
      payerId: result.payerId,
      botVersion: result.botVersion,
      attempts: result.attempts,
      startedAt: result.startedAt,
      finishedAt: result.finishedAt,
      // Copied again once the job's follow-up is done (the worker copies after processing).
      processedAt: result.processedAt,
    };
    await db.taskResult.upsert({
      where: { jobId: joinedResultJobId(jobId, j.runId) },
      create: {
        jobId: joinedResultJobId(jobId, j.runId),
        runId: j.runId,
        portalId: result.portalId,
        task: result.task,
        target: { ...(result.target as Record<string, unknown>), joinedJobId: jobId },
        claimId: result.claimId,
        ...fields,
      },
      update: fields,
    });
  }
  return joins.length;
}
