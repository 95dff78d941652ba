// The one interface every blob backend (local filesystem, S3-compatible with
// object lock, ...) implements. The evidence store only ever talks to this, and
// test/evidence-store/blob-contract.ts is the executable definition of it.

import type { Readable } from 'node:stream';

export interface PutOptions {
  contentType?: string;
}

/** A streamed put promises its content up front: the key is its hash, known before the bytes arrive. */
export interface StreamPutOptions extends PutOptions {
  sha256: string;
  byteSize: number;
}

export interface BlobStat {
  key: string;
  byteSize: number;
  modifiedAt: Date;
  legalHold: boolean;
  /** Object-lock style retention: the blob cannot be deleted before this instant. */
  retainUntil: Date | null;
}

export interface DeleteOptions {
  /** Clock used for the retention check (the store passes its own `now` so retention runs are reproducible). */
  now?: Date;
}

export interface BlobBackend {
  readonly kind: string;
  /**
   * Store bytes under key. Idempotent: when the key already holds the same bytes nothing is
   * written and `created` is false; a key is never overwritten with different bytes (BlobConflictError).
   * A reader never observes a partially written blob under its final key.
   */
  put(key: string, bytes: Uint8Array, opts?: PutOptions): Promise<{ created: boolean }>;
  /**
   * put without holding the blob in memory (large originals such as 835s). The backend hashes
   * while writing and makes the blob visible under key only when the bytes are the promised
   * ones (sha256 and byteSize); otherwise it throws BlobContentMismatchError and leaves nothing
   * under key. Same idempotence as put.
   */
  putStream(key: string, source: AsyncIterable<Uint8Array>, opts: StreamPutOptions): Promise<{ created: boolean }>;
  /** The bytes, exactly as stored. Throws BlobNotFoundError. */
  get(key: string): Promise<Buffer>;
  /** The bytes as a stream, unverified (the store verifies). Throws BlobNotFoundError before any data. */
  getStream(key: string): Promise<Readable>;
  has(key: string): Promise<boolean>;
  /** Returns false when the key was absent. Throws BlobLockedError under legal hold or unexpired retention. */
  delete(key: string, opts?: DeleteOptions): Promise<boolean>;
  /** Every key (optionally under a prefix), in no particular order. */
  list(prefix?: string): AsyncIterable<string>;
  stat(key: string): Promise<BlobStat | null>;
  /** Legal hold hook: while on, delete refuses. */
  setLegalHold(key: string, on: boolean): Promise<void>;
  /** Retention hook: delete refuses before `until`. Retention can be extended, never shortened. */
  setRetention(key: string, until: Date): Promise<void>;
  /** Backends on a local filesystem: paths group or others can read or write (verify warns about them). */
  looseModes?(limit?: number): Promise<{ paths: string[]; more: boolean }>;
}

export class BlobNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`blob not found: ${key}`);
    this.name = 'BlobNotFoundError';
  }
}

export class BlobConflictError extends Error {
  constructor(readonly key: string) {
    super(`blob already exists with different content: ${key}`);
    this.name = 'BlobConflictError';
  }
}

/** A streamed put's bytes were not the ones promised (the source changed while it was read). */
export class BlobContentMismatchError extends Error {
  constructor(
    readonly key: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`streamed blob is not the promised content: ${key} (got sha256 ${actual})`);
    this.name = 'BlobContentMismatchError';
  }
}

export class BlobLockedError extends Error {
  constructor(
    readonly key: string,
    readonly reason: 'legal_hold' | 'retention',
  ) {
    super(`blob is locked (${reason}): ${key}`);
    this.name = 'BlobLockedError';
  }
}

const KEY_RE = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/;

/** Keys are relative, lower-case, slash-separated; no `..`, no leading dot (dot names are backend-private). */
export function assertValidKey(key: string): void {
  if (!KEY_RE.test(key) || key.split('/').some((s) => s === '..' || s.startsWith('.'))) {
    throw new TypeError(`invalid blob key: ${JSON.stringify(key)}`);
  }
}

const EXT_RE = /^[a-z0-9]{1,10}$/;

/**
 * Content-addressed key `sha256/ab/cd/<sha256>.<ext>`: the name carries only the hash
 * (never PHI), two levels of fan-out keep directories small, and the hash is re-checkable from the key.
 */
export function contentKey(sha256: string, ext: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new TypeError('contentKey: sha256 must be 64 lower-case hex chars');
  if (!EXT_RE.test(ext)) throw new TypeError(`contentKey: invalid extension ${JSON.stringify(ext)}`);
  return `sha256/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}.${ext}`;
}

/** The hash a content-addressed key claims, or null for other keys. */
export function sha256FromKey(key: string): string | null {
  const m = /^sha256\/[0-9a-f]{2}\/[0-9a-f]{2}\/([0-9a-f]{64})\.[a-z0-9]+$/.exec(key);
  return m?.[1] ?? null;
}
