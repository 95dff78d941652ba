// Public entry points. The core (tokenizer + builder) is synchronous and
// push-based; these wrap it for streams (yielding each transaction as soon as
// its SE is read, so memory holds at most one transaction plus one chunk),
// files and in-memory text.
import { createReadStream } from 'node:fs';
import { Era835Builder } from './builder.ts';
import { SegmentTokenizer } from './tokenizer.ts';
import type { Era835Result, ParseWarning, Transaction } from './types.ts';

export interface ParseOptions {
  /** Receives SE/GE/IEA count and control mismatches and similar. */
  onWarning?: (w: ParseWarning) => void;
}

const SLICE = 64 * 1024;

export type ByteSource = AsyncIterable<Buffer | Uint8Array | string>;

function toBuffer(chunk: Buffer | Uint8Array | string): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  if (Buffer.isBuffer(chunk)) return chunk;
  return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/**
 * Parse an 835 from a Readable (or any async iterable of bytes), yielding one
 * Transaction per ST/SE. Throws X12ParseError on malformed input; the
 * transactions yielded before the error are valid.
 */
export async function* parse835Stream(source: ByteSource, options: ParseOptions = {}): AsyncGenerator<Transaction> {
  const builder = new Era835Builder(options.onWarning ?? (() => {}));
  const tokenizer = new SegmentTokenizer(builder.onSegment);
  for await (const chunk of source) {
    const buf = toBuffer(chunk);
    // Feed big reads in slices and hand transactions over between slices:
    // finished transactions then die young (cheap scavenges) instead of
    // surviving into the old generation while a whole 1 MiB read is parsed.
    for (let i = 0; i < buf.length; i += SLICE) {
      tokenizer.push(buf.length <= SLICE ? buf : buf.subarray(i, i + SLICE));
      if (builder.ready.length > 0) {
        const done = builder.ready;
        builder.ready = [];
        yield* done;
      }
    }
  }
  tokenizer.end();
  builder.finish();
  yield* builder.ready;
  builder.ready = [];
}

/** Parse a whole 835 held in memory (tests, small downloads). */
export function parse835Text(input: string | Buffer): Era835Result {
  const warnings: ParseWarning[] = [];
  const builder = new Era835Builder((w) => warnings.push(w));
  const tokenizer = new SegmentTokenizer(builder.onSegment);
  tokenizer.push(toBuffer(input));
  tokenizer.end();
  builder.finish();
  return { transactions: builder.ready, warnings };
}

/** Parse an 835 file, streaming it from disk in 1 MiB reads. */
export async function parse835File(path: string): Promise<Era835Result> {
  const warnings: ParseWarning[] = [];
  const transactions: Transaction[] = [];
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  for await (const tx of parse835Stream(stream, { onWarning: (w) => warnings.push(w) })) transactions.push(tx);
  return { transactions, warnings };
}

/**
 * Walk a file without keeping transactions (benchmarks, validation). Returns
 * counts only, so memory stays flat however large the file is.
 */
export async function scan835File(
  path: string,
  onTransaction?: (tx: Transaction) => void,
): Promise<{ transactions: number; claims: number; warnings: number }> {
  let transactions = 0;
  let claims = 0;
  let warnings = 0;
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  for await (const tx of parse835Stream(stream, { onWarning: () => warnings++ })) {
    transactions++;
    claims += tx.claims.length;
    onTransaction?.(tx);
  }
  return { transactions, claims, warnings };
}
