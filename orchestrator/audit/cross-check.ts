// The orchestrator's half of `evidence verify`: the store proves its own files
// and chains; this proves the `evidence` table and the store agree — no row
// without its file (or with another hash), and no chained file without its row.
// Every problem names the claim, the row, the file and since when it was known good.
import { sha256FromKey, sha256Hex, type EvidenceStore, type VerifyReport } from '../../evidence-store/index.ts';
import type { Db } from '../platform/db/client.ts';
import { allChainedKeys, allLedgerEntries, matchRows, type LedgerCaptureEntry } from './ledger-index.ts';

export const CROSS_CHECK_TYPES = [
  'row_file_missing',
  'row_file_changed',
  'row_hash_mismatch',
  'row_unchained',
  'file_without_row',
  'stray_file',
] as const;

export interface CrossCheckProblem {
  type: (typeof CROSS_CHECK_TYPES)[number];
  message: string;
  storageKey: string;
  evidenceId?: string;
  claimNumber?: string | null;
  portal?: string | null;
  capturedAt?: string;
  ledgerSeq?: number;
  /** Last time the file was re-hashed and found intact (null: never re-hashed since it was stored). */
  lastVerifiedAt?: string | null;
  /** When the item was stored: it was good at least then. */
  storedAt?: string;
  lastGoodCheckpoint?: { size: number; time: string } | null;
}

export interface CrossCheckReport {
  rowsChecked: number;
  ledgerFilesChecked: number;
  /** Backend keys listed (only with `all`). */
  storedFilesListed: number | null;
  problems: CrossCheckProblem[];
}

const PAGE = 1000;

export async function crossCheck(
  db: Db,
  store: EvidenceStore,
  storeReport: VerifyReport,
  opts: { all?: boolean } = {},
): Promise<CrossCheckReport> {
  const problems: CrossCheckProblem[] = [];
  const storeProblem = new Map(
    storeReport.problems
      .filter((p) => p.storageKey && (p.type === 'file_changed' || p.type === 'file_missing'))
      .map((p) => [p.storageKey!, p]),
  );
  const expectedDeleted = new Set(storeReport.expectedDeletions.map((d) => d.storageKey));
  const entries = await allLedgerEntries(db);
  const entriesByKey = new Map<string, LedgerCaptureEntry[]>();
  for (const e of entries) entriesByKey.set(e.storageKey, [...(entriesByKey.get(e.storageKey) ?? []), e]);
  const verifiedAt = new Map(
    (await db.evidenceObject.findMany({ select: { storageKey: true, lastVerifiedAt: true } })).map((o) => [
      o.storageKey,
      o.lastVerifiedAt?.toISOString() ?? null,
    ]),
  );
  const matchedSeqs = new Set<number>();
  let rowsChecked = 0;
  let cursor: string | undefined;
  for (;;) {
    const rows = await db.evidence.findMany({
      orderBy: { id: 'asc' },
      take: PAGE,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: {
        id: true,
        sha256: true,
        storageKey: true,
        byteSize: true,
        jobId: true,
        capturedAt: true,
        createdAt: true,
        portalId: true,
        claim: { select: { claimNumber: true } },
      },
    });
    if (rows.length === 0) break;
    cursor = rows[rows.length - 1]!.id;
    rowsChecked += rows.length;
    // Pair rows with ledger entries per key so that identical screens stored twice each find their own entry.
    const candidates = [...new Set(rows.map((r) => r.storageKey))]
      .flatMap((k) => entriesByKey.get(k) ?? [])
      .filter((e) => !matchedSeqs.has(e.seq));
    const matched = matchRows(rows, candidates, () => null);
    for (const [i, r] of rows.entries()) {
      const e = matched.get(i);
      if (e) matchedSeqs.add(e.seq);
      const base = {
        storageKey: r.storageKey,
        evidenceId: r.id,
        claimNumber: r.claim?.claimNumber ?? null,
        portal: r.portalId,
        capturedAt: r.capturedAt.toISOString(),
        storedAt: r.createdAt.toISOString(),
        lastVerifiedAt: verifiedAt.get(r.storageKey) ?? null,
        ...(e ? { ledgerSeq: e.seq } : {}),
      };
      const who = `evidence row ${r.id} (claim ${base.claimNumber ?? 'none'}, captured ${base.capturedAt})`;
      const keyHash = sha256FromKey(r.storageKey);
      if (keyHash !== r.sha256) {
        problems.push({
          ...base,
          type: 'row_hash_mismatch',
          message: `${who} records sha256 ${r.sha256} but its file ${r.storageKey} is addressed by ${keyHash ?? 'no hash'}: the row was edited`,
        });
        continue;
      }
      const anyEntry = e ?? entriesByKey.get(r.storageKey)?.[0];
      if (!anyEntry) {
        problems.push({ ...base, type: 'row_unchained', message: `${who}: no ledger entry chains ${r.storageKey}` });
        await checkUnchainedFile(store, r.storageKey, r.sha256, !!opts.all, (type, message) =>
          problems.push({ ...base, type, message: `${who}: ${message}` }),
        );
        continue;
      }
      if (expectedDeleted.has(r.storageKey)) continue; // retention removed it and the ledger says so
      const sp = storeProblem.get(r.storageKey);
      if (sp) {
        const since = sp.lastVerifiedAt
          ? `last verified intact ${sp.lastVerifiedAt}`
          : `stored ${base.storedAt}, never re-verified since`;
        const what =
          sp.type === 'file_missing' ? 'is missing' : `no longer matches its sha256 (now ${sp.actualSha256 ?? '?'})`;
        problems.push({
          ...base,
          type: sp.type === 'file_missing' ? 'row_file_missing' : 'row_file_changed',
          message: `${who}: file ${r.storageKey} ${what}; ${since}${sp.lastGoodCheckpoint ? `; covered by checkpoint ${sp.lastGoodCheckpoint.size} signed ${sp.lastGoodCheckpoint.time}` : ''}`,
          lastGoodCheckpoint: sp.lastGoodCheckpoint ?? null,
        });
      }
    }
  }
  // Chained captures/files that no row references (the other direction). Checkpoint-only and
  // derived entries carry no primary file; deleted ones are expected to have lost their rows' files.
  const referenced = new Set<string>();
  for (const e of entries) {
    if (matchedSeqs.has(e.seq)) referenced.add(e.storageKey);
  }
  for (const e of entries) {
    if (matchedSeqs.has(e.seq) || expectedDeleted.has(e.storageKey)) continue;
    problems.push({
      type: 'file_without_row',
      storageKey: e.storageKey,
      claimNumber: e.claimRef,
      portal: e.portal,
      ledgerSeq: e.seq,
      storedAt: e.createdAt.toISOString(),
      lastVerifiedAt: verifiedAt.get(e.storageKey) ?? null,
      message: `ledger entry ${e.seq} (${e.kind}, claim ${e.claimRef ?? 'none'}, job ${e.jobId ?? 'none'}, stored ${e.createdAt.toISOString()}) chains ${e.storageKey} but no evidence row references it`,
    });
  }
  let storedFilesListed: number | null = null;
  if (opts.all) {
    storedFilesListed = 0;
    const chained = await allChainedKeys(db);
    for await (const key of store.backend.list()) {
      storedFilesListed++;
      if (chained.has(key) || referenced.has(key)) continue;
      const stat = await store.backend.stat(key);
      problems.push({
        type: 'stray_file',
        storageKey: key,
        message: `stored file ${key} (modified ${stat?.modifiedAt.toISOString() ?? '?'}) is referenced by no evidence row and no ledger entry`,
      });
    }
  }
  return { rowsChecked, ledgerFilesChecked: entries.length, storedFilesListed, problems };
}

/** A row whose file the ledger never chained: the store's verify won't look at it, so we do. */
async function checkUnchainedFile(
  store: EvidenceStore,
  key: string,
  sha256: string,
  rehash: boolean,
  report: (type: 'row_file_missing' | 'row_file_changed', message: string) => void,
): Promise<void> {
  const stat = await store.backend.stat(key);
  if (!stat) return report('row_file_missing', `file ${key} is missing`);
  if (!rehash) return;
  const actual = sha256Hex(await store.backend.get(key));
  if (actual !== sha256) report('row_file_changed', `file ${key} hashes to ${actual}, not ${sha256}`);
}
