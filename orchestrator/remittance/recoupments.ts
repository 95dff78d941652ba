// Recoupments of claims paid in an earlier remittance. A payer takes money
// back (PLB WO/72/FB) in a later payment, naming the claim it recovers by its
// payer claim number; that claim is seldom in the same transaction, so
// signals.ts cannot see it. Here the reference is matched to our claim
// (portal + claim number) and the `recouped` signal is appended to that
// claim's latest paid remittance row, naming the payment that took it back.
import type { Prisma } from '../platform/db/client.ts';
import type { Transaction } from '../../x12/types.ts';
import { RECOUPMENT_REASONS, type EraSignal } from './signals.ts';

/** Ties each recoupment of `tx` that names no claim of `tx` to our earlier remittance row; returns how many. */
export async function tieEarlierRecoupments(
  t: Prisma.TransactionClient,
  portalId: string,
  tx: Transaction,
): Promise<number> {
  const inTx = new Set(tx.claims.map((c) => c.payerClaimControlNumber).filter((n) => n !== null));
  const plbs = tx.providerAdjustments.filter(
    (p) => RECOUPMENT_REASONS.has(p.reason) && p.reference !== null && !inTx.has(p.reference),
  );
  if (plbs.length === 0) return 0;
  const claims = await t.claim.findMany({
    where: { portalId, claimNumber: { in: [...new Set(plbs.map((p) => p.reference as string))] } },
    select: { id: true, claimNumber: true },
  });
  if (claims.length === 0) return 0;
  const rows = await t.eraRemittanceClaim.findMany({
    where: { matchedClaimId: { in: claims.map((c) => c.id) }, statusCode: { not: '22' } },
    select: { id: true, matchedClaimId: true, signals: true, payment: { select: { paymentDate: true } } },
  });
  let tied = 0;
  for (const p of plbs) {
    const claim = claims.find((c) => c.claimNumber === p.reference);
    // The latest payment of the claim is the one whose money is being taken back.
    const row = rows
      .filter((r) => r.matchedClaimId === claim?.id)
      .sort((a, b) => (b.payment.paymentDate?.getTime() ?? 0) - (a.payment.paymentDate?.getTime() ?? 0))[0];
    if (!row) continue;
    const signal: EraSignal = {
      kind: 'recouped',
      reason: p.reason,
      amount: p.amount,
      by: { traceNumber: tx.payment.traceNumber, paymentDate: tx.payment.date },
    };
    const signals = [...(row.signals as unknown as EraSignal[]), signal];
    row.signals = signals as unknown as Prisma.JsonValue;
    await t.eraRemittanceClaim.update({
      where: { id: row.id },
      data: { signals: signals as unknown as Prisma.InputJsonValue },
    });
    tied++;
  }
  return tied;
}
