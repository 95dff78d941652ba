// What must hold after a sweep survived a fault: every claim has exactly one
// result row equal to the portal's ground truth, the results queue carries
// one message per job, every evidence row has its file (same hash), and every
// capture the evidence ledger recorded for the run's jobs has its row.
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import type { EvidenceStore } from '../../evidence-store/index.ts';
import { createPool } from '../../orchestrator/platform/db/connection.ts';
import { runResults } from '../../orchestrator/platform/runs/wait.ts';
import type { Harness } from './harness.ts';

export interface TruthClaim {
  claimNumber: string;
  expected: unknown;
}

export interface SweepReport {
  results: number;
  evidenceRows: number;
  ledgerCaptures: number;
  /** Blobs on disk that no ledger entry records: writes a fault cut short before they were recorded. */
  unrecordedBlobs: string[];
}

export async function checkSweep(
  h: Harness,
  runId: string,
  claims: TruthClaim[],
  store: EvidenceStore = h.evidence,
  portal = 'availity',
): Promise<SweepReport> {
  // Exactly one result row per claim, none extra, each equal to ground truth.
  const rows = await runResults(h.db, runId);
  expect(await h.db.taskResult.count({ where: { runId } })).toBe(claims.length);
  expect(new Set(rows.map((r) => r.jobId)).size).toBe(claims.length);
  const byClaim = new Map(rows.map((r) => [r.claimNumber, r]));
  for (const truth of claims) {
    const row = byClaim.get(truth.claimNumber);
    expect(row?.outcome, truth.claimNumber).toBe('found');
    expect(row?.data, truth.claimNumber).toEqual(truth.expected);
  }

  // Every job of the run finished as completed (a row can exist while its job
  // still waits to publish after an infrastructure retry).
  const queue = h.queues.queueFor(portal);
  await expect
    .poll(
      async () =>
        (await Promise.all(rows.map(async (r) => (await queue.getJob(r.jobId))?.finishedOn ?? 0))).every((t) => t > 0),
      { timeout: 60_000, interval: 250 },
    )
    .toBe(true);
  for (const r of rows) expect(await (await queue.getJob(r.jobId))?.getState(), r.jobId).toBe('completed');

  // One published message per job (the job id is the message's id).
  const published = await h.results.getJobs(['waiting', 'completed', 'active', 'delayed', 'failed']);
  const mine = published.filter((j) => (j.data as { runId?: string }).runId === runId);
  expect(mine.map((j) => j.id).sort()).toEqual(rows.map((r) => r.jobId).sort());

  // Evidence row -> file, byte for byte.
  await store.whenIdle();
  const evidence = await h.db.evidence.findMany({ where: { runId } });
  for (const e of evidence) {
    const bytes = await store.backend.get(e.storageKey);
    expect(createHash('sha256').update(bytes).digest('hex'), e.storageKey).toBe(e.sha256);
  }
  const rowKeys = new Set(evidence.map((e) => `${e.jobId} ${e.storageKey}`));
  for (const r of rows)
    expect(evidence.filter((e) => e.jobId === r.jobId).length, `evidence of ${r.claimNumber}`).toBeGreaterThanOrEqual(
      1,
    );

  // Recorded capture -> evidence row.
  let ledgerCaptures = 0;
  for (const truth of claims) {
    for (const c of await store.listCaptures(truth.claimNumber)) {
      if (c.manifest.runId !== runId) continue;
      ledgerCaptures++;
      expect(
        rowKeys.has(`${c.manifest.jobId} ${c.storageKey}`),
        `ledger capture ${c.storageKey} of ${truth.claimNumber} has no evidence row`,
      ).toBe(true);
    }
  }

  // Files on disk that the ledger never recorded.
  const pool = createPool(h.config.databaseUrl, 1);
  let recorded: Set<string>;
  try {
    const res = await pool.query<{ storage_key: string }>('SELECT storage_key FROM evidence_objects');
    recorded = new Set(res.rows.map((r) => r.storage_key));
  } finally {
    await pool.end();
  }
  const unrecordedBlobs: string[] = [];
  for await (const key of store.backend.list()) if (!recorded.has(key)) unrecordedBlobs.push(key);
  for (const e of evidence) expect(unrecordedBlobs).not.toContain(e.storageKey);

  return { results: rows.length, evidenceRows: evidence.length, ledgerCaptures, unrecordedBlobs };
}
