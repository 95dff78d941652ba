// ERA rows in bulk: a 100 MB remittance holds a quarter of a million claims.
// Prisma's create/createMany spends most of its time building and validating
// queries (about 1,000 claims/s), and bound parameters per cell or per array
// element are walked one by one in JavaScript (by Prisma, then by pg).
// Instead each batch goes to node-postgres as ONE parameter, the rows as a
// JSON array (JSON.stringify is native), which PostgreSQL turns into rows with
// jsonb_to_recordset (one parse of the batch; nested values go into the jsonb
// columns as they are, where json_to_recordset parsed them twice), on the
// caller's connection and inside its transaction.
import type { ClaimDatesRow } from './claim-dates.ts';
import type { claimRow, plbRow } from './rows.ts';

/** A node-postgres client (or pool) inside the caller's transaction. */
export interface Queryable {
  query(sql: string, params: unknown[]): Promise<unknown>;
}

type ClaimRow = ReturnType<typeof claimRow>;

/** Rows per statement: large enough to amortise a round trip, small enough to keep one statement modest. */
export const BATCH = 5_000;

/** [column, type, the row object's key]: the record's keys are the row objects' own (camelCase). */
type Column<R> = readonly [name: string, type: string, key: keyof R & string];

const CLAIM_COLUMNS: readonly Column<ClaimRow>[] = [
  ['payment_id', 'uuid', 'paymentId'],
  ['claim_index', 'int', 'claimIndex'],
  ['patient_control_number', 'text', 'patientControlNumber'],
  ['payer_claim_number', 'text', 'payerClaimNumber'],
  ['status_code', 'text', 'statusCode'],
  ['charge_amount', 'numeric', 'chargeAmount'],
  ['paid_amount', 'numeric', 'paidAmount'],
  ['patient_responsibility', 'numeric', 'patientResponsibility'],
  ['allowed_amount', 'numeric', 'allowedAmount'],
  ['claim_filing_indicator', 'text', 'claimFilingIndicator'],
  ['adjustments', 'jsonb', 'adjustments'],
  ['service_lines', 'jsonb', 'serviceLines'],
  ['remark_codes', 'jsonb', 'remarkCodes'],
  ['denial_kind', 'text', 'denialKind'],
  ['matched_claim_id', 'uuid', 'matchedClaimId'],
  ['match_method', 'text', 'matchMethod'],
  ['unmatched_reason', 'text', 'unmatchedReason'],
  ['signals', 'jsonb', 'signals'],
  ['original_reference_number', 'text', 'originalReferenceNumber'],
];

/** One era_payments row; `id` is made by the caller so claim rows can refer to it without a round trip. */
export interface PaymentRow {
  id: string;
  fileId: string;
  transactionIndex: number;
  controlNumber: string;
  payerName: string | null;
  payerIdentifier: string | null;
  payeeName: string | null;
  payeeNpi: string | null;
  payeeTaxId: string | null;
  method: string;
  /** Exact decimal string ("123.45"). */
  amount: string;
  creditDebit: string;
  /** YYYY-MM-DD. */
  paymentDate: string | null;
  traceNumber: string | null;
  balanceOk: boolean;
}

const PAYMENT_COLUMNS: readonly Column<PaymentRow>[] = [
  ['id', 'uuid', 'id'],
  ['file_id', 'uuid', 'fileId'],
  ['transaction_index', 'int', 'transactionIndex'],
  ['control_number', 'text', 'controlNumber'],
  ['payer_name', 'text', 'payerName'],
  ['payer_identifier', 'text', 'payerIdentifier'],
  ['payee_name', 'text', 'payeeName'],
  ['payee_npi', 'text', 'payeeNpi'],
  ['payee_tax_id', 'text', 'payeeTaxId'],
  ['method', 'text', 'method'],
  ['amount', 'numeric', 'amount'],
  ['credit_debit', 'text', 'creditDebit'],
  ['payment_date', 'date', 'paymentDate'],
  ['trace_number', 'text', 'traceNumber'],
  ['balance_ok', 'boolean', 'balanceOk'],
];

async function insertRecords<R>(
  q: Queryable,
  table: string,
  columns: readonly Column<R>[],
  rows: readonly R[],
  generatedId: boolean,
): Promise<void> {
  const names = columns.map(([c]) => c).join(', ');
  const fields = columns.map(([, , key]) => `r."${key}"`).join(', ');
  const record = columns.map(([, type, key]) => `"${key}" ${type}`).join(', ');
  const sql = `INSERT INTO ${table} (${generatedId ? 'id, ' : ''}${names}) SELECT ${generatedId ? 'gen_random_uuid(), ' : ''}${fields} FROM jsonb_to_recordset($1::jsonb) AS r(${record})`;
  for (let i = 0; i < rows.length; i += BATCH)
    await q.query(sql, [JSON.stringify(rows.length <= BATCH ? rows : rows.slice(i, i + BATCH))]);
}

/** Inserts the remittance claim rows (any number), one statement per BATCH rows. */
export function insertClaimRows(q: Queryable, rows: readonly ClaimRow[]): Promise<void> {
  return insertRecords(q, 'era_remittance_claims', CLAIM_COLUMNS, rows, true);
}

/** Inserts the payment rows (any number), one statement per BATCH rows. */
export function insertPaymentRows(q: Queryable, rows: readonly PaymentRow[]): Promise<void> {
  return insertRecords(q, 'era_payments', PAYMENT_COLUMNS, rows, false);
}

type PlbRow = ReturnType<typeof plbRow>;
const PLB_COLUMNS: readonly Column<PlbRow>[] = [
  ['payment_id', 'uuid', 'paymentId'],
  ['position', 'int', 'position'],
  ['reason', 'text', 'reason'],
  ['reference', 'text', 'reference'],
  ['amount', 'numeric', 'amount'],
  ['description', 'text', 'description'],
];

/** Inserts provider-level adjustment (PLB) rows. */
export function insertPlbRows(q: Queryable, rows: readonly PlbRow[]): Promise<void> {
  return insertRecords(q, 'era_provider_adjustments', PLB_COLUMNS, rows, true);
}

export interface BalanceProblemRow {
  paymentId: string;
  scope: string;
  patientControlNumber: string | null;
  claimIndex: number | null;
  /** Exact decimal strings. */
  expected: string;
  actual: string;
  message: string;
}
const PROBLEM_COLUMNS: readonly Column<BalanceProblemRow>[] = [
  ['payment_id', 'uuid', 'paymentId'],
  ['scope', 'text', 'scope'],
  ['patient_control_number', 'text', 'patientControlNumber'],
  ['claim_index', 'int', 'claimIndex'],
  ['expected', 'numeric', 'expected'],
  ['actual', 'numeric', 'actual'],
  ['message', 'text', 'message'],
];

/** Inserts balance problem rows. */
export function insertBalanceProblemRows(q: Queryable, rows: readonly BalanceProblemRow[]): Promise<void> {
  return insertRecords(q, 'era_balance_problems', PROBLEM_COLUMNS, rows, true);
}

/**
 * Fills matched claims' empty submission and service dates from the
 * remittance (claim-dates.ts), one statement per BATCH claims; a date a claim
 * already has (intake's, or an earlier remittance's) is never replaced.
 */
export async function fillClaimDates(q: Queryable, rows: readonly ClaimDatesRow[]): Promise<void> {
  const sql = `UPDATE claims AS c SET
      submitted_date = COALESCE(c.submitted_date, r."receivedDate"),
      service_date = COALESCE(c.service_date, r."serviceDate"),
      updated_at = now()
    FROM jsonb_to_recordset($1::jsonb) AS r("claimId" uuid, "receivedDate" date, "serviceDate" date)
    WHERE c.id = r."claimId"
      AND ((c.submitted_date IS NULL AND r."receivedDate" IS NOT NULL)
        OR (c.service_date IS NULL AND r."serviceDate" IS NOT NULL))`;
  for (let i = 0; i < rows.length; i += BATCH) await q.query(sql, [JSON.stringify(rows.slice(i, i + BATCH))]);
}
