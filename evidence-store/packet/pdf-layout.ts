// Layout helpers for the packet PDF (pdfkit): margins, safe text for the
// standard fonts, key/value and grid tables that wrap and break pages.
import type PDFDocument from 'pdfkit';

export const M = 50;
export const W = 612 - 2 * M;

/** Standard PDF fonts are WinAnsi: keep printable Latin-1, replace the rest, so nothing renders as garbage. */
export function t(s: string | number | null | undefined): string {
  return String(s ?? '').replace(/[^\x20-\x7e\xa0-\xff\n]/g, '?');
}

export function usd(n: number): string {
  return `${n < 0 ? '-' : ''}$${Math.abs(n).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export type Doc = InstanceType<typeof PDFDocument>;

export function heading(doc: Doc, text: string, size = 13): void {
  doc
    .moveDown(0.6)
    .font('Helvetica-Bold')
    .fontSize(size)
    .fillColor('#111827')
    .text(t(text), M, undefined, { width: W });
  doc.moveDown(0.2).font('Helvetica').fontSize(10);
}

/** Two-column key/value table; rows wrap and break pages as needed. */
export function kvTable(
  doc: Doc,
  rows: Array<[string, string]>,
  opts: { keyWidth?: number; size?: number; mono?: boolean } = {},
): void {
  const kw = opts.keyWidth ?? 130;
  const size = opts.size ?? 9;
  for (const [k, v] of rows) {
    const vh = doc
      .font(opts.mono ? 'Courier' : 'Helvetica')
      .fontSize(size)
      .heightOfString(t(v), { width: W - kw - 6 });
    const h = Math.max(vh, size * 1.2) + 3;
    if (doc.y + h > 792 - M) doc.addPage();
    const y = doc.y;
    doc
      .font('Helvetica-Bold')
      .fontSize(size)
      .fillColor('#374151')
      .text(t(k), M, y, { width: kw - 6 });
    doc
      .font(opts.mono ? 'Courier' : 'Helvetica')
      .fontSize(size)
      .fillColor('#111827')
      .text(t(v), M + kw, y, { width: W - kw - 6 });
    doc.y = y + h;
    doc
      .moveTo(M, doc.y - 1.5)
      .lineTo(M + W, doc.y - 1.5)
      .lineWidth(0.3)
      .strokeColor('#d1d5db')
      .stroke();
  }
  doc.x = M;
}

export function gridTable(doc: Doc, header: string[], widths: number[], rows: string[][], size = 9): void {
  const draw = (cells: string[], bold: boolean): void => {
    const h =
      Math.max(
        ...cells.map((c, i) =>
          doc
            .font(bold ? 'Helvetica-Bold' : 'Helvetica')
            .fontSize(size)
            .heightOfString(t(c), { width: widths[i]! - 6 }),
        ),
      ) + 4;
    if (doc.y + h > 792 - M) doc.addPage();
    const y = doc.y;
    let x = M;
    cells.forEach((c, i) => {
      doc
        .font(bold ? 'Helvetica-Bold' : 'Helvetica')
        .fontSize(size)
        .fillColor('#111827')
        .text(t(c), x, y, { width: widths[i]! - 6 });
      x += widths[i]!;
    });
    doc.y = y + h;
    doc
      .moveTo(M, doc.y - 2)
      .lineTo(M + W, doc.y - 2)
      .lineWidth(bold ? 0.8 : 0.3)
      .strokeColor('#9ca3af')
      .stroke();
  };
  draw(header, true);
  for (const r of rows) draw(r, false);
  doc.x = M;
}
