// Byte-level segment tokenizer. It is push-based (feed Buffers, receive
// segments through a callback) so the same code serves streams, files and
// in-memory text, and so memory stays flat: only the unfinished tail of the
// previous chunk is kept between pushes.
//
// Hot path: Buffer#indexOf (memchr) on the terminator byte, then one byte
// loop recording element boundaries into a reused SegmentView. No strings are
// made here at all; consumers decode only the elements they use.
import { isAscii } from 'node:buffer';
import { probeIsa, type Delimiters } from './delimiters.ts';
import { X12ParseError, printableId } from './errors.ts';
import { MAX_ELEMENTS, SegmentView } from './segment-view.ts';

/** Called once per segment; the view is reused, so read it before returning. */
export type SegmentSink = (segment: SegmentView) => void;

// A segment longer than this is not X12 (the longest 835 segments are a few
// hundred bytes); refusing it keeps memory bounded on garbage input.
export const MAX_SEGMENT_BYTES = 1 << 20;

function isBlank(b: number): boolean {
  // CR, LF, space, tab, NUL and ctrl-Z (DOS EOF) pad real-world files.
  return b === 0x0d || b === 0x0a || b === 0x20 || b === 0x09 || b === 0x00 || b === 0x1a;
}

/**
 * Where a chunk's unfinished last segment (the carry) is joined with the next
 * chunk: two scratch buffers used in turn (the carry is a view of the other
 * one, or of the caller's chunk). Reusing them instead of a fresh
 * Buffer.concat per push spares the page faults of new memory for every
 * chunk, which dominate in a VM. Segment views point into the result only
 * while the sink runs, so the next push may overwrite it.
 */
export class CarryJoins {
  private readonly scratch: (Buffer | undefined)[] = [undefined, undefined];
  private turn = 0;

  join(carry: Buffer, chunk: Buffer): Buffer {
    const need = carry.length + chunk.length;
    this.turn ^= 1;
    let into = this.scratch[this.turn];
    if (into === undefined || into.length < need) {
      // Room to spare: the carry varies, and growing by a few bytes each push would defeat the reuse.
      into = Buffer.allocUnsafeSlow(Math.max(need + (need >>> 2), 64 << 10));
      this.scratch[this.turn] = into;
    }
    carry.copy(into, 0);
    chunk.copy(into, carry.length);
    return into.subarray(0, need);
  }
}

export class SegmentTokenizer {
  private carry: Buffer | null = null;
  private carryOffset = 0;
  /** Absolute offset of the next byte that will be pushed. */
  private received = 0;
  private delims: Delimiters | null = null;
  private readonly view = new SegmentView();
  private position = 0;
  private sawIsa = false;
  /** The delimiters survive UTF-8 decoding (all are ASCII). */
  private utf8Delimiters = true;
  /** The buffer being scanned is pure ASCII: its elements decode as latin1, which is cheaper and the same. */
  private ascii = false;

  /** `joins` may be shared by tokenizers that run one after the other (a worker's ranges), never by concurrent ones. */
  constructor(
    private readonly sink: SegmentSink,
    private readonly joins = new CarryJoins(),
  ) {}

  /** Number of segments emitted so far (the last one's position). */
  get segmentCount(): number {
    return this.position;
  }

  push(chunk: Buffer): void {
    let buf = chunk;
    let base = this.received;
    this.received += chunk.length;
    if (this.carry !== null) {
      // Copying the carried tail plus one chunk is a memcpy; cheap next to
      // the decode, and it keeps the scanning loop single-buffer.
      buf = this.joins.join(this.carry, chunk);
      base = this.carryOffset;
      this.carry = null;
    }
    this.scan(buf, base, false);
  }

  /** Signal end of input; throws if the input stopped mid-segment. */
  end(): void {
    const buf = this.carry ?? Buffer.alloc(0);
    const base = this.carry !== null ? this.carryOffset : this.received;
    this.carry = null;
    this.scan(buf, base, true);
    if (!this.sawIsa) throw new X12ParseError('not an X12 file: it is empty (no ISA segment)', '', 0, this.received);
  }

  private scan(buf: Buffer, base: number, final: boolean): void {
    const len = buf.length;
    let pos = 0;
    this.ascii = isAscii(buf);
    this.view.utf8 = this.utf8Delimiters && !this.ascii;
    while (pos < len) {
      if (this.delims === null) {
        while (pos < len && isBlank(buf[pos]!)) pos++;
        // A UTF-8 byte order mark may precede the first ISA.
        if (!this.sawIsa && pos + 2 < len && buf[pos] === 0xef && buf[pos + 1] === 0xbb && buf[pos + 2] === 0xbf)
          pos += 3;
        if (pos >= len) return;
        const probe = probeIsa(buf, pos, base + pos, this.position + 1, final, this.sawIsa);
        if (probe === 'need-more') {
          this.keep(buf, pos, base);
          return;
        }
        this.setDelimiters(probe);
      }
      pos = this.segments(buf, pos, base);
      if (pos < 0) {
        // No terminator after the last segment start.
        const start = -pos - 1;
        if (final) {
          this.finishTail(buf, start, base);
        } else if (len - start > MAX_SEGMENT_BYTES) {
          throw new X12ParseError(
            `no segment terminator within ${MAX_SEGMENT_BYTES} bytes`,
            this.peekId(buf, start),
            this.position + 1,
            base + start,
          );
        } else {
          this.keep(buf, start, base);
        }
        return;
      }
    }
  }

  /**
   * The hot loop: one pass over the bytes, recording element boundaries and
   * emitting a segment at each terminator. Returns the position after an IEA
   * (delimiters must be re-read), or -(start + 1) when the buffer ends inside
   * the segment that starts at `start`.
   */
  private segments(buf: Buffer, pos: number, base: number): number {
    const d = this.delims!;
    const sep = d.element;
    const term = d.segment;
    const v = this.view;
    const starts = v.starts;
    const ends = v.ends;
    const len = buf.length;
    const maxN = MAX_ELEMENTS - 1;
    let segStart = pos;
    let n = 0;
    starts[0] = pos;
    for (let i = pos; i < len; i++) {
      const b = buf[i]!;
      if (b === sep) {
        if (n < maxN) {
          ends[n] = i;
          starts[++n] = i + 1;
        }
      } else if (b === term) {
        ends[n] = i;
        if (this.emit(buf, n, base)) return i + 1;
        segStart = i + 1;
        n = 0;
        starts[0] = segStart;
      }
    }
    return -segStart - 1;
  }

  private keep(buf: Buffer, pos: number, base: number): void {
    if (pos < buf.length) {
      this.carry = buf.subarray(pos);
      this.carryOffset = base + pos;
    }
  }

  private setDelimiters(d: Delimiters): void {
    this.delims = d;
    this.sawIsa = true;
    this.view.delimiters = d;
    // Delimiters above 0x7f would be torn apart by UTF-8 decoding.
    this.utf8Delimiters = !(d.element > 0x7f || d.component > 0x7f || d.segment > 0x7f);
    this.view.utf8 = this.utf8Delimiters && !this.ascii;
  }

  /**
   * Hand over the segment whose boundaries are in the view (n = index of its
   * last element). Line breaks around terminators are not data: leading
   * blanks of element 0 and trailing CR/LF of the last element are dropped.
   * Returns true when the segment was an IEA (the interchange is closed).
   */
  private emit(buf: Buffer, n: number, base: number): boolean {
    const v = this.view;
    const starts = v.starts;
    const ends = v.ends;
    let s = starts[0]!;
    const e0 = ends[0]!;
    while (s < e0 && isBlank(buf[s]!)) s++;
    starts[0] = s;
    let e = ends[n]!;
    while (e > starts[n]! && (buf[e - 1] === 0x0a || buf[e - 1] === 0x0d)) e--;
    ends[n] = e;
    if (n === 0 && s === e) return false; // empty segment (blank line)
    v.count = n + 1;
    v.buf = buf;
    v.position = ++this.position;
    v.offset = base + s;
    this.sink(v);
    // IEA closes the interchange; the next one declares its own delimiters.
    if (ends[0]! - s === 3 && buf[s] === 0x49 && buf[s + 1] === 0x45 && buf[s + 2] === 0x41) {
      this.delims = null;
      return true;
    }
    return false;
  }

  /** End of input with bytes after the last terminator. */
  private finishTail(buf: Buffer, pos: number, base: number): void {
    let s = pos;
    let e = buf.length;
    while (s < e && isBlank(buf[s]!)) s++;
    while (e > s && isBlank(buf[e - 1]!)) e--;
    if (s === e) return;
    const id = this.peekId(buf, s);
    // An unterminated IEA at the very end is common and harmless.
    if (id === 'IEA') {
      const sep = this.delims!.element;
      const v = this.view;
      let n = 0;
      v.starts[0] = s;
      for (let i = s; i < e; i++) {
        if (buf[i] === sep && n < MAX_ELEMENTS - 1) {
          v.ends[n] = i;
          v.starts[++n] = i + 1;
        }
      }
      v.ends[n] = e;
      this.emit(buf, n, base);
      return;
    }
    throw new X12ParseError(
      'file ends mid-segment (truncated): no segment terminator',
      id,
      this.position + 1,
      base + s,
    );
  }

  private peekId(buf: Buffer, s: number): string {
    const d = this.delims;
    let e = s;
    while (e < buf.length && e - s < 8 && (d === null || (buf[e] !== d.element && buf[e] !== d.segment))) e++;
    return printableId(buf.toString('latin1', s, e));
  }
}
