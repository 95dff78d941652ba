// Worklist rows without a payer claim number, from the worker's side: the
// member search a bot runs for one (read from PostgreSQL, since the job only
// names the row), and the write-back once the payer's claim is found, so
// later sweeps, ERA matching and exports know its claim number.
import type { Db } from '../db/client.ts';
import { payerCatalog } from '../catalog.ts';

const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

export interface WorklistLookup {
  itemId: string;
  patientControlNumber: string;
  /** The bot's input: a claim number once one was found for the row, else the member search. */
  input: Record<string, unknown>;
  /** The claim the row was matched to earlier, if any. */
  claim: { id: string; claimNumber: string; payerId: string | null } | null;
}

/** null when the row no longer exists. */
export async function worklistLookup(db: Db, itemId: string): Promise<WorklistLookup | null> {
  const item = await db.worklistItem.findUnique({ where: { id: itemId } });
  if (!item) return null;
  const base = { itemId: item.id, patientControlNumber: item.patientControlNumber };
  if (item.claimId) {
    const claim = await db.claim.findUnique({
      where: { id: item.claimId },
      select: { id: true, claimNumber: true, payerId: true },
    });
    if (claim) return { ...base, input: { claimNumber: claim.claimNumber }, claim };
  }
  const input: Record<string, unknown> = {
    memberId: item.memberId,
    serviceDateFrom: isoDay(item.serviceDateFrom),
    serviceDateTo: isoDay(item.serviceDateTo),
    patientControlNumber: item.patientControlNumber,
    ...(item.dateOfBirth ? { dateOfBirth: isoDay(item.dateOfBirth) } : {}),
    ...(item.billedAmount !== null ? { billedAmount: Number(item.billedAmount) } : {}),
    ...(item.providerNpi ? { providerNpi: item.providerNpi } : {}),
    ...(item.tin ? { tin: item.tin } : {}),
    ...(item.payerId ? { payer: item.payerId } : {}),
  };
  return { ...base, input, claim: null };
}

/**
 * The payer's claim number found for a row: the claim is created (or, when
 * the number is already known, updated with the row's account number) and
 * the row points at it. Returns the claim for the result row.
 */
export async function recordFoundClaim(
  db: Db,
  portal: string,
  itemId: string,
  claimNumber: string,
): Promise<{ id: string; claimNumber: string; payerId: string | null }> {
  return db.$transaction(async (tx) => {
    const item = await tx.worklistItem.findUniqueOrThrow({ where: { id: itemId } });
    const payerId = item.payerId && item.payerId in payerCatalog ? item.payerId : null;
    const claim = await tx.claim.upsert({
      where: { portalId_claimNumber: { portalId: portal, claimNumber } },
      create: { portalId: portal, claimNumber, patientControlNumber: item.patientControlNumber, payerId },
      update: { patientControlNumber: item.patientControlNumber },
      select: { id: true, claimNumber: true, payerId: true },
    });
    await tx.worklistItem.update({ where: { id: itemId }, data: { claimId: claim.id } });
    // Intake's date of service and charge reach the claim (A/R aging and timely filing read them there),
    // unless a claim-status result already recorded the payer's own.
    await tx.claim.updateMany({
      where: { id: claim.id, serviceDate: null },
      data: { serviceDate: item.serviceDateFrom },
    });
    if (item.billedAmount !== null)
      await tx.claim.updateMany({
        where: { id: claim.id, billedAmount: null },
        data: { billedAmount: item.billedAmount },
      });
    // The PM system's submission date is the practice's own record: it wins over an 835's received date.
    if (item.submittedDate !== null)
      await tx.claim.update({ where: { id: claim.id }, data: { submittedDate: item.submittedDate } });
    return claim;
  });
}

/** A lookup of the row finished (found, not found or ambiguous): sweeps leave it for a while. */
export async function markWorklistChecked(db: Db, itemId: string, at: Date): Promise<void> {
  await db.worklistItem.updateMany({ where: { id: itemId }, data: { lastCheckedAt: at } });
}

/**
 * Rows a claim-status sweep picks besides claims: those no lookup has matched
 * to a claim yet (a matched row is swept as its claim), not checked within
 * the cutoff, oldest first.
 */
export async function unmatchedWorklistRowsDue(db: Db, portal: string, cutoff: Date, take: number): Promise<string[]> {
  if (take <= 0) return [];
  const rows = await db.worklistItem.findMany({
    where: { portalId: portal, claimId: null, OR: [{ lastCheckedAt: null }, { lastCheckedAt: { lt: cutoff } }] },
    orderBy: [{ lastCheckedAt: { sort: 'asc', nulls: 'first' } }, { patientControlNumber: 'asc' }],
    take,
    select: { id: true },
  });
  return rows.map((r) => r.id);
}
