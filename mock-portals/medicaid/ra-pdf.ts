// The Medicaid-like portal's remittance advice as a PDF, the paper-style RA
// state programs still publish next to the 835: payment header, then each
// claim of the RA cycle (ICN, account number, billed, paid, adjustments),
// read from the same transactions the 835 was written from.
import PDFDocument from 'pdfkit';
import { MEDICAID_PAYER } from './data.ts';
import { slashDate } from './format.ts';
import type { RaFile } from './remits.ts';

const money = (n: number): string => n.toFixed(2);

export function raPdf(file: RaFile): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // A fixed creation date keeps the bytes (and so evidence hashes) a function of the seed.
    const doc = new PDFDocument({
      size: 'LETTER',
      margin: 48,
      info: { Title: `Remittance Advice ${file.traceNumber}`, CreationDate: new Date(`${file.paymentDate}T12:00:00Z`) },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (b: Buffer) => chunks.push(b));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    const tx = file.transactions[0]!;
    doc.font('Courier').fontSize(12).text(`${MEDICAID_PAYER.name.toUpperCase()} - REMITTANCE ADVICE`).moveDown();
    doc
      .fontSize(9)
      .text(`PAYEE: ${tx.payee.name}   NPI: ${tx.payee.npi ?? 'N/A'}`)
      .text(
        `PAYMENT DATE: ${slashDate(file.paymentDate)}   CHECK/EFT NO.: ${file.traceNumber}   METHOD: ${file.method}`,
      )
      .text(`PAYMENT AMT: ${money(file.amountCents / 100)}   CLAIMS: ${file.claimCount}`)
      .moveDown();
    for (const c of tx.claims) {
      doc.text(
        `ICN ${c.payerClaimControlNumber ?? 'N/A'}  ACCT ${c.patientControlNumber}  STATUS ${c.statusCode}  BILLED ${money(c.chargeAmount)}  PAID ${money(c.paidAmount)}`,
      );
      for (const l of c.serviceLines)
        for (const a of l.adjustments) doc.text(`    ${l.procedure.code} ${a.group}-${a.reason} ${money(a.amount)}`);
    }
    for (const p of tx.providerAdjustments)
      doc.text(`PROVIDER ADJ ${p.reason} ${p.reference ?? ''} ${money(p.amount)}`);
    doc.end();
  });
}
