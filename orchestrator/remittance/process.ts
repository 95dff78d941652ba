// processEraFile: one stored 835 -> payments, remittance claims (matched to
// our claims or listed as unmatched), PLB adjustments and balance problems
// (streamed in batches, persist.ts), then each matched denial (explicit or
// silent) into the denial work queue.
// Idempotent by the file's SHA-256: a second run finds the file row, writes
// nothing new, and only finishes work-queue hand-overs a crash left undone.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { EraDownloadOutput } from '../../bots/index.ts';
import { EvidenceIntegrityError, type EvidenceStore } from '../../evidence-store/index.ts';
import type { Db } from '../platform/db/client.ts';
import type { Logger } from '../platform/logging.ts';
import { EraPipelineError } from './errors.ts';
import { handOverDenials, type HandOverSummary } from './handover.ts';
import { DuplicateEraFileError, persistEraFile, type PersistResult } from './persist.ts';
import { text } from '../platform/text.ts';

const Sha256 = text().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex SHA-256');
export const ProcessEraInput = z.union([
  z.object({ evidenceId: z.uuid('must be an evidence id (uuid)') }).strict(),
  z.object({ bytes: z.instanceof(Uint8Array, { message: 'must be the file bytes' }), sha256: Sha256 }).strict(),
]);
export type ProcessEraInput = z.infer<typeof ProcessEraInput>;
export const ProcessEraContext = z.object({
  portal: text().regex(/^[a-z][a-z0-9-]*$/, 'must be a portal id like availity'),
  runId: text().min(1).optional(),
  logger: z.custom<Logger>().optional(),
  now: z.date().optional(),
  /** Book a test file (ISA15 = T) as real payments anyway. */
  force: z.boolean().optional(),
});
export type ProcessEraContext = z.input<typeof ProcessEraContext>;

export interface ProcessEraResult {
  fileId: string;
  sha256: string;
  /** True when this file had been processed before (nothing new was written). */
  duplicate: boolean;
  transactions: number;
  claims: number;
  matched: number;
  unmatched: number;
  denials: number;
  balanceProblems: number;
  workqueue: HandOverSummary;
}

function invalid(where: string, issue: z.core.$ZodIssue | undefined): EraPipelineError {
  return new EraPipelineError(
    'invalid_input',
    `${where}${issue?.path.length ? `.${issue.path.join('.')}` : ''}: ${issue?.message ?? 'invalid'}`,
  );
}

async function loadBytes(
  db: Db,
  store: EvidenceStore,
  input: ProcessEraInput,
): Promise<{
  bytes: Buffer | AsyncIterable<Uint8Array>;
  byteSize: number;
  sha256: string;
  evidenceId: string | null;
  storageKey: string | null;
}> {
  if ('bytes' in input) {
    const bytes = Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength);
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== input.sha256)
      throw new EraPipelineError('integrity_error', `sha256: the bytes hash to ${actual}, not ${input.sha256}`);
    return { bytes, byteSize: bytes.length, sha256: actual, evidenceId: null, storageKey: null };
  }
  const row = await db.evidence.findUnique({
    where: { id: input.evidenceId },
    select: { id: true, sha256: true, kind: true, storageKey: true, byteSize: true },
  });
  if (!row) throw new EraPipelineError('evidence_not_found', `evidenceId: no evidence ${input.evidenceId}`);
  if (row.kind !== 'file')
    throw new EraPipelineError(
      'invalid_input',
      `evidenceId: evidence ${row.id} is a ${row.kind}, not a downloaded file`,
    );
  try {
    // Streamed from the store, which re-hashes the bytes as they pass against both the content
    // address and the evidence row's hash. The parse runs while they pass, inside one database
    // transaction: altered bytes fail the stream with EvidenceIntegrityError at its end, before
    // COMMIT, and the transaction rolls back (processEraFile maps it to integrity_error).
    const source = await store.openOriginal(row.storageKey, {
      actor: 'era-pipeline',
      reason: 'parse 835',
      sha256: row.sha256,
    });
    return {
      bytes: source,
      byteSize: row.byteSize,
      sha256: row.sha256,
      evidenceId: row.id,
      storageKey: row.storageKey,
    };
  } catch (e) {
    throw integrityError(row.id, e);
  }
}

function integrityError(evidenceId: string, e: unknown): EraPipelineError {
  return new EraPipelineError('integrity_error', `evidence ${evidenceId}: ${(e as Error).message.split('\n')[0]}`, {
    cause: e,
  });
}

export async function processEraFile(
  db: Db,
  store: EvidenceStore,
  rawInput: unknown,
  rawCtx: ProcessEraContext,
): Promise<ProcessEraResult> {
  const input = ProcessEraInput.safeParse(rawInput);
  if (!input.success) throw invalid('input', input.error.issues[0]);
  const ctxParsed = ProcessEraContext.safeParse(rawCtx);
  if (!ctxParsed.success) throw invalid('ctx', ctxParsed.error.issues[0]);
  const ctx = ctxParsed.data;

  // A known file (by evidence row's hash, or the given hash) needs neither a read nor a parse.
  const knownSha =
    'sha256' in input.data
      ? input.data.sha256
      : (await db.evidence.findUnique({ where: { id: input.data.evidenceId }, select: { sha256: true } }))?.sha256;
  const existing = knownSha ? await db.eraFile.findUnique({ where: { sha256: knownSha } }) : null;
  if (existing) return summarize(db, existing.id, existing.sha256, true, await handOverDenials(db, existing.id, ctx));

  const file = await loadBytes(db, store, input.data);
  let stored: PersistResult;
  try {
    stored = await persistEraFile(db, {
      portalId: ctx.portal,
      runId: ctx.runId ?? null,
      sha256: file.sha256,
      evidenceId: file.evidenceId,
      storageKey: file.storageKey,
      bytes: file.bytes,
      byteSize: file.byteSize,
      force: ctx.force === true,
    });
  } catch (e) {
    if (e instanceof EvidenceIntegrityError && file.evidenceId) throw integrityError(file.evidenceId, e);
    // Another process stored the same file first: theirs is the one set of rows.
    if (!(e instanceof DuplicateEraFileError)) throw e;
    const winner = await db.eraFile.findUniqueOrThrow({ where: { sha256: file.sha256 } });
    return summarize(db, winner.id, winner.sha256, true, await handOverDenials(db, winner.id, ctx));
  }
  const fileId = stored.fileId;
  ctx.logger?.info(
    { event: 'era_file_processed', fileId, sha256: file.sha256, transactions: stored.transactions },
    'ERA file processed',
  );
  return summarize(db, fileId, file.sha256, false, await handOverDenials(db, fileId, ctx));
}

async function summarize(
  db: Db,
  fileId: string,
  sha256: string,
  duplicate: boolean,
  workqueue: HandOverSummary,
): Promise<ProcessEraResult> {
  const where = { payment: { fileId } };
  const [transactions, claims, matched, denials, balanceProblems] = await Promise.all([
    db.eraPayment.count({ where: { fileId } }),
    db.eraRemittanceClaim.count({ where }),
    db.eraRemittanceClaim.count({ where: { ...where, matchedClaimId: { not: null } } }),
    db.eraRemittanceClaim.count({
      where: { ...where, denialKind: { in: ['denied', 'zero_pay', 'underpaid', 'partial_denial'] } },
    }),
    db.eraBalanceProblem.count({ where }),
  ]);
  return {
    fileId,
    sha256,
    duplicate,
    transactions,
    claims,
    matched,
    unmatched: claims - matched,
    denials,
    balanceProblems,
    workqueue,
  };
}

export interface EraDownloadContext {
  portal: string;
  runId?: string;
  logger?: Logger;
}

/**
 * The worker's hook for an era-download result: processes every listed file
 * (each by its evidence id), one failure not stopping the others.
 */
export async function processEraDownloadResult(
  db: Db,
  store: EvidenceStore,
  result: EraDownloadOutput,
  ctx: EraDownloadContext,
): Promise<{ fileName: string; result?: ProcessEraResult; error?: EraPipelineError }[]> {
  const out: { fileName: string; result?: ProcessEraResult; error?: EraPipelineError }[] = [];
  for (const f of result.files) {
    try {
      out.push({ fileName: f.fileName, result: await processEraFile(db, store, { evidenceId: f.evidenceId }, ctx) });
    } catch (e) {
      if (!(e instanceof EraPipelineError)) throw e;
      ctx.logger?.warn(
        { event: 'era_file_failed', evidenceId: f.evidenceId, code: e.code, error: e.message },
        'ERA file not processed',
      );
      out.push({ fileName: f.fileName, error: e });
    }
  }
  return out;
}
