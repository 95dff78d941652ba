// The access log: every read and export of evidence, hash-chained like the ledger so
// an auditor can show nobody quietly removed a line about who looked at what.
import type pg from 'pg';
import { ACCESS, appendChained, readChain, type AccessBody } from './ledger/tables.ts';
import type { ChainRow } from './ledger/chain.ts';
import { withTx } from './ledger/db.ts';
import { requireDb, type AccessContext, type StoreContext } from './context.ts';

export interface AccessRecord {
  action: AccessBody['action'];
  outcome: AccessBody['outcome'];
  storageKey?: string | null;
  sha256?: string | null;
  details?: Record<string, unknown>;
}

export async function recordAccess(
  ctx: StoreContext,
  who: AccessContext | undefined,
  rec: AccessRecord,
): Promise<ChainRow<AccessBody> | null> {
  if (!ctx.db) return null; // blob-only mode keeps no logs
  return withTx(ctx.db, (client) =>
    appendChained(client, ACCESS, (createdAt) => ({
      actor: who?.actor ?? ctx.cfg.defaultActor,
      action: rec.action,
      reason: who?.reason ?? 'unspecified',
      outcome: rec.outcome,
      storageKey: rec.storageKey ?? null,
      sha256: rec.sha256 ?? null,
      claimRef: who?.claimRef ?? null,
      details: rec.details ?? {},
      createdAt,
    })),
  );
}

export interface AccessQuery {
  storageKey?: string;
  claimRef?: string;
  actor?: string;
}

/** Access log rows, oldest first, optionally filtered. */
export async function listAccess(ctx: StoreContext, q: AccessQuery = {}): Promise<Array<AccessBody & { seq: number }>> {
  const db = requireDb(ctx, 'the access log');
  const conds: string[] = [];
  const params: unknown[] = [];
  const add = (col: string, v: string | undefined): void => {
    if (v === undefined) return;
    params.push(v);
    conds.push(`${col} = $${params.length + 2}`);
  };
  add('storage_key', q.storageKey);
  add('claim_ref', q.claimRef);
  add('actor', q.actor);
  const rows = await readChain(db.pool as pg.Pool, ACCESS, {
    where: conds.length ? conds.join(' AND ') : undefined,
    params,
  });
  return rows.map((r) => ({ ...r.body, seq: r.seq }));
}
