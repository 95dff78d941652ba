// Recoupments of claims paid in an earlier remittance. A payer takes money
// back (PLB WO/72/FB) in a later payment, naming the claim it recovers by its
// payer claim number; that claim is seldom in the same transaction, so
// signals.ts cannot see it. Here the reference is matched to our claim
// (portal + claim number) and the `recouped` signal is appended to that
// claim's latest paid remittance row, naming the payment that took it back.
// Plain SQL on the caller's transaction (a Prisma transaction or a pg client),
// so the signal is written, or not, together with the file's rows.
import type { Transaction } from '../../x12/types.ts';
import { RECOUPMENT_REASONS, type EraSignal } from './signals.ts';

/** What this module needs of a database connection: pg.ClientBase has it; sqlOf() adapts a Prisma transaction. */
export interface Sql {
  query(text: string, params: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/** A Prisma (transaction) client as Sql. */
export function sqlOf(t: { $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T> }): Sql {
  return {
    query: async (text, params) => ({ rows: await t.$queryRawUnsafe<Record<string, unknown>[]>(text, ...params) }),
  };
}

// The latest payment of a claim is the one whose money is being taken back; reversals are not.
const LATEST_ROWS = `
SELECT DISTINCT ON (c.claim_number) rc.id, c.claim_number
FROM era_remittance_claims rc
JOIN claims c ON c.id = rc.matched_claim_id
JOIN era_payments p ON p.id = rc.payment_id
WHERE c.portal_id = $1 AND c.claim_number = ANY($2::text[]) AND rc.status_code <> '22'
ORDER BY c.claim_number, p.payment_date DESC NULLS LAST, rc.created_at DESC`;
const APPEND = `UPDATE era_remittance_claims SET signals = signals || $2::jsonb WHERE id = $1::uuid RETURNING id`;

/** Ties each recoupment of `tx` that names no claim of `tx` to our earlier remittance row; returns how many. */
export async function tieEarlierRecoupments(sql: Sql, portalId: string, tx: Transaction): Promise<number> {
  const inTx = new Set(tx.claims.map((c) => c.payerClaimControlNumber).filter((n) => n !== null));
  const plbs = tx.providerAdjustments.filter(
    (p) => RECOUPMENT_REASONS.has(p.reason) && p.reference !== null && !inTx.has(p.reference),
  );
  if (plbs.length === 0) return 0;
  const refs = [...new Set(plbs.map((p) => p.reference as string))];
  const { rows } = await sql.query(LATEST_ROWS, [portalId, refs]);
  const rowOf = new Map(rows.map((r) => [String(r.claim_number), String(r.id)]));
  let tied = 0;
  for (const p of plbs) {
    const id = rowOf.get(p.reference as string);
    if (id === undefined) continue;
    const signal: EraSignal = {
      kind: 'recouped',
      reason: p.reason,
      amount: p.amount,
      by: { traceNumber: tx.payment.traceNumber, paymentDate: tx.payment.date },
    };
    await sql.query(APPEND, [id, JSON.stringify([signal])]);
    tied++;
  }
  return tied;
}
