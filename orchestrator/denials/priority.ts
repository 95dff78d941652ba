// Priority score = dollars at risk x deadline urgency x recoverability
// (DESIGN.md "Domain tables"; the 8-step workflow article's formula).
//
// - dollars at risk: what the payer did not pay that it should have, in
//   dollars (see facts.ts detectDenial): the denied CAS amounts, or the
//   shortfall below allowed/expected, excluding patient cost share.
// - deadline urgency: 30 / days left until the appeal deadline, capped at 10.
//   1.0 means "a month left"; it doubles each time the remaining time halves,
//   reaches the cap of 10 at 3 days left, and is 0 once the window has closed
//   (an appeal can no longer be filed; the item is still listed and flagged).
//   With no deadline (rejections, which are corrected, not appealed) it is 1.
// - recoverability: the share of the dollars expected back when the denial is
//   worked, per root cause (orchestrator/data/denial-handling.json).
// The score is in "expected dollars per month of remaining time"; only its
// order matters. Scores are rounded to cents so ties are stable in SQL.

export const URGENCY_REFERENCE_DAYS = 30;
export const URGENCY_CAP = 10;

export function deadlineUrgency(daysLeft: number | null): number {
  if (daysLeft === null) return 1;
  if (daysLeft <= 0) return 0;
  return Math.min(URGENCY_CAP, URGENCY_REFERENCE_DAYS / daysLeft);
}

export interface PriorityInput {
  dollarsAtRisk: number;
  daysLeft: number | null;
  recoverability: number;
}

export interface Priority {
  urgency: number;
  score: number;
}

export function priorityScore(p: PriorityInput): Priority {
  if (!(p.recoverability >= 0 && p.recoverability <= 1)) throw new RangeError('recoverability must be between 0 and 1');
  const urgency = deadlineUrgency(p.daysLeft);
  const score = Math.round(Math.max(0, p.dollarsAtRisk) * urgency * p.recoverability * 100) / 100;
  return { urgency, score };
}
