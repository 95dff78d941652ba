// Remittances (X12 835 files) and denial details of the Availity-like portal,
// derived from the seeded claims without changing them: every adjudicated
// claim appears in an ERA whose CLP01/CLP07/amounts/CAS equal what the claim
// status page shows; paid claims in the ERA of their check/EFT and payment
// date. Denied and zero-pay claims go into the payer's ERA of a later day
// (a zero-dollar "NON" remittance when there was no payment that day).
// Revised claims get an original payment in an earlier ERA, then a reversal
// (CLP02 22) and the corrected claim. Some ERAs carry PLB interest (L6) or a
// recoupment (WO). Extra randomness comes from its own stream, so the claim
// data (and its ground truth) is untouched.
import { createHash } from 'node:crypto';
import type { DenialDetailsOutput } from '../../bots/index.ts';
import type { Adjustment, ProviderAdjustment, Transaction } from '../../x12/types.ts';
import { expectedFromWriter } from '../../x12/write-expected.ts';
import { write835, type WritableClaim, type WritableTransaction } from '../../x12/write.ts';
import {
  AVAILITY_PAYERS,
  availityData,
  type AdjustmentCents,
  type AvailityClaim,
  type AvailityPayerId,
} from './data.ts';
import { CARC, RARC } from '../shared/codes.ts';
import { addDays, npiFromNine, toDollars } from '../shared/helpers.ts';
import { Rng } from '../shared/prng.ts';

export type EraMethod = 'ACH' | 'CHK' | 'NON';

export interface AvailityEra {
  /** Stable id used in download URLs. */
  id: string;
  fileName: string;
  payerId: AvailityPayerId;
  payerName: string;
  paymentDate: string;
  method: EraMethod;
  traceNumber: string;
  amountCents: number;
  claimCount: number;
  text: string;
  byteSize: number;
  sha256: string;
  /** What parse835Text(text).transactions must equal. */
  transactions: Transaction[];
}

export interface AvailityDenial {
  claimNumber: string;
  expected: DenialDetailsOutput;
}

export interface AvailityRemittances {
  eras: AvailityEra[];
  /** Claims with a denial detail page (denied, short-paid), by claim number. */
  denials: Map<string, DenialDetailsOutput>;
}

/** Identifiers the payers use in their 835s (N1*PR / REF*2U / TRN03). */
const PAYER_835_ID: Record<AvailityPayerId, string> = { aetna: '60054', cigna: '62308', anthem: '00227' };
/** Appeal windows the portal states, per payer (days from the denial). */
const APPEAL_DAYS: Record<AvailityPayerId, number> = { aetna: 180, cigna: 180, anthem: 180 };
const PROCEDURES = ['99213', '99214', '99203', '97110', '80053', '36415', '71046', '93000', '20610', '99395'] as const;
/** Codes the payer treats as cost share or contract terms, never "the denial". */
const NOT_DENIAL = new Set(['1', '2', '3', '45']);

const RATIONALE: Record<string, string> = {
  '4': 'The modifier billed is not valid with the procedure code. Submit a corrected claim with the appropriate modifier.',
  '16': 'The claim was missing information required for adjudication. Resubmit with the missing or corrected data elements.',
  '18': 'This service was already processed on a prior claim for the same member, provider and date of service.',
  '22': 'Our records show other coverage that is primary for this member. Bill the primary carrier first and include its EOB.',
  '23': "Payment was reduced after applying the primary payer's adjudication to this claim.",
  '27': "The member's coverage was not in effect on the date of service.",
  '29': 'The claim was received after the timely filing limit in the provider agreement.',
  '50': 'Clinical review found the service not medically necessary based on the documentation received.',
  '59': 'Payment was reduced under the multiple procedure payment policy.',
  '97': 'This service is considered incidental to another service paid on the same date.',
  '197':
    'No prior authorization was on file for this service. Services of this type require authorization before they are rendered.',
};

/** Signed cents -> JSON amount, never -0 (it would not survive a round trip). */
const amt = (sign: 1 | -1, cents: number): number => (cents === 0 ? 0 : toDollars(sign * cents));

function casOf(list: AdjustmentCents[], sign: 1 | -1): Adjustment[] {
  return list.map((a) => ({ group: a.group, reason: a.carc, amount: amt(sign, a.amountCents), quantity: null }));
}

interface Adjudication {
  claimNumber: string;
  statusCode: string;
  billedCents: number;
  paidCents: number;
  patientRespCents: number;
  allowedCents: number | null;
  adjustments: AdjustmentCents[];
  remarkCodes: string[];
}

interface Extras {
  procedure: string;
  modifiers: string[];
  denialAtClaimLevel: boolean;
}

/** One CLP loop. Denials sit at claim level (no lines); priced claims carry one service line. */
function clp(c: AvailityClaim, a: Adjudication, x: Extras, sign: 1 | -1): WritableClaim {
  const base: WritableClaim = {
    patientControlNumber: c.patientControlNumber,
    statusCode: sign === -1 ? '22' : a.statusCode,
    chargeAmount: amt(sign, a.billedCents),
    paidAmount: amt(sign, a.paidCents),
    patientResponsibility: amt(sign, a.patientRespCents),
    payerClaimControlNumber: a.claimNumber,
    adjustments: [],
    serviceLines: [],
    claimFilingIndicator: 'CI',
    remarkCodes: [],
    patient: {
      lastName: c.patient.lastName.toUpperCase().replace(/[^A-Z -]/g, ''),
      firstName: c.patient.firstName.toUpperCase().replace(/[^A-Z -]/g, ''),
      memberId: c.memberId,
    },
  };
  if (x.denialAtClaimLevel)
    return { ...base, adjustments: casOf(a.adjustments, sign), remarkCodes: [...a.remarkCodes] };
  base.serviceLines.push({
    procedure: { qualifier: 'HC', code: x.procedure, modifiers: [...x.modifiers] },
    chargeAmount: amt(sign, a.billedCents),
    paidAmount: amt(sign, a.paidCents),
    units: 1,
    adjustments: casOf(a.adjustments, sign),
    remarkCodes: [...a.remarkCodes],
    serviceDate: c.serviceDate,
    allowedAmount: a.allowedCents === null ? null : amt(sign, a.allowedCents),
    lineItemControlNumber: `${c.patientControlNumber}01`,
  });
  return base;
}

interface Batch {
  payerId: AvailityPayerId;
  date: string;
  trace: string;
  method: EraMethod;
  claims: WritableClaim[];
  plb: ProviderAdjustment[];
}

function build(seed: number): AvailityRemittances {
  const data = availityData(seed);
  const rng = new Rng(seed, 'availity:era');
  const payeeNpi = npiFromNine(`1${rng.digits(8)}`);
  const payee = { name: 'BRIGHTPATH MEDICAL GROUP', npi: payeeNpi, taxId: `${rng.int(10, 98)}${rng.digits(7)}` };
  const batches = new Map<string, Batch>();
  const eraDateOf = new Map<string, string>();
  const batch = (payerId: AvailityPayerId, date: string, trace: () => string, method: EraMethod): Batch => {
    const key = `${payerId}|${date}`;
    let b = batches.get(key);
    if (!b) batches.set(key, (b = { payerId, date, trace: trace(), method, claims: [], plb: [] }));
    return b;
  };
  const extras = new Map<string, Extras>();
  // Duplicate submissions are not adjudicated yet: no ERA line, and no draw that would shift the others.
  for (const c of data.claims.filter((x) => !x.duplicateOf)) {
    extras.set(c.claimNumber, {
      procedure: rng.pick(PROCEDURES),
      modifiers: rng.bool(0.15) ? ['25'] : [],
      denialAtClaimLevel: c.scenario === 'denied',
    });
  }
  const current = (c: AvailityClaim): Adjudication => ({
    claimNumber: c.claimNumber,
    // Some payers deny without CLP02 4 (processed as primary, nothing paid): a silent denial.
    statusCode: c.scenario === 'denied' && rng.bool(0.7) ? '4' : '1',
    billedCents: c.billedCents,
    paidCents: c.paidCents,
    patientRespCents: c.patientRespCents,
    allowedCents: c.allowedCents,
    adjustments: c.adjustments,
    remarkCodes: c.remarkCodes,
  });

  const originals: { payerId: AvailityPayerId; date: string; claim: WritableClaim }[] = [];
  // Pass 1: paid claims, in the ERA of their check/EFT (as the claim status page shows it).
  const adjudicated = data.claims.filter((c) =>
    ['paid', 'underpaid', 'deductible', 'denied', 'revised'].includes(c.scenario),
  );
  for (const c of adjudicated) {
    if (c.paidCents === 0 || c.paymentDate === null || c.checkNumber === null) continue;
    const trace = c.checkNumber;
    const b = batch(c.payerId, c.paymentDate, () => trace, trace.startsWith('EFT') ? 'ACH' : 'CHK');
    const x = extras.get(c.claimNumber) as Extras;
    if (c.scenario === 'revised') {
      // The first adjudication paid less (a multiple-procedure cut later found wrong); the payer reverses it and pays the corrected claim.
      const delta = Math.max(1, Math.min(c.paidCents - 1, Math.round((c.paidCents * rng.int(5, 20)) / 100)));
      const original: Adjudication = {
        ...current(c),
        statusCode: '1',
        claimNumber: `${c.claimNumber.slice(0, 5)}${rng.digits(9)}`,
        paidCents: c.paidCents - delta,
        adjustments: [...c.adjustments, { group: 'CO', carc: '59', amountCents: delta }],
        remarkCodes: ['M15'],
      };
      originals.push({
        payerId: c.payerId,
        date: addDays(c.paymentDate, -rng.int(20, 35)),
        claim: clp(c, original, x, 1),
      });
      b.claims.push(clp(c, original, x, -1));
    }
    b.claims.push(clp(c, current(c), x, 1));
    eraDateOf.set(c.claimNumber, c.paymentDate);
  }
  // The first payments of revised claims: placed after pass 1 so no claim-status check number lands in a batch with another trace.
  for (const o of originals) batch(o.payerId, o.date, () => `EFT${rng.digits(9)}`, 'ACH').claims.unshift(o.claim);
  // Pass 2: nothing paid -> the payer's ERA of a later day, or a zero-dollar one.
  for (const c of adjudicated) {
    if (c.paidCents !== 0) continue;
    const date = addDays(c.serviceDate, rng.int(14, 40));
    const b = batch(c.payerId, date, () => `${PAYER_835_ID[c.payerId]}${rng.digits(10)}`, 'NON');
    b.claims.push(clp(c, current(c), extras.get(c.claimNumber) as Extras, 1));
    eraDateOf.set(c.claimNumber, date);
  }

  const ordered = [...batches.values()].sort(
    (a, z) => a.date.localeCompare(z.date) || a.payerId.localeCompare(z.payerId),
  );
  const eras: AvailityEra[] = [];
  const paidSoFar = new Map<AvailityPayerId, string[]>();
  ordered.forEach((b, i) => {
    const claimsPaid = b.claims.reduce((s, c) => s + Math.round(c.paidAmount * 100), 0);
    const earlier = paidSoFar.get(b.payerId) ?? [];
    // Provider-level adjustments: late-payment interest (paid to us), recoupment of an earlier overpayment (taken back).
    if (claimsPaid > 0 && rng.bool(0.15))
      b.plb.push({
        reason: 'L6',
        reference: b.claims[0]?.payerClaimControlNumber ?? null,
        amount: amt(-1, rng.int(35, 2_400)),
      });
    if (claimsPaid > 2_000 && earlier.length > 0 && rng.bool(0.12)) {
      b.plb.push({
        reason: 'WO',
        reference: rng.pick(earlier),
        amount: amt(1, Math.min(claimsPaid - 1_000, rng.int(500, 6_000))),
      });
    }
    for (const c of b.claims)
      if (c.paidAmount > 0 && c.payerClaimControlNumber) earlier.push(c.payerClaimControlNumber);
    paidSoFar.set(b.payerId, earlier);
    const amountCents = claimsPaid - b.plb.reduce((s, p) => s + Math.round(p.amount * 100), 0);
    const payer = AVAILITY_PAYERS.find((p) => p.id === b.payerId) as (typeof AVAILITY_PAYERS)[number];
    const tx: WritableTransaction = {
      controlNumber: '0001',
      payer: { name: payer.name.toUpperCase(), id: PAYER_835_ID[b.payerId] },
      payee,
      payment: { amount: toDollars(amountCents), method: b.method, date: b.date, traceNumber: b.trace },
      claims: b.claims,
      providerAdjustments: b.plb,
    };
    const ymd = b.date.replaceAll('-', '');
    const writeOptions = {
      lineBreak: '\n',
      senderId: PAYER_835_ID[b.payerId],
      receiverId: payeeNpi,
      interchangeControlNumber: 1_000 + i,
      groupControlNumber: 1_000 + i,
      date: new Date(`${b.date}T07:30:00Z`),
    };
    const text = write835([tx], writeOptions);
    eras.push({
      id: `${b.payerId}-${ymd}`,
      fileName: `${payer.claimPrefix}_${ymd}_${b.trace}.835`,
      payerId: b.payerId,
      payerName: payer.name,
      paymentDate: b.date,
      method: b.method,
      traceNumber: b.trace,
      amountCents,
      claimCount: b.claims.length,
      text,
      byteSize: Buffer.byteLength(text, 'utf8'),
      sha256: createHash('sha256').update(text, 'utf8').digest('hex'),
      transactions: [expectedFromWriter(tx, writeOptions)],
    });
  });

  const denials = new Map<string, DenialDetailsOutput>();
  for (const c of data.claims) {
    if (c.scenario !== 'denied' && c.scenario !== 'underpaid') continue;
    const date = eraDateOf.get(c.claimNumber);
    if (!date) continue;
    denials.set(c.claimNumber, denialDetails(c, date, rng));
  }
  return { eras, denials };
}

function denialDetails(c: AvailityClaim, denialDate: string, rng: Rng): DenialDetailsOutput {
  const denied = c.adjustments.filter((a) => !NOT_DENIAL.has(a.carc));
  const main = denied[0];
  const appealable = main?.carc !== '18';
  return {
    claimNumber: c.claimNumber,
    payer: c.payerId,
    carcCodes: c.adjustments.map((a) => ({
      code: a.carc,
      group: a.group,
      amount: toDollars(a.amountCents),
      description: CARC[a.carc] ?? 'See remittance advice.',
    })),
    remarkCodes: c.remarkCodes.map((r) => ({ code: r, description: RARC[r] ?? 'See remittance advice.' })),
    rationale: main && rng.bool(0.85) ? (RATIONALE[main.carc] ?? null) : null,
    appealDeadline: appealable ? addDays(denialDate, APPEAL_DAYS[c.payerId]) : null,
    denialDate,
    billedAmount: toDollars(c.billedCents),
    deniedAmount: toDollars(denied.reduce((s, a) => s + a.amountCents, 0)),
  };
}

const cache = new Map<number, AvailityRemittances>();
/** Every ERA (oldest first) and denial detail of a seed. Pure; cached per seed. */
export function availityRemittances(seed: number): AvailityRemittances {
  let v = cache.get(seed);
  if (!v) cache.set(seed, (v = build(seed)));
  return v;
}

export interface AvailityEraTruthFile {
  id: string;
  fileName: string;
  payer: string;
  paymentDate: string;
  method: EraMethod;
  traceNumber: string;
  amount: number;
  claimCount: number;
  sha256: string;
  byteSize: number;
  /** parse835Text(file).transactions, exactly. */
  expected: Transaction[];
}

export interface AvailityEraTruth {
  remittances: AvailityEraTruthFile[];
  /** The exact DenialDetailsOutput a denial-details bot must produce, per denied or short-paid claim. */
  denials: AvailityDenial[];
}

/** The ERA and denial part of the Availity section of the ground truth (JSON-able). */
export function availityEraTruth(seed: number): AvailityEraTruth {
  const r = availityRemittances(seed);
  return {
    remittances: r.eras.map((e) => ({
      id: e.id,
      fileName: e.fileName,
      payer: e.payerId,
      paymentDate: e.paymentDate,
      method: e.method,
      traceNumber: e.traceNumber,
      amount: toDollars(e.amountCents),
      claimCount: e.claimCount,
      sha256: e.sha256,
      byteSize: e.byteSize,
      expected: e.transactions,
    })),
    denials: [...r.denials].map(([claimNumber, expected]) => ({ claimNumber, expected })),
  };
}
