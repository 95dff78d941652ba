// The evidence store: originals in, hashes of record out, every write chained.
// Critical path of storeCapture = three blob writes + manifest + one ledger append;
// derived images are queued and produced afterwards, in a quiet moment, by a
// low-priority process (derive/process.ts).
import { canonicalJson, sha256Hex } from './canonical.ts';
import { contentKey, sha256FromKey } from './blob/backend.ts';
import {
  captureContextSchema,
  captureManifestSchema,
  pngSize,
  type CaptureContext,
  type CaptureInput,
  type CaptureManifest,
  type StoredFile,
} from './manifest.ts';
import {
  appendChained,
  LEDGER,
  readChain,
  chainHead,
  type LedgerBody,
  type LedgerFile,
  type LedgerKind,
} from './ledger/tables.ts';
import { withTx, closeDb } from './ledger/db.ts';
import type { Checkpoint } from './ledger/checkpoint.ts';
import { signCheckpointNow } from './checkpointing.ts';
import { listCheckpoints } from './ledger/checkpoint-store.ts';
import { recordObjects, toObjectRow, type ObjectRecord, type ObjectRow } from './objects.ts';
import { recordAccess } from './access-log.ts';
import { TaskQueue } from './derive/queue.ts';
import { checkRedacted, VARIANT_FORMAT, type DerivedVariant } from './derive/images.ts';
import { deriveCopies } from './derive/derivations.ts';
import { processDeriver, type Deriver } from './derive/process.ts';
import { capturesMissingCopies, type MissingCopiesQuery } from './derive/missing.ts';
import { EvidenceIntegrityError, requireDb, type AccessContext, type StoreContext } from './context.ts';

export interface PutOriginalOptions {
  contentType: string;
  ext: string;
  /** When given (with a database), the file is chained as a 'file' ledger entry with these links. */
  claimRef?: string;
  runId?: string;
  jobId?: string;
  organizationId?: string;
  /** Free-form, non-PHI description kept in the ledger entry (e.g. 'era-835'). */
  label?: string;
}

export interface StoredCapture {
  /** The screenshot PNG: its sha256 is the capture's hash of record. */
  sha256: string;
  storageKey: string;
  byteSize: number;
  manifest: CaptureManifest;
  manifestSha256: string;
  manifestStorageKey: string;
  /** Position in the ledger (null without a database). */
  ledger: { seq: number; entryHash: string } | null;
}

export interface LedgerPosition {
  seq: number;
  entryHash: string;
}

export class StoreCore {
  /** Derived copies: waits for a pause in foreground writes (deriveQuietMs). */
  readonly derivations: TaskQueue;
  /** Other background work (automatic checkpoints): starts at once. */
  readonly background: TaskQueue;
  private readonly deriver: Deriver;

  constructor(readonly ctx: StoreContext) {
    this.derivations = new TaskQueue({
      concurrency: 1,
      onError: (err) => ctx.log.error({ err: String(err) }, 'evidence derivation failed'),
      quietMs: ctx.cfg.deriveQuietMs,
      maxBacklog: ctx.cfg.deriveMaxBacklog,
    });
    this.background = new TaskQueue({
      concurrency: 1,
      onError: (err) => ctx.log.error({ err: String(err) }, 'evidence background task failed'),
    });
    this.deriver =
      ctx.cfg.deriveIn === 'process'
        ? processDeriver({ nice: ctx.cfg.deriveNice })
        : { derive: deriveCopies, close: async () => undefined };
  }

  /** Store bytes byte-for-byte under their content hash. */
  async putBlob(bytes: Uint8Array, contentType: string, ext: string): Promise<StoredFile> {
    const sha256 = sha256Hex(bytes);
    const storageKey = contentKey(sha256, ext);
    await this.ctx.backend.put(storageKey, bytes, { contentType });
    return { sha256, storageKey, byteSize: bytes.byteLength, contentType };
  }

  async putOriginal(
    bytes: Uint8Array,
    opts: PutOriginalOptions,
  ): Promise<{ sha256: string; storageKey: string; byteSize: number; ledger: LedgerPosition | null }> {
    this.derivations.activity();
    return this.chainOriginal(await this.putBlob(bytes, opts.contentType, opts.ext), opts);
  }

  /** The 'file' ledger entry and object row of an original already in the backend (putOriginal, putOriginalFile). */
  async chainOriginal(
    f: StoredFile,
    opts: PutOriginalOptions,
  ): Promise<{ sha256: string; storageKey: string; byteSize: number; ledger: LedgerPosition | null }> {
    const org = opts.organizationId ?? this.ctx.cfg.defaultOrganizationId;
    const entry = await this.chain(
      'file',
      org,
      [{ ...f, role: 'file', kind: 'original', variant: 'file', derivedFrom: null }],
      {
        sha256: f.sha256,
        storageKey: f.storageKey,
        claimRef: opts.claimRef ?? null,
        runId: opts.runId ?? null,
        jobId: opts.jobId ?? null,
        details: opts.label ? { label: opts.label } : {},
      },
    );
    return { sha256: f.sha256, storageKey: f.storageKey, byteSize: f.byteSize, ledger: entry };
  }

  async storeCapture(capture: CaptureInput, context: CaptureContext): Promise<StoredCapture> {
    const c = captureContextSchema.parse(context);
    this.derivations.activity();
    const org = c.organizationId ?? this.ctx.cfg.defaultOrganizationId;
    const [png, html, aria] = await Promise.all([
      this.putBlob(capture.png, 'image/png', 'png'),
      this.putBlob(Buffer.from(capture.html, 'utf8'), 'text/html; charset=utf-8', 'html'),
      this.putBlob(Buffer.from(capture.ariaSnapshot, 'utf8'), 'text/yaml; charset=utf-8', 'yml'),
    ]);
    const manifest = captureManifestSchema.parse({
      schemaVersion: 1,
      kind: 'page-capture',
      label: capture.label,
      title: capture.title ?? '',
      url: capture.url,
      finalUrl: capture.finalUrl,
      httpStatus: capture.httpStatus,
      capturedAt: capture.capturedAt.toISOString(),
      browser: { version: capture.browserVersion },
      playwrightVersion: capture.playwrightVersion,
      userAgent: capture.userAgent,
      viewport: capture.viewport,
      image: pngSize(capture.png),
      botVersion: c.botVersion,
      portal: c.portal,
      runId: c.runId,
      jobId: c.jobId,
      claimRef: c.claimRef ?? null,
      organizationId: org,
      files: { png, html, aria },
    });
    // Canonical JSON so anyone can re-serialize the manifest from packet.json and get the same hash.
    const mf = await this.putBlob(Buffer.from(canonicalJson(manifest), 'utf8'), 'application/json', 'json');
    const objects: ObjectRecord[] = [
      { ...png, role: 'png', kind: 'original', variant: 'png', derivedFrom: null },
      { ...html, role: 'html', kind: 'original', variant: 'html', derivedFrom: null },
      { ...aria, role: 'aria', kind: 'original', variant: 'aria', derivedFrom: null },
      { ...mf, role: 'manifest', kind: 'original', variant: 'manifest', derivedFrom: null },
    ];
    const entry = await this.chain('capture', org, objects, {
      sha256: png.sha256,
      storageKey: png.storageKey,
      claimRef: c.claimRef ?? null,
      runId: c.runId,
      jobId: c.jobId,
      details: { portal: c.portal, manifestSha256: mf.sha256 },
    });
    if (this.ctx.cfg.derive) this.derivations.push(() => this.derive(manifest, mf.sha256, org));
    return {
      sha256: png.sha256,
      storageKey: png.storageKey,
      byteSize: png.byteSize,
      manifest,
      manifestSha256: mf.sha256,
      manifestStorageKey: mf.storageKey,
      ledger: entry,
    };
  }

  /**
   * Background: WebP, thumbnail and annotated copies, stored under their own
   * hashes and chained as 'derived' with the capture's manifest hash (which
   * capturesMissingCopies matches on).
   */
  private async derive(m: CaptureManifest, manifestSha256: string, org: string): Promise<void> {
    const original = await this.ctx.backend.get(m.files.png.storageKey);
    if (sha256Hex(original) !== m.files.png.sha256)
      throw new EvidenceIntegrityError(m.files.png.storageKey, m.files.png.sha256, sha256Hex(original));
    const outputs = await this.deriver.derive({
      png: original,
      banner: {
        capturedAt: m.capturedAt,
        portal: m.portal,
        url: m.finalUrl || m.url,
        claimRef: m.claimRef,
        botVersion: m.botVersion,
        sha256: m.files.png.sha256,
      },
      bannerPosition: this.ctx.cfg.bannerPosition === 'top' ? 'top' : 'bottom',
      thumbnailWidth: this.ctx.cfg.thumbnailWidth,
    });
    await this.storeDerived(m.files.png.sha256, outputs, org, m.claimRef, m.runId, m.jobId, { manifestSha256 });
  }

  /**
   * Queues derivation again for captures whose copies were never made (their
   * process died first) and waits for it. Returns how many captures it derived.
   */
  async deriveMissing(q: MissingCopiesQuery): Promise<{ derived: number; failed: number }> {
    const db = requireDb(this.ctx, 'deriveMissing');
    const missing = await capturesMissingCopies(db.pool, q);
    let failed = 0;
    const done = missing.map(
      (c) =>
        new Promise<void>((resolve) =>
          this.derivations.push(async () => {
            try {
              const manifest = captureManifestSchema.parse(
                JSON.parse((await this.readVerified(c.manifestStorageKey)).toString('utf8')),
              );
              await this.derive(manifest, c.manifestSha256, c.organizationId);
            } catch (err) {
              failed++;
              this.ctx.log.error({ err: String(err), seq: c.seq }, 'evidence derivation failed');
            } finally {
              resolve();
            }
          }),
        ),
    );
    await this.derivations.whenIdle();
    await Promise.all(done);
    return { derived: missing.length - failed, failed };
  }

  private async storeDerived(
    fromSha: string,
    outputs: Array<[DerivedVariant, Buffer]>,
    org: string,
    claimRef: string | null,
    runId: string | null,
    jobId: string | null,
    details: Record<string, unknown> = {},
  ): Promise<StoredFile[]> {
    const stored: ObjectRecord[] = [];
    for (const [variant, bytes] of outputs) {
      const f = await this.putBlob(bytes, VARIANT_FORMAT[variant].contentType, VARIANT_FORMAT[variant].ext);
      stored.push({ ...f, role: variant, kind: 'derived', variant, derivedFrom: fromSha });
    }
    await this.chain('derived', org, stored, {
      sha256: fromSha,
      storageKey: null,
      claimRef,
      runId,
      jobId,
      details: { derivedFrom: fromSha, ...details },
    });
    return stored;
  }

  /** Store a redacted copy produced elsewhere as a derived variant of the original PNG; the original is untouched. */
  async storeRedacted(
    originalStorageKey: string,
    redactedPng: Uint8Array,
    info: { reason: string; actor: string; organizationId?: string; claimRef?: string },
  ): Promise<StoredFile> {
    const original = await this.readVerified(originalStorageKey);
    await checkRedacted(original, redactedPng);
    const fromSha = sha256FromKey(originalStorageKey)!;
    const [f] = await this.storeDerived(
      fromSha,
      [['redacted', Buffer.from(redactedPng)]],
      info.organizationId ?? this.ctx.cfg.defaultOrganizationId,
      info.claimRef ?? null,
      null,
      null,
      {
        reason: info.reason,
        actor: info.actor,
      },
    );
    return f!;
  }

  /** Read bytes, re-hash them against the content address, and log the access (who/why). */
  async read(storageKey: string, who?: AccessContext): Promise<Buffer> {
    let bytes: Buffer;
    try {
      bytes = await this.readVerified(storageKey);
    } catch (err) {
      const outcome =
        err instanceof EvidenceIntegrityError
          ? 'integrity_error'
          : (err as Error).name === 'BlobNotFoundError'
            ? 'not_found'
            : 'error';
      await recordAccess(this.ctx, who, { action: 'read', outcome, storageKey, sha256: sha256FromKey(storageKey) });
      throw err;
    }
    await recordAccess(this.ctx, who, { action: 'read', outcome: 'ok', storageKey, sha256: sha256FromKey(storageKey) });
    return bytes;
  }

  /** Read and verify without logging (internal callers log at a coarser grain, e.g. one 'packet' record). */
  async readVerified(storageKey: string): Promise<Buffer> {
    const bytes = await this.ctx.backend.get(storageKey);
    const expected = sha256FromKey(storageKey);
    const actual = sha256Hex(bytes);
    if (expected && expected !== actual) throw new EvidenceIntegrityError(storageKey, expected, actual);
    return bytes;
  }

  /** Derived variants (webp, thumb, annotated, redacted) of an original, by the original's sha256. */
  async variants(sha256: string): Promise<ObjectRow[]> {
    const db = requireDb(this.ctx, 'variants');
    const res = await db.pool.query(
      `SELECT * FROM evidence_objects WHERE derived_from = $1 AND deleted_at IS NULL ORDER BY created_at, storage_key`,
      [sha256],
    );
    return res.rows.map(toObjectRow);
  }

  /** Captures chained for a claim, oldest first, with their manifests (read back and verified). */
  async listCaptures(claimRef: string): Promise<Array<StoredCapture & { ledger: LedgerPosition }>> {
    const db = requireDb(this.ctx, 'listCaptures');
    const rows = await readChain(db.pool, LEDGER, { where: `kind = 'capture' AND claim_ref = $3`, params: [claimRef] });
    const out: Array<StoredCapture & { ledger: LedgerPosition }> = [];
    for (const r of rows) {
      const mf = r.body.files.find((f) => f.role === 'manifest');
      if (!mf) continue;
      const manifest = captureManifestSchema.parse(
        JSON.parse((await this.readVerified(mf.storageKey)).toString('utf8')),
      );
      out.push({
        sha256: manifest.files.png.sha256,
        storageKey: manifest.files.png.storageKey,
        byteSize: manifest.files.png.byteSize,
        manifest,
        manifestSha256: mf.sha256,
        manifestStorageKey: mf.storageKey,
        ledger: { seq: r.seq, entryHash: r.entryHash },
      });
    }
    return out;
  }

  /** Sign both chains' heads now (checkpointing.ts): walked first, recorded in the ledger, exported, stamped. */
  async checkpoint(): Promise<{ ledger: Checkpoint; access: Checkpoint | null; tsaTime?: string }> {
    return signCheckpointNow(this.ctx);
  }

  async checkpoints(chain: 'ledger' | 'access' = 'ledger'): Promise<Checkpoint[]> {
    return listCheckpoints(requireDb(this.ctx, 'checkpoints').pool, chain);
  }

  async head(): Promise<{ seq: number; headHash: string } | null> {
    return chainHead(requireDb(this.ctx, 'head').pool, 'ledger');
  }

  /** Append a ledger entry for stored objects and upsert their bookkeeping rows, atomically. */
  async chain(
    kind: LedgerKind,
    org: string,
    objects: ObjectRecord[],
    fields: Pick<LedgerBody, 'sha256' | 'storageKey' | 'claimRef' | 'runId' | 'jobId' | 'details'>,
  ): Promise<LedgerPosition | null> {
    if (!this.ctx.db) return null;
    const files: LedgerFile[] = objects.map((o) => ({
      role: o.role,
      sha256: o.sha256,
      storageKey: o.storageKey,
      byteSize: o.byteSize,
      contentType: o.contentType,
    }));
    const row = await withTx(this.ctx.db, async (client) => {
      const r = await appendChained(client, LEDGER, (createdAt) => ({
        kind,
        files,
        organizationId: org,
        createdAt,
        ...fields,
      }));
      await recordObjects(client, objects, org, this.ctx.cfg.defaultRetentionMonths);
      return r;
    });
    const every = this.ctx.cfg.checkpointEvery;
    if (every > 0 && this.ctx.signer && row.seq % every === 0) {
      this.background.push(async () => void (await this.checkpoint()));
    }
    return { seq: row.seq, entryHash: row.entryHash };
  }

  async whenIdle(): Promise<void> {
    await Promise.all([this.derivations.whenIdle(), this.background.whenIdle()]);
  }

  /** Captures still waiting for their derived copies. */
  pendingDerivations(): number {
    return this.derivations.size;
  }

  async close(): Promise<void> {
    await this.whenIdle();
    await this.deriver.close();
    if (this.ctx.db) await closeDb(this.ctx.db);
  }
}
