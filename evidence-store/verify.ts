// verify(): walk both chains, check every checkpoint signature and the head it vouches
// for, and re-hash stored files. Each problem names the exact storage key, claim,
// ledger seq and the last checkpoint under which the item was known good.
import { z } from 'zod';
import { canonicalJson, sha256Hex } from './canonical.ts';
import { walkChain, type ChainProblem, type ChainRow } from './ledger/chain.ts';
import { checkCheckpoint, checkpointPayload, type Checkpoint } from './ledger/checkpoint.ts';
import { checkTimestamp } from './ledger/timestamp.ts';
import { createHash } from 'node:crypto';
import { listCheckpoints } from './ledger/checkpoint-store.ts';
import { exportTarget, readExportedCheckpoints } from './ledger/checkpoint-export.ts';
import { auditCheckpointSet, checkCadence } from './verify-checkpoints.ts';
import { ACCESS, LEDGER, chainHead, readChain, type LedgerBody } from './ledger/tables.ts';
import { toObjectRow, type ObjectRow } from './objects.ts';
import { requireDb, type StoreContext } from './context.ts';
import type { TrustedKey } from './trust.ts';

export const problemTypes = [
  'file_changed',
  'file_missing',
  'row_edited',
  'rows_reordered',
  'rows_removed',
  'chain_broken',
  'truncated',
  'head_mismatch',
  'checkpoint_bad_signature',
  'checkpoint_untrusted_key',
  'checkpoint_mismatch',
  'checkpoint_missing',
  'timestamp_invalid',
] as const;

const checkpointRef = z.object({ size: z.number().int(), time: z.string() });

export const verifyProblemSchema = z.object({
  type: z.enum(problemTypes),
  chain: z.enum(['ledger', 'access']),
  message: z.string(),
  seq: z.number().int().optional(),
  originalSeq: z.number().int().optional(),
  missingSeqs: z.array(z.number().int()).optional(),
  storageKey: z.string().optional(),
  claimRef: z.string().nullable().optional(),
  expectedSha256: z.string().optional(),
  actualSha256: z.string().optional(),
  /** Latest signed checkpoint under which this item was last known good (null: never covered by one). */
  lastGoodCheckpoint: checkpointRef.nullable().optional(),
  lastVerifiedAt: z.string().nullable().optional(),
});
export type VerifyProblem = z.infer<typeof verifyProblemSchema>;

export const verifyReportSchema = z.object({
  ok: z.boolean(),
  checkedAt: z.string(),
  ledger: z.object({ size: z.number().int(), headHash: z.string().nullable(), checkpoints: z.number().int() }),
  access: z.object({ size: z.number().int(), headHash: z.string().nullable(), checkpoints: z.number().int() }),
  files: z.object({ checked: z.number().int(), rehashed: z.number().int() }),
  /** RFC 3161 timestamps chained for ledger checkpoints: the TSA's time, and whether the token checks out. */
  timestamps: z.array(
    z.object({ size: z.number().int(), checkpointTime: z.string(), tsaTime: z.string().nullable(), ok: z.boolean() }),
  ),
  /** Files gone because retention deleted them (recorded by a 'delete' entry): expected, not tampering. */
  expectedDeletions: z.array(z.object({ storageKey: z.string(), deletedAtSeq: z.number().int() })),
  warnings: z.array(z.string()),
  problems: z.array(verifyProblemSchema),
});
export type VerifyReport = z.infer<typeof verifyReportSchema>;

export interface VerifyOptions {
  /** Re-hash every file. Default: re-hash files never verified before, or whose size changed; stat the rest. */
  all?: boolean;
}

export async function verifyStore(ctx: StoreContext, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const db = requireDb(ctx, 'verify');
  const problems: VerifyProblem[] = [];
  const warnings: string[] = [];
  const trusted = ctx.trustedKeys.length > 0 ? ctx.trustedKeys : undefined;
  if (!trusted)
    warnings.push(
      'no trusted public key configured: checkpoint signatures are checked for validity only, not for who signed them',
    );

  const ledgerRows = await readChain(db.pool, LEDGER);
  const accessRows = await readChain(db.pool, ACCESS);
  const exported = await readExport(ctx, warnings);
  const { ledger: ledgerCps, access: accessCps } = auditCheckpointSet(
    {
      ledgerRows,
      table: { ledger: await listCheckpoints(db.pool, 'ledger'), access: await listCheckpoints(db.pool, 'access') },
      exported,
      knownKeys: ctx.trustedKeys.map((k) => k.publicKey),
    },
    problems,
  );

  const summary = async (chain: 'ledger' | 'access', rows: ChainRow[], cps: Checkpoint[]) => {
    const validCps = checkCheckpoints(chain, rows, cps, trusted, problems);
    const head = await chainHead(db.pool, chain);
    const last = rows[rows.length - 1];
    const expectedSize = Math.max(head?.seq ?? 0, ...validCps.map((c) => c.size));
    for (const p of walkChain(rows, { expectedSize, name: chain === 'ledger' ? 'ledger' : 'access log' }))
      problems.push(fromChainProblem(chain, p, rows, validCps));
    if (head && last && head.seq === last.seq && head.headHash !== last.entryHash) {
      problems.push({
        type: 'head_mismatch',
        chain,
        seq: last.seq,
        message: `${chain} head row does not match entry ${last.seq}: the last entry was rewritten`,
      });
    }
    return { size: last?.seq ?? 0, headHash: last?.entryHash ?? null, checkpoints: cps.length, validCps };
  };
  const ledger = await summary('ledger', ledgerRows as unknown as ChainRow[], ledgerCps);
  const access = await summary('access', accessRows as unknown as ChainRow[], accessCps);
  if (ctx.signer) checkCadence(ledger.size, ledger.validCps, ctx.cfg.checkpointEvery, problems);
  const timestamps = await checkTimestamps(ctx, ledgerRows, ledgerCps, problems);

  const files = await verifyFiles(ctx, ledgerRows, ledger.validCps, opts, problems);
  const loose = await ctx.backend.looseModes?.();
  if (loose?.paths.length)
    warnings.push(
      `evidence is readable or writable by group or others (PHI: directories should be 0700, files 0400): ${loose.paths.join(', ')}${loose.more ? ', ...' : ''}`,
    );
  return verifyReportSchema.parse({
    ok: problems.length === 0,
    checkedAt: new Date().toISOString(),
    ledger: { size: ledger.size, headHash: ledger.headHash, checkpoints: ledger.checkpoints },
    access: { size: access.size, headHash: access.headHash, checkpoints: access.checkpoints },
    files: files.counts,
    timestamps,
    expectedDeletions: files.expectedDeletions,
    warnings,
    problems,
  });
}

/** Each 'timestamp' entry must stamp the checkpoint it names; reports the TSA's time for each. */
async function checkTimestamps(
  ctx: StoreContext,
  rows: ReadonlyArray<ChainRow<LedgerBody>>,
  cps: readonly Checkpoint[],
  problems: VerifyProblem[],
): Promise<VerifyReport['timestamps']> {
  const out: VerifyReport['timestamps'] = [];
  for (const r of rows) {
    if (r.body.kind !== 'timestamp') continue;
    const d = r.body.details as { size?: number; signature?: string; token?: string };
    const cp = cps.find((c) => c.size === d.size && c.signature === d.signature);
    const digest = cp
      ? createHash('sha256')
          .update(canonicalJson(checkpointPayload(cp)))
          .digest()
      : null;
    const check =
      cp && digest && typeof d.token === 'string'
        ? await checkTimestamp(d.token, digest, ctx.cfg.tsaCaFile)
        : { ok: false, time: null, reason: 'the checkpoint it stamps is missing' };
    out.push({ size: Number(d.size ?? 0), checkpointTime: cp?.time ?? '', tsaTime: check.time, ok: check.ok });
    if (!check.ok)
      problems.push({
        type: 'timestamp_invalid',
        chain: 'ledger',
        seq: r.seq,
        message: `RFC 3161 timestamp in ledger entry ${r.seq} (checkpoint of ${d.size} entries): ${check.reason}`,
      });
  }
  return out;
}

/** The off-host checkpoint copies, when they are a file this process can read. */
async function readExport(ctx: StoreContext, warnings: string[]): Promise<Checkpoint[] | null> {
  if (!ctx.cfg.checkpointExport) return null;
  const target = exportTarget(ctx.cfg.checkpointExport);
  if (!('file' in target)) {
    warnings.push(
      'checkpoints are exported to a webhook: compare the receiver’s copies with `evidence checkpoint --json`',
    );
    return null;
  }
  try {
    const r = await readExportedCheckpoints(target.file);
    if (r.badLines > 0) warnings.push(`${r.badLines} line(s) of ${target.file} are not checkpoints (ignored)`);
    return r.checkpoints;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    warnings.push(`checkpoint export file ${target.file} does not exist yet`);
    return null;
  }
}

/** Returns the checkpoints that are genuine (valid signature by a trusted key); reports the rest. */
function checkCheckpoints(
  chain: 'ledger' | 'access',
  rows: ChainRow[],
  cps: Checkpoint[],
  trusted: TrustedKey[] | undefined,
  problems: VerifyProblem[],
): Checkpoint[] {
  const bySeq = new Map(rows.map((r) => [r.seq, r]));
  const valid: Checkpoint[] = [];
  for (const cp of cps) {
    const check = checkCheckpoint(cp, trusted);
    if (!check.signatureValid || !check.keyIdMatches) {
      problems.push({
        type: 'checkpoint_bad_signature',
        chain,
        seq: cp.size,
        message: `${chain} checkpoint at size ${cp.size} (${cp.time}) has an invalid signature: forged or edited checkpoint`,
      });
      continue;
    }
    if (!check.keyTrusted) {
      problems.push({
        type: 'checkpoint_untrusted_key',
        chain,
        seq: cp.size,
        message: `${chain} checkpoint at size ${cp.size} is signed by untrusted key ${cp.keyId}`,
      });
      continue;
    }
    valid.push(cp);
    const row = bySeq.get(cp.size);
    if (cp.size > 0 && row && row.entryHash !== cp.headHash) {
      problems.push({
        type: 'checkpoint_mismatch',
        chain,
        seq: cp.size,
        message: `${chain} entries up to ${cp.size} no longer hash to the head signed at ${cp.time}: history before that checkpoint was altered`,
        lastGoodCheckpoint: { size: cp.size, time: cp.time },
      });
    }
  }
  return valid;
}

function lastGood(
  cps: readonly Checkpoint[],
  seq: number,
  verifiedAt?: Date | null,
): { size: number; time: string } | null {
  const covering = cps.filter((c) => c.size >= seq);
  if (covering.length === 0) return null;
  const before = verifiedAt ? covering.filter((c) => new Date(c.time) <= verifiedAt) : [];
  const pick = before.length ? before[before.length - 1]! : covering[0]!;
  return { size: pick.size, time: pick.time };
}

function fromChainProblem(
  chain: 'ledger' | 'access',
  p: ChainProblem,
  rows: ChainRow[],
  cps: Checkpoint[],
): VerifyProblem {
  const claimOf = (seq: number): string | null | undefined => {
    const body = rows.find((r) => r.seq === seq)?.body as Partial<LedgerBody> | undefined;
    return body?.claimRef;
  };
  switch (p.type) {
    case 'rows_removed':
      return {
        type: p.type,
        chain,
        seq: p.missingSeqs[0],
        missingSeqs: p.missingSeqs,
        message: p.detail,
        lastGoodCheckpoint: lastGood(cps, p.missingSeqs[0] ?? 0),
      };
    case 'truncated':
      return {
        type: p.type,
        chain,
        seq: p.lastSeq + 1,
        missingSeqs: Array.from({ length: p.expectedSize - p.lastSeq }, (_, i) => p.lastSeq + 1 + i),
        message: p.detail,
      };
    case 'rows_reordered':
      return {
        type: p.type,
        chain,
        seq: p.seq,
        originalSeq: p.originalSeq,
        claimRef: claimOf(p.seq),
        message: p.detail,
        lastGoodCheckpoint: lastGood(cps, p.seq),
      };
    case 'chain_broken':
      return {
        type: p.type,
        chain,
        seq: p.suspectSeq,
        claimRef: claimOf(p.suspectSeq),
        message: p.detail,
        lastGoodCheckpoint: lastGood(cps, p.suspectSeq),
      };
    case 'row_edited':
      return {
        type: p.type,
        chain,
        seq: p.seq,
        claimRef: claimOf(p.seq),
        message: p.detail,
        lastGoodCheckpoint: lastGood(cps, p.seq),
      };
  }
}

interface FileRef {
  storageKey: string;
  sha256: string;
  byteSize: number;
  seq: number;
  claimRef: string | null;
}

async function verifyFiles(
  ctx: StoreContext,
  rows: ChainRow<LedgerBody>[],
  cps: Checkpoint[],
  opts: VerifyOptions,
  problems: VerifyProblem[],
) {
  const db = requireDb(ctx, 'verify');
  // The ledger, not the objects table, says which files must exist and what they hash to.
  const files = new Map<string, FileRef>();
  const deletedAt = new Map<string, number>();
  for (const r of rows) {
    if (r.body.kind === 'delete' && r.body.storageKey) deletedAt.set(r.body.storageKey, r.seq);
    for (const f of Array.isArray(r.body.files) ? r.body.files : []) {
      const prev = files.get(f.storageKey);
      // Keep the first entry (the one that introduced the file) but prefer one that names a claim.
      if (!prev || (!prev.claimRef && r.body.claimRef))
        files.set(f.storageKey, { ...f, seq: prev?.seq ?? r.seq, claimRef: r.body.claimRef ?? prev?.claimRef ?? null });
      if (deletedAt.has(f.storageKey) && deletedAt.get(f.storageKey)! < r.seq) deletedAt.delete(f.storageKey); // re-stored after deletion
    }
  }
  const objRes = await db.pool.query(`SELECT * FROM evidence_objects`);
  const objects = new Map<string, ObjectRow>(
    objRes.rows.map((r: Record<string, unknown>) => [String(r.storage_key), toObjectRow(r)]),
  );
  const expectedDeletions: Array<{ storageKey: string; deletedAtSeq: number }> = [];
  const verifiedOk: string[] = [];
  let checked = 0;
  let rehashed = 0;
  for (const f of files.values()) {
    const delSeq = deletedAt.get(f.storageKey);
    if (delSeq !== undefined) {
      expectedDeletions.push({ storageKey: f.storageKey, deletedAtSeq: delSeq });
      continue;
    }
    checked++;
    const obj = objects.get(f.storageKey);
    const base = {
      chain: 'ledger' as const,
      seq: f.seq,
      storageKey: f.storageKey,
      claimRef: f.claimRef,
      expectedSha256: f.sha256,
      lastVerifiedAt: obj?.lastVerifiedAt?.toISOString() ?? null,
    };
    const stat = await ctx.backend.stat(f.storageKey);
    if (!stat) {
      problems.push({
        ...base,
        type: 'file_missing',
        message: `file ${f.storageKey} (ledger entry ${f.seq}) is missing and no retention deletion was recorded`,
        lastGoodCheckpoint: lastGood(cps, f.seq, obj?.lastVerifiedAt),
      });
      continue;
    }
    if (!opts.all && obj?.lastVerifiedAt && stat.byteSize === f.byteSize) continue;
    rehashed++;
    const actual = sha256Hex(await ctx.backend.get(f.storageKey));
    if (actual !== f.sha256) {
      problems.push({
        ...base,
        type: 'file_changed',
        actualSha256: actual,
        message: `file ${f.storageKey} (ledger entry ${f.seq}) no longer matches its sha256 of record: bytes were changed`,
        lastGoodCheckpoint: lastGood(cps, f.seq, obj?.lastVerifiedAt),
      });
    } else verifiedOk.push(f.storageKey);
  }
  if (verifiedOk.length)
    await db.pool.query(`UPDATE evidence_objects SET last_verified_at = now() WHERE storage_key = ANY($1::text[])`, [
      verifiedOk,
    ]);
  return { counts: { checked, rehashed }, expectedDeletions };
}
