// The Document Library of the UHC-like portal: a paginated, TIN-scoped list
// of letters (filterable by claim number), each letter as an HTML page and as
// a PDF. Letters use their own formats ($1,234.56, "March 4, 2025"), unlike
// the claim screens, as real payer correspondence does.
import PDFDocument from 'pdfkit';
import { escapeHtml as h, formatUsd, usDate } from '../shared/helpers.ts';
import { carcText, deniedCents, rarcText, type UhcClaim, type UhcTin } from './data.ts';
import { dashedTin, longDate } from './format.ts';
import { shell } from './views.ts';

export interface LibraryPageInput {
  tin: UhcTin;
  /** Claims with letters, newest letter first. */
  claims: readonly UhcClaim[];
  claimNumber: string;
  page: number;
  pageSize: number;
}

export function libraryPage({ tin, claims, claimNumber, page, pageSize }: LibraryPageInput): string {
  const pages = Math.max(1, Math.ceil(claims.length / pageSize));
  const shown = claims.slice((page - 1) * pageSize, page * pageSize);
  const rows = shown
    .map((c) => {
      const l = c.letter as NonNullable<UhcClaim['letter']>;
      return `<tr><td>${usDate(l.letterDate)}</td><td>Denial Letter</td><td>${h(c.claimNumber)}</td>
<td><a href="/documents/${h(l.documentId)}">${h(l.documentId)}</a></td><td><a href="/documents/${h(l.documentId)}/pdf" aria-label="Download PDF of ${h(l.documentId)}">PDF</a></td></tr>`;
    })
    .join('');
  const q = claimNumber ? `&claimNumber=${encodeURIComponent(claimNumber)}` : '';
  const nav = [
    page > 1 ? `<a href="/documents?page=${page - 1}${q}">Previous</a>` : '',
    `<span>Page ${page} of ${pages}</span>`,
    page < pages ? `<a href="/documents?page=${page + 1}${q}">Next</a>` : '',
  ].join(' ');
  return shell({
    title: 'Document Library',
    signedIn: true,
    tin,
    body: `<h1>Document Library</h1>
<form method="get" action="/documents" class="panel" aria-label="Find documents"><label for="docClaim">Claim Number</label>
<input type="text" id="docClaim" name="claimNumber" value="${h(claimNumber)}"><button class="btn" type="submit">Find Documents</button></form>
<p role="status">${claims.length} document${claims.length === 1 ? '' : 's'} for Tax ID ${dashedTin(tin.tin)}</p>
<table aria-label="Documents"><thead><tr><th>Document Date</th><th>Document Type</th><th>Claim Number</th><th>Document ID</th><th>Download</th></tr></thead><tbody>${rows}</tbody></table>
<nav class="pages" aria-label="Pagination">${nav}</nav>`,
  });
}

const dd = (term: string, value: string): string => `<dt>${h(term)}</dt><dd>${h(value)}</dd>`;

export function letterPage(c: UhcClaim, tin: UhcTin): string {
  const l = c.letter as NonNullable<UhcClaim['letter']>;
  const codes = c.adjustments
    .map(
      (a) =>
        `<tr><td>${a.group}</td><td>${h(a.carc)}</td><td>${h(carcText(a.carc))}</td><td>${formatUsd(a.amountCents)}</td></tr>`,
    )
    .join('');
  const remarks = c.remarkCodes.map((r) => `<tr><td>${h(r)}</td><td>${h(rarcText(r))}</td></tr>`).join('');
  return shell({
    title: `Letter ${l.documentId}`,
    signedIn: true,
    tin,
    body: `<p><a href="/documents">Back to Document Library</a></p>
<article aria-labelledby="letter-h" class="panel"><h1 id="letter-h">Explanation of Claim Denial</h1>
<section aria-label="Letter details"><dl>
${dd('Letter Date', longDate(l.letterDate))}${dd('Document ID', l.documentId)}${dd('Claim Number', c.claimNumber)}${dd('Tax ID', dashedTin(c.tin))}
${dd('Date of Service', longDate(c.serviceDate))}${dd('Amount Billed', formatUsd(c.billedCents))}${dd('Amount Denied', formatUsd(deniedCents(c)))}</dl></section>
<p>Dear ${h(tin.name)}:</p><p>We reviewed the claim identified above. Some or all of the charges were denied for the reasons below.</p>
<section aria-labelledby="why-h"><h2 id="why-h">Reason for Denial</h2><p>${h(l.rationale)}</p></section>
<h2 id="carc-h">Claim Adjustment Reason Codes</h2>
<table aria-labelledby="carc-h"><thead><tr><th>Group</th><th>CARC</th><th>Description</th><th>Amount</th></tr></thead><tbody>${codes}</tbody></table>
<h2 id="rarc-h">Remittance Advice Remark Codes</h2>
<table aria-labelledby="rarc-h"><thead><tr><th>RARC</th><th>Description</th></tr></thead><tbody>${remarks}</tbody></table>
<section aria-labelledby="appeal-h"><h2 id="appeal-h">Your Right to Appeal</h2>
<p>If you disagree with this decision, you may request a reconsideration and then an appeal through the portal. The request must be received within 12 months of the date of service, no later than ${longDate(l.appealDeadline)}.</p></section>
</article>`,
  });
}

/** The same letter as a PDF document. */
export function letterPdf(c: UhcClaim): Promise<Buffer> {
  const l = c.letter as NonNullable<UhcClaim['letter']>;
  return new Promise((resolve, reject) => {
    // A fixed creation date keeps the bytes (and so evidence hashes) a function of the seed.
    const doc = new PDFDocument({
      size: 'LETTER',
      margin: 54,
      info: {
        Title: `Explanation of Claim Denial ${l.documentId}`,
        CreationDate: new Date(`${l.letterDate}T12:00:00Z`),
      },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (b: Buffer) => chunks.push(b));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(16).text('UnitedCare - Explanation of Claim Denial').moveDown();
    doc
      .fontSize(10)
      .text(`Letter date: ${longDate(l.letterDate)}    Document ID: ${l.documentId}`)
      .text(
        `Claim number: ${c.claimNumber}    Tax ID: ${dashedTin(c.tin)}    Date of service: ${longDate(c.serviceDate)}`,
      )
      .text(`Amount billed: ${formatUsd(c.billedCents)}    Amount denied: ${formatUsd(deniedCents(c))}`)
      .moveDown()
      .text(`Reason for denial: ${l.rationale}`)
      .moveDown();
    for (const a of c.adjustments) doc.text(`${a.group}-${a.carc} ${formatUsd(a.amountCents)}: ${carcText(a.carc)}`);
    for (const r of c.remarkCodes) doc.text(`${r}: ${rarcText(r)}`);
    doc
      .moveDown()
      .text(
        `The request must be received within 12 months of the date of service, no later than ${longDate(l.appealDeadline)}.`,
      );
    doc.end();
  });
}
