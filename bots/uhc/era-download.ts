// era-download on the UHC-like portal: Payments & Remittance under each Tax
// ID of the account -> payment-date range -> every page of the payment list
// (captured) -> each payment's 835 (a ZIP when the payer split it into several
// 835s: the archive is stored, then unpacked and each 835 stored) and its PDF
// remittance advice, fetched with the session's cookies and stored via
// tools.saveFile. Only the 835s are listed in `files` (the orchestrator
// ingests them); archives and PDFs are listed in `documents`.
import type { Page } from 'playwright';
import type { StepTools, TaskDefinition, TaskOutcome } from '../runtime/bot.ts';
import { readWhileCapturing } from '../runtime/capture.ts';
import { BotError } from '../runtime/errors.ts';
import { parseRetryAfter } from '../runtime/navigation.ts';
import { parseCode } from '../runtime/parse.ts';
import { has, need, readTable } from '../runtime/selectors.ts';
import { EraDownloadInput, EraDownloadOutput } from '../runtime/tasks.ts';
import { isZip, readZip, ZipError } from '../runtime/zip.ts';
import { parseMonDate, parsePlainAmount, usInput } from './parse.ts';
import { NO_PAYMENTS, PAYMENT_COLUMNS, uhcPaymentSelectors as S } from './selectors-payments.ts';
import { allTins, openWithTin, switchTin } from './tins.ts';

type Output = EraDownloadOutput;
type FileEntry = Output['files'][number];
type DocumentEntry = NonNullable<Output['documents']>[number];

interface Listed {
  tin: string;
  paymentDate: string;
  traceNumber: string;
  amount: number;
  file: { name: string; href: string };
  pdf: { name: string; href: string };
}

const PAYER = 'uhc';
const PAGE = 'payments';
const PATH = '/payments';
const MAX_PAGES = 100;
const FILE_NAME = /^[A-Za-z0-9_.-]{1,120}$/;

async function link(page: Page, name: string, element: string): Promise<{ name: string; href: string }> {
  const table = await need(page, S, PAGE, 'table');
  const links = table.getByRole('link', { name, exact: true });
  const href = (await links.count()) === 1 ? await links.getAttribute('href') : null;
  if (!href)
    throw new BotError('layout_changed', `${PAGE}: table.${element} has no single download link for ${name}`, {
      page: PAGE,
      element: `table.${element}`,
    });
  return { name, href: new URL(href, page.url()).toString() };
}

/** Searches the range under the selected TIN and reads every page of the payment list. */
async function listPayments(page: Page, input: EraDownloadInput, tin: string, tools: StepTools): Promise<Listed[]> {
  await (await need(page, S, PAGE, 'from')).fill(usInput(input.from));
  await (await need(page, S, PAGE, 'to')).fill(usInput(input.to));
  await tools.submit(page, await need(page, S, PAGE, 'search'), PAGE);
  if (await has(page, S, PAGE, 'error'))
    throw new BotError('invalid_input', 'The portal refused the payment date range', { page: PAGE, field: 'from' });
  const status = (await (await need(page, S, PAGE, 'status')).innerText()).trim();
  if (NO_PAYMENTS.test(status)) {
    await tools.capture(page, `era-download: no payments for ${tin} in range`);
    return [];
  }
  const out: Listed[] = [];
  for (let n = 1; ; n++) {
    await need(page, S, PAGE, 'heading');
    const rows = await readWhileCapturing(
      tools.capture(page, `era-download: payments of ${tin}, page ${n}`),
      readTable(page, S, PAGE, 'table', PAYMENT_COLUMNS),
    );
    for (const r of rows) {
      const at = (element: string) => ({ page: PAGE, element: `table.${element}` });
      out.push({
        tin,
        paymentDate: parseMonDate(r.paymentDate, at('paymentDate')),
        traceNumber: parseCode(r.traceNumber, /^[A-Za-z0-9-]{1,30}$/, at('traceNumber'), 'a check or EFT number'),
        amount: parsePlainAmount(r.amount, at('amount')),
        file: await link(page, parseCode(r.file, FILE_NAME, at('file'), 'a file name'), 'file'),
        pdf: await link(page, parseCode(r.pdf, FILE_NAME, at('pdf'), 'a file name'), 'pdf'),
      });
    }
    const nav = await need(page, S, PAGE, 'pagination', { state: 'attached' });
    const next = nav.getByRole('link', { name: 'Next', exact: true });
    if ((await next.count()) === 0) return out;
    if (n >= MAX_PAGES)
      throw new BotError('unexpected', `${PAGE}: the payment list does not end`, { page: PAGE, element: 'pagination' });
    await tools.submit(page, next, PAGE);
  }
}

/** Fetches one listed file with the browser context's cookies, classifying what comes back. */
async function download(page: Page, url: string, name: string): Promise<Buffer> {
  const res = await page.context().request.get(url, { maxRedirects: 0, failOnStatusCode: false });
  const status = res.status();
  const pageName = 'paymentDownload';
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(res.headers()['retry-after']);
    throw new BotError('rate_limited', `${pageName}: the portal answered HTTP 429`, {
      page: pageName,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  if (status >= 500)
    throw new BotError('portal_unavailable', `${pageName}: the portal answered HTTP ${status}`, { page: pageName });
  if (status >= 300 && status < 400 && /\/(login|verify|select-tin)/.test(res.headers().location ?? ''))
    throw new BotError('session_expired', `${pageName}: the portal session has ended`, { page: pageName });
  if (status !== 200)
    throw new BotError('unexpected', `${pageName}: the portal answered HTTP ${status} for ${name}`, { page: pageName });
  return res.body();
}

const isX12 = (b: Buffer): boolean => b.subarray(0, 3).equals(Buffer.from('ISA'));
const isPdf = (b: Buffer): boolean => b.subarray(0, 5).equals(Buffer.from('%PDF-'));
const drift = (what: string) =>
  new BotError('layout_changed', `paymentDownload: ${what}`, { page: 'paymentDownload', element: 'table.file' });

/** Downloads and stores one payment's 835(s) and PDF; returns the output entries. */
async function fetchPayment(
  page: Page,
  item: Listed,
  tools: StepTools,
): Promise<{ files: FileEntry[]; documents: DocumentEntry[] }> {
  const files: FileEntry[] = [];
  const documents: DocumentEntry[] = [];
  const meta = { payer: PAYER, paymentDate: item.paymentDate, traceNumber: item.traceNumber };
  const store = async (name: string, contentType: string, bytes: Buffer, url: string) =>
    tools.saveFile({ label: `era-download: ${name}`, fileName: name, contentType, bytes, url });

  const bytes = await download(page, item.file.href, item.file.name);
  if (isZip(bytes)) {
    // The archive is evidence of what the portal handed out; each 835 in it is evidence of its own.
    const ref = await store(item.file.name, 'application/zip', bytes, item.file.href);
    documents.push({ kind: 'archive', fileName: item.file.name, ...pick(meta), ...entry(ref, bytes) });
    let members: ReturnType<typeof readZip>;
    try {
      members = readZip(bytes);
    } catch (e) {
      // A damaged archive is a bad download (retried), not a portal change.
      if (e instanceof ZipError)
        throw new BotError('unexpected', `paymentDownload: ${item.file.name}: ${e.message}`, {
          page: 'paymentDownload',
        });
      throw e;
    }
    if (members.length === 0) throw drift(`${item.file.name} holds no file`);
    for (const m of members) {
      const name = m.name.split('/').pop() as string;
      if (!isX12(m.bytes)) throw drift(`${item.file.name}: ${name} is not an X12 interchange`);
      const r = await store(name, 'application/edi-x12', m.bytes, `${item.file.href}#${encodeURIComponent(name)}`);
      // The list shows the payment's total; what one file of a split remittance carries is in the file.
      files.push({ fileName: name, ...meta, amount: null, ...entry(r, m.bytes) });
    }
  } else {
    if (!isX12(bytes)) throw drift(`${item.file.name} is neither an X12 interchange nor a ZIP archive`);
    const ref = await store(item.file.name, 'application/edi-x12', bytes, item.file.href);
    files.push({ fileName: item.file.name, ...meta, amount: item.amount, ...entry(ref, bytes) });
  }

  const pdf = await download(page, item.pdf.href, item.pdf.name);
  if (!isPdf(pdf)) throw drift(`${item.pdf.name} is not a PDF`);
  const ref = await store(item.pdf.name, 'application/pdf', pdf, item.pdf.href);
  documents.push({ kind: 'remittance-advice-pdf', fileName: item.pdf.name, ...pick(meta), ...entry(ref, pdf) });
  return { files, documents };
}

const pick = (m: { paymentDate: string; traceNumber: string }) => ({
  paymentDate: m.paymentDate,
  traceNumber: m.traceNumber,
});
const entry = (ref: { id: string; sha256: string }, bytes: Buffer) => ({
  evidenceId: ref.id,
  sha256: ref.sha256,
  byteSize: bytes.length,
});

async function run(page: Page, input: EraDownloadInput, tools: StepTools): Promise<TaskOutcome<Output>> {
  if (input.payer !== undefined && input.payer !== PAYER)
    throw new BotError('invalid_input', `Invalid input: payer must be "${PAYER}" on this portal`, { field: 'payer' });
  // Payments are listed per Tax ID: every TIN of the account is searched, in the picker's order.
  const first = await openWithTin(page, tools, PATH, PAGE);
  const tins = await allTins(page, tools, PATH);
  const files: FileEntry[] = [];
  const documents: DocumentEntry[] = [];
  for (const tin of [first, ...tins.filter((t) => t !== first)]) {
    if (tin === first) await tools.goto(page, `${tools.baseUrl}${PATH}`, PAGE);
    else await switchTin(page, tools, tin, PATH, PAGE);
    await need(page, S, PAGE, 'heading');
    // Downloads are scoped to the selected TIN too: fetch this TIN's payments before switching.
    for (const item of await listPayments(page, input, tin, tools)) {
      if (item.paymentDate < input.from || item.paymentDate > input.to)
        throw new BotError('unexpected', `${PAGE}: the portal listed a payment outside the requested dates`, {
          page: PAGE,
          element: 'table.paymentDate',
        });
      const got = await fetchPayment(page, item, tools);
      files.push(...got.files);
      documents.push(...got.documents);
    }
  }
  const order = (a: { paymentDate: string | null; fileName: string }, b: typeof a) =>
    (a.paymentDate ?? '').localeCompare(b.paymentDate ?? '') || a.fileName.localeCompare(b.fileName);
  return { outcome: 'found', data: { files: files.sort(order), documents: documents.sort(order) } };
}

export const eraDownload: TaskDefinition<typeof EraDownloadInput, typeof EraDownloadOutput> = {
  input: EraDownloadInput,
  output: EraDownloadOutput,
  run,
};
