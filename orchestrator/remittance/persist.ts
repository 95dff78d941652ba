// One 835 into the era_* tables, streamed: transactions are parsed one at a
// time and written in batches of a few thousand claims (payments, matches,
// claim rows, PLBs, balance problems, matched claims' missing dates: a handful
// of statements per batch), so
// a 100 MB remittance never holds more than one batch of parsed claims and the
// database does a few hundred statements instead of one per payment. All of it
// is one database transaction: a parse error, a test file (ISA15 = T) or a
// crash part-way leaves nothing behind, as when the whole file was parsed first.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { databaseUrlOf, type Db } from '../platform/db/client.ts';
import { connectionSettings } from '../platform/db/connection.ts';
import { X12ParseError } from '../../x12/errors.ts';
import { parse835Stream } from '../../x12/parse.ts';
import type { ParseWarning, Transaction } from '../../x12/types.ts';
import {
  type BalanceProblemRow,
  fillClaimDates,
  insertBalanceProblemRows,
  insertClaimRows,
  insertPaymentRows,
  insertPlbRows,
  type PaymentRow,
} from './bulk.ts';
import { classifyClaim } from './classify.ts';
import { EraPipelineError } from './errors.ts';
import { billedNpis } from './billed-npi.ts';
import { claimDatesRows } from './claim-dates.ts';
import { matchClaims } from './match.ts';
import { tieEarlierRecoupments } from './recoupments.ts';
import { claimRow, dec, plbRow } from './rows.ts';
import { transactionSignals } from './signals.ts';

/** Claims parsed ahead of a write; a batch also closes at BATCH_TRANSACTIONS payments. */
const BATCH_CLAIMS = 2_000;
const BATCH_TRANSACTIONS = 500;
const SLICE = 1 << 16;

export interface PersistInput {
  portalId: string;
  runId: string | null;
  sha256: string;
  evidenceId: string | null;
  storageKey: string | null;
  /** The file's bytes in order: a buffer, or a stream (e.g. the evidence store's verifying openOriginal). */
  bytes: Buffer | AsyncIterable<Uint8Array>;
  byteSize: number;
  /** Book a test file (ISA15 = T) anyway. */
  force: boolean;
}

export interface PersistResult {
  fileId: string;
  transactions: number;
}

/** Another process stored the same file (same SHA-256) first. */
export class DuplicateEraFileError extends Error {
  override name = 'DuplicateEraFileError';
}

/**
 * The file's bytes for the parser: a buffer in 64 KiB slices (never tokenized
 * as one block), a stream as it comes. `rest()` reads what the parser left
 * (after a parse error) so a verifying stream still reaches its end and
 * reports altered bytes: the parser closing its loop must not close the stream.
 */
function fileSource(bytes: Buffer | AsyncIterable<Uint8Array>) {
  if (Buffer.isBuffer(bytes)) {
    return {
      async *chunks() {
        for (let i = 0; i < bytes.length; i += SLICE) yield bytes.subarray(i, i + SLICE);
      },
      async rest() {},
      async close() {},
    };
  }
  const it = bytes[Symbol.asyncIterator]();
  return {
    async *chunks() {
      for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
    },
    async rest() {
      while (!(await it.next()).done);
    },
    async close() {
      await it.return?.();
    },
  };
}

type Batch = { index: number; tx: Transaction }[];

/** A batch's rows, ready for the file's connection. */
interface PreparedBatch {
  batch: Batch;
  payments: PaymentRow[];
  rows: ReturnType<typeof claimRow>[];
  plbs: ReturnType<typeof plbRow>[];
  problems: BalanceProblemRow[];
  dates: ReturnType<typeof claimDatesRows>;
}

/**
 * Matches a batch's claims and builds its rows. Matching reads our claims
 * only, on Prisma's own connections outside the file's transaction, so it runs
 * while the previous batch is still being written.
 */
async function prepareBatch(db: Db, portalId: string, fileId: string, batch: Batch): Promise<PreparedBatch> {
  const claims = batch.flatMap(({ tx }) => tx.claims);
  const matches = await matchClaims(db, portalId, claims);
  // The NPI each matched claim was billed under (paid-to-another-NPI signal), in the order of `matches`.
  const billed = await billedNpis(db, matches);
  const payments: PaymentRow[] = [];
  const rows: ReturnType<typeof claimRow>[] = [];
  const plbs: ReturnType<typeof plbRow>[] = [];
  const problems: BalanceProblemRow[] = [];
  let m = 0;
  for (const { index, tx } of batch) {
    const paymentId = randomUUID();
    payments.push({
      id: paymentId,
      fileId,
      transactionIndex: index,
      controlNumber: tx.controlNumber,
      payerName: tx.payer.name,
      payerIdentifier: tx.payer.id,
      payeeName: tx.payee.name,
      payeeNpi: tx.payee.npi,
      payeeTaxId: tx.payee.taxId,
      method: tx.payment.method,
      amount: dec(tx.payment.amount),
      creditDebit: tx.payment.creditDebit,
      paymentDate: tx.payment.date,
      traceNumber: tx.payment.traceNumber,
      balanceOk: tx.balance.ok,
    });
    if (tx.claims.length) {
      const signals = transactionSignals(tx, billed.slice(m, m + tx.claims.length));
      for (const [k, c] of tx.claims.entries())
        rows.push(claimRow(paymentId, k, c, classifyClaim(c), matches[m++]!, signals[k]));
    }
    for (const [k, p] of tx.providerAdjustments.entries()) plbs.push(plbRow(paymentId, k, p));
    for (const p of tx.balance.problems)
      problems.push({
        paymentId,
        scope: p.scope,
        patientControlNumber: p.patientControlNumber ?? null,
        claimIndex: p.claimIndex ?? null,
        expected: dec(p.expected),
        actual: dec(p.actual),
        message: p.message,
      });
  }
  // The payer's received date and service dates fill what intake left empty on the matched claims.
  return { batch, payments, rows, plbs, problems, dates: claimDatesRows(claims, matches) };
}

/** Writes a prepared batch on the file's connection, inside its transaction. */
async function storeBatch(c: pg.ClientBase, portalId: string, p: PreparedBatch): Promise<void> {
  await insertPaymentRows(c, p.payments);
  if (p.rows.length) await insertClaimRows(c, p.rows);
  if (p.plbs.length) await insertPlbRows(c, p.plbs);
  if (p.problems.length) await insertBalanceProblemRows(c, p.problems);
  if (p.dates.length) await fillClaimDates(c, p.dates);
  // Recoupments naming claims paid in an earlier remittance, on this file's connection and transaction.
  for (const { tx } of p.batch) if (tx.providerAdjustments.length) await tieEarlierRecoupments(c, portalId, tx);
}

/** Runs `work` in a transaction on a connection of its own (same database and schema as `db`). */
async function inTransaction<T>(db: Db, work: (c: pg.ClientBase) => Promise<T>): Promise<T> {
  const url = databaseUrlOf(db);
  if (url === undefined) throw new Error('persistEraFile: the database client was not made by createDb');
  const { connectionString, schema } = connectionSettings(url);
  const c = new pg.Client({ connectionString, options: `-c search_path="${schema}"` });
  await c.connect();
  try {
    await c.query('BEGIN', []);
    const result = await work(c);
    await c.query('COMMIT', []);
    return result;
  } catch (e) {
    await c.query('ROLLBACK', []).catch(() => {});
    throw e;
  } finally {
    await c.end().catch(() => {});
  }
}

async function createFileRow(c: pg.ClientBase, input: PersistInput): Promise<string> {
  const id = randomUUID();
  try {
    await c.query(
      `INSERT INTO era_files (id, sha256, evidence_id, storage_key, portal_id, run_id, byte_size, transaction_count, claim_count)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 0, 0)`,
      [id, input.sha256, input.evidenceId, input.storageKey, input.portalId, input.runId, input.byteSize],
    );
  } catch (e) {
    if (e instanceof pg.DatabaseError && e.code === '23505') throw new DuplicateEraFileError(`file ${input.sha256}`);
    throw e;
  }
  return id;
}

/**
 * Parses and stores the file in one database transaction; returns the era_files
 * row id. Throws EraPipelineError parse_failed or test_file (nothing stored),
 * or DuplicateEraFileError when another process stored the same file first.
 */
export async function persistEraFile(db: Db, input: PersistInput): Promise<PersistResult> {
  return inTransaction(db, async (c) => {
    const fileId = await createFileRow(c, input);
    const warnings: ParseWarning[] = [];
    let batch: Batch = [];
    let batchClaims = 0;
    let transactions = 0;
    let claims = 0;
    // One batch is written while the next is parsed and matched: PostgreSQL
    // and this process work at the same time (2 cores), and the file's
    // connection runs the statements in order anyway.
    let writing: Promise<void> = Promise.resolve();
    const write = async (b: Batch) => {
      const prepared = prepareBatch(db, input.portalId, fileId, b);
      prepared.catch(() => undefined); // awaited below, after the previous batch
      await writing;
      writing = prepared.then((p) => storeBatch(c, input.portalId, p));
      // Awaited before the next batch or at the end; a failure must not surface earlier as unhandled.
      writing.catch(() => undefined);
    };
    const source = fileSource(input.bytes);
    try {
      for await (const tx of parse835Stream(source.chunks(), { onWarning: (w) => warnings.push(w) })) {
        if (tx.envelope.usage === 'T' && !input.force)
          throw new EraPipelineError(
            'test_file',
            `ISA15 is "T" (interchange ${tx.envelope.interchangeControlNumber}): a test file is parsed but not booked as real payments unless forced`,
          );
        batch.push({ index: transactions++, tx });
        batchClaims += tx.claims.length;
        claims += tx.claims.length;
        if (batchClaims >= BATCH_CLAIMS || batch.length >= BATCH_TRANSACTIONS) {
          await write(batch);
          batch = [];
          batchClaims = 0;
        }
      }
    } catch (e) {
      await writing.catch(() => undefined); // the connection must be idle before ROLLBACK
      if (e instanceof X12ParseError) {
        // Bytes altered in the store can break the syntax: the stream's own check says so first.
        await source.rest();
        throw new EraPipelineError('parse_failed', `not a valid 835: ${e.message}`, { cause: e });
      }
      throw e;
    } finally {
      await source.close();
    }
    if (transactions === 0)
      throw new EraPipelineError('parse_failed', 'not a valid 835: the file holds no ST*835 transaction');
    if (batch.length) await write(batch);
    await writing;
    await c.query('UPDATE era_files SET transaction_count = $2, claim_count = $3, warnings = $4::jsonb WHERE id = $1', [
      fileId,
      transactions,
      claims,
      JSON.stringify(warnings),
    ]);
    return { fileId, transactions };
  });
}
