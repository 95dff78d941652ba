import { describe, expect, it } from 'vitest';
import { ByteBatches } from '../../x12/json-bytes.ts';

describe('ByteBatches', () => {
  it('hands over UTF-8 bytes in batches that join to the text, non-ASCII included', () => {
    const out: Buffer[] = [];
    const batches = new ByteBatches((b) => out.push(Buffer.from(b)), 64);
    const pieces = ['{"a":', '"Zoë Ångström"', ',"b":', 'x'.repeat(500), ',"c":"€"}'];
    for (const p of pieces) batches.add(p);
    batches.send();
    expect(Buffer.concat(out).toString('utf8')).toBe(pieces.join(''));
    expect(out.length).toBeGreaterThan(2);
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
});
