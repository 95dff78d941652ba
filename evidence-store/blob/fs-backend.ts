// Local filesystem blob backend. Durability rules: write to a temp file in the
// target directory, fsync it, then hard-link it to the final name (link fails if the
// name exists, so a blob is never overwritten) and fsync the directory. A crash at
// any point leaves either nothing or a complete file under the final name, plus at
// worst a dot-prefixed temp file that list() ignores and sweepTemp() removes.
// Evidence is PHI: directories are made 0700 and files 0400 (lock sidecars 0600) by
// whichever process creates them, whatever its umask; looseModes() finds any that are not.
import { constants, promises as fs } from 'node:fs';
import type { Readable } from 'node:stream';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  assertValidKey,
  BlobConflictError,
  BlobLockedError,
  BlobNotFoundError,
  type BlobBackend,
  type BlobStat,
  type DeleteOptions,
  type PutOptions,
  type StreamPutOptions,
} from './backend.ts';
import { checkedChunks } from './checked.ts';

interface LockState {
  legalHold: boolean;
  retainUntil: string | null;
}

const LOCK_DIR = '.locks';
/** Owner only. The umask can only remove bits, so these hold whoever creates the path. */
export const DIR_MODE = 0o700;
export const FILE_MODE = 0o400;
const WRITABLE_FILE_MODE = 0o600;

/** mkdir -p where every directory it creates is owner-only. */
export async function mkdirPrivate(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: DIR_MODE });
}

export class FsBlobBackend implements BlobBackend {
  readonly kind = 'fs';
  constructor(readonly root: string) {}

  private file(key: string): string {
    assertValidKey(key);
    return path.join(this.root, ...key.split('/'));
  }

  private lockFile(key: string): string {
    assertValidKey(key);
    return `${path.join(this.root, LOCK_DIR, ...key.split('/'))}.json`;
  }

  async put(key: string, bytes: Uint8Array, _opts?: PutOptions): Promise<{ created: boolean }> {
    return this.write(key, bytes.byteLength, (fh) => fh.writeFile(bytes));
  }

  async putStream(
    key: string,
    source: AsyncIterable<Uint8Array>,
    opts: StreamPutOptions,
  ): Promise<{ created: boolean }> {
    return this.write(key, opts.byteSize, async (fh) => {
      for await (const chunk of checkedChunks(key, source, opts)) {
        for (let at = 0; at < chunk.byteLength; ) at += (await fh.write(chunk, at, chunk.byteLength - at)).bytesWritten;
      }
    });
  }

  /** Temp file, fill, fsync, read-only, hard link to the final name, directory fsync (see the top of the file). */
  private async write(
    key: string,
    byteSize: number,
    fill: (fh: fs.FileHandle) => Promise<unknown>,
  ): Promise<{ created: boolean }> {
    const target = this.file(key);
    const existing = await this.stat(key);
    if (existing) return this.alreadyThere(key, existing.byteSize, byteSize);
    const dir = path.dirname(target);
    await mkdirPrivate(dir);
    const tmp = path.join(dir, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
    const fh = await fs.open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, WRITABLE_FILE_MODE);
    try {
      await fill(fh);
      await fh.sync();
    } catch (err) {
      await fh.close();
      await fs.unlink(tmp).catch(() => undefined);
      throw err;
    }
    await fh.close();
    // Read-only and owner-only from here on: evidence is never edited in place (an accidental write fails loudly).
    await fs.chmod(tmp, FILE_MODE);
    try {
      await fs.link(tmp, target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      await fs.unlink(tmp);
      return this.alreadyThere(key, (await fs.stat(target)).size, byteSize);
    }
    await fs.unlink(tmp);
    await syncDir(dir);
    return { created: true };
  }

  private alreadyThere(key: string, size: number, byteSize: number): { created: boolean } {
    // Same key and same length: treat as the same content (keys are content hashes in practice;
    // re-reading every existing blob on every put would double the I/O of the hot path).
    if (size !== byteSize) throw new BlobConflictError(key);
    return { created: false };
  }

  async getStream(key: string): Promise<Readable> {
    let fh;
    try {
      fh = await fs.open(this.file(key), constants.O_RDONLY);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new BlobNotFoundError(key);
      throw err;
    }
    return fh.createReadStream({ highWaterMark: 1 << 20 });
  }

  async get(key: string): Promise<Buffer> {
    try {
      return await fs.readFile(this.file(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new BlobNotFoundError(key);
      throw err;
    }
  }

  async has(key: string): Promise<boolean> {
    return (await this.stat(key)) !== null;
  }

  async stat(key: string): Promise<BlobStat | null> {
    let st;
    try {
      st = await fs.stat(this.file(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    const lock = await this.readLock(key);
    return {
      key,
      byteSize: st.size,
      modifiedAt: st.mtime,
      legalHold: lock.legalHold,
      retainUntil: lock.retainUntil ? new Date(lock.retainUntil) : null,
    };
  }

  async delete(key: string, opts?: DeleteOptions): Promise<boolean> {
    const target = this.file(key);
    const lock = await this.readLock(key);
    if (lock.legalHold) throw new BlobLockedError(key, 'legal_hold');
    const now = opts?.now ?? new Date();
    if (lock.retainUntil && new Date(lock.retainUntil) > now) throw new BlobLockedError(key, 'retention');
    try {
      await fs.unlink(target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
    await fs.rm(this.lockFile(key), { force: true });
    await syncDir(path.dirname(target));
    return true;
  }

  async *list(prefix = ''): AsyncIterable<string> {
    const walk = async function* (dir: string, rel: string): AsyncIterable<string> {
      let entries;
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw err;
      }
      for (const e of entries) {
        if (e.name.startsWith('.')) continue; // temp files and lock sidecars are backend-private
        const k = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) yield* walk(path.join(dir, e.name), k);
        else if (e.isFile() && k.startsWith(prefix)) yield k;
      }
    };
    yield* walk(this.root, '');
  }

  async setLegalHold(key: string, on: boolean): Promise<void> {
    const lock = await this.readLock(key);
    await this.writeLock(key, { ...lock, legalHold: on });
  }

  async setRetention(key: string, until: Date): Promise<void> {
    const lock = await this.readLock(key);
    if (lock.retainUntil && new Date(lock.retainUntil) >= until) return; // never shorten
    await this.writeLock(key, { ...lock, retainUntil: until.toISOString() });
  }

  /**
   * Paths under the root (the root included) that group or others may use: directories not
   * 0700, files with any group/other bit. At most `limit` of them, relative to the root.
   */
  async looseModes(limit = 20): Promise<{ paths: string[]; more: boolean }> {
    const paths: string[] = [];
    let more = false;
    const check = (rel: string, mode: number): void => {
      if ((mode & 0o077) === 0) return;
      if (paths.length < limit) paths.push(`${rel || '.'} (${(mode & 0o777).toString(8).padStart(4, '0')})`);
      else more = true;
    };
    const walk = async (dir: string, rel: string): Promise<void> => {
      const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const e of entries) {
        const p = path.join(dir, e.name);
        const r = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) {
          check(r, (await fs.stat(p)).mode);
          await walk(p, r);
        } else if (e.isFile()) check(r, (await fs.stat(p)).mode);
      }
    };
    const root = await fs.stat(this.root).catch(() => null);
    if (root) check('', root.mode);
    await walk(this.root, '');
    return { paths, more };
  }

  /** Remove temp files left by a crash mid-put (older than `olderThanMs`). */
  async sweepTemp(olderThanMs = 60_000): Promise<number> {
    let removed = 0;
    const walk = async (dir: string): Promise<void> => {
      const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const e of entries) {
        const p = path.join(dir, e.name);
        if (e.isDirectory() && e.name !== LOCK_DIR) await walk(p);
        else if (e.isFile() && e.name.startsWith('.') && e.name.endsWith('.tmp')) {
          const st = await fs.stat(p);
          if (Date.now() - st.mtimeMs > olderThanMs) {
            await fs.unlink(p);
            removed++;
          }
        }
      }
    };
    await walk(this.root);
    return removed;
  }

  private async readLock(key: string): Promise<LockState> {
    try {
      return JSON.parse(await fs.readFile(this.lockFile(key), 'utf8')) as LockState;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { legalHold: false, retainUntil: null };
      throw err;
    }
  }

  private async writeLock(key: string, state: LockState): Promise<void> {
    const file = this.lockFile(key);
    await mkdirPrivate(path.dirname(file));
    const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    await fs.writeFile(tmp, JSON.stringify(state), { mode: WRITABLE_FILE_MODE });
    await fs.rename(tmp, file);
  }
}

async function syncDir(dir: string): Promise<void> {
  // Make the new directory entry durable; some filesystems refuse fsync on directories, which is harmless.
  const fh = await fs.open(dir, constants.O_RDONLY).catch(() => null);
  if (!fh) return;
  try {
    await fh.sync();
  } catch {
    /* not supported here */
  } finally {
    await fh.close();
  }
}
