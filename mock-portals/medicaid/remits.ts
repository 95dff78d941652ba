// Weekly remittance advice files of the Medicaid-like portal: one X12 835 per
// RA cycle, written from the seeded claims with the shared 835 writer. The
// remittance structures fed to the writer are kept (minus patient identity)
// as the expected parse, so tests can check parse835Text(file) == truth.
import { createHash } from 'node:crypto';
import type { Adjustment, ServiceLine, Transaction } from '../../x12/types.ts';
import { toDollars } from '../shared/helpers.ts';
import {
  MEDICAID_PAYER,
  medicaidData,
  paidCents,
  patientRespCents,
  raPaymentCents,
  type MedicaidClaim,
  type MedicaidData,
  type RaCycle,
} from './data.ts';
import { expectedFromWriter } from '../../x12/write-expected.ts';
import { write835, type WritableClaim, type WritableTransaction } from '../../x12/write.ts';

export interface RaFile {
  /** Stable id used in download URLs. */
  id: string;
  fileName: string;
  /** The same RA as a PDF (GET /ra/pdf/:id). */
  pdfFileName: string;
  paymentDate: string;
  method: 'ACH' | 'CHK' | 'NON';
  traceNumber: string;
  amountCents: number;
  claimCount: number;
  text: string;
  byteSize: number;
  sha256: string;
  /** What parse835Text(text).transactions must equal. */
  transactions: Transaction[];
}

/** Signed cents -> JSON amount, never -0 (it would not survive a round trip). */
const amt = (sign: 1 | -1, cents: number): number => (cents === 0 ? 0 : toDollars(sign * cents));

function adjustments(list: { group: string; carc: string; amountCents: number }[], sign: 1 | -1): Adjustment[] {
  return list.map((a) => ({ group: a.group, reason: a.carc, amount: amt(sign, a.amountCents), quantity: null }));
}

function claimSegment(c: MedicaidClaim, sign: 1 | -1): WritableClaim {
  const lines: ServiceLine[] = c.lines.map((l) => ({
    procedure: { qualifier: 'HC', code: l.code, modifiers: [...l.modifiers] },
    chargeAmount: amt(sign, l.chargeCents),
    paidAmount: amt(sign, l.paidCents),
    units: l.units,
    adjustments: adjustments(l.adjustments, sign),
    remarkCodes: [...l.remarkCodes],
    serviceDate: c.serviceDate,
    allowedAmount: amt(sign, l.allowedCents),
    lineItemControlNumber: l.lineControl,
  }));
  return {
    patientControlNumber: c.patientControlNumber,
    // A reversal (22) takes back the original's money with negated amounts.
    statusCode: sign === -1 ? '22' : (c.clp02 as string),
    chargeAmount: amt(sign, c.billedCents),
    paidAmount: amt(sign, paidCents(c)),
    patientResponsibility: amt(sign, patientRespCents(c)),
    payerClaimControlNumber: c.icn,
    adjustments: [],
    serviceLines: lines,
    claimFilingIndicator: 'MC',
    // MA67 (correction to a prior claim) belongs on the reversal, not on the original payment.
    remarkCodes: c.scenario === 'reversed' ? (sign === -1 ? [...c.remarkCodes] : []) : [...c.remarkCodes],
    patient: {
      lastName: c.patient.lastName.toUpperCase().replace(/'/g, ''),
      firstName: c.patient.firstName.toUpperCase(),
      memberId: c.memberId,
    },
  };
}

function transaction(data: MedicaidData, cycle: RaCycle): WritableTransaction | null {
  const claims: WritableClaim[] = [];
  for (const c of data.claims) {
    if (c.reversalCycle === cycle.index) claims.push(claimSegment(c, -1));
    if (c.cycle === cycle.index) claims.push(claimSegment(c, 1));
  }
  if (claims.length === 0) return null;
  return {
    controlNumber: '0001',
    payer: { name: MEDICAID_PAYER.name, id: MEDICAID_PAYER.payerId835 },
    payee: { name: data.billingProvider.name, npi: data.billingProvider.npi, taxId: data.billingProvider.taxId },
    payment: {
      amount: toDollars(raPaymentCents(data.claims, cycle)),
      method: cycle.method,
      date: cycle.paymentDate,
      traceNumber: cycle.traceNumber,
    },
    claims,
    providerAdjustments: cycle.providerAdjustments.map((p) => ({
      reason: p.reason,
      reference: p.reference,
      amount: toDollars(p.amountCents),
    })),
    payerAddress: { line: 'PO BOX 2280', city: 'CAPITOL CITY', state: 'PA', zip: '17105' },
  };
}

function build(seed: number): RaFile[] {
  const data = medicaidData(seed);
  const files: RaFile[] = [];
  for (const cycle of data.cycles) {
    const tx = transaction(data, cycle);
    if (!tx) continue;
    const ymd = cycle.paymentDate.replaceAll('-', '');
    const writeOptions = {
      lineBreak: '\n',
      senderId: 'STMEDICAID',
      receiverId: data.billingProvider.npi,
      interchangeControlNumber: 100_000 + cycle.index,
      groupControlNumber: 500 + cycle.index,
      date: new Date(`${cycle.paymentDate}T06:15:00Z`),
    };
    const text = write835([tx], writeOptions);
    files.push({
      id: `${ymd}${cycle.method === 'CHK' ? 'C' : cycle.method === 'ACH' ? 'E' : 'N'}${String(cycle.index).padStart(2, '0')}`,
      fileName: `RA_${ymd}_${cycle.traceNumber}.835`,
      pdfFileName: `RA_${ymd}_${cycle.traceNumber}.pdf`,
      paymentDate: cycle.paymentDate,
      method: cycle.method,
      traceNumber: cycle.traceNumber,
      amountCents: raPaymentCents(data.claims, cycle),
      claimCount: tx.claims.length,
      text,
      byteSize: Buffer.byteLength(text, 'utf8'),
      sha256: createHash('sha256').update(text, 'utf8').digest('hex'),
      transactions: [expectedFromWriter(tx, writeOptions)],
    });
  }
  return files;
}

const cache = new Map<number, RaFile[]>();
/** Every RA file of a seed, oldest first. Pure; cached per seed. */
export function medicaidRaFiles(seed: number): RaFile[] {
  let v = cache.get(seed);
  if (!v) cache.set(seed, (v = build(seed)));
  return v;
}
