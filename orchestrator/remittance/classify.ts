// Is this 835 claim a denial, and of which kind? Pure, in integer cents. The
// work queue makes its own decision; this label is what the pipeline records
// on the remittance row and uses to decide which claims to hand over. Silent
// denials count: nothing paid without cost share or contract terms explaining
// it, or paid below the allowed amount (AMT*B6) less the patient's share.
import type { Adjustment, Claim } from '../../x12/types.ts';

export const DENIAL_KINDS = ['denied', 'zero_pay', 'underpaid', 'partial_denial', 'reversal'] as const;
export type DenialKind = (typeof DENIAL_KINDS)[number];
/** Kinds that go to the denial work queue (a reversal is a correction, not a denial). */
export const QUEUED_KINDS: ReadonlySet<DenialKind> = new Set(['denied', 'zero_pay', 'underpaid', 'partial_denial']);

/** Deductible, coinsurance, copay, blood deductible: owed by the patient, not lost. */
const COST_SHARE = new Set(['1', '2', '3', '66']);
const cents = (n: number): number => Math.round(n * 100);

export function allAdjustments(c: Claim): Adjustment[] {
  return [...c.adjustments, ...c.serviceLines.flatMap((l) => l.adjustments)];
}

/** Sum of the lines' AMT*B6, or null unless every line carries one. */
export function allowedCents(c: Claim): number | null {
  if (c.serviceLines.length === 0 || c.serviceLines.some((l) => l.allowedAmount === null)) return null;
  return c.serviceLines.reduce((s, l) => s + cents(l.allowedAmount as number), 0);
}

function isExplained(a: Adjustment): boolean {
  return (a.group === 'PR' && COST_SHARE.has(a.reason)) || (a.group === 'CO' && a.reason === '45');
}

export function classifyClaim(c: Claim): DenialKind | null {
  if (c.statusCode === '22') return 'reversal';
  if (c.statusCode === '4') return 'denied';
  const adj = allAdjustments(c).filter((a) => a.amount > 0);
  const unexplained = adj.filter((a) => !isExplained(a));
  const paid = cents(c.paidAmount);
  if (paid === 0) return cents(c.chargeAmount) > 0 && unexplained.length > 0 ? 'zero_pay' : null;
  const allowed = allowedCents(c);
  const patientShare = adj
    .filter((a) => a.group === 'PR' && COST_SHARE.has(a.reason))
    .reduce((s, a) => s + cents(a.amount), 0);
  if (allowed !== null && allowed - patientShare > paid) return 'underpaid';
  return unexplained.length > 0 ? 'partial_denial' : null;
}
