// Matching 835 claims to our claims rows. Precedence: the payer claim number
// (CLP07) first, because (portal, claim_number) is unique and it is the
// payer's own key; the patient control number (CLP01) second, because it is
// ours and repeats (a reversal and its corrected claim share it, resubmissions
// reuse it). A PCN that fits several claims is left unmatched, never guessed.
import type { Prisma } from '../platform/db/client.ts';

/** The database or an open transaction: matching reads claims only. */
type ClaimReader = Pick<Prisma.TransactionClient, 'claim'>;

export const MATCH_METHODS = [
  'payer_claim_number+pcn',
  'payer_claim_number',
  'patient_control_number',
  'unmatched',
] as const;
export type MatchMethod = (typeof MATCH_METHODS)[number];

export interface ClaimKey {
  patientControlNumber: string;
  payerClaimControlNumber: string | null;
}

export interface Match {
  claimId: string | null;
  method: MatchMethod;
  /** Why a claim stayed unmatched: no_claim or ambiguous_pcn. */
  reason: string | null;
}

interface Candidate {
  id: string;
  claimNumber: string;
  patientControlNumber: string | null;
}

/** Matches a batch of 835 claims in two queries (by claim number, by PCN). */
export async function matchClaims(db: ClaimReader, portalId: string, keys: ClaimKey[]): Promise<Match[]> {
  const numbers = [...new Set(keys.map((k) => k.payerClaimControlNumber).filter((n): n is string => !!n))];
  const pcns = [...new Set(keys.map((k) => k.patientControlNumber).filter(Boolean))];
  const select = { id: true, claimNumber: true, patientControlNumber: true } as const;
  const [byNumberRows, byPcnRows] = await Promise.all([
    numbers.length
      ? db.claim.findMany({ where: { portalId, claimNumber: { in: numbers } }, select })
      : Promise.resolve([] as Candidate[]),
    pcns.length
      ? db.claim.findMany({ where: { portalId, patientControlNumber: { in: pcns } }, select })
      : Promise.resolve([] as Candidate[]),
  ]);
  const byNumber = new Map(byNumberRows.map((c) => [c.claimNumber, c]));
  const byPcn = new Map<string, Candidate[]>();
  for (const c of byPcnRows)
    byPcn.set(c.patientControlNumber as string, [...(byPcn.get(c.patientControlNumber as string) ?? []), c]);

  return keys.map((k) => {
    const hit = k.payerClaimControlNumber ? byNumber.get(k.payerClaimControlNumber) : undefined;
    if (hit)
      return {
        claimId: hit.id,
        method: hit.patientControlNumber === k.patientControlNumber ? 'payer_claim_number+pcn' : 'payer_claim_number',
        reason: null,
      };
    const candidates = byPcn.get(k.patientControlNumber) ?? [];
    if (candidates.length === 1) return { claimId: candidates[0]!.id, method: 'patient_control_number', reason: null };
    return { claimId: null, method: 'unmatched', reason: candidates.length > 1 ? 'ambiguous_pcn' : 'no_claim' };
  });
}
