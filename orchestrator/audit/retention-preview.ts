// `evidence retention apply --dry-run`: what applyRetention would delete now, and
// what a legal hold keeps. The store has no dry-run of its own, so this mirrors its
// selection (evidence-store/retention.ts applyRetention) read-only; keep the two in step.
import type pg from 'pg';

export interface RetentionPreview {
  wouldDelete: Array<{ storageKey: string; sha256: string; retainUntil: string }>;
  held: Array<{ storageKey: string; retainUntil: string }>;
}

/** `pool` must resolve the evidence tables (a createPool pool: search_path = the URL's schema). */
export async function previewRetention(pool: pg.Pool, now: Date = new Date()): Promise<RetentionPreview> {
  const { rows } = await pool.query<{ storage_key: string; sha256: string; retain_until: Date; held: boolean }>(
    `
    SELECT o.storage_key, o.sha256, o.retain_until,
      EXISTS (
        SELECT 1 FROM evidence_legal_holds h
        WHERE h.released_at IS NULL AND h.organization_id = o.organization_id AND (
          h.storage_key = o.storage_key
          OR h.storage_key IN (SELECT p.storage_key FROM evidence_objects p WHERE p.sha256 = o.derived_from)
          OR (h.claim_ref IS NOT NULL AND EXISTS (
            SELECT 1 FROM evidence_ledger e
            WHERE e.claim_ref = h.claim_ref AND e.files @> jsonb_build_array(jsonb_build_object('storageKey', o.storage_key))))
        )) AS held
    FROM evidence_objects o
    WHERE o.deleted_at IS NULL AND o.retain_until <= $1
    ORDER BY o.retain_until, o.storage_key`,
    [now],
  );
  const out: RetentionPreview = { wouldDelete: [], held: [] };
  for (const r of rows) {
    if (r.held) out.held.push({ storageKey: r.storage_key, retainUntil: r.retain_until.toISOString() });
    else
      out.wouldDelete.push({ storageKey: r.storage_key, sha256: r.sha256, retainUntil: r.retain_until.toISOString() });
  }
  return out;
}
