// Choosing the claim a worklist row means from a member search's result list.
// A member often has several claims in a date range; the row's billed amount,
// date of service and patient control number (where the portal lists it) pick
// one. When they still leave more than one, that is a real tie: the bot
// reports every candidate instead of guessing.
import type { MemberClaimSearch } from './tasks.ts';

/** One row of a portal's member search results, already parsed. */
export interface ClaimCandidate {
  claimNumber: string;
  serviceDate: string;
  billedAmount: number;
  /** Only where the portal's list shows it. */
  patientControlNumber?: string;
}

export type CandidateChoice =
  | { kind: 'one'; claimNumber: string }
  | { kind: 'none' }
  | { kind: 'tie'; claimNumbers: string[] };

const cents = (n: number): number => Math.round(n * 100);

export function chooseCandidate(rows: readonly ClaimCandidate[], want: MemberClaimSearch): CandidateChoice {
  let left = rows.filter((r) => r.serviceDate >= want.serviceDateFrom && r.serviceDate <= want.serviceDateTo);
  if (want.billedAmount !== undefined) {
    const billed = cents(want.billedAmount);
    left = left.filter((r) => cents(r.billedAmount) === billed);
  }
  const pcn = want.patientControlNumber?.toUpperCase();
  if (pcn && left.some((r) => r.patientControlNumber !== undefined))
    left = left.filter((r) => r.patientControlNumber?.toUpperCase() === pcn);
  if (left.length === 0) return { kind: 'none' };
  const numbers = [...new Set(left.map((r) => r.claimNumber))];
  if (numbers.length === 1) return { kind: 'one', claimNumber: numbers[0]! };
  return { kind: 'tie', claimNumbers: numbers.sort() };
}
