// JSON output of parsed transactions at volume (`era parse --json|--ndjson`),
// encoded with Buffer#write into reused byte batches. Measured on Node 20
// with a 58 MB file: TextEncoder#encodeInto was 60x slower on the
// multi-megabyte strings a large transaction gives, and a fresh batch per
// megabyte cost its page faults every time (expensive in a VM). Serializing a
// transaction in pieces (per claim) to keep strings small was tried and was
// slower than one JSON.stringify per transaction.

/**
 * Text encoded as UTF-8 into ~`size`-byte batches handed to `flush`. A batch
 * handed over is the receiver's; `recycle` gives one back for reuse once it
 * is written, which spares the page faults of fresh memory per batch.
 */
export class ByteBatches {
  private readonly spare: Buffer[] = [];
  private bytes: Buffer;
  private length = 0;

  constructor(
    private readonly flush: (bytes: Buffer) => void,
    private readonly size = 4 << 20,
  ) {
    this.bytes = this.fresh();
  }

  add(s: string): void {
    // One byte per UTF-16 unit for ASCII, at most three otherwise.
    if (this.length + s.length * 3 > this.bytes.length) {
      this.send();
      if (s.length * 3 > this.bytes.length) {
        // Larger than a batch: encoded into a buffer of its own and handed over whole.
        const own = Buffer.allocUnsafeSlow(Buffer.byteLength(s));
        own.write(s, 0, 'utf8');
        this.flush(own);
        return;
      }
    }
    this.length += this.bytes.write(s, this.length, 'utf8');
    if (this.length >= this.size) this.send();
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
    if (b.length === this.size * 3 && this.spare.length < 8) this.spare.push(b);
  }

  private fresh(): Buffer {
    // Room for a batch's worth plus the largest piece that still shares a batch.
    return this.spare.pop() ?? Buffer.allocUnsafeSlow(this.size * 3);
  }
}
