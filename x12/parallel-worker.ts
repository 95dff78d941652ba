// Worker side of parallel.ts: parse one byte range of a file (whole
// interchanges) and stream the transactions back as compact JSON in ~1 MB
// encoded batches (transferred, not copied), then the warnings and segment
// count (the main thread turns range-relative positions into file positions).
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { Era835Builder, type SkippedSet } from './builder.ts';
import { X12ParseError } from './errors.ts';
import { ByteBatches } from './json-bytes.ts';
import { TransactionJson } from './transaction-json.ts';
import { CarryJoins, SegmentTokenizer } from './tokenizer.ts';
import type { ParseWarning } from './types.ts';

export interface RangeTask {
  index: number;
  path: string;
  start: number;
  end: number;
}

export type RangeMessage =
  /** Transactions as JSON, each preceded by a comma. */
  | { index: number; kind: 'data'; bytes: Uint8Array }
  | {
      index: number;
      kind: 'done';
      transactions: number;
      segments: number;
      warnings: ParseWarning[];
      skipped: SkippedSet | null;
    }
  | { index: number; kind: 'error'; reason: string; segmentId: string; position: number; offset: number };

const SLICE = 1 << 20;
// Two read buffers in turn, for every range this thread parses: the tokenizer
// may keep a view of the previous chunk's unfinished tail until the next push,
// never longer. Reusing them spares the page faults of a fresh megabyte per read.
const reads = [Buffer.allocUnsafeSlow(SLICE), Buffer.allocUnsafeSlow(SLICE)];
const joins = new CarryJoins();

/** A batch the main thread has written, handed back for reuse. */
export interface RecycleMessage {
  recycle: ArrayBuffer;
}

/**
 * Parses one range, sending its JSON in batches. `batches` may be shared
 * across ranges (a worker's recycled buffers); its flush must send to
 * `task`'s index, which `onTask` below arranges.
 */
export function parseRange(
  task: RangeTask,
  send: (m: RangeMessage) => void,
  batches = new ByteBatches((bytes) => send({ index: task.index, kind: 'data', bytes })),
): void {
  const warnings: ParseWarning[] = [];
  const builder = new Era835Builder((w) => warnings.push(w));
  builder.requireAn835 = false;
  const json = new TransactionJson(batches, () => ',');
  builder.stream = json;
  const tokenizer = new SegmentTokenizer(builder.onSegment, joins);
  const fd = openSync(task.path, 'r');
  try {
    for (let pos = task.start, turn = 0; pos < task.end; turn ^= 1) {
      const buf = reads[turn]!.subarray(0, Math.min(SLICE, task.end - pos));
      const n = readSync(fd, buf, 0, buf.length, pos);
      if (n <= 0) break;
      tokenizer.push(n === buf.length ? buf : buf.subarray(0, n));
      pos += n;
    }
    tokenizer.end();
    builder.finish();
    batches.send();
  } catch (e) {
    batches.clear();
    if (!(e instanceof X12ParseError)) throw e;
    send({
      index: task.index,
      kind: 'error',
      reason: e.reason,
      segmentId: e.segmentId,
      position: e.position,
      offset: e.offset,
    });
    return;
  } finally {
    closeSync(fd);
  }
  send({
    index: task.index,
    kind: 'done',
    transactions: json.count,
    segments: tokenizer.segmentCount,
    warnings,
    skipped: builder.firstSkipped,
  });
}

if (parentPort !== null && workerData?.era835Worker === true) {
  const port = parentPort;
  let index = 0;
  const batches = new ByteBatches((bytes) =>
    port.postMessage({ index, kind: 'data', bytes } satisfies RangeMessage, [bytes.buffer as ArrayBuffer]),
  );
  port.on('message', (m: RangeTask | RecycleMessage) => {
    if ('recycle' in m) return batches.recycle(new Uint8Array(m.recycle));
    index = m.index;
    parseRange(m, (r) => port.postMessage(r), batches);
  });
}
