// Contract targets the portals share: found / not_found cases, and for
// era-download one date range spanning a sample of files, expected to return
// exactly the truth's files in that range.
import type { EraDownloadOutput } from '../../bots/index.ts';
import type { ContractTarget } from './mock-portal.ts';

export type EraFile = Omit<EraDownloadOutput['files'][number], 'evidenceId'>;

const byName = (a: { fileName: string }, b: { fileName: string }) => a.fileName.localeCompare(b.fileName);

/** era-download output without sink-assigned evidence ids, in file-name order. */
export const eraNormalize = (data: unknown): EraFile[] =>
  (data as EraDownloadOutput).files.map(({ evidenceId: _id, ...f }) => f).sort(byName);

/** One era-download target: the range spanning `sample` files' payment dates; expected = every truth file in it. */
export function eraTarget(files: EraFile[], sample: number): ContractTarget[] {
  const dates = files.flatMap((f) => (f.paymentDate ? [f.paymentDate] : [])).sort();
  if (dates.length === 0) throw new Error('the ground truth lists no dated remittance files');
  const from = dates[0]!;
  const to = dates[Math.min(sample, dates.length) - 1]!;
  const data = files.filter((f) => f.paymentDate !== null && f.paymentDate >= from && f.paymentDate <= to).sort(byName);
  return [{ label: `${from}..${to}`, input: { from, to }, outcome: 'found', data }];
}

export const found = (label: string, input: unknown, data: unknown): ContractTarget => ({
  label,
  input,
  outcome: 'found',
  data,
});
export const notFound = (label: string, input: unknown): ContractTarget => ({ label, input, outcome: 'not_found' });

/** What the member-search targets need of a truth claim. */
export interface MemberSearchClaim {
  memberId: string;
  patient: { dateOfBirth: string };
  patientControlNumber: string;
  serviceDate: string;
  expected: { claimNumber: string; billedAmount: number };
}

/** Claims that a member search can find alone: no other claim shares member, date of service and amount. */
export function uniquelySearchable<C extends MemberSearchClaim>(claims: readonly C[]): C[] {
  const key = (c: C) => `${c.memberId}|${c.serviceDate}|${c.expected.billedAmount}`;
  const counts = new Map<string, number>();
  for (const c of claims) counts.set(key(c), (counts.get(key(c)) ?? 0) + 1);
  return claims.filter((c) => counts.get(key(c)) === 1);
}

/**
 * claim-status targets of a portal with a member search: `byNumber` claims by
 * claim number, `byMember` by member + DOB + date of service + billed amount +
 * PCN (plus what the portal needs: `extra`), and a wrong birth date that the
 * portal answers with "no match".
 */
export function claimStatusTargets<C extends MemberSearchClaim>(
  claims: readonly C[],
  n: number,
  extra: (c: C) => Record<string, unknown>,
  unknown: ContractTarget,
): ContractTarget[] {
  const searchable = uniquelySearchable(claims);
  const byNumber = Math.ceil(n / 2);
  const member = (c: C, dateOfBirth: string) => ({
    memberId: c.memberId,
    dateOfBirth,
    serviceDateFrom: c.serviceDate,
    serviceDateTo: c.serviceDate,
    billedAmount: c.expected.billedAmount,
    patientControlNumber: c.patientControlNumber,
    ...extra(c),
  });
  const wrong = searchable[n] as C;
  return [
    ...claims
      .slice(0, byNumber)
      .map((c) => found(c.expected.claimNumber, { claimNumber: c.expected.claimNumber }, c.expected)),
    ...searchable
      .filter((c) => !claims.slice(0, byNumber).includes(c))
      .slice(0, n - byNumber)
      .map((c) => found(`member ${c.patientControlNumber}`, member(c, c.patient.dateOfBirth), c.expected)),
    unknown,
    notFound(`member ${wrong.patientControlNumber}, wrong DOB`, member(wrong, '1900-01-01')),
  ];
}
