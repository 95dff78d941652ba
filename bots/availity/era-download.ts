// era-download on the Availity-like portal: filter the remittance viewer by
// payment date range (and payer), walk every result page (capturing each),
// then fetch every listed 835 through the signed-in browser context and store
// it as evidence. The bot checks a download is an X12 interchange before
// saving it; parsing and matching are the orchestrator's job.
import type { Page } from 'playwright';
import type { StepTools, TaskDefinition } from '../runtime/bot.ts';
import { BotError } from '../runtime/errors.ts';
import { parseRetryAfter } from '../runtime/navigation.ts';
import { parseCode, parseDate, parseMoney, parseText } from '../runtime/parse.ts';
import { has, need, readTable } from '../runtime/selectors.ts';
import { EraDownloadInput, EraDownloadOutput } from '../runtime/tasks.ts';
import { PAYER_IDS, REMITTANCE_COLUMNS, availitySelectors as S } from './selectors.ts';

type Output = EraDownloadOutput;
type FileEntry = Output['files'][number];

/** A runaway "Next page" loop is drift, not data. */
const MAX_PAGES = 200;
const at = (element: string) => ({ page: 'remittanceList', element });

interface Listed {
  fileName: string;
  payer: string;
  paymentDate: string;
  traceNumber: string;
  amount: number;
  href: string;
}

async function readListPage(page: Page): Promise<Listed[]> {
  const rows = await readTable(page, S, 'remittanceList', 'table', REMITTANCE_COLUMNS);
  const table = await need(page, S, 'remittanceList', 'table');
  const hrefs = await table
    .getByRole('link', { name: /^Download 835 / })
    .evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
  if (hrefs.length !== rows.length) {
    throw new BotError('layout_changed', `remittanceList: ${rows.length} rows but ${hrefs.length} 835 download links`, {
      page: 'remittanceList',
      element: 'table.file',
    });
  }
  return rows.map((r, i) => {
    const payerName = parseText(r.payer, at('table.payer'));
    const payer = PAYER_IDS[payerName];
    if (!payer)
      throw new BotError('layout_changed', 'remittanceList: payer is not one this bot knows', at('table.payer'));
    return {
      fileName: parseCode(r.file, /^[A-Za-z0-9_.-]{1,120}$/, at('table.file'), 'a file name'),
      payer,
      paymentDate: parseDate(r.paymentDate, at('table.paymentDate')),
      traceNumber: parseCode(r.traceNumber, /^[A-Za-z0-9-]{1,50}$/, at('table.traceNumber'), 'a check or EFT number'),
      amount: parseMoney(r.amount, at('table.amount')),
      href: hrefs[i] as string,
    };
  });
}

/** Fetches one 835 with the page's cookies and the same HTTP checks as a navigation. */
async function download(page: Page, item: Listed, tools: StepTools): Promise<FileEntry> {
  const res = await page.request.get(item.href, { failOnStatusCode: false, timeout: 30_000 });
  const status = res.status();
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(res.headers()['retry-after']);
    throw new BotError('rate_limited', 'eraFile: the portal answered HTTP 429', {
      page: 'eraFile',
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  if (status >= 500)
    throw new BotError('portal_unavailable', `eraFile: the portal answered HTTP ${status}`, { page: 'eraFile' });
  const path = new URL(res.url()).pathname;
  if (/^\/(login|mfa)(\/|$)/.test(path))
    throw new BotError('session_expired', 'eraFile: the portal session has ended', { page: 'eraFile' });
  if (status !== 200)
    throw new BotError('unexpected', `eraFile: the portal answered HTTP ${status} for a listed 835`, {
      page: 'eraFile',
    });
  const bytes = await res.body();
  // Never store an error page as an ERA: an X12 interchange starts with ISA.
  if (!/x12/i.test(res.headers()['content-type'] ?? '') || bytes.subarray(0, 3).toString('latin1') !== 'ISA') {
    throw new BotError('layout_changed', 'eraFile: the download is not an X12 file', {
      page: 'eraFile',
      element: 'file',
    });
  }
  const ref = await tools.saveFile({
    label: 'era-835',
    fileName: item.fileName,
    contentType: 'application/edi-x12',
    bytes,
    url: item.href,
  });
  return {
    fileName: item.fileName,
    payer: item.payer,
    paymentDate: item.paymentDate,
    traceNumber: item.traceNumber,
    amount: item.amount,
    evidenceId: ref.id,
    sha256: ref.sha256,
    byteSize: bytes.length,
  };
}

export const eraDownload: TaskDefinition<typeof EraDownloadInput, typeof EraDownloadOutput> = {
  input: EraDownloadInput,
  output: EraDownloadOutput,
  async run(page, input, tools) {
    let payerValue = 'all';
    if (input.payer !== undefined) {
      if (!Object.values(PAYER_IDS).includes(input.payer))
        throw new BotError('invalid_input', `payer must be one of ${Object.values(PAYER_IDS).join(', ')}`, {
          field: 'payer',
        });
      payerValue = input.payer;
    }
    await tools.goto(page, `${tools.baseUrl}/remittance`, 'remittanceList');
    await need(page, S, 'remittanceList', 'heading');
    await (await need(page, S, 'remittanceList', 'payer')).selectOption(payerValue);
    await (await need(page, S, 'remittanceList', 'from')).fill(input.from);
    await (await need(page, S, 'remittanceList', 'to')).fill(input.to);
    await tools.submit(page, await need(page, S, 'remittanceList', 'search'), 'remittanceList');

    const listed: Listed[] = [];
    for (let n = 1; ; n++) {
      await need(page, S, 'remittanceList', 'heading');
      listed.push(...(await readListPage(page)));
      await tools.capture(page, `era-download: remittance list page ${n}`);
      if (!(await has(page, S, 'remittanceList', 'nextPage'))) break;
      if (n >= MAX_PAGES)
        throw new BotError('unexpected', `remittanceList: more than ${MAX_PAGES} result pages`, {
          page: 'remittanceList',
        });
      await tools.submit(page, await need(page, S, 'remittanceList', 'nextPage'), 'remittanceList');
    }
    for (const item of listed) {
      if (item.paymentDate < input.from || item.paymentDate > input.to || (input.payer && item.payer !== input.payer)) {
        throw new BotError(
          'unexpected',
          'remittanceList: the portal listed a remittance outside the requested filter',
          { page: 'remittanceList', element: 'table' },
        );
      }
    }
    const files: FileEntry[] = [];
    for (const item of listed) files.push(await download(page, item, tools));
    return { outcome: 'found', data: { files } };
  },
};
