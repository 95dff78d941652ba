// The NPI we billed each matched claim under, for the paid-to-another-NPI
// signal. Claims rows carry no NPI: the provider NPI arrives with intake, on
// the worklist row (provider_npi) that a lookup linked to the claim. Claims
// with no such row have no billed NPI, and no signal is guessed for them.
import type { Db } from '../platform/db/client.ts';
import type { Match } from './match.ts';

const NPI = /^\d{10}$/;

/** Billed NPI per match (null when unknown), in the order of `matches`. */
export async function billedNpis(db: Db, matches: readonly Match[]): Promise<(string | null)[]> {
  const ids = [...new Set(matches.flatMap((m) => (m.claimId ? [m.claimId] : [])))];
  const rows = ids.length
    ? await db.worklistItem.findMany({
        where: { claimId: { in: ids }, providerNpi: { not: null } },
        select: { claimId: true, providerNpi: true },
        // The latest intake row wins when a claim was submitted more than once.
        orderBy: { updatedAt: 'asc' },
      })
    : [];
  const byClaim = new Map<string, string>();
  for (const r of rows)
    if (r.claimId && r.providerNpi && NPI.test(r.providerNpi)) byClaim.set(r.claimId, r.providerNpi);
  return matches.map((m) => (m.claimId ? (byClaim.get(m.claimId) ?? null) : null));
}
