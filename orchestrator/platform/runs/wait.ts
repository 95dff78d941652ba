// Waiting for a run reads PostgreSQL, the system of record, rather than queue
// events: a result that is in the database is a result the user can rely on.
// A run is done when every result is processed, not merely recorded: a found
// result's denial work items and parsed 835s are written after its row.
import type { Db } from '../db/client.ts';

export interface RunResultRow {
  jobId: string;
  claimNumber: string | null;
  /** The practice's account number of the worklist row (or of the claim) the result answers. */
  patientControlNumber: string | null;
  payerId: string | null;
  outcome: string;
  errorClass: string | null;
  errorMessage: string | null;
  data: unknown;
  /** What the lookup was asked (claim ids are not shown; a provider NPI, an ERA date range). */
  target: unknown;
  /** Evidence of the lookup that produced the result (for a joined row: of the lookup it joined). */
  evidenceIds: string[];
  evidenceCount: number;
  /** Set when this run joined an identical lookup of another run inside the dedup window. */
  joinedJobId: string | null;
  finishedAt: Date;
}

export async function runResults(db: Db, runId: string): Promise<RunResultRow[]> {
  const rows = await db.taskResult.findMany({
    where: { runId },
    orderBy: { finishedAt: 'asc' },
    include: { claim: { select: { claimNumber: true, patientControlNumber: true } } },
  });
  // Evidence rows belong to the job that ran; a joined copy shows that job's.
  const pcnOf = (target: unknown): string | null => {
    const p = (target as { patientControlNumber?: unknown } | null)?.patientControlNumber;
    return typeof p === 'string' ? p : null;
  };
  const joinedOf = (target: unknown): string | null => {
    const j = (target as { joinedJobId?: unknown } | null)?.joinedJobId;
    return typeof j === 'string' ? j : null;
  };
  const jobIds = rows.map((r) => joinedOf(r.target) ?? r.jobId);
  const evidence = await db.evidence.findMany({
    where: { jobId: { in: jobIds } },
    orderBy: { capturedAt: 'asc' },
    select: { id: true, jobId: true },
  });
  const byJob = new Map<string, string[]>();
  for (const e of evidence) byJob.set(e.jobId, [...(byJob.get(e.jobId) ?? []), e.id]);
  return rows.map((r, i) => {
    const ids = byJob.get(jobIds[i]!) ?? [];
    return {
      jobId: r.jobId,
      claimNumber: r.claim?.claimNumber ?? null,
      patientControlNumber: pcnOf(r.target) ?? r.claim?.patientControlNumber ?? null,
      payerId: r.payerId,
      outcome: r.outcome,
      errorClass: r.errorClass,
      errorMessage: r.errorMessage,
      data: r.data,
      target: r.target,
      evidenceIds: ids,
      evidenceCount: ids.length,
      joinedJobId: joinedOf(r.target),
      finishedAt: r.finishedAt,
    };
  });
}

export async function waitForRun(
  db: Db,
  runId: string,
  expected: number,
  opts: { timeoutMs: number; onProgress?: (done: number, total: number) => void; signal?: AbortSignal },
): Promise<RunResultRow[]> {
  const deadline = Date.now() + opts.timeoutMs;
  let last = -1;
  for (;;) {
    const done = await db.taskResult.count({ where: { runId, processedAt: { not: null } } });
    if (done !== last) opts.onProgress?.(done, expected);
    last = done;
    if (done >= expected) return runResults(db, runId);
    if (Date.now() > deadline) {
      const recorded = await db.taskResult.count({ where: { runId } });
      const pending = recorded > done ? ` (${recorded - done} more recorded, their follow-up work not done yet)` : '';
      throw new Error(
        `Timed out after ${Math.round(opts.timeoutMs / 1000)} s with ${done} of ${expected} results${pending}`,
      );
    }
    if (opts.signal?.aborted) throw new Error('Cancelled');
    await new Promise((r) => setTimeout(r, 250));
  }
}
