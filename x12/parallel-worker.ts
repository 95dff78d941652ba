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

/**
 * Transactions' JSON encoded straight into ~1 MB byte batches: each
 * JSON.stringify result is flat, so encodeInto copies it once, where joining
 * strings first and encoding the joined (rope) string flattened it again.
 */
class ByteBatches {
  private readonly encoder = new TextEncoder();
  private bytes = new Uint8Array(BATCH * 2);
  private length = 0;

  constructor(private readonly flush: (bytes: Uint8Array) => void) {}

  add(s: string): void {
    let rest = s;
    for (;;) {
      const { read, written } = this.encoder.encodeInto(rest, this.bytes.subarray(this.length));
      this.length += written;
      if (read === rest.length) break;
      // The batch is full mid-string: hand it over and go on in a fresh one.
      rest = rest.slice(read);
      this.send();
    }
    if (this.length >= BATCH) this.send();
  }

  send(): void {
    if (this.length === 0) return;
    this.flush(this.bytes.subarray(0, this.length));
    this.bytes = new Uint8Array(BATCH * 2);
    this.length = 0;
  }
}

export function parseRange(task: RangeTask, send: (m: RangeMessage) => void): void {
  const warnings: ParseWarning[] = [];
  const builder = new Era835Builder((w) => warnings.push(w));
  builder.requireAn835 = false;
  const tokenizer = new SegmentTokenizer(builder.onSegment);
  const batches = new ByteBatches((bytes) => send({ index: task.index, kind: 'data', bytes }));
  let transactions = 0;
  const take = (): void => {
    for (const tx of builder.ready) {
      batches.add(',');
      batches.add(JSON.stringify(tx));
      transactions++;
    }
    builder.ready = [];
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
    batches.send();
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
