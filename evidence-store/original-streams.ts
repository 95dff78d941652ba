// Originals too large to hold in memory (a 100 MB 835): stored from a file and read back
// as a stream, with the same guarantees as putOriginal/read. Storing hashes the file once
// to learn its content address, then streams it to the backend, which re-hashes while
// writing and refuses bytes that changed in between; the ledger entry is the one
// putOriginal chains. Reading re-hashes as the bytes pass and fails the stream, instead of
// ending it, when they are not the bytes of record.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Transform, pipeline, type Readable } from 'node:stream';
import { contentKey, sha256FromKey } from './blob/backend.ts';
import { recordAccess } from './access-log.ts';
import { EvidenceIntegrityError, type AccessContext } from './context.ts';
import type { LedgerPosition, PutOriginalOptions, StoreCore } from './store.ts';

const CHUNK = 1 << 20;

async function hashFile(file: string): Promise<{ sha256: string; byteSize: number }> {
  const hash = createHash('sha256');
  let byteSize = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    byteSize += chunk.byteLength;
  }
  return { sha256: hash.digest('hex'), byteSize };
}

export async function putOriginalFile(
  core: StoreCore,
  file: string,
  opts: PutOriginalOptions,
): Promise<{ sha256: string; storageKey: string; byteSize: number; ledger: LedgerPosition | null }> {
  const { sha256, byteSize } = await hashFile(file);
  const storageKey = contentKey(sha256, opts.ext);
  // BlobContentMismatchError when the file changed between the hash and the copy: nothing stored, nothing chained.
  await core.ctx.backend.putStream(storageKey, createReadStream(file, { highWaterMark: CHUNK }), {
    contentType: opts.contentType,
    sha256,
    byteSize,
  });
  return core.chainOriginal({ sha256, storageKey, byteSize, contentType: opts.contentType }, opts);
}

export interface OpenOriginalOptions extends AccessContext {
  /** The hash the caller holds on record (e.g. a domain row's); must agree with the content address. */
  sha256?: string;
}

/**
 * The stored bytes as a stream that verifies them as they pass: a blob whose bytes are not
 * its hash of record fails with EvidenceIntegrityError where it would have ended. Chunks are
 * handed on before that check, so a consumer must not commit anything it derived from them
 * until the stream has ended cleanly (processEraFile parses inside one database transaction
 * that the error rolls back). The read is recorded in the access log once its outcome is known.
 */
export async function openOriginal(
  core: StoreCore,
  storageKey: string,
  opts: OpenOriginalOptions = {},
): Promise<Readable> {
  const { sha256: onRecord, ...who } = opts;
  const fromKey = sha256FromKey(storageKey);
  const expected = fromKey ?? onRecord;
  if (!expected) throw new TypeError(`openOriginal: ${storageKey} is not content-addressed and no sha256 was given`);
  const access = (outcome: 'ok' | 'integrity_error' | 'not_found' | 'error') =>
    recordAccess(core.ctx, who, { action: 'read', outcome, storageKey, sha256: fromKey });
  if (onRecord && onRecord !== expected) {
    await access('integrity_error');
    throw new EvidenceIntegrityError(storageKey, onRecord, expected);
  }
  let body: Readable;
  try {
    body = await core.ctx.backend.getStream(storageKey);
  } catch (err) {
    await access((err as Error).name === 'BlobNotFoundError' ? 'not_found' : 'error');
    throw err;
  }
  const hash = createHash('sha256');
  const verify = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      done(null, chunk);
    },
    flush(done) {
      const actual = hash.digest('hex');
      const ok = actual === expected;
      access(ok ? 'ok' : 'integrity_error').then(
        () => done(ok ? null : new EvidenceIntegrityError(storageKey, expected, actual)),
        done,
      );
    },
  });
  // A backend read error reaches the consumer through `verify` (pipeline destroys it with the error).
  pipeline(body, verify, (err) => {
    if (err && !(err instanceof EvidenceIntegrityError)) void access('error').catch(() => undefined);
  });
  return verify;
}
