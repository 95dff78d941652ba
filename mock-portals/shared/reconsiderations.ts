// What a payer portal keeps of submitted reconsiderations / claim disputes:
// one in progress per claim (a second submission is refused with the first's
// tracking number), a tracking number that is a pure function of seed +
// portal + claim (tests and the ground truth can compute it), and a decision
// that arrives later: through the admin endpoint, or on its own after the
// `reconsiderationDecisionMs` fault's delay.
import { streamSeed } from './prng.ts';

export type ReconsiderationDecision = 'overturned' | 'upheld' | 'partially_paid';

export interface ReconsiderationRecord {
  trackingNumber: string;
  claimNumber: string;
  /** The portal's reason code (its select option value). */
  reason: string;
  argument: string;
  correctedFields: Record<string, string>;
  attachments: { fileName: string; byteSize: number; sha256: string }[];
  submittedAt: string;
  /** The account that submitted it (seeded history: null). */
  submittedBy: string | null;
  status: 'in_review' | 'decided';
  decision: ReconsiderationDecision | null;
  /** What the payer pays on the decision, in cents (0 when upheld). */
  approvedCents: number | null;
  decidedAt: string | null;
}

/** `<prefix>` + 10 digits from seed, portal and claim number. */
export function trackingNumberFor(seed: number, portal: string, prefix: string, claimNumber: string): string {
  const a = streamSeed(seed, `reconsideration:${portal}:${claimNumber.toUpperCase()}`);
  const b = streamSeed(a, 'tracking');
  return `${prefix}${String(a % 100_000).padStart(5, '0')}${String(b % 100_000).padStart(5, '0')}`;
}

export class ReconsiderationStore {
  private readonly records = new Map<string, ReconsiderationRecord>();

  constructor(
    private readonly opts: {
      seed: number;
      portal: string;
      prefix: string;
      /** The fault state's delay before a decision arrives on its own (0 = never). */
      decisionDelayMs: () => number;
      /** What an automatic decision pays: the claim's denied amount, in cents. */
      deniedCents: (claimNumber: string) => number;
      /** Seeded history, present from the start (and in the ground truth). */
      seeded?: readonly ReconsiderationRecord[];
      now?: () => Date;
    },
  ) {
    for (const r of opts.seeded ?? []) this.records.set(r.trackingNumber, { ...r });
  }

  private now(): Date {
    return this.opts.now?.() ?? new Date();
  }

  /** Applies the automatic decision once its delay has passed. */
  private settle(r: ReconsiderationRecord): ReconsiderationRecord {
    const delay = this.opts.decisionDelayMs();
    if (r.status === 'in_review' && delay > 0 && this.now().getTime() - Date.parse(r.submittedAt) >= delay)
      this.decide(r.trackingNumber, 'overturned', this.opts.deniedCents(r.claimNumber));
    return r;
  }

  /** The claim's reconsideration still under review, if any. */
  inProgress(claimNumber: string): ReconsiderationRecord | undefined {
    const want = claimNumber.toUpperCase();
    return [...this.records.values()]
      .map((r) => this.settle(r))
      .find((r) => r.claimNumber.toUpperCase() === want && r.status === 'in_review');
  }

  get(trackingNumber: string): ReconsiderationRecord | undefined {
    const r = this.records.get(trackingNumber.trim().toUpperCase());
    return r ? this.settle(r) : undefined;
  }

  list(): ReconsiderationRecord[] {
    return [...this.records.values()].map((r) => ({ ...this.settle(r) }));
  }

  /**
   * Records a submission; refuses a second one while the claim has one in
   * review. A claim whose earlier reconsideration was decided may be
   * reconsidered again: the tracking number then gets a sequence suffix.
   */
  submit(
    input: Omit<
      ReconsiderationRecord,
      'trackingNumber' | 'submittedAt' | 'status' | 'decision' | 'approvedCents' | 'decidedAt'
    >,
  ): { ok: true; record: ReconsiderationRecord } | { ok: false; existing: ReconsiderationRecord } {
    const existing = this.inProgress(input.claimNumber);
    if (existing) return { ok: false, existing };
    const base = trackingNumberFor(this.opts.seed, this.opts.portal, this.opts.prefix, input.claimNumber);
    let trackingNumber = base;
    for (let n = 2; this.records.has(trackingNumber); n++) trackingNumber = `${base}-${n}`;
    const record: ReconsiderationRecord = {
      ...input,
      trackingNumber,
      submittedAt: this.now().toISOString(),
      status: 'in_review',
      decision: null,
      approvedCents: null,
      decidedAt: null,
    };
    this.records.set(trackingNumber, record);
    return { ok: true, record };
  }

  decide(
    trackingNumber: string,
    decision: ReconsiderationDecision,
    approvedCents: number,
  ): ReconsiderationRecord | null {
    const r = this.records.get(trackingNumber.trim().toUpperCase());
    if (!r) return null;
    r.status = 'decided';
    r.decision = decision;
    r.approvedCents = decision === 'upheld' ? 0 : approvedCents;
    r.decidedAt = this.now().toISOString();
    return r;
  }

  /** Drops submissions made since start (seeded history stays). */
  reset(): void {
    this.records.clear();
    for (const r of this.opts.seeded ?? []) this.records.set(r.trackingNumber, { ...r });
  }
}
