// The ERA pipeline against real PostgreSQL (schema per file) and a real
// evidence store: the Availity mock portal's 835s, stored as evidence, parsed,
// persisted, matched to seeded claims, and their denials (explicit and silent)
// handed to the denial work queue, idempotently.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availityRemittances, type AvailityEra } from '../../../mock-portals/availity/era-data.ts';
import { availityData } from '../../../mock-portals/availity/data.ts';
import { jobEvidenceSink } from '../../../orchestrator/platform/worker/evidence-sink.ts';
import {
  EraPipelineError,
  listUnmatchedRemittances,
  processEraDownloadResult,
  processEraFile,
} from '../../../orchestrator/remittance/index.ts';
import type { Claim } from '../../../x12/types.ts';
import { createHarness, type Harness } from '../../helpers/harness.ts';

const SEED = 42;
let h: Harness;
const { eras } = availityRemittances(SEED);
const claimsOf = (e: AvailityEra): Claim[] => e.transactions.flatMap((t) => t.claims);
const shortPaidLine = (c: Claim) =>
  c.serviceLines.some((l) => l.adjustments.some((a) => a.reason === '23' || a.reason === '59'));
const firstWith = (pred: (c: Claim) => boolean) => eras.find((e) => claimsOf(e).some(pred))!;

// One file of each interesting shape.
const denied = firstWith((c) => c.statusCode === '4');
const silentZero = firstWith(
  (c) => c.statusCode === '1' && c.paidAmount === 0 && c.adjustments.some((a) => a.group === 'CO'),
);
const underpaid = firstWith((c) => shortPaidLine(c) && c.statusCode === '1');
const reversal = firstWith((c) => c.statusCode === '22');
const revisedPcns = new Set(
  eras
    .flatMap(claimsOf)
    .filter((c) => c.statusCode === '22')
    .map((c) => c.patientControlNumber),
);
const plainPaid = (c: Claim) =>
  c.statusCode === '1' && c.paidAmount > 0 && !shortPaidLine(c) && !revisedPcns.has(c.patientControlNumber);
const paidFile = eras.find(
  (e) => ![denied, silentZero, underpaid, reversal].includes(e) && claimsOf(e).some(plainPaid),
)!;
const picked = [...new Set([denied, silentZero, underpaid, reversal, paidFile])];
const pickedClaims = picked.flatMap(claimsOf);
// One claim of ours is deliberately not in the database: it must be listed as unmatched.
const missing = claimsOf(paidFile).find(plainPaid)!;

let sequence = 0;
async function storeEra(e: AvailityEra): Promise<string> {
  const sink = jobEvidenceSink(h.db, h.evidence, {
    jobId: `job-era-${++sequence}`,
    runId: '00000000-0000-4000-8000-000000000001',
    portal: 'availity',
    claimId: null,
    claimRef: null,
  });
  const ref = await sink.file!({
    label: 'era-835',
    fileName: e.fileName,
    contentType: 'application/edi-x12',
    bytes: Buffer.from(e.text),
    url: `http://portal/remittance/${e.id}/835`,
    downloadedAt: new Date(),
    botVersion: 'test',
  });
  return ref.id;
}

beforeAll(async () => {
  h = await createHarness('era_pipeline', { availity: 'http://127.0.0.1:4010' });
  await h.db.run.create({
    data: { id: '00000000-0000-4000-8000-000000000001', portalId: 'availity', task: 'era-download', trigger: 'cli' },
  });
  // Our claims table: every claim of the portal except `missing`.
  const rows = availityData(SEED).claims.filter((c) => c.claimNumber !== missing.payerClaimControlNumber);
  await h.db.claim.createMany({
    data: rows.map((c) => ({
      portalId: 'availity',
      payerId: c.payerId,
      claimNumber: c.claimNumber,
      patientControlNumber: c.patientControlNumber,
      billedAmount: (c.billedCents / 100).toFixed(2),
    })),
  });
}, 60_000);
afterAll(async () => {
  await h?.close();
});

describe('ERA pipeline', () => {
  it('persists payments, claims, PLB and matches by payer claim number, then PCN; unmatched are listed', async () => {
    for (const e of picked) {
      const r = await processEraFile(h.db, h.evidence, { evidenceId: await storeEra(e) }, { portal: 'availity' });
      expect(r).toMatchObject({ duplicate: false, transactions: 1, claims: claimsOf(e).length, balanceProblems: 0 });
    }
    const rows = await h.db.eraRemittanceClaim.findMany({ include: { payment: true } });
    expect(rows).toHaveLength(pickedClaims.length);
    const byPcnNumber = (c: Claim) =>
      rows.find(
        (r) =>
          r.patientControlNumber === c.patientControlNumber &&
          r.payerClaimNumber === c.payerClaimControlNumber &&
          r.statusCode === c.statusCode,
      )!;
    for (const c of pickedClaims) {
      const row = byPcnNumber(c);
      expect(Number(row.paidAmount), c.patientControlNumber).toBe(c.paidAmount);
      expect(Number(row.chargeAmount)).toBe(c.chargeAmount);
      if (c === missing) {
        expect(row).toMatchObject({ matchedClaimId: null, matchMethod: 'unmatched', unmatchedReason: 'no_claim' });
        continue;
      }
      const ours = await h.db.claim.findFirst({ where: { patientControlNumber: c.patientControlNumber } });
      expect(row.matchedClaimId).toBe(ours!.id);
      // The reversal carries the original adjudication's claim number: it can only match by PCN.
      expect(row.matchMethod).toBe(c.statusCode === '22' ? 'patient_control_number' : 'payer_claim_number+pcn');
    }
    // Payment fields, PLB, descriptions from the code tables.
    const pay = await h.db.eraPayment.findFirstOrThrow({ where: { traceNumber: reversal.traceNumber } });
    expect([Number(pay.amount), pay.method, pay.paymentDate?.toISOString().slice(0, 10), pay.balanceOk]).toEqual([
      reversal.amountCents / 100,
      reversal.method,
      reversal.paymentDate,
      true,
    ]);
    const deniedRow = rows.find((r) => r.statusCode === '4')!;
    // Codes only: a description depends on the code and the payment date and is looked up where it is shown.
    expect(Object.keys((deniedRow.adjustments as object[])[0]!).sort()).toEqual([
      'amount',
      'group',
      'quantity',
      'reason',
    ]);
    expect(deniedRow.denialKind).toBe('denied');

    const unmatched = await listUnmatchedRemittances(h.db);
    expect(unmatched).toHaveLength(1);
    expect(unmatched[0]).toMatchObject({
      portal: 'availity',
      patientControlNumber: missing.patientControlNumber,
      payerClaimNumber: missing.payerClaimControlNumber,
      reason: 'no_claim',
      paidAmount: missing.paidAmount,
    });
  }, 60_000);

  it('flags explicit denials, silent zero pays and underpayments into the denial work queue', async () => {
    const rows = await h.db.eraRemittanceClaim.findMany({ where: { matchedClaimId: { not: null } } });
    const kind = (k: string) => rows.filter((r) => r.denialKind === k);
    expect(kind('denied').length).toBeGreaterThan(0);
    expect(kind('zero_pay').length).toBeGreaterThan(0);
    expect(kind('underpaid').length).toBeGreaterThan(0);
    for (const r of [...kind('denied'), ...kind('zero_pay'), ...kind('underpaid')]) {
      expect(r.workqueueAction, r.patientControlNumber).toMatch(/^(created|updated|unchanged)$/);
      const item = await h.db.denialWorkItem.findUniqueOrThrow({ where: { claimId: r.matchedClaimId! } });
      expect(item.id).toBe(r.workItemId);
      expect(item.silent).toBe(r.denialKind !== 'denied');
      expect(item.eraStatusCode).toBe(r.statusCode);
    }
    const underpaidItem = await h.db.denialWorkItem.findUniqueOrThrow({
      where: { claimId: kind('underpaid')[0]!.matchedClaimId! },
    });
    expect(Number(underpaidItem.dollarsAtRisk)).toBeGreaterThan(0);
    // Claims paid as expected and reversals do not become work items.
    const paid = rows.filter((r) => r.denialKind === null);
    expect(paid.length).toBeGreaterThan(0);
    for (const r of paid) expect(r.workqueueAction).toBe('not_needed');
    expect(await h.db.denialWorkItem.count()).toBe(
      new Set(
        [...kind('denied'), ...kind('zero_pay'), ...kind('underpaid'), ...kind('partial_denial')].map(
          (r) => r.matchedClaimId,
        ),
      ).size,
    );
  });

  it('is idempotent: the same file again (by evidence or by bytes) writes nothing new', async () => {
    const counts = async () => [
      await h.db.eraFile.count(),
      await h.db.eraPayment.count(),
      await h.db.eraRemittanceClaim.count(),
      await h.db.eraProviderAdjustment.count(),
      await h.db.denialWorkEvent.count(),
    ];
    const before = await counts();
    const again = await processEraFile(
      h.db,
      h.evidence,
      { evidenceId: await storeEra(denied) },
      { portal: 'availity' },
    );
    expect(again.duplicate).toBe(true);
    const bytes = Buffer.from(denied.text);
    const third = await processEraFile(
      h.db,
      h.evidence,
      { bytes, sha256: createHash('sha256').update(bytes).digest('hex') },
      { portal: 'availity' },
    );
    expect(third).toMatchObject({ duplicate: true, fileId: again.fileId, workqueue: { actions: {}, failed: 0 } });
    expect(await counts()).toEqual(before);
  });

  it('processes every file of an era-download result, records balance problems, and rejects bad files cleanly', async () => {
    const more = eras
      .filter((e) => !picked.includes(e) && e.transactions[0]!.providerAdjustments.length > 0)
      .slice(0, 3);
    expect(
      more.some((e) => e.transactions[0]!.providerAdjustments.some((p) => p.reason === 'L6' || p.reason === 'WO')),
    ).toBe(true);
    const files = [];
    for (const e of more)
      files.push({
        fileName: e.fileName,
        payer: e.payerId,
        paymentDate: e.paymentDate,
        traceNumber: e.traceNumber,
        amount: e.amountCents / 100,
        evidenceId: await storeEra(e),
        sha256: e.sha256,
        byteSize: e.byteSize,
      });
    const out = await processEraDownloadResult(h.db, h.evidence, { files }, { portal: 'availity' });
    expect(out.map((o) => o.result?.duplicate)).toEqual(more.map(() => false));
    expect(
      await h.db.eraProviderAdjustment.count({
        where: { payment: { fileId: { in: out.map((o) => o.result!.fileId) } } },
      }),
    ).toBe(more.reduce((s, e) => s + e.transactions[0]!.providerAdjustments.length, 0));

    // A payer file whose BPR02 does not add up is stored with its problem, not rejected.
    const src = more[0]!;
    const broken = Buffer.from(src.text.replace(/BPR\*([A-Z])\*[\d.]+\*/, (_m, f: string) => `BPR*${f}*99999.99*`));
    const sha = createHash('sha256').update(broken).digest('hex');
    const r = await processEraFile(h.db, h.evidence, { bytes: broken, sha256: sha }, { portal: 'availity' });
    expect(r.balanceProblems).toBe(1);
    const problem = await h.db.eraBalanceProblem.findFirstOrThrow({
      where: { payment: { fileId: r.fileId } },
      include: { payment: true },
    });
    expect(problem).toMatchObject({ scope: 'payment', payment: { balanceOk: false } });
    expect(Number(problem.expected)).toBe(99999.99);

    // Not an 835, a wrong hash, an unknown evidence id: classified errors, nothing persisted.
    const filesBefore = await h.db.eraFile.count();
    const junk = Buffer.from('<html>Session expired</html>');
    await expect(
      processEraFile(
        h.db,
        h.evidence,
        { bytes: junk, sha256: createHash('sha256').update(junk).digest('hex') },
        { portal: 'availity' },
      ),
    ).rejects.toMatchObject({ code: 'parse_failed' });
    await expect(
      processEraFile(h.db, h.evidence, { bytes: junk, sha256: '0'.repeat(64) }, { portal: 'availity' }),
    ).rejects.toMatchObject({ code: 'integrity_error' });
    await expect(
      processEraFile(h.db, h.evidence, { evidenceId: '00000000-0000-4000-8000-00000000abcd' }, { portal: 'availity' }),
    ).rejects.toBeInstanceOf(EraPipelineError);
    await expect(processEraFile(h.db, h.evidence, { evidenceId: 'x' }, { portal: 'availity' })).rejects.toThrow(
      /input\.evidenceId/,
    );
    expect(await h.db.eraFile.count()).toBe(filesBefore);
  }, 60_000);

  it('books a debit ERA (BPR03 = D) as money taken back, balanced against its recoupment', async () => {
    const debit = Buffer.from(readFileSync(new URL('../../x12/golden/17-debit.835', import.meta.url)));
    const sha = createHash('sha256').update(debit).digest('hex');
    const r = await processEraFile(h.db, h.evidence, { bytes: debit, sha256: sha }, { portal: 'availity' });
    expect(r.balanceProblems).toBe(0);
    const payment = await h.db.eraPayment.findFirstOrThrow({ where: { fileId: r.fileId } });
    expect(Number(payment.amount)).toBe(-100);
    expect(payment.creditDebit).toBe('D');
    expect(payment.balanceOk).toBe(true);
    const plb = await h.db.eraProviderAdjustment.findFirstOrThrow({ where: { paymentId: payment.id } });
    expect(plb).toMatchObject({ reason: 'WO', reference: 'CLAIMX1' });
    expect(Number(plb.amount)).toBe(100);
  });

  it('records a reversal linked to its corrected claim (REF*F8), and signals on each', async () => {
    const pair = Buffer.from(readFileSync(new URL('../../x12/golden/20-reversal-pair.835', import.meta.url)));
    const sha = createHash('sha256').update(pair).digest('hex');
    const r = await processEraFile(h.db, h.evidence, { bytes: pair, sha256: sha }, { portal: 'availity' });
    const rows = await h.db.eraRemittanceClaim.findMany({
      where: { payment: { fileId: r.fileId } },
      orderBy: { claimIndex: 'asc' },
    });
    expect(rows.map((x) => [x.statusCode, x.denialKind, x.originalReferenceNumber])).toEqual([
      ['22', 'reversal', null],
      ['1', null, 'ICNR1'],
    ]);
    expect(rows[0]!.signals).toEqual([{ kind: 'reversal', correctedBy: 1 }]);
    expect(rows[1]!.signals).toEqual([{ kind: 'corrects', reversal: 0, netPaid: 30 }]);
    expect(r.denials).toBe(0);
  });

  it('parses a test file (ISA15 = T) but books it only when forced', async () => {
    const src = Buffer.from(paidFile.text.replace(/\*0\*P\*/, '*0*T*'));
    expect(src.toString()).toContain('*0*T*');
    const sha = createHash('sha256').update(src).digest('hex');
    const filesBefore = await h.db.eraFile.count();
    await expect(
      processEraFile(h.db, h.evidence, { bytes: src, sha256: sha }, { portal: 'availity' }),
    ).rejects.toMatchObject({ code: 'test_file', message: expect.stringMatching(/ISA15 is "T"/) });
    expect(await h.db.eraFile.count()).toBe(filesBefore);
    const r = await processEraFile(h.db, h.evidence, { bytes: src, sha256: sha }, { portal: 'availity', force: true });
    expect(r.duplicate).toBe(false);
    expect(r.transactions).toBe(1);
  });
});
