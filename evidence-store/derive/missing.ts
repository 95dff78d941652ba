// Captures whose derived copies were never made. Derivation runs after the
// capture is durable and in a pause between captures, so a process that dies
// (SIGKILL, OOM, host loss) takes its queued derivations with it: the
// originals and their chain entries are intact, only the convenience copies
// (WebP, thumbnail, annotated) are missing. This finds those captures so they
// can be derived again. A capture's copies are matched by its manifest hash,
// which every 'derived' entry made for a capture records.
import type pg from 'pg';
import type { LedgerFile } from '../ledger/tables.ts';

export interface CaptureMissingCopies {
  seq: number;
  organizationId: string;
  manifestSha256: string;
  manifestStorageKey: string;
}

export interface MissingCopiesQuery {
  /** Captures chained at or after this instant. */
  since: Date;
  /** ...and before this one: younger captures may still be waiting in a live worker's queue. */
  before: Date;
  limit: number;
}

export async function capturesMissingCopies(pool: pg.Pool, q: MissingCopiesQuery): Promise<CaptureMissingCopies[]> {
  const res = await pool.query<{ seq: string; organization_id: string; manifest_sha256: string; files: LedgerFile[] }>(
    `SELECT c.seq, c.organization_id, c.details->>'manifestSha256' AS manifest_sha256, c.files
       FROM evidence_ledger c
      WHERE c.kind = 'capture' AND c.created_at >= $1 AND c.created_at < $2
        -- An original that retention deleted has nothing left to derive from.
        AND NOT EXISTS (SELECT 1 FROM evidence_objects o WHERE o.storage_key = c.storage_key AND o.deleted_at IS NOT NULL)
        AND NOT EXISTS (
          SELECT 1 FROM evidence_ledger d
           WHERE d.kind = 'derived' AND d.sha256 = c.sha256
             AND d.details->>'manifestSha256' = c.details->>'manifestSha256')
      ORDER BY c.seq
      LIMIT $3`,
    [q.since, q.before, q.limit],
  );
  const out: CaptureMissingCopies[] = [];
  for (const r of res.rows) {
    const manifest = r.files.find((f) => f.role === 'manifest');
    if (!manifest || !r.manifest_sha256) continue;
    out.push({
      seq: Number(r.seq),
      organizationId: r.organization_id,
      manifestSha256: r.manifest_sha256,
      manifestStorageKey: manifest.storageKey,
    });
  }
  return out;
}
