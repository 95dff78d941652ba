// Balancing rules, in integer cents (the X12 835 TR3 balancing, reduced to
// the two checks DESIGN.md's contract names):
//
//  payment:  BPR02 = sum(CLP04 over all claims) - sum(PLB amounts)
//            (a positive PLB amount is money withheld, e.g. a WO recoupment;
//            a negative one is money added, e.g. L6 interest)
//  claim:    CLP03 - CLP04 = sum(claim-level CAS amounts) + sum(service-level
//            CAS amounts of that claim's SVC lines)
//
// Signs are taken as sent: a reversal (CLP02 = 22) carries negative charge,
// payment and CAS amounts, and balances by the same formula. Patient
// responsibility (CLP05) is not part of the equation because the PR-group CAS
// amounts already are. Service-line balancing (SVC02 - SVC03 = line CAS) is
// not checked: the contract defines `ok` by the two rules above only.
import type { BalanceProblem } from './types.ts';

export function checkPayment(bprCents: number, paidSumCents: number, plbSumCents: number): BalanceProblem | null {
  const actual = paidSumCents - plbSumCents;
  if (actual === bprCents) return null;
  return {
    scope: 'payment',
    expected: bprCents / 100,
    actual: actual / 100,
    message: `BPR02 payment ${fmt(bprCents)} != sum of CLP04 ${fmt(paidSumCents)} - sum of PLB ${fmt(plbSumCents)} = ${fmt(actual)}`,
  };
}

export function checkClaim(
  pcn: string,
  claimIndex: number,
  chargeCents: number,
  paidCents: number,
  casCents: number,
): BalanceProblem | null {
  const expected = chargeCents - paidCents;
  if (expected === casCents) return null;
  return {
    scope: 'claim',
    patientControlNumber: pcn,
    claimIndex,
    expected: expected / 100,
    actual: casCents / 100,
    message: `claim ${pcn}: CLP03 ${fmt(chargeCents)} - CLP04 ${fmt(paidCents)} = ${fmt(expected)} but its CAS adjustments sum to ${fmt(casCents)}`,
  };
}

function fmt(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const a = Math.abs(cents);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}
