// era-download on the Medicaid-like portal: menu -> REMITTANCE ADVICE (work
// frame) -> payment date range -> every page of the RA list (captured) ->
// each listed 835 fetched with the session's cookies and stored via
// tools.saveFile. An empty range is a found result with no files.
import type { Page } from 'playwright';
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
interface Listed {
  fileName: string;
  href: string;
  paymentDate: string;
  traceNumber: string;
  amount: number;
}

const MAX_PAGES = 100;
const PAYER = 'medicaid';

/** Reads one page of the RA list: rows plus the download link of each. */
async function readListPage(page: Page): Promise<Listed[]> {
  const work = frameScope(page, 'work');
  const at = (element: string) => ({ page: 'remittance', element });
  const table = await need(work, S, 'remittance', 'files');
  const rows = await readGrid(work, S, 'remittance', 'files', RA_COLUMNS);
  const out: Listed[] = [];
  for (const r of rows) {
    const fileName = parseCode(r.file, /^[A-Za-z0-9_.-]{1,80}$/, at('files.file'), 'a file name');
    const links = table.getByRole('link', { name: fileName, exact: true });
    if ((await links.count()) !== 1)
      throw new BotError('layout_changed', `remittance: files.file has no single download link for ${fileName}`, {
        page: 'remittance',
        element: 'files.file',
      });
    const href = await links.getAttribute('href');
    if (!href)
      throw new BotError('layout_changed', 'remittance: files.file link has no address', {
        page: 'remittance',
        element: 'files.file',
      });
    out.push({
      fileName,
      href,
      paymentDate: parseDate(r.paymentDate, at('files.paymentDate')),
      traceNumber: parseCode(r.traceNumber, /^[A-Za-z0-9-]{1,30}$/, at('files.traceNumber'), 'a check or EFT number'),
      amount: parseAmount(r.amount, at('files.amount')),
    });
  }
  return out;
}

/** Fetches one 835 with the browser context's cookies, classifying what comes back. */
async function download(page: Page, url: string, listed: Listed): Promise<Buffer> {
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
  if (!bytes.subarray(0, 3).equals(Buffer.from('ISA'))) {
    throw new BotError('layout_changed', `${pageName}: ${listed.fileName} is not an X12 interchange`, {
      page: pageName,
      element: 'files.file',
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
  for (const item of listed) {
    if (item.paymentDate < input.from || item.paymentDate > input.to) {
      throw new BotError('unexpected', 'remittance: the portal listed a file outside the requested dates', {
        page: 'remittance',
        element: 'files.paymentDate',
      });
    }
    const url = new URL(item.href, base).toString();
    const bytes = await download(page, url, item);
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
  }
  files.sort(
    (a, b) => (a.paymentDate ?? '').localeCompare(b.paymentDate ?? '') || a.fileName.localeCompare(b.fileName),
  );
  return { outcome: 'found', data: { files } };
}

export const eraDownload: TaskDefinition<typeof EraDownloadInput, typeof EraDownloadOutput> = {
  input: EraDownloadInput,
  output: EraDownloadOutput,
  run,
};
