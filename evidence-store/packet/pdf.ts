// The packet PDF: cover (claim, signer fingerprint), one exhibit per screenshot,
// verification page; packet.json, packet.sig and every original are attached, so the
// PDF alone can be verified (`portalbots evidence verify --packet FILE.pdf`).
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { pngSize } from '../manifest.ts';
import { PACKET_SIGNATURE_FILE, type Packet } from './schema.ts';
import { appealSection, enclosuresSection, identityRows, textEnclosurePages } from './pdf-cover.ts';
import { gridTable, heading, kvTable, M, t, usd, W } from './pdf-layout.ts';

/** The original bytes of each capture, in exhibit order (the screenshots are drawn from them). */
interface ExhibitBytes {
  captures: ReadonlyArray<{ files: ReadonlyArray<{ role: string; bytes: Uint8Array }> }>;
}

export async function writePdf(
  packet: Packet,
  input: ExhibitBytes,
  originals: Array<{ rel: string; bytes: Uint8Array; contentType: string }>,
  json: string,
  signature: Buffer,
  pdfPath: string,
): Promise<void> {
  const c = packet.claim;
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: M,
    info: { Title: `Appeal evidence packet - claim ${t(c.claimNumber)}`, Producer: 'portalbots evidence-store' },
  });
  const done = new Promise<void>((resolve, reject) => {
    const ws = createWriteStream(pdfPath);
    ws.on('finish', () => resolve()).on('error', reject);
    doc.pipe(ws);
  });

  // Cover page.
  doc.font('Helvetica-Bold').fontSize(20).fillColor('#111827').text('Appeal Evidence Packet', M, M);
  doc
    .font('Helvetica')
    .fontSize(11)
    .fillColor('#374151')
    .text(t(`Claim ${c.claimNumber}  |  ${c.payer}`));
  heading(doc, 'Claim');
  kvTable(doc, identityRows(c));
  heading(doc, 'Denial codes');
  if (c.denialCodes.length)
    gridTable(
      doc,
      ['Group', 'Code', 'Description', 'Amount'],
      [50, 60, 312, 90],
      c.denialCodes.map((d) => [d.group, d.code, d.description, usd(d.amount)]),
    );
  else doc.text('None reported.');
  appealSection(doc, c);
  heading(doc, 'Deadlines');
  if (c.deadlines.length)
    gridTable(
      doc,
      ['Deadline', 'Date'],
      [300, 212],
      c.deadlines.map((d) => [d.label, d.date]),
    );
  else doc.text('None recorded.');
  enclosuresSection(doc, packet);
  heading(doc, 'Evidence');
  kvTable(doc, [
    ['Screens captured', String(packet.captures.length)],
    [
      'Captured between',
      packet.captures.length
        ? `${packet.captures[0]!.manifest.capturedAt}  and  ${packet.captures[packet.captures.length - 1]!.manifest.capturedAt}`
        : '-',
    ],
    [
      'Ledger checkpoint',
      `entries 1..${packet.checkpoint.size}, signed ${packet.checkpoint.time} by key ${packet.checkpoint.keyId}`,
    ],
    ['Packet created', packet.createdAt],
    ['Signed by key', `${packet.signer.keyId} (Ed25519)`],
    ['Key fingerprint', packet.signer.fingerprint],
  ]);
  doc
    .moveDown(0.4)
    .font('Helvetica')
    .fontSize(8)
    .fillColor('#374151')
    .text(
      t(
        'Everything this packet states is in its attached packet.json, signed as a whole (packet.sig). Check the fingerprint ' +
          'above against the key the sender publishes, then run: portalbots evidence verify --packet <this file> --trust <their key>, ' +
          'or the standalone script in the portalbots repository (docs/VERIFYING.md).',
      ),
      M,
      undefined,
      { width: W },
    );

  // One exhibit per capture: the original screenshot, scaled to fit, then its manifest.
  packet.captures.forEach((cap, i) => {
    const m = cap.manifest;
    doc.addPage();
    doc
      .font('Helvetica-Bold')
      .fontSize(13)
      .fillColor('#111827')
      .text(t(`Exhibit ${i + 1} of ${packet.captures.length}: ${m.label || m.title || 'page capture'}`), M, M, {
        width: W,
      });
    doc
      .font('Helvetica')
      .fontSize(9)
      .fillColor('#374151')
      .text(t(`Captured ${m.capturedAt} (UTC) from ${m.finalUrl}`), { width: W });
    const png = input.captures[i]!.files.find((f) => f.role === 'png');
    if (png) {
      const y = doc.y + 6;
      const maxH = 400;
      const img = pngSize(png.bytes) ?? { width: W, height: 300 };
      const scale = Math.min(W / img.width, maxH / img.height, 1);
      doc
        .rect(M - 1, y - 1, img.width * scale + 2, img.height * scale + 2)
        .lineWidth(0.5)
        .strokeColor('#6b7280')
        .stroke();
      doc.image(Buffer.from(png.bytes), M, y, { width: img.width * scale, height: img.height * scale });
      doc.y = y + img.height * scale + 10;
    }
    kvTable(
      doc,
      [
        ['URL requested', m.url],
        ['Final URL', m.finalUrl],
        ['HTTP status', m.httpStatus === null ? 'n/a' : String(m.httpStatus)],
        ['Page title', m.title],
        ['Captured at (UTC)', m.capturedAt],
        ['Browser / Playwright', `${m.browser.version} / Playwright ${m.playwrightVersion}`],
        ['User agent', m.userAgent],
        [
          'Viewport',
          `${m.viewport.width} x ${m.viewport.height} @ ${m.viewport.deviceScaleFactor}x${m.image ? `  (image ${m.image.width} x ${m.image.height} px)` : ''}`,
        ],
        ['Portal / bot version', `${m.portal} / ${m.botVersion}`],
        ['Run / job', `${m.runId} / ${m.jobId}`],
        ['Ledger entry', `seq ${cap.ledgerSeq}`],
        ['SHA-256 screenshot', m.files.png.sha256],
        ['SHA-256 HTML', m.files.html.sha256],
        ['SHA-256 ARIA snapshot', m.files.aria.sha256],
        ['SHA-256 manifest', cap.manifestSha256],
      ],
      { size: 8 },
    );
  });

  // Text enclosures (the claim's 835 slice) are printed; binary ones (the denial letter PDF) travel attached.
  const byPath = new Map(originals.map((o) => [o.rel, o.bytes]));
  textEnclosurePages(doc, packet, (p) => byPath.get(p));

  // Verification page: everything needed to check the packet by hand.
  doc.addPage();
  doc.font('Helvetica-Bold').fontSize(15).fillColor('#111827').text('Verification', M, M);
  doc
    .font('Helvetica')
    .fontSize(9)
    .fillColor('#374151')
    .text(
      t(
        'Each original below is included byte-for-byte (originals/ next to this PDF, and as attachments of this PDF). ' +
          'Its SHA-256 must equal the value listed. Each capture is an entry of an append-only hash chain: ' +
          'bodyHash = SHA-256 of the entry body as canonical JSON; entryHash = SHA-256 of canonical JSON {v:1, seq, prevHash, bodyHash}. ' +
          'The chain slice in packet.json links each entry to the next up to the checkpoint below, whose Ed25519 signature covers ' +
          'canonical JSON {v:1, chain, size, headHash, time, keyId}. Compare the public key with the one published by the sender.',
      ),
      { width: W },
    );
  heading(doc, 'Files', 11);
  gridTable(
    doc,
    ['Exhibit', 'Role', 'SHA-256', 'Bytes'],
    [50, 60, 332, 70],
    packet.captures.flatMap((cap, i) => cap.files.map((f) => [String(i + 1), f.role, f.sha256, String(f.byteSize)])),
    7.5,
  );
  heading(doc, 'Chain positions', 11);
  gridTable(
    doc,
    ['Exhibit', 'Seq', 'Entry hash'],
    [50, 60, 402],
    packet.captures.map((cap, i) => [
      String(i + 1),
      String(cap.ledgerSeq),
      packet.ledgerSlice.find((l) => l.seq === cap.ledgerSeq)?.entryHash ?? '?',
    ]),
    7.5,
  );
  doc
    .moveDown(0.3)
    .font('Helvetica')
    .fontSize(8)
    .text(
      t(
        `Slice: entries ${packet.ledgerSlice[0]?.seq ?? '-'}..${packet.ledgerSlice[packet.ledgerSlice.length - 1]?.seq ?? '-'} (${packet.ledgerSlice.length} entries; other claims' entries appear as links only).`,
      ),
      M,
    );
  heading(doc, 'Signed checkpoint', 11);
  kvTable(
    doc,
    [
      ['Chain', packet.checkpoint.chain],
      ['Size', String(packet.checkpoint.size)],
      ['Head hash', packet.checkpoint.headHash],
      ['Time (UTC)', packet.checkpoint.time],
      ['Key id', packet.checkpoint.keyId],
      ['Public key (Ed25519, base64)', packet.checkpoint.publicKey],
      ['Signature (base64)', packet.checkpoint.signature],
    ],
    { size: 8, mono: true, keyWidth: 140 },
  );

  // Attachments make the PDF self-contained (pdfdetach -saveall recovers the packet directory).
  doc.file(Buffer.from(json), {
    name: 'packet.json',
    type: 'application/json',
    description: 'machine-readable packet',
  });
  doc.file(signature, {
    name: PACKET_SIGNATURE_FILE,
    type: 'application/octet-stream',
    description: 'Ed25519 signature over the exact bytes of packet.json',
  });
  for (const o of originals)
    doc.file(Buffer.from(o.bytes), {
      name: path.basename(o.rel),
      type: o.contentType.split(';')[0]!,
      description: `original ${path.basename(o.rel)}`,
    });
  doc.end();
  await done;
}
