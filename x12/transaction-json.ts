// The `era parse --json|--ndjson` output of transactions as the builder
// streams them (Era835Builder.stream): each transaction's fields before
// `claims`, then every claim as it closes, then the rest. The bytes are
// exactly JSON.stringify of the whole transaction (same members, same order),
// but no claim outlives its own serialization: a file of a million claims
// is written with the memory of one.
import type { TransactionStream } from './builder.ts';
import type { ByteBatches } from './json-bytes.ts';
import type { Claim, Transaction } from './types.ts';

export class TransactionJson implements TransactionStream {
  /** Transactions begun so far. */
  count = 0;
  private claims = 0;

  /** Between begin() and end(): a transaction's JSON is half written. */
  open = false;

  /**
   * `before(n)` and `after` frame the n-th transaction (0-based): a comma
   * between array items, a line break after each NDJSON line. `ended` runs
   * once a transaction is complete (NDJSON writes the warnings its SE raised).
   */
  constructor(
    private readonly out: ByteBatches,
    private readonly before: (n: number) => string,
    private readonly after = '',
    private readonly ended: () => void = () => {},
  ) {}

  begin(tx: Transaction): void {
    this.open = true;
    const sep = this.before(this.count++);
    if (sep !== '') this.out.add(sep);
    this.out.openUntil(tx as unknown as Record<string, unknown>, 'claims');
    this.out.add('[');
    this.claims = 0;
  }

  claim(claim: Claim): void {
    if (this.claims++ > 0) this.out.add(',');
    this.out.json(claim);
  }

  end(tx: Transaction): void {
    this.out.add(']');
    this.out.closeAfter(tx as unknown as Record<string, unknown>, 'claims');
    if (this.after !== '') this.out.add(this.after);
    this.open = false;
    this.ended();
  }
}
