// Parsed 835 pieces -> rows of the era_* tables. Amounts go in as exact
// decimal strings.
import type { Prisma } from '../platform/db/client.ts';
import { describePlbReason } from '../../x12/codes/index.ts';
import type { Claim, ProviderAdjustment, ServiceLine } from '../../x12/types.ts';
import { allowedCents, type DenialKind } from './classify.ts';
import type { Match } from './match.ts';
import type { EraSignal } from './signals.ts';

/** Plain JSON data (objects of strings, numbers, nulls) as Prisma's JSON input type. */
const json = (v: unknown): Prisma.InputJsonValue => v as Prisma.InputJsonValue;

/** Dollars (exact to the cent) -> "123.45". */
export const dec = (n: number): string => (Math.round(n * 100) / 100).toFixed(2);

// Adjustments and remark codes are stored as codes only: a description is a
// function of the code and the payment date (x12/codes), looked up where it is
// shown. Stored per row it was two thirds of the JSON PostgreSQL parsed on
// ingest (about 3.3 KB a claim against 1.3 KB), for text no reader used. The
// parser's adjustments are already exactly {group, reason, amount, quantity}
// (x12/segments.ts readCas), so they are stored as they are, not copied.
function remarkJson(code: string) {
  return { code };
}

function lineJson(l: ServiceLine) {
  return {
    procedure: l.procedure,
    chargeAmount: l.chargeAmount,
    paidAmount: l.paidAmount,
    units: l.units,
    allowedAmount: l.allowedAmount,
    serviceDate: l.serviceDate,
    lineItemControlNumber: l.lineItemControlNumber,
    adjustments: l.adjustments,
    remarkCodes: l.remarkCodes.map(remarkJson),
  };
}

export function claimRow(
  paymentId: string,
  index: number,
  c: Claim,
  kind: DenialKind | null,
  match: Match,
  signals: EraSignal[] = [],
) {
  const allowed = allowedCents(c);
  return {
    paymentId,
    claimIndex: index,
    patientControlNumber: c.patientControlNumber,
    payerClaimNumber: c.payerClaimControlNumber,
    statusCode: c.statusCode,
    chargeAmount: dec(c.chargeAmount),
    paidAmount: dec(c.paidAmount),
    patientResponsibility: dec(c.patientResponsibility),
    allowedAmount: allowed === null ? null : dec(allowed / 100),
    claimFilingIndicator: c.claimFilingIndicator,
    adjustments: json(c.adjustments),
    serviceLines: json(c.serviceLines.map(lineJson)),
    remarkCodes: json(c.remarkCodes.map(remarkJson)),
    denialKind: kind,
    matchedClaimId: match.claimId,
    matchMethod: match.method,
    unmatchedReason: match.reason,
    signals: json(signals),
    originalReferenceNumber: c.originalReferenceNumber ?? null,
  };
}

export function plbRow(paymentId: string, position: number, p: ProviderAdjustment) {
  return {
    paymentId,
    position,
    reason: p.reason,
    reference: p.reference,
    amount: dec(p.amount),
    description: describePlbReason(p.reason).description,
  };
}
