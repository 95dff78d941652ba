// Pure hash-chain logic shared by the database verifier and the standalone packet
// verifier. An entry commits to its content through bodyHash, and to its position
// through entryHash = sha256(canonical {v, seq, prevHash, bodyHash}). Splitting the
// two lets a packet carry other claims' entries as bare links (no content, no PHI
// of unrelated patients) that still verify end to end.
import { canonicalJson, sha256Hex, ZERO_HASH } from '../canonical.ts';

export const CHAIN_VERSION = 1;

export interface ChainLink {
  seq: number;
  prevHash: string;
  bodyHash: string;
  entryHash: string;
}

export interface ChainRow<B = Record<string, unknown>> extends ChainLink {
  body: B;
}

export function bodyHashOf(body: unknown): string {
  return sha256Hex(canonicalJson(body));
}

export function linkHashOf(seq: number, prevHash: string, bodyHash: string): string {
  return sha256Hex(canonicalJson({ v: CHAIN_VERSION, seq, prevHash, bodyHash }));
}

/** Problems found by walking a chain; every one names the exact seq(s) involved. */
export type ChainProblem =
  | { type: 'row_edited'; seq: number; detail: string }
  | { type: 'rows_reordered'; seq: number; originalSeq: number; detail: string }
  | { type: 'rows_removed'; afterSeq: number; missingSeqs: number[]; detail: string }
  | { type: 'chain_broken'; seq: number; suspectSeq: number; detail: string }
  | { type: 'truncated'; lastSeq: number; expectedSize: number; detail: string };

export interface WalkOptions {
  /** The first row's expected predecessor: ZERO_HASH for a full chain from seq 1, or a known hash for a slice. */
  startPrevHash?: string;
  /** Size the chain is known to have reached (head row, checkpoints); shorter means rows were cut off the end. */
  expectedSize?: number;
  /** When false (a packet slice), rows may start above seq 1. */
  fromGenesis?: boolean;
  /** Label used in messages ('ledger', 'access log', 'packet chain'). */
  name?: string;
}

/**
 * Walk rows (sorted by seq ascending) and report every inconsistency once, at its root
 * cause: an edited row is reported as edited (not also as a broken link for its successor),
 * swapped rows as reordered with their original positions, and gaps as removed rows.
 * Rows with `body === undefined` are bare links (packet slices): their body is not re-hashed.
 */
export function walkChain(rows: ReadonlyArray<ChainLink & { body?: unknown }>, opts: WalkOptions = {}): ChainProblem[] {
  const name = opts.name ?? 'chain';
  const fromGenesis = opts.fromGenesis ?? true;
  const problems: ChainProblem[] = [];
  const bad = new Set<number>();
  const linkFailures: Array<ChainLink> = [];

  for (const r of rows) {
    if (r.body !== undefined && bodyHashOf(r.body) !== r.bodyHash) {
      problems.push({
        type: 'row_edited',
        seq: r.seq,
        detail: `${name} entry ${r.seq}: content does not match its bodyHash (row edited)`,
      });
      bad.add(r.seq);
    } else if (linkHashOf(r.seq, r.prevHash, r.bodyHash) !== r.entryHash) {
      linkFailures.push(r);
    }
  }
  // A row whose link only verifies under another seq was moved there: try the seqs of the other failing rows.
  const candidates = linkFailures.length <= 2000 ? linkFailures.map((r) => r.seq) : [];
  for (const r of linkFailures) {
    const original = candidates.find((s) => s !== r.seq && linkHashOf(s, r.prevHash, r.bodyHash) === r.entryHash);
    if (original !== undefined) {
      problems.push({
        type: 'rows_reordered',
        seq: r.seq,
        originalSeq: original,
        detail: `${name} entry at seq ${r.seq} was originally entry ${original} (entries reordered or swapped)`,
      });
    } else {
      problems.push({
        type: 'row_edited',
        seq: r.seq,
        detail: `${name} entry ${r.seq}: entryHash does not match seq/prevHash/bodyHash (row edited)`,
      });
    }
    bad.add(r.seq);
  }

  let prev: (ChainLink & { body?: unknown }) | undefined;
  for (const r of rows) {
    const expectedSeq = prev ? prev.seq + 1 : fromGenesis ? 1 : r.seq;
    if (r.seq > expectedSeq) {
      const missing = range(expectedSeq, r.seq - 1);
      problems.push({
        type: 'rows_removed',
        afterSeq: expectedSeq - 1,
        missingSeqs: missing,
        detail: `${name} entries ${fmtRange(missing)} are missing (rows removed)`,
      });
    } else if (!bad.has(r.seq) && !(prev && bad.has(prev.seq))) {
      const expectedPrev = prev ? prev.entryHash : (opts.startPrevHash ?? (fromGenesis ? ZERO_HASH : r.prevHash));
      if (r.prevHash !== expectedPrev) {
        const suspect = prev ? prev.seq : r.seq;
        problems.push({
          type: 'chain_broken',
          seq: r.seq,
          suspectSeq: suspect,
          detail: `${name} entry ${r.seq} does not link to entry ${suspect}: entry ${suspect} was rewritten or replaced`,
        });
      }
    }
    prev = r;
  }
  const lastSeq = prev ? prev.seq : 0;
  if (opts.expectedSize !== undefined && lastSeq < opts.expectedSize) {
    const missing = range(lastSeq + 1, opts.expectedSize);
    problems.push({
      type: 'truncated',
      lastSeq,
      expectedSize: opts.expectedSize,
      detail: `${name} ends at ${lastSeq} but reached ${opts.expectedSize}: entries ${fmtRange(missing)} removed from the end`,
    });
  }
  return problems;
}

function range(a: number, b: number): number[] {
  const out: number[] = [];
  for (let i = a; i <= b && out.length < 10_000; i++) out.push(i);
  return out;
}

function fmtRange(seqs: number[]): string {
  if (seqs.length === 0) return '';
  return seqs.length === 1 ? String(seqs[0]) : `${seqs[0]}..${seqs[seqs.length - 1]}`;
}
