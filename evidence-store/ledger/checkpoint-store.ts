// Persistence of signed checkpoints (one row per chain and size).
import type pg from 'pg';
import type { Checkpoint } from './checkpoint.ts';

export async function insertCheckpoint(q: pg.Pool | pg.PoolClient, cp: Checkpoint): Promise<void> {
  await q.query(
    `INSERT INTO evidence_checkpoints (chain, size, head_hash, signature, public_key, key_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (chain, size) DO NOTHING`,
    [cp.chain, cp.size, cp.headHash, cp.signature, cp.publicKey, cp.keyId, cp.time],
  );
}

export async function listCheckpoints(q: pg.Pool | pg.PoolClient, chain: string): Promise<Checkpoint[]> {
  const res = await q.query(`SELECT * FROM evidence_checkpoints WHERE chain = $1 ORDER BY size`, [chain]);
  return res.rows.map((r: Record<string, unknown>) => ({
    chain: String(r.chain),
    size: Number(r.size),
    headHash: String(r.head_hash),
    time: (r.created_at as Date).toISOString(),
    keyId: String(r.key_id),
    publicKey: String(r.public_key),
    signature: String(r.signature),
  }));
}

/** The earliest checkpoint that covers `seq`: from then on, the entry's hash is vouched for by a signature. */
export function firstCovering(cps: readonly Checkpoint[], seq: number): Checkpoint | null {
  return cps.find((c) => c.size >= seq) ?? null;
}
