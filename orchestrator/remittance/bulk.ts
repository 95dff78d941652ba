// ERA rows in bulk: a 100 MB remittance holds a quarter of a million claims.
// Prisma's create/createMany spends most of its time building and validating
// queries (about 1,000 claims/s). The era_* rows go in with COPY (text
// format) on the caller's connection and inside its transaction: PostgreSQL
// parses each value once, where a JSON array of the batch unpacked with
// jsonb_to_recordset cost it about three times as much (measured on one
// 30 MB file's 73,600 claims: 5.5-6.4 s against 23 s of server time, same
// load). Updates (fillClaimDates) still go as one JSON parameter per batch.
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { ClaimDatesRow } from './claim-dates.ts';
import type { claimRow, plbRow } from './rows.ts';

/** A node-postgres client inside the caller's transaction (COPY needs one connection, not a pool). */
export type Queryable = pg.ClientBase;

type ClaimRow = ReturnType<typeof claimRow>;

/** Rows per UPDATE statement: large enough to amortise a round trip, small enough to keep one statement modest. */
export const BATCH = 5_000;

/** COPY text is handed to the connection in pieces of about this many bytes. */
const COPY_CHUNK = 256 << 10;

/** [column, type, the row object's key]: the row objects' keys are camelCase. */
type Column<R> = readonly [
  name: string,
  type: 'uuid' | 'int' | 'text' | 'numeric' | 'jsonb' | 'date' | 'boolean',
  key: keyof R & string,
];

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

// COPY text format: a backslash, tab, line feed or carriage return in a value
// is written as a backslash sequence; \N is NULL.
const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function copyText(s: string): string {
  return NEEDS_ESCAPE.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : s;
}

function copyValue(v: unknown, type: Column<unknown>[1]): string {
  if (v === null || v === undefined) return '\\N';
  switch (type) {
    case 'jsonb': {
      // JSON.stringify escapes every control character; only its own backslashes need doubling.
      const j = JSON.stringify(v);
      return j.includes('\\') ? j.replace(/\\/g, '\\\\') : j;
    }
    case 'boolean':
      return v ? 't' : 'f';
    case 'int':
    case 'numeric':
      return String(v);
    default:
      return copyText(String(v));
  }
}

/**
 * The rows as COPY text, encoded into buffers of about COPY_CHUNK bytes. Each
 * line is built as a short string and encoded once: concatenating a whole
 * chunk as one string and encoding that cost about as much as building the
 * values (a large concatenated string is flattened in a fresh copy first).
 */
function* copyChunks<R>(columns: readonly Column<R>[], rows: readonly R[], generatedId: boolean): Generator<Buffer> {
  let chunk = Buffer.allocUnsafeSlow(COPY_CHUNK);
  let used = 0;
  for (const row of rows) {
    let line = generatedId ? randomUUID() : '';
    for (let i = 0; i < columns.length; i++) {
      const [, type, key] = columns[i]!;
      line += (i > 0 || generatedId ? '\t' : '') + copyValue(row[key], type);
    }
    line += '\n';
    // UTF-8 takes at most three bytes per UTF-16 unit.
    if (used + line.length * 3 > chunk.length) {
      if (used > 0) yield chunk.subarray(0, used);
      chunk = Buffer.allocUnsafeSlow(Math.max(COPY_CHUNK, line.length * 3));
      used = 0;
    }
    used += chunk.write(line, used, 'utf8');
  }
  if (used > 0) yield chunk.subarray(0, used);
}

async function insertRecords<R>(
  c: Queryable,
  table: string,
  columns: readonly Column<R>[],
  rows: readonly R[],
  generatedId: boolean,
): Promise<void> {
  if (rows.length === 0) return;
  const names = columns.map(([name]) => name).join(', ');
  const copy = c.query(copyFrom(`COPY ${table} (${generatedId ? 'id, ' : ''}${names}) FROM STDIN`));
  await pipeline(Readable.from(copyChunks(columns, rows, generatedId), { objectMode: false }), copy);
}

/** Inserts the remittance claim rows (any number) with one COPY. */
export function insertClaimRows(q: Queryable, rows: readonly ClaimRow[]): Promise<void> {
  return insertRecords(q, 'era_remittance_claims', CLAIM_COLUMNS, rows, true);
}

/** Inserts the payment rows (any number) with one COPY. */
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
