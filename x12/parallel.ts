// `era parse --json` on a large file made of many interchanges (payers and
// clearinghouses concatenate daily batches): cut the file at interchange
// boundaries (right after an IEA, where an ISA starts) and parse the pieces on
// worker threads, each serializing its own transactions. Every interchange
// declares its own delimiters and the builder holds no state across an IEA, so
// pieces parse exactly as they would in one pass; warnings get file positions
// back from the piece offsets and segment counts. If any piece fails (a cut
// that was not a real boundary, or a bad file), the caller parses the whole
// file sequentially, which gives the authoritative result or error.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { RangeResult, RangeTask } from './parallel-worker.ts';
import type { ParseWarning } from './types.ts';

/** Below this a file parses faster in one thread than workers start. */
export const PARALLEL_MIN_BYTES = 8 << 20;
const PIECE_BYTES = 6 << 20;
const WINDOW = 256 << 10;

function isDigit(b: number): boolean {
  return b >= 0x30 && b <= 0x39;
}

function isBlank(b: number): boolean {
  return b === 0x0d || b === 0x0a || b === 0x20 || b === 0x09;
}

/**
 * In `buf` (file bytes from `base`), the first index where an interchange
 * starts right after another one's IEA segment; -1 if there is none.
 */
export function findBoundary(buf: Buffer): number {
  for (let i = buf.indexOf('ISA', 1); i > 0 && i + 4 < buf.length; i = buf.indexOf('ISA', i + 1)) {
    let j = i - 1;
    while (j >= 0 && isBlank(buf[j]!)) j--;
    if (j < 4) continue;
    // IEA02 ends in a digit: if that is what stands before the blanks, the
    // line break after it is the terminator; otherwise the byte itself is.
    const t = isDigit(buf[j]!) ? j + 1 : j;
    const term = buf[t]!;
    // The segment before the terminator must be IEA, starting after the previous terminator.
    const k = buf.lastIndexOf('IEA', t);
    if (k < 0 || buf.indexOf(term, k) !== t) continue;
    let p = k - 1;
    while (p >= 0 && buf[p] !== term && isBlank(buf[p]!)) p--;
    if (p >= 0 && buf[p] !== term) continue;
    return i;
  }
  return -1;
}

/** Byte ranges of whole interchanges, about PIECE_BYTES each; one range when no cut is found. */
export function splitAtInterchanges(
  path: string,
  size: number,
  pieceBytes = PIECE_BYTES,
): { start: number; end: number }[] {
  const cuts = [0];
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(WINDOW);
    for (let target = pieceBytes; target < size - pieceBytes / 2; ) {
      const n = readSync(fd, buf, 0, Math.min(WINDOW, size - target), target);
      const at = n > 0 ? findBoundary(buf.subarray(0, n)) : -1;
      if (at < 0) {
        target += WINDOW - 8; // overlap: a boundary may straddle two windows
        continue;
      }
      cuts.push(target + at);
      target = target + at + pieceBytes;
    }
  } finally {
    closeSync(fd);
  }
  return cuts.map((start, i) => ({ start, end: cuts[i + 1] ?? size }));
}

export interface ParallelJson {
  /** Compact JSON of every transaction, in file order, comma-separated (no brackets). */
  pieces: Uint8Array[];
  transactions: number;
  warnings: ParseWarning[];
}

function workerUrl(): URL {
  // Compiled builds ship a .mjs shim beside this chunk; from sources it sits next to this file.
  return new URL('./era-parse-worker.mjs', import.meta.url);
}

/**
 * Parses `path` on worker threads when it is large and holds several
 * interchanges; returns null when it does not qualify or any piece failed
 * (the caller then parses sequentially).
 */
export interface ParallelOptions {
  threads?: number;
  /** Files smaller than this are left to the sequential parser (default PARALLEL_MIN_BYTES). */
  minBytes?: number;
  /** Target piece size (tests use small pieces). */
  pieceBytes?: number;
}

export async function parseFileParallel(path: string, opts: ParallelOptions = {}): Promise<ParallelJson | null> {
  const threads = opts.threads ?? Math.min(4, availableParallelism());
  const size = statSync(path).size;
  if (size < (opts.minBytes ?? PARALLEL_MIN_BYTES) || threads < 2) return null;
  const ranges = splitAtInterchanges(path, size, opts.pieceBytes);
  if (ranges.length < 2) return null;
  const results: (RangeResult | undefined)[] = new Array(ranges.length);
  let next = 0;
  let failed = false;
  const workers: Worker[] = [];
  const runOne = (w: Worker): Promise<void> =>
    new Promise((resolve, reject) => {
      const take = (): void => {
        if (failed || next >= ranges.length) return resolve();
        const index = next++;
        const task: RangeTask = { path, start: ranges[index]!.start, end: ranges[index]!.end };
        w.once('message', (r: RangeResult) => {
          results[index] = r;
          if (!r.ok) failed = true;
          take();
        });
        w.postMessage(task);
      };
      w.once('error', reject);
      take();
    });
  try {
    for (let i = 0; i < Math.min(threads, ranges.length); i++)
      workers.push(new Worker(workerUrl(), { workerData: { era835Worker: true } }));
    await Promise.all(workers.map(runOne));
  } catch {
    return null;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  if (failed) return null;
  const pieces: Uint8Array[] = [];
  const warnings: ParseWarning[] = [];
  let transactions = 0;
  let segmentsBefore = 0;
  for (const [i, r] of results.entries()) {
    if (!r?.ok) return null;
    if (r.transactions > 0) pieces.push(r.json);
    transactions += r.transactions;
    for (const w of r.warnings)
      warnings.push({ ...w, position: w.position + segmentsBefore, offset: w.offset + ranges[i]!.start });
    segmentsBefore += r.segments;
  }
  return { pieces, transactions, warnings };
}
