// Public entry point of the evidence store. It knows nothing of bots or queues: callers
// hand it bytes and structural capture records, and get hashes, manifests and proofs back.
import path from 'node:path';
import type { Readable } from 'node:stream';
import { evidenceStoreConfigSchema, silentLogger, type EvidenceStoreOptions } from './config.ts';
import { FsBlobBackend, mkdirPrivate } from './blob/fs-backend.ts';
import type { BlobBackend } from './blob/backend.ts';
import { openDb } from './ledger/db.ts';
import { parseSigningKey, signBytes, type Checkpoint, type SigningKey } from './ledger/checkpoint.ts';
import { toTrustedKeys } from './trust.ts';
import { StoreCore, type PutOriginalOptions, type StoredCapture, type LedgerPosition } from './store.ts';
import { openOriginal, putOriginalFile, type OpenOriginalOptions } from './original-streams.ts';
import { verifyStore, type VerifyOptions, type VerifyReport } from './verify.ts';
import { listAccess, type AccessQuery } from './access-log.ts';
import {
  applyRetention,
  placeLegalHold,
  releaseLegalHold,
  setRetentionPolicy,
  type LegalHoldInput,
  type RetentionResult,
} from './retention.ts';
import { preparePacket } from './packet/collect.ts';
import { buildPacket, type BuiltPacket, type PacketInput, type PacketSigner } from './packet/build.ts';
import type { PacketClaim } from './packet/schema.ts';
import type { CaptureContext, CaptureInput } from './manifest.ts';
import type { AccessContext, StoreContext } from './context.ts';
import type { StoredFile } from './manifest.ts';
import type { ObjectRow } from './objects.ts';
import type { AccessBody } from './ledger/tables.ts';
import type { MissingCopiesQuery } from './derive/missing.ts';

export interface EvidenceStore {
  readonly backend: BlobBackend;
  putOriginal(
    bytes: Uint8Array,
    opts: PutOriginalOptions,
  ): Promise<{ sha256: string; storageKey: string; byteSize: number; ledger: LedgerPosition | null }>;
  /**
   * putOriginal for a file too large to hold in memory: hashed, then streamed to the backend
   * (which refuses it if it changed in between), then chained like putOriginal.
   */
  putOriginalFile(
    file: string,
    opts: PutOriginalOptions,
  ): Promise<{ sha256: string; storageKey: string; byteSize: number; ledger: LedgerPosition | null }>;
  storeCapture(capture: CaptureInput, context: CaptureContext): Promise<StoredCapture>;
  read(storageKey: string, who?: AccessContext): Promise<Buffer>;
  /**
   * read as a stream: verified as it passes, failing with EvidenceIntegrityError at the end
   * instead of ending when the bytes are not the ones of record. Commit nothing derived from
   * it before it has ended cleanly.
   */
  openOriginal(storageKey: string, opts?: OpenOriginalOptions): Promise<Readable>;
  storeRedacted(
    originalStorageKey: string,
    redactedPng: Uint8Array,
    info: { reason: string; actor: string; organizationId?: string; claimRef?: string },
  ): Promise<StoredFile>;
  variants(originalSha256: string): Promise<ObjectRow[]>;
  listCaptures(claimRef: string): Promise<Array<StoredCapture & { ledger: LedgerPosition }>>;
  /** Signs both chains now; `tsaTime` when an RFC 3161 TSA stamped the ledger checkpoint. */
  checkpoint(): Promise<{ ledger: Checkpoint; access: Checkpoint | null; tsaTime?: string }>;
  checkpoints(chain?: 'ledger' | 'access'): Promise<Checkpoint[]>;
  verify(opts?: VerifyOptions): Promise<VerifyReport>;
  accessLog(q?: AccessQuery): Promise<Array<AccessBody & { seq: number }>>;
  setRetentionPolicy(organizationId: string, retentionMonths: number): Promise<void>;
  placeLegalHold(input: LegalHoldInput): Promise<string>;
  releaseLegalHold(holdId: string, releasedBy: string): Promise<void>;
  applyRetention(now?: Date): Promise<RetentionResult>;
  preparePacket(claim: PacketClaim, who?: AccessContext & { claimRef?: string }): Promise<PacketInput>;
  /** preparePacket + buildPacket; `out` is a directory or a `.pdf` path (see packetDir). */
  exportPacket(
    claim: PacketClaim,
    out: string,
    who?: AccessContext & { claimRef?: string; zip?: boolean },
  ): Promise<BuiltPacket>;
  /** Public key (base64 raw Ed25519) that signs this store's checkpoints, if it has a signing key. */
  readonly publicKey: string | null;
  /** Signs packet.json for buildPacket with the checkpoint key. Throws without a signing key. */
  packetSigner(): PacketSigner;
  /** Waits for background work (derived copies, automatic checkpoints); derivation starts at once. */
  whenIdle(): Promise<void>;
  /** Captures still waiting for their derived copies (derivation waits for a pause in captures). */
  pendingDerivations(): number;
  /** Derives again the copies of captures (chained in the query's time range) whose process died before making them. */
  deriveMissing(q: MissingCopiesQuery): Promise<{ derived: number; failed: number }>;
  close(): Promise<void>;
}

export interface OpenOptions extends EvidenceStoreOptions {
  /** Use another blob backend (e.g. S3 with object lock) instead of the filesystem under `dir`. */
  backend?: BlobBackend;
}

export async function openEvidenceStore(options: OpenOptions): Promise<EvidenceStore> {
  const { backend: customBackend, ...rest } = options;
  const cfg = evidenceStoreConfigSchema.parse(rest);
  await mkdirPrivate(path.resolve(cfg.dir));
  const backend = customBackend ?? new FsBlobBackend(path.resolve(cfg.dir));
  const signer = cfg.signingKey ? parseSigningKey(cfg.signingKey) : null;
  const trustedKeys = [
    ...(signer ? [{ publicKey: signer.publicKeyBase64, notBefore: null, notAfter: null }] : []),
    ...toTrustedKeys(cfg.trustedPublicKeys),
  ];
  const ctx: StoreContext = {
    cfg,
    backend,
    db: cfg.db ? openDb(cfg.db) : null,
    signer,
    trustedKeys,
    log: cfg.logger ?? silentLogger,
  };
  const core = new StoreCore(ctx);
  return {
    backend,
    publicKey: signer?.publicKeyBase64 ?? null,
    putOriginal: (bytes, opts) => core.putOriginal(bytes, opts),
    putOriginalFile: (file, opts) => putOriginalFile(core, file, opts),
    storeCapture: (capture, context) => core.storeCapture(capture, context),
    read: (key, who) => core.read(key, who),
    openOriginal: (key, opts) => openOriginal(core, key, opts),
    storeRedacted: (key, png, info) => core.storeRedacted(key, png, info),
    variants: (sha) => core.variants(sha),
    listCaptures: (claimRef) => core.listCaptures(claimRef),
    checkpoint: () => core.checkpoint(),
    checkpoints: (chain) => core.checkpoints(chain),
    verify: (opts) => verifyStore(ctx, opts),
    accessLog: (q) => listAccess(ctx, q),
    setRetentionPolicy: (org, months) => setRetentionPolicy(ctx, org, months),
    placeLegalHold: (input) => placeLegalHold(ctx, input),
    releaseLegalHold: (id, by) => releaseLegalHold(ctx, id, by),
    applyRetention: (now) => applyRetention(ctx, now),
    preparePacket: (claim, who) => preparePacket(core, claim, who),
    packetSigner: () => packetSignerOf(signer),
    exportPacket: async (claim, out, who) =>
      buildPacket(await preparePacket(core, claim, who), out, { zip: who?.zip, signer: packetSignerOf(signer) }),
    whenIdle: () => core.whenIdle(),
    pendingDerivations: () => core.pendingDerivations(),
    deriveMissing: (q) => core.deriveMissing(q),
    close: () => core.close(),
  };
}

function packetSignerOf(signer: SigningKey | null): PacketSigner {
  if (!signer) throw new Error('appeal packets need the evidence store to be opened with a signingKey');
  return { publicKey: signer.publicKeyBase64, keyId: signer.keyId, sign: (bytes) => signBytes(signer, bytes) };
}

export { evidenceStoreConfigSchema, type EvidenceStoreOptions, type EvidenceLogger } from './config.ts';
export { FsBlobBackend } from './blob/fs-backend.ts';
export {
  contentKey,
  sha256FromKey,
  BlobConflictError,
  BlobContentMismatchError,
  BlobLockedError,
  BlobNotFoundError,
  type BlobBackend,
  type BlobStat,
  type PutOptions,
  type StreamPutOptions,
  type DeleteOptions,
} from './blob/backend.ts';
export {
  captureManifestSchema,
  captureContextSchema,
  type CaptureManifest,
  type CaptureInput,
  type CaptureContext,
  type StoredFile,
} from './manifest.ts';
export {
  generateSigningKey,
  checkpointSchema,
  checkCheckpoint,
  parseSigningKeyPublic,
  type Checkpoint,
} from './ledger/checkpoint.ts';
export { walkChain, bodyHashOf, linkHashOf, type ChainLink, type ChainProblem } from './ledger/chain.ts';
export {
  verifyReportSchema,
  verifyProblemSchema,
  type VerifyReport,
  type VerifyProblem,
  type VerifyOptions,
} from './verify.ts';
export {
  buildPacket,
  packetDir,
  type PacketInput,
  type PacketCaptureInput,
  type PacketDocumentInput,
  type BuiltPacket,
  type PacketSigner,
} from './packet/build.ts';
export { readPdfAttachments, PdfAttachmentError } from './packet/pdf-attachments.ts';
export {
  fingerprintOf,
  parseTrustedKey,
  parseTrustedKeys,
  publicKeyPem,
  rawPublicKey,
  TrustedKeyError,
  type TrustedKey,
} from './trust.ts';
export { verifyPacket } from './packet/verify.ts';
export { zipDirectory, readZip } from './packet/zip.ts';
export {
  packetSchema,
  claimSchema,
  PACKET_SIGNATURE_FILE,
  packetVerifyReportSchema,
  type Packet,
  type PacketClaim,
  type PacketVerifyReport,
} from './packet/schema.ts';
export { EvidenceIntegrityError, type AccessContext } from './context.ts';
export { canonicalJson, sha256Hex } from './canonical.ts';
export type { PutOriginalOptions, StoredCapture, LedgerPosition } from './store.ts';
export type { OpenOriginalOptions } from './original-streams.ts';
export type { RetentionResult, LegalHoldInput } from './retention.ts';
export type { AccessQuery } from './access-log.ts';
export type { ObjectRow } from './objects.ts';
export type { MissingCopiesQuery } from './derive/missing.ts';
export { S3BlobBackend, type S3BackendOptions } from './blob/s3-backend.ts';
