// Bookkeeping rows for stored blobs (evidence_objects): retention deadline, deletion
// and last successful re-hash. Mutable by design; the ledger, not this table, is the record.
import type pg from 'pg';
import type { LedgerFile } from './ledger/tables.ts';

export interface ObjectRecord extends LedgerFile {
  kind: 'original' | 'derived';
  variant: string;
  derivedFrom: string | null;
}

/** Parameter types of one object's values (a VALUES list does not take them from the target columns). */
const VALUE_TYPES = ['text', 'text', 'text', 'bigint', 'text', 'text', 'text'] as const;

/**
 * Upsert object rows. retain_until = now + the organization's policy (or the default);
 * storing the same bytes again can only extend it, and un-deletes a blob that was re-stored.
 */
export async function recordObjects(
  client: pg.PoolClient,
  objects: readonly ObjectRecord[],
  organizationId: string,
  defaultMonths: number,
): Promise<void> {
  // One statement for all of a capture's files. A key may appear once per
  // statement (ON CONFLICT cannot touch a row twice): identical bytes are one object.
  const unique = [...new Map(objects.map((o) => [o.storageKey, o])).values()];
  if (unique.length === 0) return;
  const params: unknown[] = [organizationId, defaultMonths];
  const rows = unique.map((o) => {
    const at = params.length;
    params.push(o.storageKey, o.sha256, o.contentType, o.byteSize, o.kind, o.variant, o.derivedFrom);
    return `(${VALUE_TYPES.map((type, i) => `$${at + i + 1}::${type}`).join(', ')}, $1::text, retain)`;
  });
  await client.query(
    `WITH policy AS (
       SELECT now() + make_interval(months => COALESCE((SELECT retention_months FROM evidence_retention_policies WHERE organization_id = $1), $2::int)) AS retain
     )
     INSERT INTO evidence_objects (storage_key, sha256, content_type, byte_size, role, variant, derived_from, organization_id, retain_until)
     SELECT v.* FROM policy, LATERAL (VALUES ${rows.join(', ')}) AS v
     ON CONFLICT (storage_key) DO UPDATE SET
       retain_until = GREATEST(evidence_objects.retain_until, EXCLUDED.retain_until),
       deleted_at = NULL`,
    params,
  );
}

export interface ObjectRow {
  storageKey: string;
  sha256: string;
  role: string;
  variant: string | null;
  derivedFrom: string | null;
  organizationId: string;
  retainUntil: Date;
  lastVerifiedAt: Date | null;
  deletedAt: Date | null;
  contentType: string;
  byteSize: number;
}

export function toObjectRow(r: Record<string, unknown>): ObjectRow {
  return {
    storageKey: String(r.storage_key),
    sha256: String(r.sha256),
    role: String(r.role),
    variant: (r.variant as string | null) ?? null,
    derivedFrom: (r.derived_from as string | null) ?? null,
    organizationId: String(r.organization_id),
    retainUntil: r.retain_until as Date,
    lastVerifiedAt: (r.last_verified_at as Date | null) ?? null,
    deletedAt: (r.deleted_at as Date | null) ?? null,
    contentType: String(r.content_type),
    byteSize: Number(r.byte_size),
  };
}
