// Parsed 835 pieces -> rows of the era_* tables. Amounts go in as exact
// decimal strings; adjustments and remark codes carry their descriptions from
// the curated code tables (unknown codes say so instead of being dropped).
import type { Prisma } from '../platform/db/client.ts';
import { describeCarc, describeGroup, describePlbReason, describeRarc } from '../../x12/codes/index.ts';
import type { Adjustment, Claim, ProviderAdjustment, ServiceLine } from '../../x12/types.ts';
import { allowedCents, type DenialKind } from './classify.ts';
import type { Match } from './match.ts';
import type { EraSignal } from './signals.ts';

/** Plain JSON data (objects of strings, numbers, nulls) as Prisma's JSON input type. */
const json = (v: unknown): Prisma.InputJsonValue => v as Prisma.InputJsonValue;

/** Dollars (exact to the cent) -> "123.45". */
export const dec = (n: number): string => (Math.round(n * 100) / 100).toFixed(2);

// A remittance repeats a few dozen codes on one payment date thousands of
// times: describe each (table, date, code) once. Nested maps, so a lookup
// builds no key string. Bounded: cleared when it grows large.
type Described = { description: string; known: boolean };
const described = new Map<string, Map<string, Map<string, Described>>>();
let describedCount = 0;
function memo(
  kind: string,
  code: string,
  onDate: string | null,
  look: (code: string, onDate?: string) => Described,
): Described {
  let byDate = described.get(kind);
  if (byDate === undefined) described.set(kind, (byDate = new Map()));
  let byCode = byDate.get(onDate ?? '');
  if (byCode === undefined) byDate.set(onDate ?? '', (byCode = new Map()));
  let d = byCode.get(code);
  if (d === undefined) {
    const r = look(code, onDate ?? undefined);
    d = { description: r.description, known: r.known };
    if (++describedCount > 50_000) {
      described.clear();
      describedCount = 0;
    }
    byCode.set(code, d);
  }
  return d;
}

function adjustmentJson(a: Adjustment, onDate: string | null) {
  const carc = memo('carc', a.reason, onDate, describeCarc);
  return {
    group: a.group,
    groupDescription: memo('group', a.group, null, describeGroup).description,
    reason: a.reason,
    amount: a.amount,
    quantity: a.quantity,
    description: carc.description,
    known: carc.known,
  };
}

function remarkJson(code: string, onDate: string | null) {
  const r = memo('rarc', code, onDate, describeRarc);
  return { code, description: r.description, known: r.known };
}

function lineJson(l: ServiceLine, onDate: string | null) {
  return {
    procedure: l.procedure,
    chargeAmount: l.chargeAmount,
    paidAmount: l.paidAmount,
    units: l.units,
    allowedAmount: l.allowedAmount,
    serviceDate: l.serviceDate,
    lineItemControlNumber: l.lineItemControlNumber,
    adjustments: l.adjustments.map((a) => adjustmentJson(a, onDate)),
    remarkCodes: l.remarkCodes.map((c) => remarkJson(c, onDate)),
  };
}

export function claimRow(
  paymentId: string,
  index: number,
  c: Claim,
  kind: DenialKind | null,
  match: Match,
  paymentDate: string | null,
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
    adjustments: json(c.adjustments.map((a) => adjustmentJson(a, paymentDate))),
    serviceLines: json(c.serviceLines.map((l) => lineJson(l, paymentDate))),
    remarkCodes: json(c.remarkCodes.map((r) => remarkJson(r, paymentDate))),
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
