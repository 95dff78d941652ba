// Read side of the ERA pipeline: remittance claims we could not tie to one of
// our claims (listed for a person to resolve, never dropped).
import type { Db } from '../platform/db/client.ts';

export interface UnmatchedRemittance {
  id: string;
  portal: string;
  fileSha256: string;
  payerName: string | null;
  paymentDate: string | null;
  traceNumber: string | null;
  patientControlNumber: string;
  payerClaimNumber: string | null;
  statusCode: string;
  chargeAmount: number;
  paidAmount: number;
  denialKind: string | null;
  reason: string | null;
}

export async function listUnmatchedRemittances(
  db: Db,
  opts: { portal?: string; limit?: number } = {},
): Promise<UnmatchedRemittance[]> {
  const rows = await db.eraRemittanceClaim.findMany({
    where: { matchedClaimId: null, ...(opts.portal ? { payment: { file: { portalId: opts.portal } } } : {}) },
    include: {
      payment: {
        select: {
          payerName: true,
          paymentDate: true,
          traceNumber: true,
          file: { select: { sha256: true, portalId: true } },
        },
      },
    },
    orderBy: [{ createdAt: 'asc' }, { claimIndex: 'asc' }],
    take: Math.min(Math.max(opts.limit ?? 500, 1), 5_000),
  });
  return rows.map((r) => ({
    id: r.id,
    portal: r.payment.file.portalId,
    fileSha256: r.payment.file.sha256,
    payerName: r.payment.payerName,
    paymentDate: r.payment.paymentDate ? r.payment.paymentDate.toISOString().slice(0, 10) : null,
    traceNumber: r.payment.traceNumber,
    patientControlNumber: r.patientControlNumber,
    payerClaimNumber: r.payerClaimNumber,
    statusCode: r.statusCode,
    chargeAmount: Number(r.chargeAmount.toString()),
    paidAmount: Number(r.paidAmount.toString()),
    denialKind: r.denialKind,
    reason: r.unmatchedReason,
  }));
}
