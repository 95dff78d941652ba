// Silent-denial signals and remark-code routing through the whole ERA
// pipeline (real PostgreSQL, real evidence store), with 835s made by the x12
// writer: paid to another NPI than the one billed (rendering or payee), paid
// as a different code (SVC06), pharmacy rejects (LQ*RX), interest (AMT*I),
// and denials whose RARC (N290, N30, MA04) decides the team.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processEraFile } from '../../../orchestrator/remittance/index.ts';
import type { Adjustment, ServiceLine } from '../../../x12/types.ts';
import { write835, type WritableClaim, type WritableTransaction } from '../../../x12/write.ts';
import { medicaidData } from '../../../mock-portals/medicaid/data.ts';
import { medicaidRaFiles } from '../../../mock-portals/medicaid/remits.ts';
import { createHarness, type Harness } from '../../helpers/harness.ts';

const SEED = 42;
const PAYEE_NPI = '1111111111';
const OTHER_NPI = '2222222222';
const BILLED_NPI = '3333333333';

let h: Harness;

const cas = (group: string, reason: string, amount: number): Adjustment => ({ group, reason, amount, quantity: null });
function line(charge: number, paid: number, adjustments: Adjustment[], over: Partial<ServiceLine> = {}): ServiceLine {
  return {
    procedure: { qualifier: 'HC', code: '99213', modifiers: [] },
    chargeAmount: charge,
    paidAmount: paid,
    units: 1,
    adjustments,
    remarkCodes: [],
    serviceDate: '2026-09-01',
    allowedAmount: null,
    lineItemControlNumber: null,
    ...over,
  };
}
function claim(pcn: string, status: string, l: ServiceLine, over: Partial<WritableClaim> = {}): WritableClaim {
  return {
    patientControlNumber: pcn,
    statusCode: status,
    chargeAmount: l.chargeAmount,
    paidAmount: l.paidAmount,
    patientResponsibility: 0,
    payerClaimControlNumber: `ICN-${pcn}`,
    adjustments: [],
    serviceLines: [l],
    claimFilingIndicator: 'CI',
    remarkCodes: [],
    ...over,
  };
}

const claims: WritableClaim[] = [
  // Billed under BILLED_NPI, paid to a rendering NPI we did not bill, 4.50 interest on top.
  claim('SIG-A', '1', line(200, 150, [cas('CO', '45', 50)]), {
    renderingProvider: { idQualifier: 'XX', id: OTHER_NPI },
    amounts: { I: 4.5 },
    paidAmount: 150,
  }),
  // Billed 99215, adjudicated as 99213; billed NPI is the payee's: no NPI signal.
  claim(
    'SIG-B',
    '1',
    line(300, 120, [cas('CO', '45', 180)], {
      originalProcedure: { qualifier: 'HC', code: '99215', modifiers: [] },
    }),
  ),
  // CARC 16 (lacks information) + N290 (rendering provider id): provider enrollment, with an LQ*RX reject.
  claim('SIG-C', '4', line(400, 0, [cas('CO', '16', 400)], { remarkCodes: ['N290'], pharmacyRejectCodes: ['75'] })),
  // CARC 96 (non-covered, in no CARC category) + N30 on the claim (MOA): eligibility.
  claim('SIG-D', '1', line(250, 0, [cas('CO', '96', 250)]), { remarkCodes: ['N30'] }),
  // CARC 16 + MA04 (secondary payment needs the primary's EOB): patient access (COB). Billed NPI unknown.
  claim('SIG-E', '2', line(90, 0, [cas('CO', '16', 90)], { remarkCodes: ['MA04'] })),
];
const paid = claims.reduce((s, c) => s + c.paidAmount, 0);
const tx: WritableTransaction = {
  controlNumber: '0001',
  payer: { name: 'ACME HEALTH', id: '87726' },
  payee: { name: 'CLINIC SIG', npi: PAYEE_NPI, taxId: '123456789' },
  payment: { amount: paid, method: 'ACH', date: '2026-10-01', traceNumber: 'EFTSIG1' },
  claims,
  providerAdjustments: [],
};

beforeAll(async () => {
  h = await createHarness('era_signals', { availity: 'http://127.0.0.1:4010' });
  for (const c of claims) {
    const row = await h.db.claim.create({
      data: {
        portalId: 'availity',
        claimNumber: c.payerClaimControlNumber!,
        patientControlNumber: c.patientControlNumber,
      },
    });
    const npi = { 'SIG-A': BILLED_NPI, 'SIG-B': PAYEE_NPI, 'SIG-C': PAYEE_NPI, 'SIG-D': BILLED_NPI }[
      c.patientControlNumber
    ];
    // Intake (a worklist row linked to the claim) is where the billed NPI lives.
    if (npi)
      await h.db.worklistItem.create({
        data: {
          portalId: 'availity',
          patientControlNumber: c.patientControlNumber,
          memberId: 'M000',
          serviceDateFrom: new Date('2026-09-01'),
          serviceDateTo: new Date('2026-09-01'),
          providerNpi: npi,
          claimId: row.id,
        },
      });
  }
}, 60_000);
afterAll(async () => {
  await h?.close();
});

describe('ERA signals and RARC routing through the pipeline', () => {
  it('records each signal on its remittance claim and routes RARC-explained denials to their teams', async () => {
    const text = write835([tx]);
    // The writer emits the real segments the signals come from.
    for (const seg of ['NM1*82*1******XX*2222222222~', 'AMT*I*4.5~', 'HC:99215~', 'LQ*RX*75~', 'MOA***N30~'])
      expect(text).toContain(seg);
    const bytes = Buffer.from(text);
    const r = await processEraFile(
      h.db,
      h.evidence,
      { bytes, sha256: createHash('sha256').update(bytes).digest('hex') },
      { portal: 'availity' },
    );
    expect(r).toMatchObject({ duplicate: false, claims: 5, matched: 5, balanceProblems: 0 });

    const rows = await h.db.eraRemittanceClaim.findMany({
      where: { payment: { fileId: r.fileId } },
      orderBy: { claimIndex: 'asc' },
    });
    const signals = Object.fromEntries(rows.map((x) => [x.patientControlNumber, x.signals]));
    expect(signals['SIG-A']).toEqual([
      { kind: 'paid_to_other_npi', billed: BILLED_NPI, paid: OTHER_NPI, via: 'rendering' },
      { kind: 'interest_paid', amount: 4.5 },
    ]);
    expect(signals['SIG-B']).toEqual([{ kind: 'paid_as_different_code', line: 0, submitted: '99215', paid: '99213' }]);
    expect(signals['SIG-C']).toEqual([{ kind: 'pharmacy_reject', line: 0, codes: ['75'] }]);
    // No rendering NPI: the payee NPI is what was paid, and it is not the one billed.
    expect(signals['SIG-D']).toEqual([
      { kind: 'paid_to_other_npi', billed: BILLED_NPI, paid: PAYEE_NPI, via: 'payee' },
    ]);
    expect(signals['SIG-E']).toEqual([]);

    const items = await h.db.denialWorkItem.findMany();
    const pcnOf = new Map(rows.map((x) => [x.matchedClaimId, x.patientControlNumber]));
    const team = Object.fromEntries(items.map((i) => [pcnOf.get(i.claimId), [i.rootCause, i.team]]));
    expect(team).toEqual({
      'SIG-C': ['credentialing', 'provider-enrollment'],
      'SIG-D': ['eligibility', 'front-desk-vob'],
      'SIG-E': ['coordination-of-benefits', 'patient-access'],
    });
  }, 60_000);

  it("ties a recoupment in a later payment (PLB WO naming an earlier claim) to that claim's remittance row", async () => {
    const later: WritableTransaction = {
      ...tx,
      controlNumber: '0002',
      payment: { amount: 60, method: 'ACH', date: '2026-11-01', traceNumber: 'EFTSIG2' },
      claims: [claim('SIG-F', '1', line(100, 100, []))],
      // 40.00 of SIG-A's payment taken back, and an L6 interest line that names no claim.
      providerAdjustments: [
        { reason: 'WO', reference: 'ICN-SIG-A', amount: 40 },
        { reason: 'L6', reference: 'ICN-SIG-F', amount: 0 },
      ],
    };
    const bytes = Buffer.from(write835([later]));
    const r = await processEraFile(
      h.db,
      h.evidence,
      { bytes, sha256: createHash('sha256').update(bytes).digest('hex') },
      { portal: 'availity' },
    );
    expect(r).toMatchObject({ duplicate: false, balanceProblems: 0 });
    const a = await h.db.eraRemittanceClaim.findFirstOrThrow({ where: { patientControlNumber: 'SIG-A' } });
    expect(a.signals).toEqual([
      { kind: 'paid_to_other_npi', billed: BILLED_NPI, paid: OTHER_NPI, via: 'rendering' },
      { kind: 'interest_paid', amount: 4.5 },
      { kind: 'recouped', reason: 'WO', amount: 40, by: { traceNumber: 'EFTSIG2', paymentDate: '2026-11-01' } },
    ]);
    // The same file again writes nothing: the signal is not appended twice.
    await processEraFile(
      h.db,
      h.evidence,
      { bytes, sha256: createHash('sha256').update(bytes).digest('hex') },
      { portal: 'availity' },
    );
    const again = await h.db.eraRemittanceClaim.findFirstOrThrow({ where: { patientControlNumber: 'SIG-A' } });
    expect(again.signals).toEqual(a.signals);
  }, 60_000);

  it('on the Medicaid-like RAs, every WO recoupment of an earlier claim lands on that claim', async () => {
    const data = medicaidData(SEED);
    await h.db.claim.createMany({
      data: data.claims.map((c) => ({
        portalId: 'medicaid',
        claimNumber: c.icn,
        patientControlNumber: c.patientControlNumber,
      })),
    });
    const files = medicaidRaFiles(SEED);
    const paidBefore = new Set<string>();
    const expected: { icn: string; trace: string; amount: number }[] = [];
    for (const f of files) {
      const tx = f.transactions[0]!;
      for (const p of tx.providerAdjustments)
        if (p.reason === 'WO' && p.reference && paidBefore.has(p.reference))
          expected.push({ icn: p.reference, trace: tx.payment.traceNumber!, amount: p.amount });
      for (const c of tx.claims)
        if (c.statusCode !== '22' && c.payerClaimControlNumber) paidBefore.add(c.payerClaimControlNumber);
      const bytes = Buffer.from(f.text);
      await processEraFile(h.db, h.evidence, { bytes, sha256: f.sha256 }, { portal: 'medicaid' });
    }
    expect(expected.length).toBeGreaterThan(0);
    const rows = await h.db.eraRemittanceClaim.findMany({ where: { payment: { file: { portalId: 'medicaid' } } } });
    const tied = rows.flatMap((r) =>
      (r.signals as { kind: string; amount: number; by?: { traceNumber: string } }[])
        .filter((x) => x.kind === 'recouped' && x.by)
        .map((x) => ({ icn: r.payerClaimNumber!, trace: x.by!.traceNumber, amount: x.amount })),
    );
    const key = (x: { icn: string; trace: string }) => `${x.icn}|${x.trace}`;
    expect(tied.map(key).sort()).toEqual(expected.map(key).sort());
  }, 120_000);
});
