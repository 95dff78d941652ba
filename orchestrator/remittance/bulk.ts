// Remittance claim rows in multi-row INSERTs: a 100 MB remittance holds a
// quarter of a million claims, and Prisma's createMany spends most of its time
// building and validating queries (about 1,000 claims/s). One parameterised
// INSERT per BATCH rows, inside the caller's transaction, keeps the work in
// PostgreSQL.
import type { Prisma } from '../platform/db/client.ts';
import type { claimRow } from './rows.ts';

type ClaimRow = ReturnType<typeof claimRow>;

/** 20 parameters a row: well below PostgreSQL's 65,535 per statement. */
export const BATCH = 1_000;

const COLUMNS = [
  ['payment_id', 'uuid'],
  ['claim_index', 'int'],
  ['patient_control_number', 'text'],
  ['payer_claim_number', 'text'],
  ['status_code', 'text'],
  ['charge_amount', 'numeric'],
  ['paid_amount', 'numeric'],
  ['patient_responsibility', 'numeric'],
  ['allowed_amount', 'numeric'],
  ['claim_filing_indicator', 'text'],
  ['adjustments', 'jsonb'],
  ['service_lines', 'jsonb'],
  ['remark_codes', 'jsonb'],
  ['denial_kind', 'text'],
  ['matched_claim_id', 'uuid'],
  ['match_method', 'text'],
  ['unmatched_reason', 'text'],
  ['signals', 'jsonb'],
  ['original_reference_number', 'text'],
] as const;

function values(r: ClaimRow): unknown[] {
  return [
    r.paymentId,
    r.claimIndex,
    r.patientControlNumber,
    r.payerClaimNumber,
    r.statusCode,
    r.chargeAmount,
    r.paidAmount,
    r.patientResponsibility,
    r.allowedAmount,
    r.claimFilingIndicator,
    JSON.stringify(r.adjustments),
    JSON.stringify(r.serviceLines),
    JSON.stringify(r.remarkCodes),
    r.denialKind,
    r.matchedClaimId,
    r.matchMethod,
    r.unmatchedReason,
    JSON.stringify(r.signals),
    r.originalReferenceNumber,
  ];
}

/** Inserts the rows (any number) with one statement per BATCH rows. */
export async function insertClaimRows(t: Prisma.TransactionClient, rows: ClaimRow[]): Promise<void> {
  const cols = `id, ${COLUMNS.map(([c]) => c).join(', ')}`;
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    const params: unknown[] = [];
    const tuples = batch.map((r) => {
      const base = params.length;
      params.push(...values(r));
      return `(gen_random_uuid(), ${COLUMNS.map(([, type], k) => `$${String(base + k + 1)}::${type}`).join(', ')})`;
    });
    await t.$executeRawUnsafe(`INSERT INTO era_remittance_claims (${cols}) VALUES ${tuples.join(', ')}`, ...params);
  }
}
