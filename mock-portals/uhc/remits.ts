// Payments of the UHC-like portal and their electronic remittance advice:
// one payment per TIN and payment date (the EFT trace / check number the
// claim screens already show), holding the claims paid that day plus the
// denials adjudicated before it. Each payment's 835 is written from the
// seeded claims with the shared x12 writer, so ingesting it matches the
// portal's claims. Like the real payer, a payment with many claims is split
// into several 835s (one ST/SE each, each balanced on its own) and handed
// out as one ZIP archive. The writer's input is kept as the expected parse.
import { createHash } from 'node:crypto';
import type { Transaction } from '../../x12/types.ts';
import { expectedFromWriter } from '../../x12/write-expected.ts';
import { write835, type WritableClaim, type WritableTransaction } from '../../x12/write.ts';
import { addDays, toDollars } from '../shared/helpers.ts';
import { writeZip } from '../shared/zip.ts';
import { uhcData, type UhcClaim, type UhcTin } from './data.ts';

/** Claims per 835 file before the payer splits a payment's remittance. */
export const UHC_CLAIMS_PER_835 = 3;
const PAYER = { name: 'UNITEDCARE', id: '87726' } as const;

export interface UhcRemitFile {
  fileName: string;
  text: string;
  byteSize: number;
  sha256: string;
  amountCents: number;
  claimNumbers: string[];
  /** What parse835Text(text).transactions must equal. */
  transactions: Transaction[];
}

export interface UhcPayment {
  /** Stable id used in download URLs. */
  id: string;
  tin: string;
  traceNumber: string;
  method: 'ACH' | 'CHK';
  paymentDate: string;
  amountCents: number;
  claims: UhcClaim[];
  files: UhcRemitFile[];
  /** Set when the payment's 835s come as one ZIP (more than one file). */
  archive: { fileName: string; bytes: Buffer; sha256: string } | null;
  /** File name of the PDF remittance advice. */
  pdfFileName: string;
}

const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

function clp(c: UhcClaim): WritableClaim {
  return {
    patientControlNumber: c.patientAccountNumber,
    statusCode: c.paidCents > 0 ? '1' : '4',
    chargeAmount: toDollars(c.billedCents),
    paidAmount: toDollars(c.paidCents),
    patientResponsibility: toDollars(c.patientRespCents),
    payerClaimControlNumber: c.claimNumber,
    adjustments: c.adjustments.map((a) => ({
      group: a.group,
      reason: a.carc,
      amount: toDollars(a.amountCents),
      quantity: null,
    })),
    serviceLines: [],
    claimFilingIndicator: 'CI',
    remarkCodes: c.remarkCodes.slice(0, 5),
    patient: {
      lastName: c.patient.lastName.toUpperCase().replace(/'/g, ''),
      firstName: c.patient.firstName.toUpperCase(),
      memberId: c.memberId,
    },
  };
}

/** Payments by TIN and date; denials join the TIN's first payment at least two weeks after receipt. */
function group(claims: readonly UhcClaim[]): Omit<UhcPayment, 'id' | 'files' | 'archive' | 'pdfFileName'>[] {
  const byKey = new Map<string, Omit<UhcPayment, 'id' | 'files' | 'archive' | 'pdfFileName'>>();
  for (const c of claims) {
    if (c.paidCents <= 0 || !c.paymentDate || !c.paymentNumber) continue;
    const key = `${c.tin}|${c.paymentDate}`;
    const p = byKey.get(key) ?? {
      tin: c.tin,
      traceNumber: c.paymentNumber,
      method: c.paymentMethod === 'CHECK' ? ('CHK' as const) : ('ACH' as const),
      paymentDate: c.paymentDate,
      amountCents: 0,
      claims: [],
    };
    p.claims.push(c);
    p.amountCents += c.paidCents;
    byKey.set(key, p);
  }
  const payments = [...byKey.values()].sort(
    (a, b) => a.paymentDate.localeCompare(b.paymentDate) || a.tin.localeCompare(b.tin),
  );
  for (const c of claims) {
    if (c.statusCategory !== 'F2' || c.paidCents !== 0 || c.duplicateOf) continue;
    const due = addDays(c.receivedDate, 14);
    payments.find((p) => p.tin === c.tin && p.paymentDate >= due)?.claims.push(c);
  }
  for (const p of payments) p.claims.sort((a, b) => a.claimNumber.localeCompare(b.claimNumber));
  return payments;
}

function build(seed: number): UhcPayment[] {
  const data = uhcData(seed);
  const tinOf = new Map(data.tins.map((t) => [t.tin, t] as const));
  let interchange = 300_000;
  return group(data.claims).map((p, i) => {
    const tin = tinOf.get(p.tin) as UhcTin;
    const ymd = p.paymentDate.replaceAll('-', '');
    const chunks: UhcClaim[][] = [];
    for (let k = 0; k < p.claims.length; k += UHC_CLAIMS_PER_835)
      chunks.push(p.claims.slice(k, k + UHC_CLAIMS_PER_835));
    const files = chunks.map((chunk, k): UhcRemitFile => {
      const amountCents = chunk.reduce((s, c) => s + c.paidCents, 0);
      const tx: WritableTransaction = {
        controlNumber: String(k + 1).padStart(4, '0'),
        payer: { name: PAYER.name, id: PAYER.id },
        payee: { name: tin.name.toUpperCase(), npi: null, taxId: tin.tin },
        payment: { amount: toDollars(amountCents), method: p.method, date: p.paymentDate, traceNumber: p.traceNumber },
        claims: chunk.map(clp),
        providerAdjustments: [],
        payerAddress: { line: 'PO BOX 30555', city: 'SALT LAKE CITY', state: 'UT', zip: '84130' },
      };
      const opts = {
        lineBreak: '\n',
        senderId: 'UNITEDCARE',
        receiverId: tin.tin,
        interchangeControlNumber: ++interchange,
        groupControlNumber: interchange - 299_000,
        date: new Date(`${p.paymentDate}T05:00:00Z`),
      };
      const text = write835([tx], opts);
      const part = chunks.length > 1 ? `_${k + 1}of${chunks.length}` : '';
      return {
        fileName: `UC835_${p.tin}_${ymd}_${p.traceNumber}${part}.835`,
        text,
        byteSize: Buffer.byteLength(text, 'utf8'),
        sha256: sha(text),
        amountCents,
        claimNumbers: chunk.map((c) => c.claimNumber),
        transactions: [expectedFromWriter(tx, opts)],
      };
    });
    let archive: UhcPayment['archive'] = null;
    if (files.length > 1) {
      const bytes = writeZip(
        files.map((f) => ({ name: f.fileName, bytes: Buffer.from(f.text, 'utf8') })),
        p.paymentDate,
      );
      archive = { fileName: `UC835_${p.tin}_${ymd}_${p.traceNumber}.zip`, bytes, sha256: sha(bytes) };
    }
    return {
      ...p,
      id: `PM${ymd}${String(i).padStart(4, '0')}`,
      files,
      archive,
      pdfFileName: `UCRA_${p.tin}_${ymd}_${p.traceNumber}.pdf`,
    };
  });
}

const cache = new Map<number, UhcPayment[]>();
/** Every payment of a seed, oldest first. Pure; cached per seed. */
export function uhcPayments(seed: number): UhcPayment[] {
  let v = cache.get(seed);
  if (!v) cache.set(seed, (v = build(seed)));
  return v;
}

/** Ground truth of one payment: what its page lists and what a correct era-download stores. */
export interface UhcPaymentTruth {
  id: string;
  tin: string;
  traceNumber: string;
  method: 'ACH' | 'CHK';
  paymentDate: string;
  amount: number;
  claimNumbers: string[];
  /** Set when the 835s are downloaded as one ZIP. */
  archiveFileName: string | null;
  pdfFileName: string;
  /** The era-download output entry of each 835 (without evidenceId), plus the expected parse. */
  files: {
    expected: {
      fileName: string;
      payer: string;
      paymentDate: string;
      traceNumber: string;
      amount: number | null;
      sha256: string;
      byteSize: number;
    };
    claimNumbers: string[];
    transactions: Transaction[];
  }[];
}

export function uhcPaymentTruth(seed: number): UhcPaymentTruth[] {
  return uhcPayments(seed).map((p) => ({
    id: p.id,
    tin: p.tin,
    traceNumber: p.traceNumber,
    method: p.method,
    paymentDate: p.paymentDate,
    amount: toDollars(p.amountCents),
    claimNumbers: p.claims.map((c) => c.claimNumber),
    archiveFileName: p.archive?.fileName ?? null,
    pdfFileName: p.pdfFileName,
    files: p.files.map((f) => ({
      expected: {
        fileName: f.fileName,
        payer: 'uhc',
        paymentDate: p.paymentDate,
        traceNumber: p.traceNumber,
        // The portal lists the payment's total: one file of a split remittance has no listed amount.
        amount: p.files.length > 1 ? null : toDollars(f.amountCents),
        sha256: f.sha256,
        byteSize: f.byteSize,
      },
      claimNumbers: f.claimNumbers,
      transactions: f.transactions,
    })),
  }));
}
