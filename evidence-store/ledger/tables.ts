// The two hash-chained tables (evidence ledger, access log) and the generic append /
// read over them. Appends take the chain's head row FOR UPDATE inside the caller's
// transaction: that serializes writers across processes and hosts, and because the
// head row lives in the same schema as the chain, schemas never contend with each other.
import type pg from 'pg';
import { ZERO_HASH } from '../canonical.ts';
import { bodyHashOf, linkHashOf, type ChainRow } from './chain.ts';

export interface LedgerFile {
  role: string;
  sha256: string;
  storageKey: string;
  byteSize: number;
  contentType: string;
}

export type LedgerKind = 'capture' | 'file' | 'derived' | 'delete' | 'hold' | 'release' | 'checkpoint' | 'timestamp';

export interface LedgerBody {
  kind: LedgerKind;
  sha256: string | null;
  storageKey: string | null;
  files: LedgerFile[];
  claimRef: string | null;
  runId: string | null;
  jobId: string | null;
  organizationId: string;
  details: Record<string, unknown>;
  createdAt: string;
}

export interface AccessBody {
  actor: string;
  action: 'read' | 'export' | 'packet';
  reason: string;
  outcome: 'ok' | 'integrity_error' | 'not_found' | 'error';
  storageKey: string | null;
  sha256: string | null;
  claimRef: string | null;
  details: Record<string, unknown>;
  createdAt: string;
}

export interface TableSpec<B> {
  chain: string;
  table: string;
  /** [db column, body field, is json] in insert order. */
  columns: ReadonlyArray<readonly [string, keyof B & string, boolean]>;
}

export const LEDGER: TableSpec<LedgerBody> = {
  chain: 'ledger',
  table: 'evidence_ledger',
  columns: [
    ['kind', 'kind', false],
    ['sha256', 'sha256', false],
    ['storage_key', 'storageKey', false],
    ['files', 'files', true],
    ['claim_ref', 'claimRef', false],
    ['run_id', 'runId', false],
    ['job_id', 'jobId', false],
    ['organization_id', 'organizationId', false],
    ['details', 'details', true],
    ['created_at', 'createdAt', false],
  ],
};

export const ACCESS: TableSpec<AccessBody> = {
  chain: 'access',
  table: 'evidence_access_log',
  columns: [
    ['actor', 'actor', false],
    ['action', 'action', false],
    ['reason', 'reason', false],
    ['outcome', 'outcome', false],
    ['storage_key', 'storageKey', false],
    ['sha256', 'sha256', false],
    ['claim_ref', 'claimRef', false],
    ['details', 'details', true],
    ['created_at', 'createdAt', false],
  ],
};

/** Append one entry. `make` receives the creation time, taken under the lock so times never run backwards along the chain. */
export async function appendChained<B extends { createdAt: string }>(
  client: pg.PoolClient,
  spec: TableSpec<B>,
  make: (createdAt: string) => B,
): Promise<ChainRow<B>> {
  const lockHead = () =>
    client.query<{ seq: string; head_hash: string }>(
      `SELECT seq, head_hash FROM evidence_chain_heads WHERE chain = $1 FOR UPDATE`,
      [spec.chain],
    );
  let head = await lockHead();
  if (head.rows.length === 0) {
    // First entry of this chain: create its head (a concurrent first append may win; then lock theirs).
    await client.query(
      `INSERT INTO evidence_chain_heads (chain, seq, head_hash, updated_at) VALUES ($1, 0, $2, now()) ON CONFLICT (chain) DO NOTHING`,
      [spec.chain, ZERO_HASH],
    );
    head = await lockHead();
  }
  const h = head.rows[0];
  if (!h) throw new Error(`chain head ${spec.chain} missing`);
  const seq = Number(h.seq) + 1;
  const prevHash = h.head_hash;
  // Keep exactly the stored columns: a field that is hashed but not stored would make the row unverifiable.
  const made = make(new Date().toISOString());
  const body = {} as B;
  for (const [, f] of spec.columns) (body as Record<string, unknown>)[f] = made[f] ?? null;
  const bodyHash = bodyHashOf(body);
  const entryHash = linkHashOf(seq, prevHash, bodyHash);
  const cols = ['seq', 'prev_hash', 'body_hash', 'entry_hash', ...spec.columns.map((c) => c[0])];
  const values: unknown[] = [
    seq,
    prevHash,
    bodyHash,
    entryHash,
    ...spec.columns.map(([, f, json]) => (json ? JSON.stringify(body[f]) : body[f])),
  ];
  await client.query(
    `INSERT INTO ${spec.table} (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`,
    values,
  );
  await client.query(`UPDATE evidence_chain_heads SET seq = $2, head_hash = $3, updated_at = now() WHERE chain = $1`, [
    spec.chain,
    seq,
    entryHash,
  ]);
  return { seq, prevHash, bodyHash, entryHash, body };
}

export function rowToChainRow<B>(spec: TableSpec<B>, r: Record<string, unknown>): ChainRow<B> {
  const body: Record<string, unknown> = {};
  for (const [col, field] of spec.columns) {
    const v = r[col];
    body[field] = v instanceof Date ? v.toISOString() : v;
  }
  return {
    seq: Number(r.seq),
    prevHash: String(r.prev_hash),
    bodyHash: String(r.body_hash),
    entryHash: String(r.entry_hash),
    body: body as B,
  };
}

/** Rows in seq order, optionally a [from, to] slice. */
export async function readChain<B>(
  q: pg.Pool | pg.PoolClient,
  spec: TableSpec<B>,
  range?: { from?: number; to?: number; where?: string; params?: unknown[] },
): Promise<ChainRow<B>[]> {
  const params: unknown[] = [range?.from ?? 0, range?.to ?? Number.MAX_SAFE_INTEGER, ...(range?.params ?? [])];
  const extra = range?.where ? ` AND (${range.where})` : '';
  const res = await q.query(`SELECT * FROM ${spec.table} WHERE seq >= $1 AND seq <= $2${extra} ORDER BY seq`, params);
  return res.rows.map((r: Record<string, unknown>) => rowToChainRow(spec, r));
}

export async function chainHead(
  q: pg.Pool | pg.PoolClient,
  chain: string,
): Promise<{ seq: number; headHash: string } | null> {
  const res = await q.query<{ seq: string; head_hash: string }>(
    `SELECT seq, head_hash FROM evidence_chain_heads WHERE chain = $1`,
    [chain],
  );
  const r = res.rows[0];
  return r ? { seq: Number(r.seq), headHash: r.head_hash } : null;
}
