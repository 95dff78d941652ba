// era-download on the Medicaid-like portal: menu -> REMITTANCE ADVICE (work
// frame) -> payment date range -> every page of the RA list (captured) ->
// each listed 835 and its PDF remittance advice fetched with the session's
// cookies and stored via tools.saveFile (the 835s in `files`, the PDFs in
// `documents`). An empty range is a found result with no files.
import type { Locator, Page } from 'playwright';
import type { StepTools, TaskDefinition, TaskOutcome } from '../runtime/bot.ts';
import { BotError } from '../runtime/errors.ts';
import { parseRetryAfter } from '../runtime/navigation.ts';
import { parseCode, parseDate } from '../runtime/parse.ts';
import { has, need } from '../runtime/selectors.ts';
import { EraDownloadInput, EraDownloadOutput } from '../runtime/tasks.ts';
import { frameScope, navigateFrame, openWorkspace } from './frames.ts';
import { parseAmount, toSlashDate } from './parse.ts';
import { readGrid } from './read.ts';
import { medicaidSelectors as S, RA_COLUMNS } from './selectors.ts';

type Output = EraDownloadOutput;
type FileEntry = Output['files'][number];
type DocumentEntry = NonNullable<Output['documents']>[number];
interface Listed {
  fileName: string;
  href: string;
  pdf: { fileName: string; href: string };
  paymentDate: string;
  traceNumber: string;
  amount: number;
}

const MAX_PAGES = 100;
const PAYER = 'medicaid';

async function linkOf(table: Locator, name: string, element: string): Promise<string> {
  const links = table.getByRole('link', { name, exact: true });
  const href = (await links.count()) === 1 ? await links.getAttribute('href') : null;
  if (!href)
    throw new BotError('layout_changed', `remittance: ${element} has no single download link for ${name}`, {
      page: 'remittance',
      element,
    });
  return href;
}

/** Reads one page of the RA list: rows plus the download links of each (835 and PDF). */
async function readListPage(page: Page): Promise<Listed[]> {
  const work = frameScope(page, 'work');
  const at = (element: string) => ({ page: 'remittance', element });
  const table = await need(work, S, 'remittance', 'files');
  const rows = await readGrid(work, S, 'remittance', 'files', RA_COLUMNS);
  const out: Listed[] = [];
  for (const r of rows) {
    const fileName = parseCode(r.file, /^[A-Za-z0-9_.-]{1,80}$/, at('files.file'), 'a file name');
    const pdfName = parseCode(r.pdf, /^[A-Za-z0-9_.-]{1,80}$/, at('files.pdf'), 'a file name');
    out.push({
      fileName,
      href: await linkOf(table, fileName, 'files.file'),
      pdf: { fileName: pdfName, href: await linkOf(table, pdfName, 'files.pdf') },
      paymentDate: parseDate(r.paymentDate, at('files.paymentDate')),
      traceNumber: parseCode(r.traceNumber, /^[A-Za-z0-9-]{1,30}$/, at('files.traceNumber'), 'a check or EFT number'),
      amount: parseAmount(r.amount, at('files.amount')),
    });
  }
  return out;
}

/** Fetches one listed file with the browser context's cookies, classifying what comes back. */
async function download(page: Page, url: string, fileName: string, magic: string): Promise<Buffer> {
  const res = await page.context().request.get(url, { maxRedirects: 0, failOnStatusCode: false });
  const status = res.status();
  const pageName = 'raDownload';
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(res.headers()['retry-after']);
    throw new BotError('rate_limited', `${pageName}: the portal answered HTTP 429`, {
      page: pageName,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  if (status >= 500)
    throw new BotError('portal_unavailable', `${pageName}: the portal answered HTTP ${status}`, { page: pageName });
  if (status >= 300 && status < 400 && /\/(login|terms)/.test(res.headers().location ?? '')) {
    throw new BotError('session_expired', `${pageName}: the portal session has ended`, { page: pageName });
  }
  if (status !== 200)
    throw new BotError('unexpected', `${pageName}: the portal answered HTTP ${status} for a listed file`, {
      page: pageName,
    });
  const bytes = await res.body();
  // An HTML page where a file was listed means the portal changed, not that the file is empty.
  if (!bytes.subarray(0, magic.length).equals(Buffer.from(magic))) {
    const what = magic === 'ISA' ? 'an X12 interchange' : 'a PDF';
    throw new BotError('layout_changed', `${pageName}: ${fileName} is not ${what}`, {
      page: pageName,
      element: magic === 'ISA' ? 'files.file' : 'files.pdf',
    });
  }
  return bytes;
}

async function run(page: Page, input: EraDownloadInput, tools: StepTools): Promise<TaskOutcome<Output>> {
  if (input.payer !== undefined && input.payer !== PAYER) {
    throw new BotError('invalid_input', `Invalid input: payer must be "${PAYER}" on this portal`, { field: 'payer' });
  }
  await openWorkspace(page, tools.baseUrl, tools.goto);
  const work = frameScope(page, 'work');
  const link = await need(frameScope(page, 'menu'), S, 'menu', 'remittanceAdvice');
  await navigateFrame(page, 'work', 'remittance', () => link.click());
  await (await need(work, S, 'remittance', 'fromDate')).fill(toSlashDate(input.from));
  await (await need(work, S, 'remittance', 'toDate')).fill(toSlashDate(input.to));
  const search = await need(work, S, 'remittance', 'search');
  await navigateFrame(page, 'work', 'remittance', () => search.click());

  if (await has(work, S, 'remittance', 'noFiles')) {
    await tools.capture(page, 'era-download: no remittance advice in range');
    return { outcome: 'found', data: { files: [] } };
  }
  if (await has(work, S, 'remittance', 'error')) {
    throw new BotError('invalid_input', 'The portal refused the date range', { page: 'remittance', field: 'from' });
  }
  const listed: Listed[] = [];
  for (let n = 1; ; n++) {
    await need(work, S, 'remittance', 'heading');
    await tools.capture(page, `era-download: remittance advice list page ${n}`);
    listed.push(...(await readListPage(page)));
    if (!(await has(work, S, 'remittance', 'next'))) break;
    if (n >= MAX_PAGES)
      throw new BotError('unexpected', 'remittance: the RA list does not end', { page: 'remittance', element: 'next' });
    const next = await need(work, S, 'remittance', 'next');
    await navigateFrame(page, 'work', 'remittance', () => next.click());
  }

  const base = new URL(page.frame({ name: 'contentFrame' })?.url() ?? tools.baseUrl);
  const files: FileEntry[] = [];
  const documents: DocumentEntry[] = [];
  for (const item of listed) {
    if (item.paymentDate < input.from || item.paymentDate > input.to) {
      throw new BotError('unexpected', 'remittance: the portal listed a file outside the requested dates', {
        page: 'remittance',
        element: 'files.paymentDate',
      });
    }
    const url = new URL(item.href, base).toString();
    const bytes = await download(page, url, item.fileName, 'ISA');
    const ref = await tools.saveFile({
      label: `era-download: ${item.fileName}`,
      fileName: item.fileName,
      contentType: 'application/edi-x12',
      bytes,
      url,
    });
    files.push({
      fileName: item.fileName,
      payer: PAYER,
      paymentDate: item.paymentDate,
      traceNumber: item.traceNumber,
      amount: item.amount,
      evidenceId: ref.id,
      sha256: ref.sha256,
      byteSize: bytes.length,
    });
    const pdfUrl = new URL(item.pdf.href, base).toString();
    const pdf = await download(page, pdfUrl, item.pdf.fileName, '%PDF-');
    const pdfRef = await tools.saveFile({
      label: `era-download: ${item.pdf.fileName}`,
      fileName: item.pdf.fileName,
      contentType: 'application/pdf',
      bytes: pdf,
      url: pdfUrl,
    });
    documents.push({
      kind: 'remittance-advice-pdf',
      fileName: item.pdf.fileName,
      paymentDate: item.paymentDate,
      traceNumber: item.traceNumber,
      evidenceId: pdfRef.id,
      sha256: pdfRef.sha256,
      byteSize: pdf.length,
    });
  }
  documents.sort(
    (a, b) => (a.paymentDate ?? '').localeCompare(b.paymentDate ?? '') || a.fileName.localeCompare(b.fileName),
  );
  files.sort(
    (a, b) => (a.paymentDate ?? '').localeCompare(b.paymentDate ?? '') || a.fileName.localeCompare(b.fileName),
  );
  return { outcome: 'found', data: { files, documents } };
}

export const eraDownload: TaskDefinition<typeof EraDownloadInput, typeof EraDownloadOutput> = {
  input: EraDownloadInput,
  output: EraDownloadOutput,
  run,
};
