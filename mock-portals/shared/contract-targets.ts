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
