// Retention and legal hold. Expired blobs are deleted with a 'delete' ledger entry so
// the chain stays verifiable and verify() reports the gap as expected; anything
// under an active legal hold (by claim or by blob) is never deleted.
import { randomUUID } from 'node:crypto';
import { BlobLockedError } from './blob/backend.ts';
import { appendChained, LEDGER, type LedgerBody } from './ledger/tables.ts';
import { withTx } from './ledger/db.ts';
import { requireDb, type StoreContext } from './context.ts';

export async function setRetentionPolicy(
  ctx: StoreContext,
  organizationId: string,
  retentionMonths: number,
): Promise<void> {
  if (!Number.isInteger(retentionMonths) || retentionMonths <= 0)
    throw new RangeError('retentionMonths must be a positive integer');
  const db = requireDb(ctx, 'retention');
  await db.pool.query(
    `INSERT INTO evidence_retention_policies (organization_id, retention_months, updated_at) VALUES ($1, $2, now())
     ON CONFLICT (organization_id) DO UPDATE SET retention_months = EXCLUDED.retention_months, updated_at = now()`,
    [organizationId, retentionMonths],
  );
}

export interface LegalHoldInput {
  claimRef?: string;
  storageKey?: string;
  organizationId?: string;
  reason: string;
  placedBy: string;
}

/** Keys an active hold covers: the blob itself, or every blob chained under the claim. */
async function keysForHold(
  ctx: StoreContext,
  h: { claimRef?: string | null; storageKey?: string | null },
): Promise<string[]> {
  const db = requireDb(ctx, 'legal hold');
  if (h.storageKey) return [h.storageKey];
  const res = await db.pool.query<{ k: string }>(
    `SELECT DISTINCT f->>'storageKey' AS k FROM evidence_ledger e, jsonb_array_elements(e.files) f WHERE e.claim_ref = $1`,
    [h.claimRef],
  );
  return res.rows.map((r) => r.k);
}

export async function placeLegalHold(ctx: StoreContext, input: LegalHoldInput): Promise<string> {
  if (!input.claimRef === !input.storageKey)
    throw new Error('a legal hold names exactly one of claimRef or storageKey');
  const db = requireDb(ctx, 'legal hold');
  const id = randomUUID();
  const org = input.organizationId ?? ctx.cfg.defaultOrganizationId;
  await withTx(db, async (client) => {
    await client.query(
      `INSERT INTO evidence_legal_holds (id, organization_id, claim_ref, storage_key, reason, placed_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, now())`,
      [id, org, input.claimRef ?? null, input.storageKey ?? null, input.reason, input.placedBy],
    );
    await appendChained(
      client,
      LEDGER,
      (createdAt): LedgerBody => ({
        kind: 'hold',
        sha256: null,
        storageKey: input.storageKey ?? null,
        files: [],
        claimRef: input.claimRef ?? null,
        runId: null,
        jobId: null,
        organizationId: org,
        details: { holdId: id, reason: input.reason, placedBy: input.placedBy },
        createdAt,
      }),
    );
  });
  // Mirror into the backend (object-lock legal hold on S3) so even a direct delete is refused.
  for (const k of await keysForHold(ctx, input)) await ctx.backend.setLegalHold(k, true);
  return id;
}

export async function releaseLegalHold(ctx: StoreContext, holdId: string, releasedBy: string): Promise<void> {
  const db = requireDb(ctx, 'legal hold');
  const hold = await withTx(db, async (client) => {
    const res = await client.query(
      `UPDATE evidence_legal_holds SET released_at = now() WHERE id = $1 AND released_at IS NULL RETURNING *`,
      [holdId],
    );
    const h = res.rows[0] as
      | { claim_ref: string | null; storage_key: string | null; organization_id: string }
      | undefined;
    if (!h) throw new Error(`no active legal hold ${holdId}`);
    await appendChained(
      client,
      LEDGER,
      (createdAt): LedgerBody => ({
        kind: 'release',
        sha256: null,
        storageKey: h.storage_key,
        files: [],
        claimRef: h.claim_ref,
        runId: null,
        jobId: null,
        organizationId: h.organization_id,
        details: { holdId, releasedBy },
        createdAt,
      }),
    );
    return h;
  });
  const stillHeld = new Set(await heldKeys(ctx));
  for (const k of await keysForHold(ctx, { claimRef: hold.claim_ref, storageKey: hold.storage_key })) {
    if (!stillHeld.has(k)) await ctx.backend.setLegalHold(k, false);
  }
}

async function heldKeys(ctx: StoreContext): Promise<string[]> {
  const db = requireDb(ctx, 'legal hold');
  const res = await db.pool.query<{ claim_ref: string | null; storage_key: string | null }>(
    `SELECT claim_ref, storage_key FROM evidence_legal_holds WHERE released_at IS NULL`,
  );
  const out: string[] = [];
  for (const h of res.rows) out.push(...(await keysForHold(ctx, { claimRef: h.claim_ref, storageKey: h.storage_key })));
  return out;
}

export interface RetentionResult {
  deleted: Array<{ storageKey: string; sha256: string; seq: number }>;
  held: Array<{ storageKey: string }>;
}

export async function applyRetention(ctx: StoreContext, now: Date = new Date()): Promise<RetentionResult> {
  const db = requireDb(ctx, 'retention');
  // A blob is held when an active hold names it, names the original it was derived from, or names a
  // claim whose ledger entries list it. Organization must match so claim numbers can't collide across tenants.
  const res = await db.pool.query<{
    storage_key: string;
    sha256: string;
    organization_id: string;
    retain_until: Date;
    held: boolean;
  }>(
    `SELECT o.storage_key, o.sha256, o.organization_id, o.retain_until,
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
  const out: RetentionResult = { deleted: [], held: [] };
  for (const o of res.rows) {
    if (o.held) {
      out.held.push({ storageKey: o.storage_key });
      continue;
    }
    // Record first, delete second: a crash in between leaves a stray blob (harmless), never an unexplained gap.
    const row = await withTx(db, async (client) => {
      const upd = await client.query(
        `UPDATE evidence_objects SET deleted_at = $2 WHERE storage_key = $1 AND deleted_at IS NULL`,
        [o.storage_key, now],
      );
      if (upd.rowCount === 0) return null; // another process got there first
      return appendChained(
        client,
        LEDGER,
        (createdAt): LedgerBody => ({
          kind: 'delete',
          sha256: o.sha256,
          storageKey: o.storage_key,
          files: [],
          claimRef: null,
          runId: null,
          jobId: null,
          organizationId: o.organization_id,
          details: { reason: 'retention', retainUntil: o.retain_until.toISOString() },
          createdAt,
        }),
      );
    });
    if (!row) continue;
    try {
      await ctx.backend.delete(o.storage_key, { now });
    } catch (err) {
      if (!(err instanceof BlobLockedError)) throw err;
      ctx.log.warn({ storageKey: o.storage_key, reason: err.reason }, 'backend refused retention delete; blob kept');
    }
    out.deleted.push({ storageKey: o.storage_key, sha256: o.sha256, seq: row.seq });
  }
  ctx.log.info({ deleted: out.deleted.length, held: out.held.length }, 'retention applied');
  return out;
}
