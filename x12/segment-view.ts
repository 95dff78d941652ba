// A zero-copy view of one segment: element boundaries into the chunk Buffer.
// The tokenizer reuses a single view for every segment, and consumers pull
// out only the elements they need. Amounts are parsed straight from bytes and
// short codes (CO, 45, HC, ...) come from an intern table, which is what
// makes the parser fast: most of an 835 never becomes a JS string.
//
// A view is only valid during the sink callback that received it.
import type { Delimiters } from './delimiters.ts';

export const MAX_ELEMENTS = 64;

/** Integer key of a code of up to 3 ASCII bytes; -1 otherwise. */
export function codeKey(s: string): number {
  if (s.length > 3) return -1;
  let k = s.length << 21;
  for (let i = 0; i < s.length; i++) k |= (s.charCodeAt(i) & 0x7f) << (14 - 7 * i);
  return k;
}

/** Node's undocumented-but-stable Buffer slice decoders (not in @types/node). */
interface FastSlices {
  utf8Slice(start: number, end: number): string;
  latin1Slice(start: number, end: number): string;
}

/** Inverse of codeKey (for messages about a segment whose view is gone). */
export function keyToCode(k: number): string {
  if (k < 0) return '?';
  const len = k >>> 21;
  let out = '';
  for (let i = 0; i < len; i++) out += String.fromCharCode((k >>> (14 - 7 * i)) & 0x7f);
  return out;
}

const CACHE_BITS = 12;
const cacheLo = new Int32Array(1 << CACHE_BITS);
const cacheHi = new Int32Array(1 << CACHE_BITS);
const cacheVal: (string | undefined)[] = new Array<string | undefined>(1 << CACHE_BITS).fill(undefined);
const dates = new Map<number, string>();

export class SegmentView {
  buf: Buffer = Buffer.alloc(0);
  /** Number of elements including the id (element 0). */
  count = 0;
  readonly starts = new Int32Array(MAX_ELEMENTS);
  readonly ends = new Int32Array(MAX_ELEMENTS);
  /** 1-based segment index in the input. */
  position = 0;
  /** Absolute byte offset of the segment start. */
  offset = 0;
  delimiters!: Delimiters;
  utf8 = true;

  /** Key of element i when it is a 0-3 byte ASCII code (see codeKey); -1 otherwise. */
  key(i: number): number {
    if (i >= this.count) return 0; // absent reads like the empty code
    const s = this.starts[i]!;
    const len = this.ends[i]! - s;
    if (len > 3) return -1;
    const b = this.buf;
    let k = len << 21;
    for (let j = 0; j < len; j++) {
      const c = b[s + j]!;
      if (c > 0x7f) return -1;
      k |= c << (14 - 7 * j);
    }
    return k;
  }

  has(i: number): boolean {
    return i < this.count && this.ends[i]! > this.starts[i]!;
  }

  str(i: number): string {
    if (i >= this.count) return '';
    const s = this.starts[i]!;
    const e = this.ends[i]!;
    return e - s <= 7 ? this.internSlice(s, e) : this.slice(s, e);
  }

  /**
   * Codes repeat endlessly in an 835 (CO, 45, HC, 99213, N130, ...): return
   * one shared string per value of up to 7 ASCII bytes instead of allocating
   * each time. A direct-mapped cache (two int32 words of packed bytes per
   * slot) is cheaper than a Map and bounded by construction.
   */
  internSlice(s: number, e: number): string {
    const b = this.buf;
    const len = e - s;
    let lo = 0;
    let hi = len;
    for (let p = 0; p < len; p++) {
      const c = b[s + p]!;
      if (c > 0x7f) return this.slice(s, e);
      if (p < 4) lo |= c << (8 * p);
      else hi |= c << (8 * (p - 3));
    }
    const slot = (Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi, 0x85ebca6b)) >>> (32 - CACHE_BITS);
    const cached = cacheVal[slot];
    if (cached !== undefined && cacheLo[slot] === lo && cacheHi[slot] === hi) return cached;
    const v = (b as unknown as FastSlices).latin1Slice(s, e);
    cacheLo[slot] = lo;
    cacheHi[slot] = hi;
    cacheVal[slot] = v;
    return v;
  }

  /** D8 date element (CCYYMMDD) as YYYY-MM-DD, shared per distinct date; null if malformed. */
  date(i: number): string | null {
    if (i >= this.count) return null;
    const s = this.starts[i]!;
    if (this.ends[i]! - s !== 8) return null;
    const b = this.buf;
    let n = 0;
    for (let p = s; p < s + 8; p++) {
      const c = b[p]! - 48;
      if (c < 0 || c > 9) return null;
      n = n * 10 + c;
    }
    let v = dates.get(n);
    if (v === undefined) {
      const m = Math.floor(n / 100) % 100;
      const d = n % 100;
      if (m < 1 || m > 12 || d < 1 || d > 31) return null;
      const t = b.toString('latin1', s, s + 8);
      v = `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}`;
      if (dates.size < 100_000) dates.set(n, v);
    }
    return v;
  }

  opt(i: number): string | null {
    return this.has(i) ? this.str(i) : null;
  }

  /** Money element as integer cents; NaN when absent or not a plain decimal with <= 2 decimals. */
  cents(i: number): number {
    if (i >= this.count) return NaN;
    const b = this.buf;
    let p = this.starts[i]!;
    const e = this.ends[i]!;
    let neg = false;
    if (p < e && (b[p] === 0x2d || b[p] === 0x2b)) {
      neg = b[p] === 0x2d;
      p++;
    }
    let whole = 0;
    let digits = 0;
    for (; p < e; p++) {
      const c = b[p]! - 48;
      if (c < 0 || c > 9) break;
      whole = whole * 10 + c;
      digits++;
    }
    let frac = 0;
    let fracDigits = 0;
    if (p < e && b[p] === 0x2e) {
      for (p++; p < e; p++) {
        const c = b[p]! - 48;
        if (c < 0 || c > 9) return NaN;
        if (fracDigits < 2) frac = frac * 10 + c;
        else if (c !== 0) return NaN;
        fracDigits++;
      }
    }
    if (p !== e || digits + fracDigits === 0 || digits > 13) return NaN;
    if (fracDigits === 1) frac *= 10;
    const cents = whole * 100 + frac;
    return neg && cents !== 0 ? -cents : cents;
  }

  /** Decimal quantity; NaN when absent or malformed. */
  decimal(i: number): number {
    if (!this.has(i)) return NaN;
    const s = this.starts[i]!;
    const e = this.ends[i]!;
    // Fast path for the common small integer ("1", "12").
    if (e - s <= 2) {
      let n = 0;
      let ok = true;
      for (let p = s; p < e; p++) {
        const c = this.buf[p]! - 48;
        if (c < 0 || c > 9) {
          ok = false;
          break;
        }
        n = n * 10 + c;
      }
      if (ok) return n;
    }
    if (e - s > 20) return NaN;
    let dots = 0;
    let digits = 0;
    for (let p = s; p < e; p++) {
      const c = this.buf[p]!;
      if (c >= 48 && c <= 57) digits++;
      else if (c === 0x2e) dots++;
      else if (!(p === s && (c === 0x2d || c === 0x2b))) return NaN;
    }
    if (dots > 1 || digits === 0) return NaN;
    return Number(this.buf.toString('latin1', s, e));
  }

  /** Element i split on the component separator (strings allocated). */
  components(i: number): string[] {
    const out: string[] = [];
    if (i >= this.count) return out;
    const sep = this.delimiters.component;
    const b = this.buf;
    const e = this.ends[i]!;
    let s = this.starts[i]!;
    for (let p = s; p <= e; p++) {
      if (p === e || b[p] === sep) {
        out.push(p - s <= 7 ? this.internSlice(s, p) : this.slice(s, p));
        s = p + 1;
      }
    }
    return out;
  }

  slice(s: number, e: number): string {
    // Buffer#toString validates its arguments and switches on the encoding
    // name for every call; the per-encoding methods underneath skip that.
    const b = this.buf as unknown as FastSlices;
    return this.utf8 ? b.utf8Slice(s, e) : b.latin1Slice(s, e);
  }

  /** All elements as strings (envelope segments, tests, debugging). */
  elements(): string[] {
    const out = new Array<string>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.str(i);
    return out;
  }
}
