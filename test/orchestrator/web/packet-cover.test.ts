// An appeal packet a payer can act on, for a seeded denied claim with a
// worklist row, a denial letter and an 835: the cover names the patient, date
// of birth, member id, date of service, billing NPI/TIN, the denial (CARC
// with its description, denied amount), the appeal reason and an argument
// drafted from the CARC and the payer's rationale; the letter PDF and the
// claim's 835 slice travel with it. The signature covers the cover: the PDF
// alone verifies, and editing any cover fact or enclosure fails verification.
// None of the PHI reaches a log line.
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packetSchema, publicKeyPem, readPdfAttachments, verifyPacket } from '../../../evidence-store/index.ts';
import { findClaim } from '../../../orchestrator/audit/claim-lookup.ts';
import { exportClaimPacket } from '../../../orchestrator/audit/packet-export.ts';
import { draftAppealArgument } from '../../../orchestrator/denials/index.ts';
import { pdfText } from '../../helpers/pdf-text.ts';
import { seedClaim, type SeededClaim } from './seed.ts';
import { createApiFixture, type ApiFixture } from './setup.ts';

let f: ApiFixture;
let s: SeededClaim;
let out: string;
let trust: { trustedPublicKeys: string[] };

const PHI = ['Jane Q Doe', 'JANE', 'MEMB-4471', '1961-03-14'];

function letterPdf(): Promise<Buffer> {
  const doc = new PDFDocument();
  const parts: Buffer[] = [];
  doc.on('data', (c: Buffer) => parts.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(parts))));
  doc.text('Aetna denial letter: authorization absent.');
  doc.end();
  return done;
}

function era835(claimNumber: string): Buffer {
  const segs = [
    'ISA*00*          *00*          *ZZ*AETNA          *ZZ*RIVERSIDE      *261201*1200*^*00501*000000001*0*P*:',
    'GS*HP*AETNA*RIVERSIDE*20261201*1200*1*X*005010X221A1',
    'ST*835*0001',
    'BPR*H*0*C*NON************20261201',
    'TRN*1*0012345*1512345678',
    'N1*PR*AETNA',
    'N1*PE*RIVERSIDE CLINIC*XX*1987654321',
    'REF*TJ*741852963',
    'LX*1',
    'CLP*OTHER-PCN*1*100*100*0*12*OTHER-CLAIM',
    'NM1*QC*1*ROE*RICHARD****MI*M-OTHER',
    `CLP*PCN-4471*4*420.5*0*0*12*${claimNumber}`,
    'CAS*CO*197*420.5',
    'NM1*QC*1*DOE*JANE*Q***MI*MEMB-4471',
    'DTM*232*20261015',
    'DTM*233*20261015',
    'DTM*050*20261020',
    'SE*16*0001',
    'GE*1*1',
    'IEA*1*000000001',
  ];
  return Buffer.from(`${segs.join('~\n')}~\n`);
}

beforeAll(async () => {
  f = await createApiFixture('apicover');
  s = await seedClaim(f.h, f.evidence, 'PC-70001');
  trust = { trustedPublicKeys: [f.evidence.publicKey!] };
  out = await fs.mkdtemp(path.join(os.tmpdir(), 'packet-cover-'));
  const db = f.h.db;
  await db.claim.update({
    where: { id: s.claimId },
    data: { patientControlNumber: 'PCN-4471', serviceDate: new Date('2026-10-15T00:00:00Z'), payerId: null },
  });
  await db.worklistItem.create({
    data: {
      portalId: 'availity',
      patientControlNumber: 'PCN-4471',
      memberId: 'MEMB-4471',
      dateOfBirth: new Date('1961-03-14T00:00:00Z'),
      serviceDateFrom: new Date('2026-10-15T00:00:00Z'),
      serviceDateTo: new Date('2026-10-15T00:00:00Z'),
      payerId: 'aetna',
      providerNpi: '1234567893',
      tin: '123456789',
      claimId: s.claimId,
    },
  });
  await db.denialWorkItem.update({
    where: { id: s.workItemId },
    data: { rationale: 'No authorization on file for CPT 72148.' },
  });
  // The denial letter, stored as a portal download is (evidence-sink.ts: file evidence of the claim).
  const letter = await letterPdf();
  const stored = await f.evidence.putOriginal(letter, {
    contentType: 'application/pdf',
    ext: 'pdf',
    label: 'denial letter L-1 (PDF)',
    claimRef: s.claimNumber,
  });
  await db.evidence.create({
    data: {
      sha256: stored.sha256,
      kind: 'file',
      contentType: 'application/pdf',
      byteSize: stored.byteSize,
      storageKey: stored.storageKey,
      label: 'denial letter L-1 (PDF)',
      url: 'https://portal.example/documents/L-1/pdf',
      portalId: 'availity',
      jobId: s.jobId,
      runId: s.runId,
      claimId: s.claimId,
      botVersion: 'availity@test',
      manifest: {},
      capturedAt: new Date(),
    },
  });
  // An 835 the ERA pipeline stored and matched to the claim (its second CLP).
  const eraBytes = era835(s.claimNumber);
  const era = await f.evidence.putOriginal(eraBytes, { contentType: 'application/edi-x12', ext: '835' });
  const file = await db.eraFile.create({
    data: {
      sha256: era.sha256,
      storageKey: era.storageKey,
      portalId: 'availity',
      byteSize: eraBytes.length,
      transactionCount: 1,
      claimCount: 2,
    },
  });
  const payment = await db.eraPayment.create({
    data: {
      fileId: file.id,
      transactionIndex: 0,
      controlNumber: '0001',
      payerName: 'AETNA',
      payeeName: 'RIVERSIDE CLINIC',
      payeeNpi: '1987654321',
      payeeTaxId: '741852963',
      method: 'NON',
      amount: 0,
      balanceOk: true,
    },
  });
  await db.eraRemittanceClaim.create({
    data: {
      paymentId: payment.id,
      claimIndex: 1,
      patientControlNumber: 'PCN-4471',
      payerClaimNumber: s.claimNumber,
      statusCode: '4',
      chargeAmount: 420.5,
      paidAmount: 0,
      patientResponsibility: 0,
      adjustments: [],
      serviceLines: [],
      remarkCodes: [],
      matchedClaimId: s.claimId,
      matchMethod: 'payer_claim_number',
    },
  });
}, 120_000);
afterAll(async () => {
  await f?.close();
  if (out) await fs.rm(out, { recursive: true, force: true });
});

describe('appeal packet cover', () => {
  it('names patient, DOB, member id, date of service, NPI/TIN, the denial, the reason and an argument', async () => {
    const pdfPath = path.join(out, 'cover.pdf');
    const exported = await exportClaimPacket(f.h.db, f.evidence, await findClaim(f.h.db, s.claimId), pdfPath, {
      who: { actor: 'test', reason: 'appeal' },
      draftArgument: draftAppealArgument,
      appealReason: 'Authorization A-7781 was obtained on 2026-10-01',
    });
    // The structured cover, as signed in packet.json.
    const packet = packetSchema.parse(JSON.parse(await fs.readFile(exported.json, 'utf8')));
    expect(packet.claim).toMatchObject({
      claimNumber: 'PC-70001',
      patientControlNumber: 'PCN-4471',
      patient: { name: 'Jane Q Doe', dateOfBirth: '1961-03-14', memberId: 'MEMB-4471' },
      serviceDate: '2026-10-15',
      billingProvider: { name: 'RIVERSIDE CLINIC', npi: '1234567893', tin: '123456789' },
      deniedAmount: 420.5,
      appealReason: 'Authorization A-7781 was obtained on 2026-10-01',
      payerRationale: 'No authorization on file for CPT 72148.',
    });
    const carc = packet.claim.denialCodes.find((c) => c.code === '197')!;
    expect(carc.description).toMatch(/authorization/i);
    expect(packet.claim.argument).toEqual([
      `We request reconsideration of claim PC-70001 for services on 2026-10-15, denied by ${packet.claim.payer} with CARC 197 (${carc.description}).`,
      'The payer\'s stated rationale was: "No authorization on file for CPT 72148.". The enclosed records answer it as set out below.',
      expect.stringMatching(/^Authorization was obtained or was not required/),
      expect.stringMatching(/^We ask that the claim be reprocessed/),
    ]);
    expect(exported.sources.cover).toMatchObject({
      memberId: 'worklist',
      patientName: '835 NM1*QC',
      argument: 'appeal-arguments.json, category authorization',
    });

    // The enclosures: the letter PDF byte for byte, and the 835 slice of this claim only.
    expect(packet.documents.map((d) => d.role)).toEqual(['denial-letter', 'era-835-slice']);
    const slice = await fs.readFile(path.join(exported.dir, packet.documents[1]!.path), 'latin1');
    expect(slice).toContain(`CLP*PCN-4471*4*420.5*0*0*12*${s.claimNumber}~`);
    expect(slice).toContain('ST*835*0001~');
    expect(slice).not.toContain('RICHARD');
    const attachments = readPdfAttachments(await fs.readFile(pdfPath));
    expect(attachments.get(path.basename(packet.documents[0]!.path))?.subarray(0, 5).toString()).toBe('%PDF-');

    // What a reader of the PDF sees.
    const text = pdfText(await fs.readFile(pdfPath));
    for (const expected of [
      'Jane Q Doe',
      '1961-03-14',
      'MEMB-4471',
      'Date of service',
      '2026-10-15',
      '1234567893',
      '123456789',
      'Denied amount',
      '$420.50',
      'Authorization A-7781 was obtained on 2026-10-01',
      'No authorization on file for CPT 72148.',
      'We request reconsideration of claim PC-70001',
      'Enclosure: 835 remittance',
      `CLP*PCN-4471*4*420.5*0*0*12*${s.claimNumber}~`,
      'Denial letter (PDF) (attached to this PDF)',
    ])
      expect(text, expected).toContain(expected);

    // The PDF alone verifies with the published key.
    expect((await verifyPacket(pdfPath, trust)).problems).toEqual([]);
    // PHI never reaches the logs.
    for (const p of PHI) expect(f.logs.text()).not.toContain(p);
  });

  it('verification fails when a cover fact or an enclosure is edited', async () => {
    const pdfPath = path.join(out, 'edit.pdf');
    const exported = await exportClaimPacket(f.h.db, f.evidence, await findClaim(f.h.db, s.claimId), pdfPath, {
      who: { actor: 'test', reason: 'appeal' },
      draftArgument: draftAppealArgument,
      appealReason: 'Authorization was on file',
    });
    expect((await verifyPacket(exported.dir, trust)).ok).toBe(true);
    // The POSIX verifier (sha256sum, openssl, jq) checks the enclosures too.
    const pem = path.join(out, 'published.pem');
    await fs.writeFile(pem, publicKeyPem(f.evidence.publicKey!));
    const script = path.resolve(import.meta.dirname, '../../../scripts/verify-packet.sh');
    const posix = () => spawnSync('sh', [script, exported.dir, pem], { encoding: 'utf8' });
    expect(posix().stdout).toMatch(/^OK: packet for claim PC-70001 verified: 6 files/);
    const original = await fs.readFile(exported.json, 'utf8');
    const edits: Array<(p: ReturnType<typeof packetSchema.parse>) => void> = [
      (p) => void (p.claim.patient!.memberId = 'MEMB-0000'),
      (p) => void (p.claim.patient!.dateOfBirth = '1970-01-01'),
      (p) => void (p.claim.billingProvider!.npi = '1111111111'),
      (p) => void (p.claim.appealReason = 'something else'),
      (p) => void (p.claim.argument![2] = 'a different argument'),
      (p) => void (p.claim.deniedAmount = 1),
    ];
    for (const edit of edits) {
      const p = packetSchema.parse(JSON.parse(original));
      edit(p);
      await fs.writeFile(exported.json, JSON.stringify(p, null, 2));
      expect((await verifyPacket(exported.dir, trust)).problems.map((x) => x.type)).toEqual(['packet_bad_signature']);
    }
    await fs.writeFile(exported.json, original);
    expect((await verifyPacket(exported.dir, trust)).ok).toBe(true);

    // The enclosed 835 slice changed after signing.
    const doc = packetSchema.parse(JSON.parse(original)).documents.find((d) => d.role === 'era-835-slice')!;
    const slicePath = path.join(exported.dir, doc.path);
    await fs.appendFile(slicePath, 'CAS*CO*45*0~\n');
    const r = await verifyPacket(exported.dir, trust);
    expect(r.problems.map((x) => x.type)).toEqual(['file_changed']);
    expect(posix()).toMatchObject({ status: 1, stdout: expect.stringMatching(/does not match its SHA-256/) });
  });

  it("the dashboard's packet form prints the reason on the cover", async () => {
    const res = await f.app.inject({
      method: 'GET',
      url: `/dashboard/claims/${s.claimId}/packet?reason=${encodeURIComponent('Member had active coverage')}`,
      headers: { authorization: `Bearer ${f.keys.auditor}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(pdfText(res.rawPayload)).toContain('Member had active coverage');
  });
});
