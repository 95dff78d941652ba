// JSON output of parsed transactions at volume (`era parse --json|--ndjson`),
// encoded straight into reused byte batches.
//
// Why not JSON.stringify + Buffer#write: for a transaction of thousands of
// claims V8 builds the JSON as a rope of parts, and writing it out first
// flattens the rope into a fresh multi-megabyte string (new large-object
// pages, page faults in a VM) and then encodes it a second time as UTF-8.
// Writing each value's bytes as the tree is walked does neither; measured on
// this project's 58 MB benchmark file it took the JSON part of a worker's
// time per piece from about 95 ms to about 35 ms (docs/BENCHMARKS.md).
// Earlier measurements, kept for whoever tries again: TextEncoder#encodeInto
// was 60x slower on multi-megabyte strings, a fresh batch per megabyte cost
// its page faults every time, and one JSON.stringify per claim was slower
// than one per transaction.
//
// The output is byte for byte what JSON.stringify gives for plain data
// (objects, arrays, strings, finite numbers, booleans, null, undefined
// members left out): keys in insertion order, the same escapes, the same
// number formatting. test/era/json-bytes.unit.test.ts holds it to that.

/** `"key":` as bytes, per key; bounded, because some keys come from the file (REF qualifiers). */
const keyBytes = new Map<string, Uint8Array>();
const MAX_CACHED_KEYS = 4096;

/** Digits of the largest int32. */
const MAX_INT_BYTES = 10;

function encodeKey(key: string): Uint8Array {
  let bytes = keyBytes.get(key);
  if (bytes === undefined) {
    bytes = Buffer.from(`${JSON.stringify(key)}:`, 'utf8');
    if (keyBytes.size < MAX_CACHED_KEYS) keyBytes.set(key, bytes);
  }
  return bytes;
}

/**
 * Text and JSON values encoded as UTF-8 into ~`size`-byte batches handed to
 * `flush`. A batch handed over is the receiver's; `recycle` gives one back
 * for reuse once it is written, which spares the page faults of fresh memory
 * per batch. One value may span several batches: the receiver concatenates.
 */
export class ByteBatches {
  private readonly spare: Buffer[] = [];
  private bytes: Buffer;
  private length = 0;

  constructor(
    private readonly flush: (bytes: Buffer) => void,
    private readonly size = 1 << 20,
  ) {
    this.bytes = this.fresh();
  }

  /** Appends text as is (punctuation, line breaks, JSON made elsewhere). */
  add(s: string): void {
    // At most three bytes per UTF-16 unit; the exact count only when that bound does not fit.
    if (this.length + s.length * 3 > this.bytes.length && !this.room(Buffer.byteLength(s))) {
      this.alone(s);
      return;
    }
    this.length += this.bytes.write(s, this.length, 'utf8');
  }

  /** Appends `value` as JSON, exactly as JSON.stringify(value) would write it. */
  json(value: unknown): void {
    this.value(value);
  }

  /**
   * Opens `o` as JSON and writes its members up to `key`, ending with
   * `"key":` so the caller writes that member's value in parts (a transaction's
   * claims as they are read); `closeAfter` writes the rest.
   */
  openUntil(o: Record<string, unknown>, key: string): void {
    this.room(1);
    this.bytes[this.length++] = 0x7b; // {
    let first = true;
    for (const k in o) {
      if (k === key) break;
      if (this.member(k, o[k], first)) first = false;
    }
    this.member(key, null, first, false);
  }

  /** The members of `o` after `key`, then the closing brace (see openUntil). */
  closeAfter(o: Record<string, unknown>, key: string): void {
    let after = false;
    for (const k in o) {
      if (after) this.member(k, o[k], false);
      else after = k === key;
    }
    this.room(1);
    this.bytes[this.length++] = 0x7d; // }
  }

  send(): void {
    if (this.length === 0) return;
    const full = this.bytes.subarray(0, this.length);
    this.bytes = this.fresh();
    this.length = 0;
    this.flush(full);
  }

  /** Drops what was added and not yet sent (the output it belonged to failed). */
  clear(): void {
    this.length = 0;
  }

  /** A batch buffer (or a view of one) that was written and may be filled again. */
  recycle(bytes: ArrayBufferView): void {
    const b = Buffer.from(bytes.buffer, 0, bytes.buffer.byteLength);
    if (b.length === this.size && this.spare.length < 64) this.spare.push(b);
  }

  private fresh(): Buffer {
    return this.spare.pop() ?? Buffer.allocUnsafeSlow(this.size);
  }

  /** Makes room for `n` more bytes (sending the batch when full); false when `n` exceeds any batch. */
  private room(n: number): boolean {
    if (this.length + n <= this.bytes.length) return true;
    this.send();
    return n <= this.bytes.length;
  }

  /** Text larger than a batch: encoded into a buffer of its own and handed over whole. */
  private alone(s: string): void {
    this.send();
    const own = Buffer.allocUnsafeSlow(Buffer.byteLength(s));
    own.write(s, 0, 'utf8');
    this.flush(own);
  }

  private value(v: unknown): void {
    switch (typeof v) {
      case 'string':
        this.string(v);
        return;
      case 'number':
        this.number(v);
        return;
      case 'boolean':
        this.ascii(v ? 'true' : 'false');
        return;
      case 'object':
        if (v === null) this.ascii('null');
        else if (Array.isArray(v)) this.array(v);
        else this.object(v as Record<string, unknown>);
        return;
      default:
        // undefined, functions and symbols: JSON.stringify leaves such members
        // out of objects (see object) and writes null in arrays.
        this.ascii('null');
    }
  }

  private object(o: Record<string, unknown>): void {
    if (typeof (o as { toJSON?: unknown }).toJSON === 'function') {
      this.add(JSON.stringify(o));
      return;
    }
    this.room(1);
    this.bytes[this.length++] = 0x7b; // {
    let first = true;
    for (const key in o) if (this.member(key, o[key], first)) first = false;
    this.room(1);
    this.bytes[this.length++] = 0x7d; // }
  }

  /**
   * `"key":value`, after a comma unless first; false (nothing written) for the
   * members JSON.stringify leaves out. With `withValue` false only `"key":`.
   */
  private member(key: string, v: unknown, first: boolean, withValue = true): boolean {
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return false;
    const k = encodeKey(key);
    if (!this.room(k.length + 1)) {
      this.alone(`${first ? '' : ','}${JSON.stringify(key)}:`);
    } else {
      if (!first) this.bytes[this.length++] = 0x2c; // ,
      this.bytes.set(k, this.length);
      this.length += k.length;
    }
    if (withValue) this.value(v);
    return true;
  }

  private array(a: readonly unknown[]): void {
    this.room(1);
    this.bytes[this.length++] = 0x5b; // [
    for (let i = 0; i < a.length; i++) {
      if (i > 0) {
        this.room(1);
        this.bytes[this.length++] = 0x2c;
      }
      this.value(a[i]);
    }
    this.room(1);
    this.bytes[this.length++] = 0x5d; // ]
  }

  /**
   * A string as JSON. The fast path copies printable ASCII byte by byte (what
   * an 835 holds); from the first character that needs an escape or UTF-8,
   * the rest goes through JSON.stringify, which knows every rule (control
   * characters, lone surrogates).
   */
  private string(s: string): void {
    if (!this.room(s.length + 2)) {
      this.alone(JSON.stringify(s));
      return;
    }
    const b = this.bytes;
    let p = this.length;
    b[p++] = 0x22; // "
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c) {
        b[p++] = c;
        continue;
      }
      this.length = p;
      // Everything from i on, with its closing quote.
      this.add(JSON.stringify(s.slice(i)).slice(1));
      return;
    }
    b[p++] = 0x22;
    this.length = p;
  }

  private number(n: number): void {
    // Whole amounts, counts and units: digits without a string in between.
    if (n >= 0 && n < 0x7fffffff && (n | 0) === n && this.room(MAX_INT_BYTES)) {
      const b = this.bytes;
      let p = this.length;
      let digits = 1;
      for (let m = n; m >= 10; m = (m / 10) | 0) digits++;
      p += digits;
      this.length = p;
      let m = n;
      do {
        b[--p] = 0x30 + (m % 10);
        m = (m / 10) | 0;
      } while (m > 0);
      return;
    }
    this.ascii(Number.isFinite(n) ? String(n) : 'null');
  }

  /** ASCII text that fits a batch (literals and number strings). */
  private ascii(s: string): void {
    if (!this.room(s.length)) {
      this.alone(s);
      return;
    }
    const b = this.bytes;
    let p = this.length;
    for (let i = 0; i < s.length; i++) b[p++] = s.charCodeAt(i);
    this.length = p;
  }
}
