import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Era835Builder } from '../../x12/builder.ts';
import { parse835Text } from '../../x12/index.ts';
import { ByteBatches } from '../../x12/json-bytes.ts';
import { SegmentTokenizer } from '../../x12/tokenizer.ts';
import { TransactionJson } from '../../x12/transaction-json.ts';
import { corpus, corpusFiles } from './corpus.ts';

/** Everything `write` puts through a ByteBatches of `size`-byte batches, as text. */
function written(write: (b: ByteBatches) => void, size = 1 << 20): { text: string; batches: number } {
  const out: Buffer[] = [];
  const batches = new ByteBatches((b) => out.push(Buffer.from(b)), size);
  write(batches);
  batches.send();
  return { text: Buffer.concat(out).toString('utf8'), batches: out.length };
}

const goldenDir = new URL('../x12/golden/', import.meta.url);
const goldens = readdirSync(goldenDir).filter((f) => f.endsWith('.835') && !f.includes('error'));

/** The era parse JSON of a file as the CLI streams it: `[tx,tx,...]` with claims written as they close. */
function streamed(bytes: Buffer, size = 1 << 20): string {
  return written((out) => {
    const builder = new Era835Builder(() => {});
    builder.stream = new TransactionJson(out, (n) => (n === 0 ? '[' : ','));
    const tokenizer = new SegmentTokenizer(builder.onSegment);
    // Small pushes, so segments straddle chunks as they do in a real read.
    for (let i = 0; i < bytes.length; i += 997) tokenizer.push(bytes.subarray(i, i + 997));
    tokenizer.end();
    builder.finish();
  }, size).text;
}

describe('ByteBatches', () => {
  it('hands over UTF-8 bytes in batches that join to the text, non-ASCII included', () => {
    const pieces = ['{"a":', '"Zoë Ångström"', ',"b":', 'x'.repeat(500), ',"c":"€"}'];
    const r = written((b) => {
      for (const p of pieces) b.add(p);
    }, 64);
    expect(r.text).toBe(pieces.join(''));
    expect(r.batches).toBeGreaterThan(2);
  });

  it('fills a recycled buffer again instead of allocating a fresh one', () => {
    const seen: ArrayBufferLike[] = [];
    const batches = new ByteBatches((b) => {
      seen.push(b.buffer);
      batches.recycle(b);
    }, 16);
    for (let i = 0; i < 10; i++) batches.add('0123456789abcdef');
    batches.send();
    expect(seen.length).toBe(10);
    expect(new Set(seen).size).toBeLessThanOrEqual(2);
  });

  it('drops unsent text on clear (the output it belonged to failed)', () => {
    const out: string[] = [];
    const batches = new ByteBatches((b) => out.push(Buffer.from(b).toString()), 1024);
    batches.add('lost');
    batches.clear();
    batches.add('kept');
    batches.send();
    expect(out).toEqual(['kept']);
  });

  it('writes any plain value exactly as JSON.stringify does, across batch boundaries too', () => {
    const values: unknown[] = [
      { a: 1, b: 'two', c: null, d: true, e: false, f: [], g: {}, h: [1, [2, [3]]] },
      { skipped: undefined, fn: () => 1, sym: Symbol('s'), kept: 0 },
      [undefined, () => 1, null, 'x'],
      ['quote " backslash \\ slash / tab \t nl \n cr \r bs \b ff \f nul \u0000 us \u001f del \u007f'],
      ['Zoë', 'Ångström', '€', '日本', '😀', 'lone \ud800 high', 'lone \udfff low', '\ud83d\ude00'],
      [0, -0, 1, -1, 7, 10, 99, 100, 2147483646, 2147483647, 2147483648, -2147483648, 4294967296],
      [137.48, -0.01, 0.1 + 0.2, 1e21, 1e-7, 123456789012.34, Number.MAX_SAFE_INTEGER, Number.MIN_VALUE],
      [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY],
      { 'key "quoted"': 1, ключ: 2, '': 3, '9A': 4, 'EA#2': 5 },
      { toJSON: () => ({ replaced: true }) },
      { nested: { date: new Date(0) } },
      'x'.repeat(5000),
      { big: 'é'.repeat(3000), after: 'y' },
    ];
    for (const v of values) {
      for (const size of [16, 64, 1 << 20]) {
        expect(written((b) => b.json(v), size).text).toBe(JSON.stringify(v));
      }
    }
  });

  it('opens an object up to one member and closes it after, for a value written in parts', () => {
    const o = { a: 1, skipped: undefined, parts: ['x'], b: 'two', c: undefined, d: [3] };
    const text = written((b) => {
      b.openUntil(o, 'parts');
      b.add('["x"]');
      b.closeAfter(o, 'parts');
    }).text;
    expect(text).toBe(JSON.stringify(o));
    const first = { parts: [] as number[], z: 1 };
    expect(
      written((b) => {
        b.openUntil(first, 'parts');
        b.add('[]');
        b.closeAfter(first, 'parts');
      }).text,
    ).toBe(JSON.stringify(first));
  });
});

describe('transactions streamed as JSON (claims written as they close)', () => {
  const expected = (bytes: Buffer) => JSON.stringify(parse835Text(bytes).transactions);

  it('gives exactly JSON.stringify of the parsed transactions for every golden file', () => {
    expect(goldens.length).toBeGreaterThan(10);
    for (const f of goldens) {
      const bytes = readFileSync(new URL(f, goldenDir));
      const want = expected(bytes);
      // No transaction at all: the stream writes nothing (the CLI writes the brackets).
      expect(`${streamed(bytes) || '['}]`, f).toBe(want);
      expect(`${streamed(bytes, 64) || '['}]`, f).toBe(want);
    }
  });

  it.skipIf(corpus === null)('gives exactly JSON.stringify of the parsed transactions for every public file', () => {
    let compared = 0;
    for (const f of corpusFiles) {
      const bytes = readFileSync(path.join(corpus!, f));
      let want: string;
      try {
        want = expected(bytes);
      } catch {
        continue; // the invalid ones: public-corpus.unit.test.ts checks how they fail
      }
      expect(`${streamed(bytes) || '['}]`, f).toBe(want);
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(30);
  });

  it('keeps no claim: the transaction handed to end() has an empty claims array', () => {
    const bytes = readFileSync(new URL('01-simple-paid.835', goldenDir));
    const ends: number[] = [];
    const claims: string[] = [];
    const builder = new Era835Builder(() => {});
    builder.stream = {
      begin: () => {},
      claim: (c) => claims.push(c.patientControlNumber),
      end: (tx) => ends.push(tx.claims.length),
    };
    const tokenizer = new SegmentTokenizer(builder.onSegment);
    tokenizer.push(bytes);
    tokenizer.end();
    builder.finish();
    expect(claims).toEqual(parse835Text(bytes).transactions[0]!.claims.map((c) => c.patientControlNumber));
    expect(ends).toEqual([0]);
    expect(builder.ready).toEqual([]);
  });
});
