// Payments & Remittance of the UHC-like portal: a TIN-scoped, paginated list
// of payments in a payment-date range (EFT trace or check number, date,
// amount), each with its 835 (a ZIP when the payer split the remittance into
// several 835s) and a PDF remittance advice. Claim-screen formats: DD-MON-YYYY
// dates and plain amounts; the search form takes MM/DD/YYYY like the others.
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import PDFDocument from 'pdfkit';
import { z } from 'zod';
import { escapeHtml as h, usDate } from '../shared/helpers.ts';
import { html } from '../shared/portal-kit.ts';
import { carcText, UHC_PAGE_SIZE, type UhcTin } from './data.ts';
import { dashedTin, monDate, parseUsDate, plainAmount } from './format.ts';
import { uhcPayments, type UhcPayment } from './remits.ts';
import { errorBox, notFoundPage, shell } from './views.ts';

const Query = z.object({
  from: z.string().trim().max(10).catch('').default(''),
  to: z.string().trim().max(10).catch('').default(''),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});

interface ListInput {
  tin: UhcTin;
  from: string;
  to: string;
  payments: readonly UhcPayment[] | null;
  page: number;
  error?: string;
}

function row(p: UhcPayment): string {
  const file = p.archive?.fileName ?? p.files[0]!.fileName;
  return `<tr><td>${monDate(p.paymentDate)}</td><td>${h(p.traceNumber)}</td><td>${p.method === 'ACH' ? 'EFT' : 'Check'}</td>
<td>${plainAmount(p.amountCents)}</td><td>${p.claims.length}</td>
<td><a href="/payments/${h(p.id)}/835">${h(file)}</a></td><td><a href="/payments/${h(p.id)}/pdf">${h(p.pdfFileName)}</a></td></tr>`;
}

export function paymentsPage({ tin, from, to, payments, page, error }: ListInput): string {
  const form = `<form method="get" action="/payments" class="panel" aria-label="Find payments">
<label for="payFrom">Payment Date From</label><input type="text" id="payFrom" name="from" value="${h(from)}" placeholder="MM/DD/YYYY">
<label for="payTo">Payment Date To</label><input type="text" id="payTo" name="to" value="${h(to)}" placeholder="MM/DD/YYYY">
<button class="btn" type="submit">Find Payments</button></form>`;
  let results = '';
  if (payments !== null && payments.length === 0) {
    results = `<p role="status">No payments found for Tax ID ${dashedTin(tin.tin)} in this date range.</p>`;
  } else if (payments !== null) {
    const pages = Math.max(1, Math.ceil(payments.length / UHC_PAGE_SIZE));
    const shown = payments.slice((page - 1) * UHC_PAGE_SIZE, page * UHC_PAGE_SIZE);
    const q = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    const nav = [
      page > 1 ? `<a href="/payments?${q}&page=${page - 1}">Previous</a>` : '',
      `<span>Page ${page} of ${pages}</span>`,
      page < pages ? `<a href="/payments?${q}&page=${page + 1}">Next</a>` : '',
    ].join(' ');
    results = `<p role="status">${payments.length} payment${payments.length === 1 ? '' : 's'} for Tax ID ${dashedTin(tin.tin)}</p>
<table aria-label="Payments"><thead><tr><th>Payment Date</th><th>Payment Number</th><th>Payment Method</th><th>Amount</th><th>Claims</th><th>835 File</th><th>Remittance Advice</th></tr></thead>
<tbody>${shown.map(row).join('')}</tbody></table><nav class="pages" aria-label="Pagination">${nav}</nav>`;
  }
  return shell({
    title: 'Payments & Remittance',
    signedIn: true,
    tin,
    body: `<h1>Payments &amp; Remittance</h1>${errorBox(error)}${form}${results}`,
  });
}

/** The payment's remittance advice as a PDF: payment header, then each claim with its adjustments. */
export function remittancePdf(p: UhcPayment, tin: UhcTin): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // A fixed creation date keeps the bytes (and so evidence hashes) a function of the seed.
    const doc = new PDFDocument({
      size: 'LETTER',
      margin: 54,
      info: { Title: `Remittance Advice ${p.traceNumber}`, CreationDate: new Date(`${p.paymentDate}T12:00:00Z`) },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (b: Buffer) => chunks.push(b));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(16).text('UnitedCare - Provider Remittance Advice').moveDown();
    doc
      .fontSize(10)
      .text(`Payee: ${tin.name}    Tax ID: ${dashedTin(tin.tin)}`)
      .text(`Payment number: ${p.traceNumber}    Method: ${p.method === 'ACH' ? 'EFT' : 'Check'}`)
      .text(`Payment date: ${usDate(p.paymentDate)}    Payment amount: ${plainAmount(p.amountCents)}`)
      .moveDown();
    for (const c of p.claims) {
      doc.text(
        `Claim ${c.claimNumber}  Patient account ${c.patientAccountNumber}  DOS ${usDate(c.serviceDate)}  Billed ${plainAmount(c.billedCents)}  Paid ${plainAmount(c.paidCents)}  Patient resp. ${plainAmount(c.patientRespCents)}`,
      );
      for (const a of c.adjustments)
        doc.text(`    ${a.group}-${a.carc} ${plainAmount(a.amountCents)}: ${carcText(a.carc)}`);
      if (c.remarkCodes.length) doc.text(`    Remarks: ${c.remarkCodes.join(', ')}`);
    }
    doc.end();
  });
}

export interface PaymentRouteContext {
  seed: number;
  withTin: RouteShorthandOptions;
  tinOf: (req: FastifyRequest) => UhcTin;
}

/** GET /payments, /payments/:id/835 and /payments/:id/pdf, all scoped to the selected TIN. */
export function registerPaymentRoutes(app: FastifyInstance, { seed, withTin, tinOf }: PaymentRouteContext): void {
  const all = uhcPayments(seed);
  const byId = new Map(all.map((p) => [p.id, p]));

  app.get('/payments', withTin, async (req, reply) => {
    const q = Query.parse(req.query ?? {});
    const tin = tinOf(req);
    if (!q.from && !q.to) return html(reply, paymentsPage({ tin, from: '', to: '', payments: null, page: 1 }));
    const from = parseUsDate(q.from);
    const to = parseUsDate(q.to);
    const fail = (error: string) =>
      html(reply, paymentsPage({ tin, from: q.from, to: q.to, payments: null, page: 1, error }), 400);
    if (!from || !to) return fail('Enter payment dates as MM/DD/YYYY.');
    if (from > to) return fail('Payment Date From must not be after Payment Date To.');
    // Newest payment first, as the portal lists them.
    const payments = all
      .filter((p) => p.tin === tin.tin && p.paymentDate >= from && p.paymentDate <= to)
      .sort((a, b) => b.paymentDate.localeCompare(a.paymentDate) || a.id.localeCompare(b.id));
    const pages = Math.max(1, Math.ceil(payments.length / UHC_PAGE_SIZE));
    return html(reply, paymentsPage({ tin, from: q.from, to: q.to, payments, page: Math.min(q.page, pages) }));
  });

  const paymentOf = (req: FastifyRequest): UhcPayment | undefined => {
    const p = byId.get(String((req.params as { id: string }).id));
    return p && p.tin === tinOf(req).tin ? p : undefined;
  };
  const attachment = (reply: FastifyReply, type: string, fileName: string) =>
    reply
      .type(type)
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="${fileName}"`);

  app.get('/payments/:id/835', withTin, async (req, reply) => {
    const p = paymentOf(req);
    if (!p) return html(reply, notFoundPage(true), 404);
    if (p.archive) return attachment(reply, 'application/zip', p.archive.fileName).send(p.archive.bytes);
    const f = p.files[0]!;
    return attachment(reply, 'application/edi-x12', f.fileName).send(Buffer.from(f.text, 'utf8'));
  });
  app.get('/payments/:id/pdf', withTin, async (req, reply) => {
    const p = paymentOf(req);
    if (!p) return html(reply, notFoundPage(true), 404);
    return attachment(reply, 'application/pdf', p.pdfFileName).send(await remittancePdf(p, tinOf(req)));
  });
}
