// The appeal half of the packet PDF's cover: who the patient is, who billed,
// what was denied, why we appeal and the drafted argument, and the enclosed
// documents; plus one page per text enclosure (the claim's 835 slice), printed
// as sent. Everything here comes from packet.json, which packet.sig signs.
import { type Doc, gridTable, heading, kvTable, M, t, usd, W } from './pdf-layout.ts';
import type { Packet } from './schema.ts';

type Row = [string, string];

/** Rows that identify the claim to the payer, in the order an appeal form asks for them. */
export function identityRows(c: Packet['claim']): Row[] {
  const rows: Array<Row | null> = [
    c.patient?.name ? ['Patient', c.patient.name] : null,
    c.patient?.dateOfBirth ? ['Date of birth', c.patient.dateOfBirth] : null,
    c.patient?.memberId ? ['Member ID', c.patient.memberId] : null,
    c.serviceDate ? ['Date of service', c.serviceDate] : null,
    ['Claim number', c.claimNumber],
    ['Payer', c.payer],
    c.patientControlNumber ? ['Patient control no.', c.patientControlNumber] : null,
    c.billingProvider?.name ? ['Billing provider', c.billingProvider.name] : null,
    c.billingProvider?.npi ? ['Billing NPI', c.billingProvider.npi] : null,
    c.billingProvider?.tin ? ['Billing TIN', c.billingProvider.tin] : null,
    ['Billed', usd(c.amounts.billed)],
    ['Allowed', usd(c.amounts.allowed)],
    ['Paid', usd(c.amounts.paid)],
    ['Patient responsibility', usd(c.amounts.patientResponsibility)],
    c.deniedAmount === undefined ? null : ['Denied amount', usd(c.deniedAmount)],
  ];
  return rows.filter((r): r is Row => r !== null);
}

/** Reason for the appeal and the drafted argument; nothing when the packet has neither. */
export function appealSection(doc: Doc, c: Packet['claim']): void {
  if (!c.appealReason && !c.argument?.length) return;
  heading(doc, 'Appeal');
  if (c.appealReason) kvTable(doc, [['Reason for appeal', c.appealReason]]);
  if (c.payerRationale) kvTable(doc, [["Payer's stated rationale", c.payerRationale]]);
  for (const p of c.argument ?? []) {
    doc.moveDown(0.3).font('Helvetica').fontSize(9.5).fillColor('#111827').text(t(p), M, undefined, { width: W });
  }
}

export function enclosuresSection(doc: Doc, packet: Packet): void {
  if (packet.documents.length === 0) return;
  heading(doc, 'Enclosures');
  gridTable(
    doc,
    ['Document', 'Type', 'SHA-256'],
    [170, 80, 262],
    packet.documents.map((d) => [
      `${d.label}${d.contentType.startsWith('text/') ? ' (printed after the exhibits)' : ' (attached to this PDF)'}`,
      d.contentType.split(';')[0]!,
      d.sha256,
    ]),
    8,
  );
}

/** One page (or more) per text enclosure, monospaced, as the payer sent it. */
export function textEnclosurePages(doc: Doc, packet: Packet, bytesOf: (path: string) => Uint8Array | undefined): void {
  for (const d of packet.documents.filter((x) => x.contentType.startsWith('text/'))) {
    const bytes = bytesOf(d.path);
    if (!bytes) continue;
    doc.addPage();
    doc
      .font('Helvetica-Bold')
      .fontSize(13)
      .fillColor('#111827')
      .text(t(`Enclosure: ${d.label}`), M, M, { width: W });
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor('#374151')
      .text(t(`SHA-256 ${d.sha256}, ${d.byteSize} bytes`), { width: W });
    doc.moveDown(0.5).font('Courier').fontSize(8).fillColor('#111827');
    doc.text(t(Buffer.from(bytes).toString('latin1')), M, undefined, { width: W });
  }
}
