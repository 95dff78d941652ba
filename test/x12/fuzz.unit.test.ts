// Fuzz: thousands of mutated 835s from the golden seeds (fixed PRNG seed).
// The parser must return a result or throw X12ParseError, nothing else, and
// stay fast on garbage.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { X12ParseError, parse835Text } from '../../x12/index.ts';
import { mulberry32, type Rng } from '../../x12/sample.ts';
import { Era835Builder } from '../../x12/builder.ts';
import { SegmentTokenizer } from '../../x12/tokenizer.ts';

/** Same as parse835Text but fed in `size`-byte pushes; returns result or error. */
function chunked(input: Buffer, size: number): unknown {
  try {
    const b = new Era835Builder(() => {});
    const t = new SegmentTokenizer(b.onSegment);
    for (let i = 0; i < input.length; i += size) t.push(input.subarray(i, i + size));
    t.end();
    b.finish();
    return b.ready;
  } catch (e) {
    return e instanceof X12ParseError ? { error: e.message } : e;
  }
}

const dir = new URL('./golden/', import.meta.url);
const seeds = readdirSync(dir)
  .filter((f) => f.endsWith('.835'))
  .sort()
  .map((f) => readFileSync(new URL(f, dir)));
const INTERESTING = [0x2a, 0x3a, 0x7e, 0x7c, 0x5e, 0x0a, 0x0d, 0x2d, 0x2e, 0x30, 0x39, 0x00, 0xff, 0x20, 0x41];

function segmentsOf(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let s = 0;
  for (let i = 0; i < buf.length; i++)
    if (buf[i] === 0x7e || buf[i] === 0x0a) {
      out.push(buf.subarray(s, i + 1));
      s = i + 1;
    }
  if (s < buf.length) out.push(buf.subarray(s));
  return out;
}

function mutate(rng: Rng, src: Buffer): Buffer {
  const pick = (n: number) => Math.floor(rng() * n);
  const b = Buffer.from(src);
  if (b.length === 0) return b;
  switch (pick(7)) {
    case 0: {
      // byte flips
      for (let k = 1 + pick(4); k > 0; k--)
        b[pick(b.length)] = rng() < 0.5 ? INTERESTING[pick(INTERESTING.length)]! : pick(256);
      return b;
    }
    case 1: // truncation
      return b.subarray(0, pick(b.length));
    case 2: {
      // duplicate a segment
      const segs = segmentsOf(b);
      const i = pick(segs.length);
      segs.splice(i, 0, segs[i]!);
      return Buffer.concat(segs);
    }
    case 3: {
      // remove a segment
      const segs = segmentsOf(b);
      segs.splice(pick(segs.length), 1);
      return Buffer.concat(segs);
    }
    case 4: {
      // swap two delimiters everywhere after the ISA
      const [x, y] = [INTERESTING[pick(6)]!, INTERESTING[pick(6)]!];
      for (let i = 106; i < b.length; i++) b[i] = b[i] === x ? y : b[i] === y ? x : b[i]!;
      return b;
    }
    case 5: {
      // swap two segments
      const segs = segmentsOf(b);
      const i = pick(segs.length);
      const j = pick(segs.length);
      [segs[i], segs[j]] = [segs[j]!, segs[i]!];
      return Buffer.concat(segs);
    }
    default: {
      // insert random bytes
      const at = pick(b.length);
      const junk = Buffer.from(
        Array.from({ length: 1 + pick(8) }, () => (rng() < 0.5 ? INTERESTING[pick(INTERESTING.length)]! : pick(256))),
      );
      return Buffer.concat([b.subarray(0, at), junk, b.subarray(at)]);
    }
  }
}

describe('fuzz', () => {
  it('3000 mutated files: success or X12ParseError only, quickly', () => {
    const rng = mulberry32(0x835835);
    const t0 = performance.now();
    let ok = 0;
    let rejected = 0;
    for (let i = 0; i < 3000; i++) {
      let input: Buffer = seeds[i % seeds.length]!;
      for (let k = 1 + Math.floor(rng() * 3); k > 0; k--) input = mutate(rng, input);
      if (i % 10 === 0) {
        // Chunk boundaries must never change the outcome.
        expect(chunked(input, 5)).toEqual(chunked(input, 1 << 20));
      }
      try {
        const r = parse835Text(input);
        JSON.stringify(r); // output must be serializable
        ok++;
      } catch (e) {
        if (!(e instanceof X12ParseError)) {
          throw new Error(`case ${i}: ${String(e)}\ninput: ${JSON.stringify(input.toString('latin1'))}`);
        }
        expect(e.message).not.toContain('\n');
        rejected++;
      }
    }
    const ms = performance.now() - t0;
    expect(ok + rejected).toBe(3000);
    expect(ok).toBeGreaterThan(100); // mutations are not all fatal
    expect(ms).toBeLessThan(15_000);
  });
});
