// What a remittance says beyond "paid" or "denied": silent-denial signals a
// billing team would otherwise miss, and the links between a reversal, the
// corrected claim that replaces it, and the PLB recoupments that refer to a
// claim. Pure (no database); recorded on each remittance claim row (signals).
import type { Claim, Transaction } from '../../x12/types.ts';

export type EraSignal =
  /**
   * The payer paid an NPI other than the one we billed: the claim's NM1*82
   * rendering NPI, or the payee NPI (N1*PE) when there is no rendering one,
   * is not the billed NPI. The money went to (or is booked for) another provider.
   */
  | { kind: 'paid_to_other_npi'; billed: string; paid: string; via: 'rendering' | 'payee' }
  /** SVC06: the payer adjudicated a different procedure than the one billed (often a downcode). */
  | { kind: 'paid_as_different_code'; line: number; submitted: string; paid: string }
  /** LQ*RX: pharmacy (NCPDP) reject codes on a line. */
  | { kind: 'pharmacy_reject'; line: number; codes: string[] }
  /** AMT*I: the payer paid interest (it paid late). */
  | { kind: 'interest_paid'; amount: number }
  /**
   * PLB WO/72/FB whose reference is this claim's payer claim number: money
   * taken back. `by` names the later payment that took it, when that was not
   * this claim's own transaction (recoupments.ts).
   */
  | {
      kind: 'recouped';
      reason: string;
      amount: number;
      by?: { traceNumber: string | null; paymentDate: string | null };
    }
  /** CLP02 = 22: this claim is reversed; `correctedBy` is the claim index of its correction in the same payment, if any. */
  | { kind: 'reversal'; correctedBy: number | null }
  /** This claim corrects a reversed one (REF*F8 / CLP07 / same PCN): `netPaid` is what the pair adds up to. */
  | { kind: 'corrects'; reversal: number; netPaid: number };

/** PLB reasons that take money back for a claim. */
export const RECOUPMENT_REASONS: ReadonlySet<string> = new Set(['WO', '72', 'FB']);
const cents = (n: number): number => Math.round(n * 100);

function lineSignals(c: Claim, out: EraSignal[]): void {
  for (const [i, l] of c.serviceLines.entries()) {
    const o = l.originalProcedure;
    if (o && (o.code !== l.procedure.code || o.qualifier !== l.procedure.qualifier))
      out.push({ kind: 'paid_as_different_code', line: i, submitted: o.code, paid: l.procedure.code });
    if (l.pharmacyRejectCodes && l.pharmacyRejectCodes.length > 0)
      out.push({ kind: 'pharmacy_reject', line: i, codes: l.pharmacyRejectCodes });
  }
}

/** For each claim of a reversal (CLP02 = 22), the index of the claim that corrects it, or null. */
export function linkReversals(tx: Transaction): Map<number, number | null> {
  const links = new Map<number, number | null>();
  const taken = new Set<number>();
  for (const [r, rev] of tx.claims.entries()) {
    if (rev.statusCode !== '22') continue;
    const candidates = tx.claims.map((c, i) => ({ c, i })).filter(({ c, i }) => c.statusCode !== '22' && !taken.has(i));
    const icn = rev.payerClaimControlNumber;
    const found =
      candidates.find(({ c }) => icn !== null && c.originalReferenceNumber === icn) ??
      candidates.find(
        ({ c }) =>
          rev.originalReferenceNumber !== undefined && c.originalReferenceNumber === rev.originalReferenceNumber,
      ) ??
      candidates.find(({ c }) => c.patientControlNumber === rev.patientControlNumber);
    links.set(r, found ? found.i : null);
    if (found) taken.add(found.i);
  }
  return links;
}

/** NM1*82 with NM108 = XX is the rendering NPI; other qualifiers are not NPIs. */
function renderingNpi(c: Claim): string | null {
  const r = c.renderingProvider;
  return r && r.idQualifier === 'XX' && r.id ? r.id : null;
}

function npiSignal(c: Claim, payeeNpi: string | null, billed: string | null | undefined): EraSignal | null {
  if (!billed) return null;
  const rendering = renderingNpi(c);
  // A payee (group) NPI alongside a matching rendering NPI is the normal group-billing case.
  const present = [rendering, payeeNpi].filter((n): n is string => n !== null);
  if (present.length === 0 || present.includes(billed)) return null;
  return rendering !== null
    ? { kind: 'paid_to_other_npi', billed, paid: rendering, via: 'rendering' }
    : { kind: 'paid_to_other_npi', billed, paid: payeeNpi!, via: 'payee' };
}

/**
 * Signals per claim index of one transaction (empty arrays for plain claims).
 * `billedNpis` (per claim index, from billed-npi.ts) enables the paid-to-another-NPI check.
 */
export function transactionSignals(tx: Transaction, billedNpis: readonly (string | null)[] = []): EraSignal[][] {
  const out: EraSignal[][] = tx.claims.map(() => []);
  for (const [i, c] of tx.claims.entries()) {
    const npi = npiSignal(c, tx.payee.npi, billedNpis[i]);
    if (npi) out[i]!.push(npi);
    lineSignals(c, out[i]!);
    const interest = c.amounts?.I;
    if (interest !== undefined && interest !== 0) out[i]!.push({ kind: 'interest_paid', amount: interest });
    for (const p of tx.providerAdjustments)
      if (RECOUPMENT_REASONS.has(p.reason) && p.reference !== null && p.reference === c.payerClaimControlNumber)
        out[i]!.push({ kind: 'recouped', reason: p.reason, amount: p.amount });
  }
  for (const [r, corrected] of linkReversals(tx)) {
    out[r]!.push({ kind: 'reversal', correctedBy: corrected });
    if (corrected !== null) {
      const net = cents(tx.claims[corrected]!.paidAmount) + cents(tx.claims[r]!.paidAmount);
      out[corrected]!.push({ kind: 'corrects', reversal: r, netPaid: net / 100 });
    }
  }
  return out;
}
