// `evidence list`: every capture for one claim, in capture order, from the
// orchestrator's `evidence` rows joined with the store's ledger and manifests.
// Each manifest is read through the store (hash re-checked, read recorded in the
// access log with who and why); file status is a cheap stat unless `rehash`.
import {
  captureManifestSchema,
  sha256FromKey,
  type AccessContext,
  type CaptureManifest,
  type EvidenceStore,
} from '../../evidence-store/index.ts';
import type { Db } from '../platform/db/client.ts';
import type { ClaimRecord } from './claim-lookup.ts';
import { ledgerEntriesFor, matchRows, type LedgerCaptureEntry } from './ledger-index.ts';

export const CAPTURE_STATUSES = [
  'ok',
  'file_missing',
  'file_changed',
  'deleted_by_retention',
  'row_mismatch',
  'unchained',
  'no_row',
  'manifest_unreadable',
] as const;
export type CaptureStatus = (typeof CAPTURE_STATUSES)[number];

export interface CaptureListing {
  /** Row id in the `evidence` table (null: chained in the ledger but the row is gone). */
  evidenceId: string | null;
  capturedAt: string;
  kind: string;
  label: string;
  url: string;
  sha256: string;
  storageKey: string;
  byteSize: number | null;
  botVersion: string | null;
  portal: string | null;
  runId: string | null;
  jobId: string | null;
  ledgerSeq: number | null;
  status: CaptureStatus;
  /** Why the status is not ok, in one line. */
  problem: string | null;
  lastVerifiedAt: string | null;
}

export interface ListOptions {
  who: AccessContext;
  /** Re-hash every listed original (reads are logged); default only stats them. */
  rehash?: boolean;
}

export async function listClaimCaptures(
  db: Db,
  store: EvidenceStore,
  claim: ClaimRecord,
  opts: ListOptions,
): Promise<CaptureListing[]> {
  const who: AccessContext = { ...opts.who, claimRef: claim.claimNumber };
  const rows = await db.evidence.findMany({
    where: { claimId: claim.id },
    orderBy: [{ capturedAt: 'asc' }, { id: 'asc' }],
  });
  const entries = (
    await ledgerEntriesFor(db, {
      storageKeys: [...new Set(rows.map((r) => r.storageKey))],
      claimRef: claim.claimNumber,
    })
  ).filter(
    // The ledger links by claim number, which is unique per portal only.
    (e) => e.portal === null || e.portal === claim.portalId,
  );
  const manifests = new Map<number, CaptureManifest | Error>();
  for (const e of entries) {
    if (e.kind !== 'capture' || !e.manifestStorageKey) continue;
    try {
      manifests.set(
        e.seq,
        captureManifestSchema.parse(JSON.parse((await store.read(e.manifestStorageKey, who)).toString('utf8'))),
      );
    } catch (err) {
      manifests.set(e.seq, err as Error);
    }
  }
  const manifestOf = (e: LedgerCaptureEntry): CaptureManifest | null => {
    const m = manifests.get(e.seq);
    return m && !(m instanceof Error) ? m : null;
  };
  const matched = matchRows(rows, entries, (e) => manifestOf(e)?.capturedAt ?? null);
  const keys = [...new Set([...rows.map((r) => r.storageKey), ...entries.map((e) => e.storageKey)])];
  const objects = new Map(
    (
      await db.evidenceObject.findMany({
        where: { storageKey: { in: keys } },
        select: { storageKey: true, lastVerifiedAt: true, deletedAt: true },
      })
    ).map((o) => [o.storageKey, o]),
  );

  const fileStatus = async (
    storageKey: string,
    sha256: string,
    byteSize: number | null,
  ): Promise<{ status: CaptureStatus; problem: string | null }> => {
    if (objects.get(storageKey)?.deletedAt)
      return {
        status: 'deleted_by_retention',
        problem: `deleted by retention at ${objects.get(storageKey)!.deletedAt!.toISOString()}`,
      };
    const stat = await store.backend.stat(storageKey);
    if (!stat) return { status: 'file_missing', problem: `stored file ${storageKey} is missing` };
    if (byteSize !== null && stat.byteSize !== byteSize)
      return { status: 'file_changed', problem: `stored file is ${stat.byteSize} bytes, ${byteSize} on record` };
    if (opts.rehash) {
      try {
        await store.read(storageKey, who);
      } catch (err) {
        const e = err as Error;
        return e.name === 'EvidenceIntegrityError'
          ? { status: 'file_changed', problem: `stored file no longer hashes to ${sha256}` }
          : { status: 'file_missing', problem: e.message };
      }
    }
    return { status: 'ok', problem: null };
  };

  const out: Array<CaptureListing & { order: number }> = [];
  for (const [i, r] of rows.entries()) {
    const e = matched.get(i) ?? null;
    let st: { status: CaptureStatus; problem: string | null };
    if (r.sha256 !== sha256FromKey(r.storageKey))
      st = { status: 'row_mismatch', problem: `row sha256 ${r.sha256} differs from the hash its storage key names` };
    else if (!e) st = { status: 'unchained', problem: 'no ledger entry chains this file' };
    else if (e.sha256 !== r.sha256)
      st = { status: 'row_mismatch', problem: `row sha256 differs from ledger entry ${e.seq}` };
    else if (manifests.get(e.seq) instanceof Error)
      st = { status: 'manifest_unreadable', problem: (manifests.get(e.seq) as Error).message.split('\n')[0]! };
    else st = await fileStatus(r.storageKey, r.sha256, r.byteSize);
    out.push({
      evidenceId: r.id,
      capturedAt: r.capturedAt.toISOString(),
      kind: r.kind,
      label: r.label,
      url: r.url,
      sha256: r.sha256,
      storageKey: r.storageKey,
      byteSize: r.byteSize,
      botVersion: r.botVersion,
      portal: r.portalId,
      runId: r.runId,
      jobId: r.jobId,
      ledgerSeq: e?.seq ?? null,
      ...st,
      lastVerifiedAt: objects.get(r.storageKey)?.lastVerifiedAt?.toISOString() ?? null,
      order: e?.seq ?? Number.MAX_SAFE_INTEGER,
    });
  }
  // Chained under this claim but with no row: the orchestrator lost track of a file the store kept.
  const matchedSeqs = new Set([...matched.values()].map((e) => e.seq));
  for (const e of entries) {
    if (matchedSeqs.has(e.seq) || e.claimRef !== claim.claimNumber) continue;
    const m = manifestOf(e);
    out.push({
      evidenceId: null,
      capturedAt: m?.capturedAt ?? e.createdAt.toISOString(),
      kind: e.kind === 'capture' ? 'screenshot' : 'file',
      label: m?.label ?? '',
      url: m?.finalUrl || m?.url || '',
      sha256: e.sha256,
      storageKey: e.storageKey,
      byteSize: m?.files.png.byteSize ?? null,
      botVersion: m?.botVersion ?? null,
      portal: m?.portal ?? e.portal,
      runId: e.runId,
      jobId: e.jobId,
      ledgerSeq: e.seq,
      status: 'no_row',
      problem: `ledger entry ${e.seq} has no row in the evidence table`,
      lastVerifiedAt: objects.get(e.storageKey)?.lastVerifiedAt?.toISOString() ?? null,
      order: e.seq,
    });
  }
  out.sort((a, b) => a.capturedAt.localeCompare(b.capturedAt) || a.order - b.order);
  return out.map(({ order: _order, ...rest }) => rest);
}
