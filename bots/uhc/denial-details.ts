// denial-details on the UHC-like portal: find the claim's denial letter in the
// Document Library (TIN-scoped, so each TIN is tried in turn), read the letter
// page (CARC/RARC tables with descriptions, the rationale, the appeal
// deadline the letter states) and keep the letter's PDF as file evidence.
import type { Page } from 'playwright';
import type { StepTools, TaskDefinition } from '../runtime/bot.ts';
import { readWhileCapturing } from '../runtime/capture.ts';
import { BotError } from '../runtime/errors.ts';
import { checkResponse } from '../runtime/navigation.ts';
import { parseCode, parseDate, parseMoney, parseText } from '../runtime/parse.ts';
import { need, readFields, readTable } from '../runtime/selectors.ts';
import { DenialDetailsInput, DenialDetailsOutput } from '../runtime/tasks.ts';
import { isLoggedIn } from './login.ts';
import { LONG_DATE_SOURCE, parseLongDate } from './parse.ts';
import {
  DENIAL_LETTER_TYPE,
  DOCUMENT_COLUMNS,
  LETTER_CARC_COLUMNS,
  LETTER_RARC_COLUMNS,
  uhcSelectors as S,
} from './selectors.ts';
import { acrossTins } from './tins.ts';

type Output = DenialDetailsOutput;
const DOCUMENT_ID = /^[A-Za-z0-9-]{4,40}$/;
/** The sentence the appeal section states the deadline in. */
const DEADLINE = new RegExp(
  `must be received within 12 months of the date of service, no later than ${LONG_DATE_SOURCE}\\.`,
);

/** On the Document Library filtered to the claim: the id of its newest denial letter under the selected TIN, or null. */
async function findLetter(page: Page, claimNumber: string): Promise<string | null> {
  await need(page, S, 'documentLibrary', 'heading');
  const rows = await readTable(page, S, 'documentLibrary', 'table', DOCUMENT_COLUMNS);
  const at = (element: string) => ({ page: 'documentLibrary', element: `table.${element}` });
  const letters = rows
    .filter((r) => r.type === DENIAL_LETTER_TYPE && r.claimNumber.toUpperCase() === claimNumber.toUpperCase())
    .map((r) => ({
      id: parseCode(r.documentId, DOCUMENT_ID, at('documentId'), 'a document id'),
      date: parseDate(r.date, at('date')),
    }))
    // A reconsidered claim can have several letters: the newest one states the decision in force.
    .sort((a, z) => z.date.localeCompare(a.date));
  return letters[0]?.id ?? null;
}

async function readLetter(page: Page, claimNumber: string): Promise<Output> {
  const at = (element: string) => ({ page: 'denialLetter', element });
  const f = await readFields(page, S, 'denialLetter', [
    'letterDate',
    'claimNumber',
    'billedAmount',
    'deniedAmount',
  ] as const);
  const shown = parseCode(f.claimNumber, /^[A-Za-z0-9-]{5,30}$/, at('claimNumber'), 'a claim number');
  if (shown.toUpperCase() !== claimNumber.toUpperCase()) {
    throw new BotError('unexpected', 'denialLetter: the letter is for a different claim than the one searched', {
      page: 'denialLetter',
      element: 'claimNumber',
    });
  }
  const carcCodes = (await readTable(page, S, 'denialLetter', 'carcs', LETTER_CARC_COLUMNS)).map((r) => ({
    code: parseCode(r.code, /^[A-Z]?\d{1,3}$/, at('carcs.code'), 'a CARC code'),
    group: parseCode(r.group, /^(CO|PR|OA|PI|CR)$/, at('carcs.group'), 'a group code') as
      | 'CO'
      | 'PR'
      | 'OA'
      | 'PI'
      | 'CR',
    amount: parseMoney(r.amount, at('carcs.amount')),
    description: parseText(r.description, at('carcs.description')),
  }));
  if (carcCodes.length === 0)
    throw new BotError('layout_changed', 'denialLetter: the letter lists no adjustment reason codes', {
      page: 'denialLetter',
      element: 'carcs',
    });
  const remarkCodes = (await readTable(page, S, 'denialLetter', 'rarcs', LETTER_RARC_COLUMNS)).map((r) => ({
    code: parseCode(r.code, /^[A-Z]{1,2}\d{1,3}$/, at('rarcs.code'), 'a RARC code'),
    description: parseText(r.description, at('rarcs.description')),
  }));
  const reason = await need(page, S, 'denialLetter', 'reason');
  const rationale = parseText(await reason.locator('p').innerText(), at('reason'));
  const appealText = (await (await need(page, S, 'denialLetter', 'appeal')).innerText()).replace(/\s+/g, ' ');
  const deadline = DEADLINE.exec(appealText);
  if (!deadline)
    throw new BotError('layout_changed', 'denialLetter: appeal does not state the deadline as expected', {
      page: 'denialLetter',
      element: 'appeal',
    });

  return {
    claimNumber: shown,
    payer: 'uhc',
    carcCodes,
    remarkCodes,
    rationale,
    appealDeadline: parseLongDate(`${deadline[1]} ${deadline[2]}, ${deadline[3]}`, at('appeal')),
    denialDate: parseLongDate(f.letterDate, at('letterDate')),
    billedAmount: parseMoney(f.billedAmount, at('billedAmount')),
    deniedAmount: parseMoney(f.deniedAmount, at('deniedAmount')),
  };
}

/** Downloads the letter's PDF in the session and stores it as file evidence. */
async function keepPdf(page: Page, documentId: string, tools: StepTools): Promise<void> {
  const url = `${tools.baseUrl}/documents/${encodeURIComponent(documentId)}/pdf`;
  const res = await page.request.get(url, { maxRedirects: 0 });
  await checkResponse(page, res.status(), res.headers(), { pageName: 'denialLetterPdf', isLoggedIn });
  const bytes = await res.body();
  if (
    res.status() !== 200 ||
    !(res.headers()['content-type'] ?? '').startsWith('application/pdf') ||
    bytes.subarray(0, 5).toString('latin1') !== '%PDF-'
  ) {
    // A redirect to sign-in or an HTML page instead of the PDF.
    throw new BotError(
      res.status() >= 300 && res.status() < 400 ? 'session_expired' : 'layout_changed',
      'denialLetterPdf: the portal did not return the letter PDF',
      { page: 'denialLetterPdf', element: 'pdf' },
    );
  }
  await tools.saveFile({
    label: `denial letter ${documentId} (PDF)`,
    fileName: `${documentId}.pdf`,
    contentType: 'application/pdf',
    bytes,
    url,
  });
}

export const denialDetails: TaskDefinition<typeof DenialDetailsInput, typeof DenialDetailsOutput> = {
  input: DenialDetailsInput,
  output: DenialDetailsOutput,
  async run(page, input, tools) {
    // The library filtered to the claim is where each TIN's attempt starts (and the picker returns to).
    const library = {
      path: `/documents?claimNumber=${encodeURIComponent(input.claimNumber)}`,
      pageName: 'documentLibrary',
    };
    const documentId = await acrossTins(page, tools, library, () => findLetter(page, input.claimNumber));
    if (!documentId) {
      await tools.capture(page, 'denial-details: no denial letter under any Tax ID');
      return { outcome: 'not_found' };
    }
    const link = (await need(page, S, 'documentLibrary', 'table')).getByRole('link', { name: documentId, exact: true });
    await tools.submit(page, link, 'denialLetter');
    await need(page, S, 'denialLetter', 'heading');
    const data = await readWhileCapturing(
      tools.capture(page, 'denial-details: denial letter'),
      readLetter(page, input.claimNumber),
    );
    await keepPdf(page, documentId, tools);
    return { outcome: 'found', data };
  },
};
