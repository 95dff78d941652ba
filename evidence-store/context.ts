// What the store's modules (store, verify, retention, packet export) share.
import type { BlobBackend } from './blob/backend.ts';
import type { EvidenceLogger, EvidenceStoreConfig } from './config.ts';
import type { SigningKey } from './ledger/checkpoint.ts';
import type { Db } from './ledger/db.ts';

export interface StoreContext {
  cfg: EvidenceStoreConfig;
  backend: BlobBackend;
  db: Db | null;
  signer: SigningKey | null;
  /** Public keys (base64 raw) whose checkpoints are accepted. */
  trustedKeys: string[];
  log: EvidenceLogger;
}

export class EvidenceIntegrityError extends Error {
  constructor(
    readonly storageKey: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`evidence integrity check failed for ${storageKey}: expected sha256 ${expected}, got ${actual}`);
    this.name = 'EvidenceIntegrityError';
  }
}

export function requireDb(ctx: StoreContext, what: string): NonNullable<StoreContext['db']> {
  if (!ctx.db) throw new Error(`${what} needs the evidence store to be opened with a database (db option)`);
  return ctx.db;
}

/** Who is reading or exporting, and why. Recorded in the hash-chained access log. */
export interface AccessContext {
  actor?: string;
  reason?: string;
  claimRef?: string;
}
