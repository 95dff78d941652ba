// Worker side of parallel.ts: parse one byte range of a file (whole
// interchanges) and send back the transactions as compact JSON, already
// encoded, plus the warnings and the segment count (the main thread turns
// range-relative positions into file positions).
import { openSync, readSync, closeSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { Era835Builder } from './builder.ts';
import { X12ParseError } from './errors.ts';
import { SegmentTokenizer } from './tokenizer.ts';
import type { ParseWarning } from './types.ts';

export interface RangeTask {
  path: string;
  start: number;
  end: number;
}

export type RangeResult =
  | { ok: true; json: Uint8Array; transactions: number; segments: number; warnings: ParseWarning[] }
  | { ok: false; message: string };

const SLICE = 1 << 20;

export function parseRange(task: RangeTask): RangeResult {
  const warnings: ParseWarning[] = [];
  const builder = new Era835Builder((w) => warnings.push(w));
  const tokenizer = new SegmentTokenizer(builder.onSegment);
  const parts: string[] = [];
  let transactions = 0;
  const fd = openSync(task.path, 'r');
  try {
    const buf = Buffer.allocUnsafe(SLICE);
    for (let pos = task.start; pos < task.end; ) {
      const n = readSync(fd, buf, 0, Math.min(SLICE, task.end - pos), pos);
      if (n <= 0) break;
      // The tokenizer may keep a view of the tail between pushes: give it its own copy.
      tokenizer.push(Buffer.from(buf.subarray(0, n)));
      pos += n;
      for (const tx of builder.ready) {
        parts.push(JSON.stringify(tx));
        transactions++;
      }
      builder.ready = [];
    }
    tokenizer.end();
    builder.finish();
    for (const tx of builder.ready) {
      parts.push(JSON.stringify(tx));
      transactions++;
    }
  } catch (e) {
    return { ok: false, message: e instanceof X12ParseError ? e.message : String(e) };
  } finally {
    closeSync(fd);
  }
  // TextEncoder gives the bytes their own ArrayBuffer, so it can be transferred without a copy.
  const json = new TextEncoder().encode(parts.join(','));
  return { ok: true, json, transactions, segments: tokenizer.segmentCount, warnings };
}

if (parentPort !== null && workerData?.era835Worker === true) {
  const port = parentPort;
  port.on('message', (task: RangeTask) => {
    const r = parseRange(task);
    if (r.ok) port.postMessage(r, [r.json.buffer as ArrayBuffer]);
    else port.postMessage(r);
  });
}
