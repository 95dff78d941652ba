// The checkpoint set itself must not shrink unnoticed. Three copies are compared:
// the evidence_checkpoints table, the checkpoint entries chained inside the ledger
// (each records the signature, so it can be re-checked from the ledger alone), and
// the off-host export file. A checkpoint present in one and missing from another
// means a table was edited or the ledger rewritten; with automatic checkpoints on,
// a ledger that runs far past its newest valid checkpoint means checkpoints were removed.
import type { ChainRow } from './ledger/chain.ts';
import { keyIdOf, type Checkpoint } from './ledger/checkpoint.ts';
import type { LedgerBody } from './ledger/tables.ts';

/** The problems this module reports (a subset of verify.ts's VerifyProblem). */
export interface CheckpointSetProblem {
  type: 'checkpoint_missing';
  chain: 'ledger' | 'access';
  seq: number;
  message: string;
}

const id = (c: Pick<Checkpoint, 'chain' | 'size' | 'signature'>) => `${c.chain}:${c.size}:${c.signature}`;

/** Checkpoint entries recorded in the ledger, as checkpoints (with the seq of the entry that records each). */
export function recordedCheckpoints(
  rows: ReadonlyArray<ChainRow<LedgerBody>>,
  knownKeys: ReadonlyArray<string>,
): Array<{ seq: number; cp: Checkpoint }> {
  const out: Array<{ seq: number; cp: Checkpoint }> = [];
  for (const r of rows) {
    if (r.body.kind !== 'checkpoint') continue;
    const d = r.body.details as Partial<
      Record<'size' | 'headHash' | 'time' | 'keyId' | 'publicKey' | 'signature', unknown>
    >;
    if (typeof d.size !== 'number' || typeof d.signature !== 'string') continue;
    const keyId = String(d.keyId ?? '');
    // Entries written before the public key was recorded name only its id: find it among the known keys.
    const publicKey =
      typeof d.publicKey === 'string' ? d.publicKey : (knownKeys.find((k) => keyIdOf(k) === keyId) ?? '');
    out.push({
      seq: r.seq,
      cp: {
        chain: 'ledger',
        size: d.size,
        headHash: String(d.headHash ?? ''),
        time: String(d.time ?? ''),
        keyId,
        publicKey,
        signature: d.signature,
      },
    });
  }
  return out;
}

/**
 * Reports checkpoints missing from one of the copies and returns, per chain, the union of
 * all copies: every one of them is then checked (signature, trusted key, head still matching).
 */
export function auditCheckpointSet(
  input: {
    ledgerRows: ReadonlyArray<ChainRow<LedgerBody>>;
    table: { ledger: Checkpoint[]; access: Checkpoint[] };
    exported: Checkpoint[] | null;
    knownKeys: ReadonlyArray<string>;
  },
  problems: { push(p: CheckpointSetProblem): unknown },
): { ledger: Checkpoint[]; access: Checkpoint[] } {
  const tableIds = new Set([...input.table.ledger, ...input.table.access].map(id));
  const recorded = recordedCheckpoints(input.ledgerRows, [
    ...input.knownKeys,
    ...input.table.ledger.map((c) => c.publicKey),
  ]);
  const recordedIds = new Set(recorded.map((r) => id(r.cp)));
  const merged = { ledger: [...input.table.ledger], access: [...input.table.access] };
  const add = (cp: Checkpoint) => {
    const list = cp.chain === 'access' ? merged.access : merged.ledger;
    if (!list.some((c) => id(c) === id(cp))) list.push(cp);
  };
  for (const r of recorded) {
    if (tableIds.has(id(r.cp))) continue;
    problems.push({
      type: 'checkpoint_missing',
      chain: 'ledger',
      seq: r.seq,
      message: `ledger entry ${r.seq} records a checkpoint of ${r.cp.size} entries (${r.cp.time}) that is missing from evidence_checkpoints: the checkpoints were edited`,
    });
    add(r.cp);
  }
  for (const cp of input.table.ledger) {
    if (recordedIds.has(id(cp))) continue;
    problems.push({
      type: 'checkpoint_missing',
      chain: 'ledger',
      seq: cp.size,
      message: `the checkpoint of ${cp.size} entries signed at ${cp.time} is not recorded in the ledger any more: the ledger was rewritten after entry ${cp.size}`,
    });
  }
  for (const cp of input.exported ?? []) {
    if (tableIds.has(id(cp))) continue;
    problems.push({
      type: 'checkpoint_missing',
      chain: cp.chain === 'access' ? 'access' : 'ledger',
      seq: cp.size,
      message: `the ${cp.chain} checkpoint of ${cp.size} entries signed at ${cp.time}, kept off-host, is missing from the database: checkpoints were removed`,
    });
    add(cp);
  }
  for (const list of [merged.ledger, merged.access]) list.sort((a, b) => a.size - b.size);
  return merged;
}

/** With automatic checkpoints every `every` entries, the newest valid one may lag the ledger by little. */
export function checkCadence(
  ledgerSize: number,
  validLedgerCps: readonly Checkpoint[],
  every: number,
  problems: { push(p: CheckpointSetProblem): unknown },
): void {
  if (every <= 0) return;
  const newest = Math.max(0, ...validLedgerCps.map((c) => c.size));
  // Slack: the automatic checkpoint runs in the background, and concurrent writers append meanwhile.
  if (ledgerSize - newest <= 2 * every + 5) return;
  problems.push({
    type: 'checkpoint_missing',
    chain: 'ledger',
    seq: newest + 1,
    message: `the ledger has ${ledgerSize} entries but its newest valid checkpoint covers ${newest}: with a checkpoint every ${every} entries, checkpoints were removed with the entries after them (or none was signed: run \`portalbots evidence checkpoint\`)`,
  });
}
