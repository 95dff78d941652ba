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
import { X12ParseError } from './errors.ts';
import type { RangeMessage, RangeTask, RecycleMessage } from './parallel-worker.ts';
import type { ParseWarning } from './types.ts';

/** Below this a file parses faster in one thread than workers start. */
export const PARALLEL_MIN_BYTES = 8 << 20;
const PIECE_BYTES = 1 << 20;
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

export interface ParallelOptions {
  threads?: number;
  /** Files smaller than this are left to the sequential parser (default PARALLEL_MIN_BYTES). */
  minBytes?: number;
  /** Target piece size (tests use small pieces). */
  pieceBytes?: number;
}

export interface ParallelSummary {
  transactions: number;
  /** At file positions, in file order. */
  warnings: ParseWarning[];
}

function workerUrl(): URL {
  // Compiled builds ship a .mjs shim beside this chunk; from sources it sits next to this file.
  return new URL('./era-parse-worker.mjs', import.meta.url);
}

/**
 * Parses `path` on worker threads when it is large and holds several
 * interchanges, handing `write` the transactions' JSON in file order, each
 * preceded by a comma, as soon as every earlier piece is written (at most a
 * few pieces are buffered). `write` calls `done` once the bytes are out (they
 * go back to their worker to be filled again). Returns null, having written nothing, when the
 * file does not qualify; throws the X12ParseError a sequential parse would
 * (same message, position and offset) when the file is bad.
 */
export async function parseFileParallel(
  path: string,
  write: (bytes: Uint8Array, done: () => void) => void,
  opts: ParallelOptions = {},
): Promise<ParallelSummary | null> {
  const threads = opts.threads ?? Math.min(4, availableParallelism());
  const size = statSync(path).size;
  if (size < (opts.minBytes ?? PARALLEL_MIN_BYTES) || threads < 2) return null;
  const ranges = splitAtInterchanges(path, size, opts.pieceBytes);
  if (ranges.length < 2) return null;

  const pending = new Map<number, { bytes: Uint8Array; from: Worker }[]>();
  const finished = new Map<number, Exclude<RangeMessage, { kind: 'data' }>>();
  const summary: ParallelSummary = { transactions: 0, warnings: [] };
  let current = 0;
  let segmentsBefore = 0;
  let next = 0;
  let firstSkipped: X12ParseError | null = null;
  const maxAhead = threads * 2;
  const workers: Worker[] = [];
  const idle: Worker[] = [];

  return new Promise<ParallelSummary | null>((resolve, reject) => {
    let settled = false;
    const settle = (err: unknown, value?: ParallelSummary): void => {
      if (settled) return;
      settled = true;
      // The workers are idle (or failed): let them go without waiting for them to end (about 20 ms here).
      for (const w of workers) {
        w.unref();
        void w.terminate();
      }
      if (err) reject(err);
      else resolve(value ?? null);
    };
    const dispatch = (): void => {
      while (idle.length > 0 && next < ranges.length && next <= current + maxAhead) {
        const r = ranges[next]!;
        const task: RangeTask = { index: next++, path, start: r.start, end: r.end };
        idle.pop()!.postMessage(task);
      }
    };
    const advance = (): void => {
      for (let m = finished.get(current); m !== undefined; m = finished.get(current)) {
        const start = ranges[current]!.start;
        if (m.kind === 'error')
          return settle(new X12ParseError(m.reason, m.segmentId, m.position + segmentsBefore, m.offset + start));
        summary.transactions += m.transactions;
        for (const w of m.warnings)
          summary.warnings.push({ ...w, position: w.position + segmentsBefore, offset: w.offset + start });
        if (m.skipped !== null && firstSkipped === null)
          firstSkipped = new X12ParseError(
            m.skipped.reason,
            'ST',
            m.skipped.position + segmentsBefore,
            m.skipped.offset + start,
          );
        segmentsBefore += m.segments;
        finished.delete(current);
        current++;
        for (const b of pending.get(current) ?? []) out(b.bytes, b.from);
        pending.delete(current);
      }
      if (current === ranges.length) {
        // A file with no 835 at all fails where its first other set starts, as in one pass.
        if (summary.transactions === 0 && firstSkipped !== null) return settle(firstSkipped);
        return settle(null, summary);
      }
      dispatch();
    };
    const out = (bytes: Uint8Array, from: Worker): void =>
      write(bytes, () => {
        if (settled) return;
        const buffer = bytes.buffer as ArrayBuffer;
        from.postMessage({ recycle: buffer } satisfies RecycleMessage, [buffer]);
      });
    const onMessage = (w: Worker) => (m: RangeMessage) => {
      if (settled) return;
      try {
        if (m.kind === 'data') {
          if (m.index === current) out(m.bytes, w);
          else pending.set(m.index, [...(pending.get(m.index) ?? []), { bytes: m.bytes, from: w }]);
          return;
        }
        finished.set(m.index, m);
        idle.push(w);
        advance();
      } catch (e) {
        settle(e);
      }
    };
    for (let i = 0; i < Math.min(threads, ranges.length); i++) {
      const w = new Worker(workerUrl(), { workerData: { era835Worker: true } });
      w.on('message', onMessage(w));
      w.on('error', (e) => settle(e));
      workers.push(w);
      idle.push(w);
    }
    dispatch();
  });
}
