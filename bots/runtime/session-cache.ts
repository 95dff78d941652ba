// Logged-in browser state (cookies + local storage) kept on disk between
// worker processes, so a restarted worker reuses the portal session instead
// of logging in again (logins are slow, trigger MFA and count towards
// lockouts). The state is a bearer credential, so it is only ever at rest
// encrypted: AES-256-GCM with a random 12-byte IV, the credential id and
// portal bound in as associated data (a file cannot be swapped onto another
// credential), one file per credential named by a hash (never the username),
// 0600 files in a 0700 directory, written atomically. Nothing read from these
// files is trusted until it decrypts and validates.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { BrowserContext } from 'playwright';
import { z } from 'zod';
import type { BotLogger } from './bot.ts';

export interface SessionCacheOptions {
  /** Directory of the encrypted state files (created 0700). */
  dir: string;
  /** 32-byte AES-256-GCM key. */
  key: Buffer;
}

export type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

/** File layout: magic (4) | IV (12) | auth tag (16) | ciphertext. */
const MAGIC = Buffer.from('PBS1');
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER = MAGIC.length + IV_BYTES + TAG_BYTES;

const StorageStateSchema = z.object({
  cookies: z.array(
    z.object({
      name: z.string(),
      value: z.string(),
      domain: z.string(),
      path: z.string(),
      expires: z.number(),
      httpOnly: z.boolean(),
      secure: z.boolean(),
      sameSite: z.enum(['Strict', 'Lax', 'None']),
    }),
  ),
  origins: z.array(
    z.object({ origin: z.string(), localStorage: z.array(z.object({ name: z.string(), value: z.string() })) }),
  ),
});

export class SessionCacheError extends Error {
  override name = 'SessionCacheError';
}

export class SessionCache {
  private readonly dir: string;
  private readonly key: Buffer;

  constructor(
    opts: SessionCacheOptions,
    private readonly logger: BotLogger,
  ) {
    if (!Buffer.isBuffer(opts.key) || opts.key.length !== 32)
      throw new SessionCacheError('sessionCache.key must be a 32-byte Buffer (AES-256)');
    if (!opts.dir) throw new SessionCacheError('sessionCache.dir is required');
    this.dir = path.resolve(opts.dir);
    this.key = Buffer.from(opts.key);
  }

  /** Path of a credential's state file: a hash of portal + credential id, so neither appears on disk. */
  fileFor(portal: string, credentialId: string): string {
    const name = createHash('sha256')
      .update(`portalbots-session\0${portal}\0${credentialId}`)
      .digest('hex')
      .slice(0, 40);
    return path.join(this.dir, `${name}.state`);
  }

  private static aad(portal: string, credentialId: string): Buffer {
    return Buffer.from(`${credentialId}\0${portal}`, 'utf8');
  }

  /**
   * The cached state, or undefined when there is none. A file that does not
   * decrypt or validate (tampered, other key, truncated) is deleted: it can
   * never become readable again.
   */
  async load(portal: string, credentialId: string): Promise<StorageState | undefined> {
    const file = this.fileFor(portal, credentialId);
    let blob: Buffer;
    try {
      blob = await readFile(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      this.logger.warn(
        { event: 'session_cache_unreadable', credentialId, code: (e as NodeJS.ErrnoException).code },
        'cached session state unreadable; ignoring it',
      );
      return undefined;
    }
    try {
      if (blob.length <= HEADER || !blob.subarray(0, MAGIC.length).equals(MAGIC))
        throw new Error('not a session state file');
      const iv = blob.subarray(MAGIC.length, MAGIC.length + IV_BYTES);
      const tag = blob.subarray(MAGIC.length + IV_BYTES, HEADER);
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(SessionCache.aad(portal, credentialId));
      decipher.setAuthTag(tag);
      const plain = Buffer.concat([decipher.update(blob.subarray(HEADER)), decipher.final()]);
      return StorageStateSchema.parse(JSON.parse(plain.toString('utf8')));
    } catch (e) {
      // The reason only (never content): a decryption error says nothing about the state.
      const reason = e instanceof z.ZodError ? 'invalid state' : (e as Error).message.slice(0, 80);
      this.logger.warn(
        { event: 'session_cache_invalid', credentialId, reason },
        'cached session state did not decrypt or validate; deleting it',
      );
      await this.delete(portal, credentialId);
      return undefined;
    }
  }

  /** Encrypts and stores the state atomically (temp file + rename), 0600 in a 0700 directory. */
  async save(portal: string, credentialId: string, state: StorageState): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await chmod(this.dir, 0o700);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(SessionCache.aad(portal, credentialId));
    const body = Buffer.concat([cipher.update(JSON.stringify(state), 'utf8'), cipher.final()]);
    const blob = Buffer.concat([MAGIC, iv, cipher.getAuthTag(), body]);
    const file = this.fileFor(portal, credentialId);
    const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    const fh = await open(tmp, 'wx', 0o600);
    try {
      await fh.writeFile(blob);
      await fh.sync();
    } catch (e) {
      await fh.close().catch(() => undefined);
      await rm(tmp, { force: true });
      throw e;
    }
    await fh.close();
    try {
      await rename(tmp, file);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
  }

  async delete(portal: string, credentialId: string): Promise<void> {
    await rm(this.fileFor(portal, credentialId), { force: true });
  }
}
