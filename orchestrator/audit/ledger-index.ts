// Reads the evidence ledger's capture/file entries (through the Prisma model of
// the store's table) and matches them to rows of the orchestrator's `evidence`
// table. A content-addressed key can recur (the same screen captured twice), so a
// row matches on key + job (+ capture time for screenshots), not on key alone.
import type { Db } from '../platform/db/client.ts';

export interface LedgerCaptureEntry {
  seq: number;
  kind: 'capture' | 'file';
  storageKey: string;
  sha256: string;
  claimRef: string | null;
  jobId: string | null;
  runId: string | null;
  portal: string | null;
  manifestStorageKey: string | null;
  createdAt: Date;
}

interface LedgerFileJson {
  role?: string;
  storageKey?: string;
}

const select = {
  seq: true,
  kind: true,
  storageKey: true,
  sha256: true,
  claimRef: true,
  jobId: true,
  runId: true,
  details: true,
  files: true,
  createdAt: true,
} as const;

type Row = {
  seq: bigint;
  kind: string;
  storageKey: string | null;
  sha256: string | null;
  claimRef: string | null;
  jobId: string | null;
  runId: string | null;
  details: unknown;
  files: unknown;
  createdAt: Date;
};

function toEntry(r: Row): LedgerCaptureEntry | null {
  if ((r.kind !== 'capture' && r.kind !== 'file') || !r.storageKey || !r.sha256) return null;
  const files = Array.isArray(r.files) ? (r.files as LedgerFileJson[]) : [];
  const details = (r.details ?? {}) as { portal?: unknown };
  return {
    seq: Number(r.seq),
    kind: r.kind,
    storageKey: r.storageKey,
    sha256: r.sha256,
    claimRef: r.claimRef,
    jobId: r.jobId,
    runId: r.runId,
    portal: typeof details.portal === 'string' ? details.portal : null,
    manifestStorageKey: files.find((f) => f.role === 'manifest')?.storageKey ?? null,
    createdAt: r.createdAt,
  };
}

/** Capture/file entries that store any of `storageKeys`, or that name `claimRef`; oldest first. */
export async function ledgerEntriesFor(
  db: Db,
  q: { storageKeys?: string[]; claimRef?: string },
): Promise<LedgerCaptureEntry[]> {
  const or = [
    ...(q.storageKeys?.length ? [{ storageKey: { in: q.storageKeys } }] : []),
    ...(q.claimRef ? [{ claimRef: q.claimRef }] : []),
  ];
  if (or.length === 0) return [];
  const rows = await db.evidenceLedgerEntry.findMany({
    where: { kind: { in: ['capture', 'file'] }, OR: or },
    orderBy: { seq: 'asc' },
    select,
  });
  return rows.map(toEntry).filter((e): e is LedgerCaptureEntry => e !== null);
}

/** Every capture/file entry, oldest first (verify walks the whole ledger anyway). */
export async function allLedgerEntries(db: Db): Promise<LedgerCaptureEntry[]> {
  const rows = await db.evidenceLedgerEntry.findMany({
    where: { kind: { in: ['capture', 'file'] } },
    orderBy: { seq: 'asc' },
    select,
  });
  return rows.map(toEntry).filter((e): e is LedgerCaptureEntry => e !== null);
}

/** Every storage key any ledger entry lists (originals, manifests, derived copies). */
export async function allChainedKeys(db: Db): Promise<Set<string>> {
  const rows = await db.evidenceLedgerEntry.findMany({ select: { files: true, storageKey: true } });
  const keys = new Set<string>();
  for (const r of rows) {
    if (r.storageKey) keys.add(r.storageKey);
    for (const f of Array.isArray(r.files) ? (r.files as LedgerFileJson[]) : [])
      if (f.storageKey) keys.add(f.storageKey);
  }
  return keys;
}

export interface RowKey {
  storageKey: string;
  jobId: string;
}

/**
 * Pairs rows with entries: first by key + job + capture time (when `timeOf` knows the
 * entry's capture time), then by key + job, each entry used once. Returns row index -> entry.
 */
export function matchRows<R extends RowKey & { capturedAt: Date }>(
  rows: R[],
  entries: LedgerCaptureEntry[],
  timeOf: (e: LedgerCaptureEntry) => string | null,
): Map<number, LedgerCaptureEntry> {
  const used = new Set<number>();
  const out = new Map<number, LedgerCaptureEntry>();
  const pass = (exact: boolean) => {
    rows.forEach((r, i) => {
      if (out.has(i)) return;
      const e = entries.find(
        (x) =>
          !used.has(x.seq) &&
          x.storageKey === r.storageKey &&
          x.jobId === r.jobId &&
          (!exact || timeOf(x) === r.capturedAt.toISOString()),
      );
      if (e) {
        used.add(e.seq);
        out.set(i, e);
      }
    });
  };
  pass(true);
  pass(false);
  return out;
}
