// What the store's modules (store, verify, retention, packet export) share.
import type { BlobBackend } from './blob/backend.ts';
import type { EvidenceLogger, EvidenceStoreConfig } from './config.ts';
import type { SigningKey } from './ledger/checkpoint.ts';
import type { Db } from './ledger/db.ts';
import type { TrustedKey } from './trust.ts';

export interface StoreContext {
  cfg: EvidenceStoreConfig;
  backend: BlobBackend;
  db: Db | null;
  signer: SigningKey | null;
  /** Keys whose checkpoints are accepted (the signing key's own, and configured ones with their validity). */
  trustedKeys: TrustedKey[];
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
