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

/** A minimal valid one-page PDF, for contract targets and tests that attach a document. */
export const SAMPLE_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);

/** What a correct reconsideration-status bot returns for a record. */
export function expectedReconsiderationStatus(r: ReconsiderationRecord, payer: string) {
  return {
    trackingNumber: r.trackingNumber,
    claimNumber: r.claimNumber,
    payer,
    status: r.status,
    decision: r.decision,
    approvedAmount: r.approvedCents === null ? null : r.approvedCents / 100,
    submittedDate: r.submittedAt.slice(0, 10),
    decisionDate: r.decidedAt ? r.decidedAt.slice(0, 10) : null,
  };
}

/**
 * Contract targets of the write tasks that leave the portal as it was: a dry
 * run on a denied claim (stops on the review page), a submission on a claim
 * whose seeded reconsideration is still in review (the portal refuses it and
 * names the tracking number), and status reads of the seeded history.
 */
export function reconsiderationTargets(opts: {
  /** The payer id a bot reports for a claim. */
  payerOf: (claimNumber: string) => string;
  openClaim: string;
  records: readonly ReconsiderationRecord[];
  unknownTracking: string;
}) {
  const request = (claimNumber: string) => ({
    claimNumber,
    reason: 'medical_necessity',
    argument: 'The enclosed clinical notes show the service was medically necessary.',
    attachments: [{ fileName: 'appeal-packet.pdf', contentBase64: SAMPLE_PDF.toString('base64') }],
    dryRun: true,
  });
  const inReview = opts.records.find((r) => r.status === 'in_review');
  if (!inReview) throw new Error('the seeded reconsideration history has none in review');
  return {
    submit: [
      {
        label: `dry run ${opts.openClaim}`,
        input: request(opts.openClaim),
        outcome: 'found' as const,
        data: {
          claimNumber: opts.openClaim,
          payer: opts.payerOf(opts.openClaim),
          status: 'dry_run',
          trackingNumber: null,
          submittedDate: null,
          attachments: ['appeal-packet.pdf'],
        },
      },
      {
        label: `already in progress ${inReview.claimNumber}`,
        input: { ...request(inReview.claimNumber), dryRun: false },
        outcome: 'found' as const,
        data: {
          claimNumber: inReview.claimNumber,
          payer: opts.payerOf(inReview.claimNumber),
          status: 'already_in_progress',
          trackingNumber: inReview.trackingNumber,
          submittedDate: inReview.submittedAt.slice(0, 10),
          attachments: [],
        },
      },
    ],
    status: [
      ...opts.records.map((r) => ({
        label: r.trackingNumber,
        input: { trackingNumber: r.trackingNumber },
        outcome: 'found' as const,
        data: expectedReconsiderationStatus(r, opts.payerOf(r.claimNumber)),
      })),
      {
        label: 'unknown tracking number',
        input: { trackingNumber: opts.unknownTracking },
        outcome: 'not_found' as const,
      },
    ],
  };
}
