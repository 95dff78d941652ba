// Element-level readers for the 835 segments that carry money. They turn a
// SegmentView into contract objects plus the integer-cent values balancing
// needs, and report bad elements through `fail` (which throws an
// X12ParseError naming the segment and position). Absent optional elements
// read as empty and never crash: fuzzed input reaches here.
import type { SegmentView } from './segment-view.ts';
import { printableId } from './errors.ts';
import type { Adjustment, Claim, Procedure, ProviderAdjustment, ServiceLine } from './types.ts';

export type Fail = (reason: string) => never;

function pad(n: number): string {
  return n < 10 ? `0${String(n)}` : String(n);
}

export function requiredStr(v: SegmentView, i: number, name: string, fail: Fail): string {
  if (!v.has(i)) fail(`${name} is required but empty`);
  return v.str(i);
}

/** Required money element in cents. */
export function requiredCents(v: SegmentView, i: number, name: string, fail: Fail): number {
  const c = v.cents(i);
  if (!Number.isNaN(c)) return c;
  if (!v.has(i)) fail(`${name} is required but empty`);
  return fail(`${name} "${printableId(v.str(i), 20)}" is not a monetary amount`);
}

/** Optional money element in cents; null when empty. */
export function optionalCents(v: SegmentView, i: number, name: string, fail: Fail): number | null {
  return v.has(i) ? requiredCents(v, i, name, fail) : null;
}

export interface BprRead {
  /** Signed: a debit (BPR03 = D) is money the payer takes back, so it is negative. */
  amountCents: number;
  creditDebit: 'C' | 'D';
  handlingCode: string;
  method: string;
  date: string | null;
}

export function readBpr(v: SegmentView, fail: Fail): BprRead {
  const amount = requiredCents(v, 2, 'BPR02 payment amount', fail);
  const flag = v.str(3);
  // BPR03 is required by the TR3, but old 4010 files leave it empty: credit is what they mean.
  if (flag !== '' && flag !== 'C' && flag !== 'D')
    fail(`BPR03 credit/debit flag "${printableId(flag, 10)}" is neither C nor D`);
  const creditDebit = flag === 'D' ? 'D' : 'C';
  return {
    amountCents: creditDebit === 'D' ? -amount : amount,
    creditDebit,
    handlingCode: v.str(1),
    method: v.str(4),
    date: v.date(16),
  };
}

export interface ClpRead {
  claim: Claim;
  chargeCents: number;
  paidCents: number;
}

export function readClp(v: SegmentView, fail: Fail): ClpRead {
  const patientControlNumber = requiredStr(v, 1, 'CLP01 patient control number', fail);
  const statusCode = requiredStr(v, 2, 'CLP02 claim status code', fail);
  const chargeCents = requiredCents(v, 3, 'CLP03 charge amount', fail);
  const paidCents = requiredCents(v, 4, 'CLP04 paid amount', fail);
  const prCents = optionalCents(v, 5, 'CLP05 patient responsibility', fail) ?? 0;
  const claim: Claim = {
    patientControlNumber,
    statusCode,
    chargeAmount: chargeCents / 100,
    paidAmount: paidCents / 100,
    patientResponsibility: prCents / 100,
    payerClaimControlNumber: v.opt(7),
    adjustments: [],
    serviceLines: [],
    claimFilingIndicator: v.opt(6),
    remarkCodes: [],
  };
  if (v.has(8)) claim.facilityType = v.str(8);
  if (v.has(9)) claim.frequencyCode = v.str(9);
  if (v.has(11)) claim.drgCode = v.str(11);
  if (v.has(12)) claim.drgWeight = optionalNumber(v, 12, 'CLP12 DRG weight', fail);
  if (v.has(13)) claim.dischargeFraction = optionalNumber(v, 13, 'CLP13 discharge fraction', fail);
  return { claim, chargeCents, paidCents };
}

function optionalNumber(v: SegmentView, i: number, name: string, fail: Fail): number {
  const n = v.decimal(i);
  if (Number.isNaN(n)) fail(`${name} "${printableId(v.str(i), 20)}" is not a number`);
  return n;
}

/**
 * CAS: group, then up to six (reason, amount, quantity) triplets at
 * CAS02-04, 05-07, ... 17-19. Pushes into `out`; returns the cents total.
 */
export function readCas(v: SegmentView, out: Adjustment[], fail: Fail): number {
  const group = requiredStr(v, 1, 'CAS01 group code', fail);
  let total = 0;
  let triplets = 0;
  for (let t = 0; t < 6; t++) {
    const base = 2 + 3 * t;
    if (!v.has(base)) {
      if (v.has(base + 1)) fail(`CAS${pad(base + 1)} amount without a reason code`);
      continue;
    }
    const c = requiredCents(v, base + 1, `CAS${pad(base + 1)} adjustment amount`, fail);
    let quantity: number | null = null;
    if (v.has(base + 2)) {
      quantity = v.decimal(base + 2);
      if (Number.isNaN(quantity))
        fail(`CAS${pad(base + 2)} quantity "${printableId(v.str(base + 2), 20)}" is not a number`);
    }
    out.push({ group, reason: v.str(base), amount: c / 100, quantity });
    total += c;
    triplets++;
  }
  if (triplets === 0) fail('CAS has no reason code');
  return total;
}

/** SVC01 composite HC:99213:25:59 -> qualifier, code, up to four modifiers. */
export function readSvc(v: SegmentView, fail: Fail): ServiceLine {
  if (!v.has(1)) fail('SVC01 procedure is required but empty');
  const { qualifier, code, modifiers } = readProcedure(v.components(1));
  if (qualifier.length === 0 || code.length === 0)
    fail(`SVC01 "${printableId(v.str(1), 30)}" needs a qualifier and a code`);
  const charge = requiredCents(v, 2, 'SVC02 charge amount', fail);
  const paid = requiredCents(v, 3, 'SVC03 paid amount', fail);
  let units = 1;
  if (v.has(5)) {
    units = v.decimal(5);
    if (Number.isNaN(units)) fail(`SVC05 units "${printableId(v.str(5), 20)}" is not a number`);
  }
  const line: ServiceLine = {
    procedure: { qualifier, code, modifiers },
    chargeAmount: charge / 100,
    paidAmount: paid / 100,
    units,
    adjustments: [],
    remarkCodes: [],
    serviceDate: null,
    allowedAmount: null,
    lineItemControlNumber: null,
  };
  if (v.has(4)) line.revenueCode = v.str(4);
  if (v.has(6)) line.originalProcedure = readProcedure(v.components(6));
  if (v.has(7)) {
    const n = v.decimal(7);
    if (Number.isNaN(n)) fail(`SVC07 original units "${printableId(v.str(7), 20)}" is not a number`);
    line.originalUnits = n;
  }
  return line;
}

function readProcedure(parts: string[]): Procedure {
  const modifiers: string[] = [];
  for (let i = 2; i < 6 && i < parts.length; i++) if (parts[i]!.length > 0) modifiers.push(parts[i]!);
  return { qualifier: parts[0] ?? '', code: parts[1] ?? '', modifiers };
}

/**
 * PLB: provider id, fiscal period date, then up to six (reason composite,
 * amount) pairs at PLB03/04 ... 13/14. Returns the cents total.
 */
export function readPlb(v: SegmentView, out: ProviderAdjustment[], fail: Fail): number {
  let total = 0;
  let pairs = 0;
  for (let k = 3; k <= 13; k += 2) {
    if (!v.has(k)) {
      if (v.has(k + 1)) fail(`PLB${pad(k + 1)} amount without an adjustment reason`);
      continue;
    }
    const parts = v.components(k);
    const reason = parts[0] ?? '';
    if (reason.length === 0) fail(`PLB${pad(k)} has no adjustment reason code`);
    const c = requiredCents(v, k + 1, `PLB${pad(k + 1)} adjustment amount`, fail);
    const ref = parts[1];
    const adj: ProviderAdjustment = {
      reason,
      reference: ref === undefined || ref.length === 0 ? null : ref,
      amount: c / 100,
    };
    if (v.has(1)) adj.providerId = v.str(1);
    const fiscal = v.date(2);
    if (fiscal !== null) adj.fiscalPeriodDate = fiscal;
    out.push(adj);
    total += c;
    pairs++;
  }
  if (pairs === 0) fail('PLB has no adjustment (PLB03/PLB04)');
  return total;
}

/** Remark codes from MOA03-07 (outpatient) or MIA05, MIA20-23 (inpatient). */
export function readRemarks(v: SegmentView, indexes: readonly number[], out: string[]): void {
  for (const i of indexes) if (v.has(i)) out.push(v.str(i));
}
export const MOA_REMARKS = [3, 4, 5, 6, 7] as const;
export const MIA_REMARKS = [5, 20, 21, 22, 23] as const;
