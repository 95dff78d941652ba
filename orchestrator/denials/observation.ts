// One normalized "what the payer told us about this claim" record, built from
// each source the queue ingests: a claim-status result, a denial-details
// result, or a claim from a parsed 835. Everything downstream (detection,
// merging, scoring) works on this shape only. Inputs are validated here, at
// the edge, and failures name the field.
import { z } from 'zod';
import { ClaimStatusOutput, IsoDate, Money, Npi } from '../../bots/index.ts';
import type { Claim as EraClaim } from '../../x12/types.ts';
import { inputError } from './errors.ts';
import { text } from '../platform/text.ts';

export const SOURCES = ['claim-status', 'denial-details', 'era'] as const;
export type Source = (typeof SOURCES)[number];

const Carc = text().regex(/^[A-Z]?\d{1,3}$/, 'must be a CARC code');
const Rarc = text().regex(/^[A-Z]{1,2}\d{1,3}$/, 'must be a RARC code');
const Group = text().regex(/^[A-Z]{2}$/, 'must be a two-letter CAS group code');

export const ObservedAdjustment = z.object({
  group: Group.nullable(),
  carc: Carc,
  /** null when the source names the code without an amount (denial-details pages often do). */
  amount: Money.nullable(),
});
export type ObservedAdjustment = z.infer<typeof ObservedAdjustment>;

export interface DenialObservation {
  source: Source;
  claimId: string;
  payerId: string | null;
  resultId: string | null;
  observedAt: Date;
  /** 277 category (claim-status) or null. */
  statusCategory: string | null;
  /** CLP02 (ERA) or null. */
  eraStatusCode: string | null;
  billed: number | null;
  allowed: number | null;
  paid: number | null;
  /** Contracted/expected reimbursement when the caller knows it (underpayment check). */
  expected: number | null;
  adjustments: ObservedAdjustment[];
  remarkCodes: string[];
  /** EOB / remittance date (YYYY-MM-DD). */
  eobDate: string | null;
  /** Payer's determination / denial date when the source shows one. */
  determinationDate: string | null;
  /** Appeal deadline as the portal displays it; authoritative when present. */
  portalAppealDeadline: string | null;
  rationale: string | null;
  providerNpi: string | null;
}

const Common = z.object({
  claimId: z.uuid(),
  payerId: text().min(1).nullable().default(null),
  resultId: text().min(1).nullable().default(null),
  observedAt: z.coerce.date().refine((d) => !Number.isNaN(d.getTime()), 'must be a date'),
  expectedAmount: Money.nullable().optional(),
});

/** Pulls an optional provider NPI from result data that carries one under any of the usual names. */
function npiFrom(data: Record<string, unknown>): string | null {
  for (const key of ['renderingProviderNpi', 'providerNpi', 'npi']) {
    const r = Npi.safeParse(data[key]);
    if (r.success) return r.data;
  }
  return null;
}

export const ClaimStatusIngest = Common.extend({ data: z.record(text(), z.unknown()) });
export type ClaimStatusIngest = z.input<typeof ClaimStatusIngest>;

export function fromClaimStatus(raw: unknown): DenialObservation {
  const p = ClaimStatusIngest.safeParse(raw);
  if (!p.success) throw inputError('claim-status ingest', p.error.issues[0]);
  const d = ClaimStatusOutput.safeParse(p.data.data);
  if (!d.success) throw inputError('claim-status ingest: data', d.error.issues[0]);
  const s = d.data;
  return {
    source: 'claim-status',
    claimId: p.data.claimId,
    payerId: p.data.payerId ?? s.payer,
    resultId: p.data.resultId,
    observedAt: p.data.observedAt,
    statusCategory: s.statusCategory,
    eraStatusCode: null,
    billed: s.billedAmount,
    allowed: s.allowedAmount,
    paid: s.paidAmount,
    expected: p.data.expectedAmount ?? null,
    adjustments: s.adjustments.map((a) => ({ group: a.group, carc: a.carc, amount: a.amount })),
    remarkCodes: s.remarkCodes,
    eobDate: s.paymentDate,
    determinationDate: null,
    portalAppealDeadline: null,
    rationale: null,
    providerNpi: npiFrom(p.data.data),
  };
}

/**
 * denial-details output as the queue accepts it (bots/runtime/tasks.ts has no
 * contract for this task yet): CARC/RARC codes with descriptions, the payer's
 * rationale and the appeal deadline the portal shows.
 */
export const DenialDetailsData = z.object({
  carcCodes: z
    .array(z.object({ code: Carc, group: Group.optional(), amount: Money.optional(), description: text().optional() }))
    .default([]),
  remarkCodes: z.array(z.union([Rarc, z.object({ code: Rarc, description: text().optional() })])).default([]),
  rationale: text().max(4000).nullable().optional(),
  appealDeadline: IsoDate.nullable().optional(),
  denialDate: IsoDate.nullable().optional(),
  billedAmount: Money.nullable().optional(),
  deniedAmount: Money.nullable().optional(),
});

export const DenialDetailsIngest = Common.extend({ data: z.record(text(), z.unknown()) });
export type DenialDetailsIngest = z.input<typeof DenialDetailsIngest>;

export function fromDenialDetails(raw: unknown): DenialObservation {
  const p = DenialDetailsIngest.safeParse(raw);
  if (!p.success) throw inputError('denial-details ingest', p.error.issues[0]);
  const d = DenialDetailsData.safeParse(p.data.data);
  if (!d.success) throw inputError('denial-details ingest: data', d.error.issues[0]);
  const v = d.data;
  const adjustments = v.carcCodes.map((c) => ({ group: c.group ?? null, carc: c.code, amount: c.amount ?? null }));
  // A single code with a denied total but no per-code amount: the total is that code's amount.
  if (adjustments.length === 1 && adjustments[0]!.amount === null && v.deniedAmount != null)
    adjustments[0]!.amount = v.deniedAmount;
  return {
    source: 'denial-details',
    claimId: p.data.claimId,
    payerId: p.data.payerId,
    resultId: p.data.resultId,
    observedAt: p.data.observedAt,
    statusCategory: null,
    eraStatusCode: null,
    billed: v.billedAmount ?? null,
    allowed: null,
    paid: null,
    expected: p.data.expectedAmount ?? null,
    adjustments,
    remarkCodes: v.remarkCodes.map((r) => (typeof r === 'string' ? r : r.code)),
    eobDate: null,
    determinationDate: v.denialDate ?? null,
    portalAppealDeadline: v.appealDeadline ?? null,
    rationale: v.rationale ?? null,
    providerNpi: npiFrom(p.data.data),
  };
}

export const EraIngest = Common.extend({
  /** BPR16 payment date of the 835 transaction (the EOB date). */
  paymentDate: IsoDate.nullable().default(null),
  /** Payee NPI (N1*PE) when the 835 carried one; the rendering NPI is not in the ERA contract. */
  payeeNpi: Npi.nullable().default(null),
  claim: z.object({
    patientControlNumber: text(),
    statusCode: text().regex(/^\d{1,2}$/, 'must be a CLP02 claim status code'),
    chargeAmount: Money,
    paidAmount: Money,
    patientResponsibility: Money,
    payerClaimControlNumber: text().nullable(),
    adjustments: z.array(z.object({ group: Group, reason: Carc, amount: Money })),
    serviceLines: z.array(
      z.object({
        chargeAmount: Money,
        paidAmount: Money,
        adjustments: z.array(z.object({ group: Group, reason: Carc, amount: Money })),
        remarkCodes: z.array(Rarc),
        allowedAmount: Money.nullable().optional(),
      }),
    ),
    remarkCodes: z.array(Rarc).default([]),
  }),
});
export type EraIngest = Omit<z.input<typeof EraIngest>, 'claim'> & { claim: EraClaim };

/** Maps one parsed 835 claim (the `era parse` contract) to an observation. */
export function fromEraClaim(raw: unknown): DenialObservation {
  const p = EraIngest.safeParse(raw);
  if (!p.success) throw inputError('era ingest', p.error.issues[0]);
  const c = p.data.claim;
  // Denials usually sit on the service lines' CAS, not the claim's: flatten both.
  const cas = [...c.adjustments, ...c.serviceLines.flatMap((l) => l.adjustments)];
  const lineAllowed = c.serviceLines.map((l) => l.allowedAmount ?? null);
  const allowed =
    lineAllowed.length > 0 && lineAllowed.every((a) => a !== null)
      ? Math.round(lineAllowed.reduce((s, a) => s + a! * 100, 0)) / 100
      : null;
  return {
    source: 'era',
    claimId: p.data.claimId,
    payerId: p.data.payerId,
    resultId: p.data.resultId,
    observedAt: p.data.observedAt,
    statusCategory: null,
    eraStatusCode: c.statusCode,
    billed: c.chargeAmount,
    allowed,
    paid: c.paidAmount,
    expected: p.data.expectedAmount ?? null,
    adjustments: cas.map((a) => ({ group: a.group, carc: a.reason, amount: a.amount })),
    remarkCodes: [...new Set([...c.remarkCodes, ...c.serviceLines.flatMap((l) => l.remarkCodes)])],
    eobDate: p.data.paymentDate,
    determinationDate: p.data.paymentDate,
    portalAppealDeadline: null,
    rationale: null,
    providerNpi: p.data.payeeNpi,
  };
}
