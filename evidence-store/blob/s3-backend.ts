// S3-compatible blob backend (AWS S3, MinIO, Ceph RGW, ...), for evidence shared by
// several hosts. With `objectLock` (a bucket created with Object Lock), retention is
// COMPLIANCE-mode object retention and legal holds are S3 legal holds: S3 itself refuses
// to delete or shorten them, whoever asks. Without it, the lock state is kept in
// backend-private sidecar objects (`.locks/<key>.json`) and enforced by this backend
// only, like the filesystem backend. Puts are create-only: `If-None-Match: *` where the
// server supports conditional writes, plus a size check when the key already exists.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  GetObjectLegalHoldCommand,
  GetObjectRetentionCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  PutObjectLegalHoldCommand,
  PutObjectRetentionCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
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

export interface S3BackendOptions {
  bucket: string;
  /** Key prefix inside the bucket (e.g. `evidence/`), so one bucket can hold several stores. */
  prefix?: string;
  /** A client of your own; otherwise one is made from `clientConfig` (endpoint, region, credentials). */
  client?: S3Client;
  clientConfig?: S3ClientConfig;
  /** The bucket has S3 Object Lock enabled: use S3 retention (COMPLIANCE) and legal holds. */
  objectLock?: boolean;
  /** With objectLock: retention set on every new object at upload (x-amz-object-lock-* headers), in days. */
  defaultRetentionDays?: number;
}

interface LockState {
  legalHold: boolean;
  retainUntil: string | null;
}

const LOCKS = '.locks/';

function status(err: unknown): number | undefined {
  return (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}

export class S3BlobBackend implements BlobBackend {
  readonly kind = 's3';
  private readonly client: S3Client;
  private readonly prefix: string;
  /** Same-process concurrent puts of one key share one upload (created once). */
  private readonly inflight = new Map<string, Promise<{ created: boolean }>>();

  constructor(private readonly opts: S3BackendOptions) {
    this.prefix = opts.prefix ?? '';
    this.client =
      opts.client ??
      new S3Client({
        // Plain headers, no aws-chunked trailers: what every S3-compatible server understands.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        ...opts.clientConfig,
      });
  }

  private k(key: string): string {
    assertValidKey(key);
    return this.prefix + key;
  }

  async put(key: string, bytes: Uint8Array, opts?: PutOptions): Promise<{ created: boolean }> {
    const full = this.k(key);
    const running = this.inflight.get(full);
    if (running) {
      await running;
      return this.alreadyThere(key, bytes.byteLength);
    }
    const p = this.upload(key, full, bytes, opts).finally(() => this.inflight.delete(full));
    this.inflight.set(full, p);
    return p;
  }

  private async upload(key: string, full: string, bytes: Uint8Array, opts?: PutOptions): Promise<{ created: boolean }> {
    if (await this.stat(key)) return this.alreadyThere(key, bytes.byteLength);
    const retain = this.retainHeaders();
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.opts.bucket,
          Key: full,
          Body: bytes,
          ContentLength: bytes.byteLength,
          ContentType: opts?.contentType ?? 'application/octet-stream',
          ChecksumSHA256: createHash('sha256').update(bytes).digest('base64'),
          IfNoneMatch: '*',
          ...retain,
        }),
      );
    } catch (err) {
      // 412: another writer created it first (conditional write); same content or a conflict.
      if (status(err) === 412) return this.alreadyThere(key, bytes.byteLength);
      throw err;
    }
    return { created: true };
  }

  async putStream(
    key: string,
    source: AsyncIterable<Uint8Array>,
    opts: StreamPutOptions,
  ): Promise<{ created: boolean }> {
    const full = this.k(key);
    const running = this.inflight.get(full);
    if (running) {
      await running;
      return this.alreadyThere(key, opts.byteSize);
    }
    const p = this.uploadStream(key, full, source, opts).finally(() => this.inflight.delete(full));
    this.inflight.set(full, p);
    return p;
  }

  private async uploadStream(
    key: string,
    full: string,
    source: AsyncIterable<Uint8Array>,
    opts: StreamPutOptions,
  ): Promise<{ created: boolean }> {
    if (await this.stat(key)) return this.alreadyThere(key, opts.byteSize);
    // checkedChunks holds the last chunk back until the hash matched: content that is not the
    // promised one (or a source that fails) never completes the declared ContentLength, and the
    // request is aborted, so S3 stores nothing. S3 also checks x-amz-checksum-sha256 itself
    // (s3rver does not). The body never errors: the SDK does not listen for a body's errors.
    let failure: unknown = null;
    const abort = new AbortController();
    const body = Readable.from(
      (async function* () {
        try {
          yield* checkedChunks(key, source, opts);
        } catch (err) {
          failure = err;
          abort.abort();
        }
      })(),
      { objectMode: false },
    );
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.opts.bucket,
          Key: full,
          Body: body,
          ContentLength: opts.byteSize,
          ContentType: opts.contentType ?? 'application/octet-stream',
          ChecksumSHA256: Buffer.from(opts.sha256, 'hex').toString('base64'),
          IfNoneMatch: '*',
          ...this.retainHeaders(),
        }),
        { abortSignal: abort.signal },
      );
    } catch (err) {
      if (failure) {
        await this.removePartial(key, opts.byteSize);
        throw failure;
      }
      if (status(err) === 412) return this.alreadyThere(key, opts.byteSize);
      throw err;
    }
    if (failure) throw failure;
    return { created: true };
  }

  /**
   * S3 refuses a body shorter than its ContentLength, but lax servers (s3rver) keep what
   * arrived before the abort. What we sent is always shorter than the promised length, and
   * a real blob under a content key is exactly that length: a shorter object is our debris.
   */
  private async removePartial(key: string, byteSize: number): Promise<void> {
    // Such a server may store the partial object a moment after the abort: look for it a little while.
    for (let i = 0; i < 20; i++) {
      const h = await this.head(key).catch(() => null);
      if (h && Number(h.ContentLength ?? 0) !== byteSize) {
        await this.client
          .send(new DeleteObjectCommand({ Bucket: this.opts.bucket, Key: this.k(key) }))
          .catch(() => undefined);
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  private retainHeaders() {
    return this.opts.objectLock && this.opts.defaultRetentionDays
      ? {
          ObjectLockMode: 'COMPLIANCE' as const,
          ObjectLockRetainUntilDate: new Date(Date.now() + this.opts.defaultRetentionDays * 86_400_000),
        }
      : {};
  }

  private async alreadyThere(key: string, byteSize: number): Promise<{ created: boolean }> {
    const st = await this.stat(key);
    if (!st) throw new BlobNotFoundError(key);
    // Keys are content hashes: the same key and length is the same content (as in the fs backend).
    if (st.byteSize !== byteSize) throw new BlobConflictError(key);
    return { created: false };
  }

  async getStream(key: string): Promise<Readable> {
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.opts.bucket, Key: this.k(key) }));
      return res.Body as Readable;
    } catch (err) {
      if (status(err) === 404) throw new BlobNotFoundError(key);
      throw err;
    }
  }

  async get(key: string): Promise<Buffer> {
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.opts.bucket, Key: this.k(key) }));
      return Buffer.from(await res.Body!.transformToByteArray());
    } catch (err) {
      if (status(err) === 404) throw new BlobNotFoundError(key);
      throw err;
    }
  }

  async has(key: string): Promise<boolean> {
    return (await this.head(key)) !== null;
  }

  private async head(key: string) {
    try {
      return await this.client.send(new HeadObjectCommand({ Bucket: this.opts.bucket, Key: this.k(key) }));
    } catch (err) {
      if (status(err) === 404) return null;
      throw err;
    }
  }

  async stat(key: string): Promise<BlobStat | null> {
    const h = await this.head(key);
    if (!h) return null;
    const lock = await this.lockState(key);
    return {
      key,
      byteSize: Number(h.ContentLength ?? 0),
      modifiedAt: h.LastModified ?? new Date(0),
      legalHold: lock.legalHold,
      retainUntil: lock.retainUntil ? new Date(lock.retainUntil) : null,
    };
  }

  async delete(key: string, opts?: DeleteOptions): Promise<boolean> {
    const h = await this.head(key);
    if (!h) return false;
    const lock = await this.lockState(key);
    if (lock.legalHold) throw new BlobLockedError(key, 'legal_hold');
    if (lock.retainUntil && new Date(lock.retainUntil) > (opts?.now ?? new Date()))
      throw new BlobLockedError(key, 'retention');
    try {
      // Under object lock the bucket is versioned: delete the version itself (a bare delete only adds a marker).
      await this.client.send(
        new DeleteObjectCommand({
          Bucket: this.opts.bucket,
          Key: this.k(key),
          ...(this.opts.objectLock && h.VersionId ? { VersionId: h.VersionId } : {}),
        }),
      );
    } catch (err) {
      if (status(err) === 403) throw new BlobLockedError(key, 'retention');
      throw err;
    }
    if (!this.opts.objectLock)
      await this.client.send(new DeleteObjectCommand({ Bucket: this.opts.bucket, Key: this.lockKey(key) }));
    return true;
  }

  async *list(prefix = ''): AsyncIterable<string> {
    let token: string | undefined;
    do {
      const res = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.opts.bucket,
          Prefix: this.prefix + prefix,
          ...(token ? { ContinuationToken: token } : {}),
        }),
      );
      for (const o of res.Contents ?? []) {
        const key = o.Key?.slice(this.prefix.length);
        if (key && !key.startsWith(LOCKS)) yield key;
      }
      token = res.IsTruncated ? res.NextContinuationToken : undefined;
    } while (token);
  }

  async setLegalHold(key: string, on: boolean): Promise<void> {
    if (this.opts.objectLock) {
      await this.client.send(
        new PutObjectLegalHoldCommand({
          Bucket: this.opts.bucket,
          Key: this.k(key),
          LegalHold: { Status: on ? 'ON' : 'OFF' },
        }),
      );
      return;
    }
    await this.writeLock(key, { ...(await this.lockState(key)), legalHold: on });
  }

  async setRetention(key: string, until: Date): Promise<void> {
    const lock = await this.lockState(key);
    if (lock.retainUntil && new Date(lock.retainUntil) >= until) return; // never shorten
    if (this.opts.objectLock) {
      await this.client.send(
        new PutObjectRetentionCommand({
          Bucket: this.opts.bucket,
          Key: this.k(key),
          Retention: { Mode: 'COMPLIANCE', RetainUntilDate: until },
        }),
      );
      return;
    }
    await this.writeLock(key, { ...lock, retainUntil: until.toISOString() });
  }

  private lockKey(key: string): string {
    return `${this.prefix}${LOCKS}${this.k(key).slice(this.prefix.length)}.json`;
  }

  private async lockState(key: string): Promise<LockState> {
    if (this.opts.objectLock) {
      const [hold, retention] = await Promise.all([
        this.client
          .send(new GetObjectLegalHoldCommand({ Bucket: this.opts.bucket, Key: this.k(key) }))
          .then((r) => r.LegalHold?.Status === 'ON')
          .catch(() => false),
        this.client
          .send(new GetObjectRetentionCommand({ Bucket: this.opts.bucket, Key: this.k(key) }))
          .then((r) => r.Retention?.RetainUntilDate?.toISOString() ?? null)
          .catch(() => null),
      ]);
      return { legalHold: hold, retainUntil: retention };
    }
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.opts.bucket, Key: this.lockKey(key) }));
      return JSON.parse(await res.Body!.transformToString()) as LockState;
    } catch (err) {
      if (status(err) === 404) return { legalHold: false, retainUntil: null };
      throw err;
    }
  }

  private async writeLock(key: string, state: LockState): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.opts.bucket,
        Key: this.lockKey(key),
        Body: JSON.stringify(state),
        ContentType: 'application/json',
      }),
    );
  }
}
