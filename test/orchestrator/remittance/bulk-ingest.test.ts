// The ERA pipeline on a file larger than one write batch (about 2,000 claims):
// payments and claims land in order with the right indexes, a claim of ours in
// a later batch is matched to the right row, the file's counts are recorded,
// and a file that turns out bad after a batch was written leaves nothing behind.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EraPipelineError, processEraFile } from '../../../orchestrator/remittance/index.ts';
import { mulberry32, randomTransaction } from '../../../x12/sample.ts';
import { Era835Writer, type WritableTransaction } from '../../../x12/write.ts';
import { createHarness, type Harness } from '../../helpers/harness.ts';

const TRANSACTIONS = 70;
const CLAIMS_EACH = 50; // 3,500 claims: two write batches

let h: Harness;
const rng = mulberry32(18);
const txs: WritableTransaction[] = Array.from({ length: TRANSACTIONS }, (_, i) =>
  randomTransaction(rng, String(i + 1).padStart(9, '0'), CLAIMS_EACH),
);
const w = new Era835Writer({ lineBreak: '\n' });
const text =
  w.interchangeHeader() +
  w.groupHeader() +
  txs.map((t) => w.transaction(t)).join('') +
  w.groupTrailer() +
  w.interchangeTrailer();
const bytes = Buffer.from(text);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
// A claim of ours that appears in the second batch only.
const ourTx = 60;
const ours = txs[ourTx]!.claims.find((c) => c.payerClaimControlNumber)!;
const ourIndex = txs[ourTx]!.claims.indexOf(ours);

beforeAll(async () => {
  h = await createHarness('era_bulk', { availity: 'http://127.0.0.1:4010' });
  await h.db.claim.create({
    data: {
      portalId: 'availity',
      claimNumber: ours.payerClaimControlNumber!,
      patientControlNumber: ours.patientControlNumber,
      billedAmount: ours.chargeAmount.toFixed(2),
    },
  });
}, 60_000);
afterAll(async () => {
  await h?.close();
});

describe('ERA ingest in batches', () => {
  it('rolls a file back whole when it turns bad after the first batch was written', async () => {
    // Cut mid-segment near the end: the first batch (2,000 claims) is parsed and written before the error.
    const cut = bytes.subarray(0, Math.floor(bytes.length * 0.9));
    const err = await processEraFile(h.db, h.evidence, { bytes: cut, sha256: sha(cut) }, { portal: 'availity' }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(EraPipelineError);
    expect(err).toMatchObject({ code: 'parse_failed' });
    expect(await h.db.eraFile.count()).toBe(0);
    expect(await h.db.eraPayment.count()).toBe(0);
    expect(await h.db.eraRemittanceClaim.count()).toBe(0);
  });

  it('stores every payment and claim in order, matches across batches and records the counts', async () => {
    const r = await processEraFile(h.db, h.evidence, { bytes, sha256: sha(bytes) }, { portal: 'availity' });
    const claims = TRANSACTIONS * CLAIMS_EACH;
    expect(r).toMatchObject({
      duplicate: false,
      transactions: TRANSACTIONS,
      claims,
      matched: 1,
      unmatched: claims - 1,
    });
    const file = await h.db.eraFile.findUniqueOrThrow({ where: { id: r.fileId } });
    expect([file.transactionCount, file.claimCount, file.byteSize]).toEqual([TRANSACTIONS, claims, bytes.length]);

    const payments = await h.db.eraPayment.findMany({
      where: { fileId: r.fileId },
      orderBy: { transactionIndex: 'asc' },
      include: { claims: { orderBy: { claimIndex: 'asc' } } },
    });
    expect(payments.map((p) => p.transactionIndex)).toEqual(txs.map((_, i) => i));
    for (const [i, p] of payments.entries()) {
      const tx = txs[i]!;
      expect([p.controlNumber, Number(p.amount), p.traceNumber]).toEqual([
        tx.controlNumber,
        tx.payment.amount,
        tx.payment.traceNumber,
      ]);
      expect(p.claims.map((c) => [c.claimIndex, c.patientControlNumber, Number(c.paidAmount)])).toEqual(
        tx.claims.map((c, k) => [k, c.patientControlNumber, c.paidAmount]),
      );
    }
    const matched = payments.flatMap((p) => p.claims).filter((c) => c.matchedClaimId !== null);
    expect(matched).toHaveLength(1);
    expect(matched[0]!.paymentId).toBe(payments[ourTx]!.id);
    expect(matched[0]!.claimIndex).toBe(ourIndex);

    const again = await processEraFile(h.db, h.evidence, { bytes, sha256: sha(bytes) }, { portal: 'availity' });
    expect(again).toMatchObject({ duplicate: true, fileId: r.fileId, claims });
  });

  it('keeps backslashes, tabs, quotes and accented letters in values exactly (the rows go in as COPY text)', async () => {
    const tricky = randomTransaction(mulberry32(7), '000000777', 2);
    tricky.claims[0]!.patientControlNumber = 'ACCT\\7\tB"1Ü';
    tricky.payer.name = 'PAYER \\N\tNORTH É';
    // Letters of two bytes in UTF-8: the COPY text is encoded line by line into byte chunks.
    const file = Buffer.from(
      w.interchangeHeader() + w.groupHeader() + w.transaction(tricky) + w.groupTrailer() + w.interchangeTrailer(),
    );
    const r = await processEraFile(h.db, h.evidence, { bytes: file, sha256: sha(file) }, { portal: 'availity' });
    const payment = await h.db.eraPayment.findFirstOrThrow({
      where: { fileId: r.fileId },
      include: { claims: { orderBy: { claimIndex: 'asc' } } },
    });
    expect(payment.payerName).toBe('PAYER \\N\tNORTH É');
    expect(payment.claims[0]!.patientControlNumber).toBe('ACCT\\7\tB"1Ü');
    expect(payment.claims[1]!.patientControlNumber).toBe(tricky.claims[1]!.patientControlNumber);
  });

  it('keeps the claim JSON columns LZ4-compressed where the server has LZ4 (pglz was its largest cost)', async () => {
    const [setting] = await h.db.$queryRaw<{ lz4: boolean }[]>`
      SELECT 'lz4' = ANY (enumvals) AS lz4 FROM pg_settings WHERE name = 'default_toast_compression'`;
    const lz4 = setting?.lz4 === true;
    const columns = await h.db.$queryRaw<{ attname: string; attcompression: string }[]>`
      SELECT attname, attcompression::text FROM pg_attribute
      WHERE attrelid = 'era_remittance_claims'::regclass
        AND attname IN ('adjustments', 'service_lines', 'remark_codes', 'signals') ORDER BY attname`;
    expect(columns.map((c) => [c.attname, c.attcompression])).toEqual(
      ['adjustments', 'remark_codes', 'service_lines', 'signals'].map((n) => [n, lz4 ? 'l' : '']),
    );
  });
});
