// Evidence reads shared by the JSON API and the dashboard: rows from the
// `evidence` table, bytes from the evidence store (which verifies each blob
// against its content hash and chains the read in its access log).
import { createHash } from 'node:crypto';
import type { EvidenceStore } from '../../evidence-store/index.ts';
import type { Db } from '../platform/db/client.ts';
import { ApiError, notFound, unavailable } from './api/errors.ts';

export interface EvidenceWho {
  actor: string;
  reason: string;
  claimRef?: string;
}

export const evidenceListSelect = {
  id: true,
  kind: true,
  label: true,
  url: true,
  contentType: true,
  byteSize: true,
  sha256: true,
  portalId: true,
  jobId: true,
  runId: true,
  claimId: true,
  botVersion: true,
  capturedAt: true,
} as const;

export async function listClaimEvidence(db: Db, claimId: string) {
  return db.evidence.findMany({
    where: { claimId },
    orderBy: [{ capturedAt: 'asc' }, { id: 'asc' }],
    select: evidenceListSelect,
  });
}

export async function findEvidence(db: Db, id: string) {
  const row = await db.evidence.findUnique({ where: { id }, include: { claim: { select: { claimNumber: true } } } });
  if (!row) throw notFound(`id: no evidence ${id}`);
  return row;
}
export type EvidenceRow = Awaited<ReturnType<typeof findEvidence>>;

function requireStore(store: EvidenceStore | undefined): EvidenceStore {
  if (!store) throw unavailable('the evidence store is not configured on this server');
  return store;
}

/** Store failures as API errors: a missing blob is 404, a hash mismatch is 409 (never served as if genuine). */
async function readBlob(store: EvidenceStore, storageKey: string, who: EvidenceWho): Promise<Buffer> {
  try {
    return await store.read(storageKey, who);
  } catch (e) {
    const name = (e as Error).name;
    if (name === 'BlobNotFoundError') throw notFound('evidence file is missing from the store');
    if (name === 'EvidenceIntegrityError')
      throw new ApiError(409, 'evidence file failed its integrity check (content does not match its hash of record)');
    throw e;
  }
}

export async function readOriginal(store: EvidenceStore | undefined, row: EvidenceRow, who: EvidenceWho) {
  return { bytes: await readBlob(requireStore(store), row.storageKey, who), contentType: row.contentType };
}

/** The store's derived thumbnail when it has been produced; else the original (the browser scales it). */
export async function readThumbnail(store: EvidenceStore | undefined, row: EvidenceRow, who: EvidenceWho) {
  const s = requireStore(store);
  const thumb =
    row.kind === 'screenshot' ? (await s.variants(row.sha256)).find((v) => v.variant === 'thumb') : undefined;
  if (thumb) return { bytes: await readBlob(s, thumb.storageKey, who), contentType: thumb.contentType, derived: true };
  return { bytes: await readBlob(s, row.storageKey, who), contentType: row.contentType, derived: false };
}

export interface Verification {
  /** The stored bytes re-hashed now equal the row's sha256 (null: store not configured). */
  hashMatches: boolean | null;
  problem: string | null;
  /** The ledger entry that chained this file when it was stored. */
  ledger: { seq: number; entryHash: string; createdAt: Date } | null;
  lastVerifiedAt: Date | null;
}

/** Re-hashes the stored original and finds its ledger entry: the per-item view of `evidence verify`. */
export async function verifyEvidence(
  db: Db,
  store: EvidenceStore | undefined,
  row: EvidenceRow,
  who: EvidenceWho,
): Promise<Verification> {
  const [entry, object] = await Promise.all([
    db.evidenceLedgerEntry.findFirst({
      where: { storageKey: row.storageKey, kind: { in: ['capture', 'file'] } },
      orderBy: { seq: 'asc' },
      select: { seq: true, entryHash: true, createdAt: true },
    }),
    db.evidenceObject.findUnique({ where: { storageKey: row.storageKey }, select: { lastVerifiedAt: true } }),
  ]);
  const ledger = entry ? { seq: Number(entry.seq), entryHash: entry.entryHash, createdAt: entry.createdAt } : null;
  if (!store)
    return {
      hashMatches: null,
      problem: 'evidence store not configured',
      ledger,
      lastVerifiedAt: object?.lastVerifiedAt ?? null,
    };
  let hashMatches = false;
  let problem: string | null = null;
  try {
    const bytes = await store.read(row.storageKey, { ...who, reason: `${who.reason}:verify` });
    hashMatches = createHash('sha256').update(bytes).digest('hex') === row.sha256;
    if (!hashMatches) problem = 'stored file does not match the sha256 recorded for this evidence';
  } catch (e) {
    problem = (e as Error).name === 'BlobNotFoundError' ? 'stored file is missing' : (e as Error).message;
  }
  if (!ledger && !problem) problem = 'no ledger entry chains this file';
  return { hashMatches, problem, ledger, lastVerifiedAt: object?.lastVerifiedAt ?? null };
}
