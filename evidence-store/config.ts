// Store configuration, validated with zod so a bad deployment fails at open() with a
// clear message rather than at the first capture.
import { z } from 'zod';
import type pg from 'pg';
import { trustedKeySchema } from './trust.ts';

export interface EvidenceLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const loggerSchema = z.custom<EvidenceLogger>(
  (v) =>
    typeof v === 'object' &&
    v !== null &&
    ['debug', 'info', 'warn', 'error'].every((m) => typeof (v as Record<string, unknown>)[m] === 'function'),
  { message: 'logger must have debug/info/warn/error methods' },
);

const poolSchema = z.custom<pg.Pool>(
  (v) => typeof v === 'object' && v !== null && typeof (v as { connect?: unknown }).connect === 'function',
  {
    message: 'db must be a pg.Pool or a connection string',
  },
);

export const evidenceStoreConfigSchema = z.object({
  /** Root directory of the local filesystem blob backend. */
  dir: z.string().min(1),
  /** Ed25519 private key: PKCS#8 PEM, or base64 of the 32-byte raw seed. Needed to sign checkpoints. */
  signingKey: z.string().min(1).optional(),
  /**
   * Public keys whose checkpoints verify() accepts besides the signing key's own (key rotation):
   * base64 raw 32 bytes or SPKI PEM, optionally `KEY@FROM..UNTIL`, or {publicKey, notBefore, notAfter}.
   */
  trustedPublicKeys: z.array(z.union([z.string().min(1), trustedKeySchema])).default([]),
  /** Produce derived WebP / thumbnail / annotated copies in the background. */
  derive: z.boolean().default(true),
  /**
   * Where derived copies are made: 'process' (default) in a child process at a
   * lower CPU priority, so they never take CPU from lookups; 'inline' in this
   * process's thread pool (tools and tests that want no extra process).
   */
  deriveIn: z.enum(['process', 'inline']).default('process'),
  /** Nice value of the derive process (0-19; higher is lower priority). */
  deriveNice: z.number().int().min(0).max(19).default(10),
  /**
   * Derivation waits until no original was stored for this long (0 = start
   * at once): while lookups run, their CPU goes to the browser, and the
   * copies are made in the pauses between bursts.
   */
  deriveQuietMs: z.number().int().nonnegative().default(1_000),
  /** Under sustained load derivation starts anyway once this many captures wait for it. */
  deriveMaxBacklog: z.number().int().nonnegative().default(500),
  /** PostgreSQL pool or connection string. Without it the store keeps blobs only (no ledger, access log, retention). */
  db: z.union([z.string().min(1), poolSchema]).optional(),
  logger: loggerSchema.optional(),
  /** Organization used when a capture's context names none. */
  defaultOrganizationId: z.string().min(1).default('default'),
  /** Retention when an organization has no policy row: 6 years. */
  defaultRetentionMonths: z.number().int().positive().default(72),
  /**
   * Automatic checkpoint cadence: sign every N ledger entries (0 = only explicit checkpoint() calls;
   * needs signingKey). verify() reports a ledger whose newest checkpoint lags far behind it.
   */
  checkpointEvery: z.number().int().nonnegative().default(25),
  /** Off-host copy of every checkpoint: a file path (JSON lines, appended) or an http(s) webhook URL. */
  checkpointExport: z.string().min(1).optional(),
  /** RFC 3161 time-stamping authority: each ledger checkpoint is stamped and the token chained in the ledger. */
  tsaUrl: z.string().url().optional(),
  /** PEM CA certificate(s) of the TSA: verify() then checks each token's signature (`openssl ts -verify`). */
  tsaCaFile: z.string().min(1).optional(),
  /** Banner placement on the annotated copy. */
  bannerPosition: z.enum(['top', 'bottom']).default('bottom'),
  /** Thumbnail width in pixels. */
  thumbnailWidth: z.number().int().min(16).max(2000).default(320),
  /** Actor recorded in the access log when a caller names none. */
  defaultActor: z.string().min(1).default('system'),
});

export type EvidenceStoreOptions = z.input<typeof evidenceStoreConfigSchema>;
export type EvidenceStoreConfig = z.output<typeof evidenceStoreConfigSchema>;

export const silentLogger: EvidenceLogger = { debug() {}, info() {}, warn() {}, error() {} };
