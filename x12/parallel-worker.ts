// Worker side of parallel.ts: parse one byte range of a file (whole
// interchanges) and stream the transactions back as compact JSON in ~1 MB
// encoded batches (transferred, not copied), then the warnings and segment
// count (the main thread turns range-relative positions into file positions).
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { Era835Builder, type SkippedSet } from './builder.ts';
import { X12ParseError } from './errors.ts';
import { SegmentTokenizer } from './tokenizer.ts';
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
const BATCH = 1 << 20;

export function parseRange(task: RangeTask, send: (m: RangeMessage) => void): void {
  const warnings: ParseWarning[] = [];
  const builder = new Era835Builder((w) => warnings.push(w));
  builder.requireAn835 = false;
  const tokenizer = new SegmentTokenizer(builder.onSegment);
  const encoder = new TextEncoder();
  let batch = '';
  let transactions = 0;
  const take = (): void => {
    for (const tx of builder.ready) {
      batch += `,${JSON.stringify(tx)}`;
      transactions++;
    }
    builder.ready = [];
    if (batch.length >= BATCH) {
      send({ index: task.index, kind: 'data', bytes: encoder.encode(batch) });
      batch = '';
    }
  };
  const fd = openSync(task.path, 'r');
  try {
    for (let pos = task.start; pos < task.end; ) {
      // A fresh buffer per read: the tokenizer may keep a view of the tail.
      const buf = Buffer.allocUnsafeSlow(Math.min(SLICE, task.end - pos));
      const n = readSync(fd, buf, 0, buf.length, pos);
      if (n <= 0) break;
      tokenizer.push(n === buf.length ? buf : buf.subarray(0, n));
      pos += n;
      take();
    }
    tokenizer.end();
    builder.finish();
    take();
    if (batch.length > 0) send({ index: task.index, kind: 'data', bytes: encoder.encode(batch) });
  } catch (e) {
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
    transactions,
    segments: tokenizer.segmentCount,
    warnings,
    skipped: builder.firstSkipped,
  });
}

if (parentPort !== null && workerData?.era835Worker === true) {
  const port = parentPort;
  port.on('message', (task: RangeTask) =>
    parseRange(task, (m) =>
      m.kind === 'data' ? port.postMessage(m, [m.bytes.buffer as ArrayBuffer]) : port.postMessage(m),
    ),
  );
}
