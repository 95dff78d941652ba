// The BlobBackend contract, as an executable suite. Any backend (filesystem, S3 with
// object lock, ...) passes it by calling blobBackendContract with a factory.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import {
  BlobConflictError,
  BlobContentMismatchError,
  BlobLockedError,
  BlobNotFoundError,
  contentKey,
  type BlobBackend,
} from '../../evidence-store/index.ts';

export interface BackendHandle {
  backend: BlobBackend;
  cleanup(): Promise<void>;
}

function keyFor(bytes: Uint8Array, ext = 'bin'): string {
  return contentKey(createHash('sha256').update(bytes).digest('hex'), ext);
}

async function collect(it: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const k of it) out.push(k);
  return out.sort();
}

async function* chunksOf(bytes: Buffer, size: number): AsyncIterable<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

export function blobBackendContract(name: string, factory: () => Promise<BackendHandle>): void {
  describe(`BlobBackend contract: ${name}`, () => {
    let h: BackendHandle;
    beforeEach(async () => {
      h = await factory();
    });
    afterEach(async () => {
      await h.cleanup();
    });

    it('stores and returns bytes exactly, including empty and binary blobs', async () => {
      for (const bytes of [
        Buffer.alloc(0),
        randomBytes(1),
        randomBytes(3 * 1024 * 1024),
        Buffer.from([0, 255, 10, 13, 0]),
      ]) {
        const key = keyFor(bytes);
        expect(await h.backend.put(key, bytes)).toEqual({ created: true });
        expect(Buffer.compare(await h.backend.get(key), bytes)).toBe(0);
      }
    });

    it('put is idempotent and never overwrites with different bytes', async () => {
      const bytes = randomBytes(100);
      const key = keyFor(bytes);
      expect((await h.backend.put(key, bytes)).created).toBe(true);
      expect((await h.backend.put(key, bytes)).created).toBe(false);
      await expect(h.backend.put(key, randomBytes(101))).rejects.toBeInstanceOf(BlobConflictError);
      expect(Buffer.compare(await h.backend.get(key), bytes)).toBe(0);
    });

    it('concurrent puts of the same blob all succeed and create it once', async () => {
      const bytes = randomBytes(200_000);
      const key = keyFor(bytes);
      const results = await Promise.all(Array.from({ length: 8 }, () => h.backend.put(key, bytes)));
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(Buffer.compare(await h.backend.get(key), bytes)).toBe(0);
    });

    it('putStream stores a stream as put would, and getStream streams it back', async () => {
      const bytes = randomBytes(3 * 1024 * 1024 + 17);
      const key = keyFor(bytes);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const promised = { sha256, byteSize: bytes.length, contentType: 'application/edi-x12' };
      expect(await h.backend.putStream(key, chunksOf(bytes, 64 * 1024), promised)).toEqual({ created: true });
      expect(await h.backend.putStream(key, chunksOf(bytes, 1 << 20), promised)).toEqual({ created: false });
      expect(Buffer.compare(await h.backend.get(key), bytes)).toBe(0);
      const back: Buffer[] = [];
      for await (const c of await h.backend.getStream(key)) back.push(c as Buffer);
      expect(Buffer.compare(Buffer.concat(back), bytes)).toBe(0);
      await expect(h.backend.getStream(keyFor(Buffer.from('absent')))).rejects.toBeInstanceOf(BlobNotFoundError);
    });

    it('putStream leaves nothing under the key when the bytes are not the promised ones', async () => {
      const bytes = randomBytes(256 * 1024);
      const key = keyFor(bytes);
      const promised = { sha256: createHash('sha256').update(bytes).digest('hex'), byteSize: bytes.length };
      const changed = Buffer.from(bytes);
      changed[changed.length - 1]! ^= 1; // same length, last byte differs (the source changed after it was hashed)
      for (const source of [changed, bytes.subarray(0, bytes.length - 1), Buffer.concat([bytes, Buffer.from('x')])]) {
        await expect(h.backend.putStream(key, chunksOf(source, 64 * 1024), promised)).rejects.toBeInstanceOf(
          BlobContentMismatchError,
        );
        expect(await h.backend.has(key)).toBe(false);
      }
      expect(await collect(h.backend.list())).toEqual([]);
    });

    it('has / stat / get on missing keys', async () => {
      const key = keyFor(Buffer.from('absent'));
      expect(await h.backend.has(key)).toBe(false);
      expect(await h.backend.stat(key)).toBeNull();
      await expect(h.backend.get(key)).rejects.toBeInstanceOf(BlobNotFoundError);
    });

    it('stat reports size and lock state', async () => {
      const bytes = randomBytes(1234);
      const key = keyFor(bytes);
      await h.backend.put(key, bytes);
      const st = await h.backend.stat(key);
      expect(st).toMatchObject({ key, byteSize: 1234, legalHold: false, retainUntil: null });
      expect(st!.modifiedAt).toBeInstanceOf(Date);
    });

    it('lists every key, optionally under a prefix', async () => {
      const blobs = [randomBytes(10), randomBytes(11), randomBytes(12)];
      const keys = blobs.map((b) => keyFor(b));
      for (const [i, b] of blobs.entries()) await h.backend.put(keys[i]!, b);
      expect(await collect(h.backend.list())).toEqual([...keys].sort());
      const prefix = keys[0]!.slice(0, 'sha256/ab/'.length);
      expect(await collect(h.backend.list(prefix))).toEqual(keys.filter((k) => k.startsWith(prefix)).sort());
    });

    it('delete removes a blob and reports absence', async () => {
      const bytes = randomBytes(50);
      const key = keyFor(bytes);
      await h.backend.put(key, bytes);
      expect(await h.backend.delete(key)).toBe(true);
      expect(await h.backend.has(key)).toBe(false);
      expect(await h.backend.delete(key)).toBe(false);
    });

    it('legal hold blocks delete until released', async () => {
      const bytes = randomBytes(50);
      const key = keyFor(bytes);
      await h.backend.put(key, bytes);
      await h.backend.setLegalHold(key, true);
      expect((await h.backend.stat(key))!.legalHold).toBe(true);
      await expect(h.backend.delete(key)).rejects.toMatchObject({ name: 'BlobLockedError', reason: 'legal_hold' });
      await h.backend.setLegalHold(key, false);
      expect(await h.backend.delete(key)).toBe(true);
    });

    it('retention blocks delete before its date, can only be extended', async () => {
      const bytes = randomBytes(50);
      const key = keyFor(bytes);
      await h.backend.put(key, bytes);
      const until = new Date(Date.now() + 86_400_000);
      await h.backend.setRetention(key, until);
      await h.backend.setRetention(key, new Date(Date.now() + 1000)); // shortening is ignored
      expect((await h.backend.stat(key))!.retainUntil?.toISOString()).toBe(until.toISOString());
      const err = await h.backend.delete(key).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BlobLockedError);
      expect(await h.backend.delete(key, { now: new Date(until.getTime() + 1) })).toBe(true);
    });

    it('rejects keys that could escape the store or collide with backend-private names', async () => {
      for (const bad of ['../x', '/abs', 'a/../b', '.hidden', 'a//b', 'UPPER', 'a/.locks']) {
        await expect(h.backend.put(bad, Buffer.from('x'))).rejects.toThrow(/invalid blob key/);
      }
    });
  });
}
