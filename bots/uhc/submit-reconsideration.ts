// submit-reconsideration on the UHC-like portal: open the claim (under
// whichever TIN has it), follow "Request Reconsideration", fill the reason,
// corrected fields and explanation, upload each PDF, and check the review
// page shows what was entered. A dry run stops there; otherwise the one
// submit click is made and the confirmation's tracking number read. When the
// portal says a reconsideration is already in progress it names the tracking
// number, which is returned: the bot never submits a claim twice. Every step
// is captured as evidence.
import type { Page } from 'playwright';
import type { StepTools, TaskDefinition } from '../runtime/bot.ts';
import { readWhileCapturing } from '../runtime/capture.ts';
import { BotError } from '../runtime/errors.ts';
import { parseCode, parseText } from '../runtime/parse.ts';
import { has, need, readFields, readTable } from '../runtime/selectors.ts';
import { SubmitReconsiderationInput, SubmitReconsiderationOutput } from '../runtime/tasks.ts';
import { searchClaimNumber } from './claim-status.ts';
import { parseMonDate } from './parse.ts';
import { ATTACHMENT_COLUMNS, reconsiderationSelectors as S, UHC_REASON_LABELS } from './selectors-reconsideration.ts';
import { acrossTins } from './tins.ts';

type Input = SubmitReconsiderationInput;
type Output = SubmitReconsiderationOutput;
const TRACKING = /^[A-Za-z0-9-]{6,30}$/;

/** The portal's own message in the page's alert, for an error (never PHI: portal wording only). */
async function alertText(page: Page, pageName: 'reason' | 'attachments'): Promise<string> {
  return (await has(page, S, pageName, 'error')) ? (await page.getByRole('alert').first().innerText()).trim() : '';
}

/** Confirmation or "already in progress": both name the tracking number and the date it was submitted. */
async function readConfirmation(
  page: Page,
  pageName: 'confirmation' | 'inProgress',
  input: Input,
  tools: StepTools,
): Promise<Output> {
  const f = await readWhileCapturing(
    tools.capture(
      page,
      `submit-reconsideration: ${pageName === 'confirmation' ? 'confirmation' : 'already in progress'}`,
    ),
    readFields(page, S, pageName, ['trackingNumber', 'claimNumber', 'submittedDate'] as const),
  );
  const at = (element: string) => ({ page: pageName, element });
  if (f.claimNumber.toUpperCase() !== input.claimNumber.toUpperCase())
    throw new BotError('unexpected', `${pageName}: the portal named a different claim`, at('claimNumber'));
  const attachments = pageName === 'confirmation' ? input.attachments.map((a) => a.fileName) : ([] as string[]);
  return {
    claimNumber: input.claimNumber,
    payer: 'uhc',
    status: pageName === 'confirmation' ? 'submitted' : 'already_in_progress',
    trackingNumber: parseCode(f.trackingNumber, TRACKING, at('trackingNumber'), 'a tracking number'),
    submittedDate: parseMonDate(f.submittedDate, at('submittedDate')),
    attachments,
  };
}

async function fillReason(page: Page, input: Input, tools: StepTools): Promise<void> {
  await (await need(page, S, 'reason', 'reason')).selectOption({ label: UHC_REASON_LABELS[input.reason] });
  const c = input.correctedFields;
  if (c.procedureCode) await (await need(page, S, 'reason', 'procedureCode')).fill(c.procedureCode);
  if (c.diagnosisCode) await (await need(page, S, 'reason', 'diagnosisCode')).fill(c.diagnosisCode);
  if (c.billedAmount !== undefined)
    await (await need(page, S, 'reason', 'billedAmount')).fill(c.billedAmount.toFixed(2));
  await (await need(page, S, 'reason', 'argument')).fill(input.argument);
  await tools.capture(page, 'submit-reconsideration: step 1 reason filled');
  await tools.submit(page, await need(page, S, 'reason', 'continue'), 'attachments');
  const refused = await alertText(page, 'reason');
  if (refused) {
    const ref = await tools.capture(page, 'submit-reconsideration: reason refused');
    throw new BotError('invalid_input', `reason: the portal refused the request: ${refused}`, {
      page: 'reason',
      field: 'argument',
      evidenceId: ref.id,
    });
  }
}

async function uploadAll(page: Page, input: Input, tools: StepTools): Promise<string[]> {
  for (const a of input.attachments) {
    await (await need(page, S, 'attachments', 'file')).setInputFiles({
      name: a.fileName,
      mimeType: 'application/pdf',
      buffer: Buffer.from(a.contentBase64, 'base64'),
    });
    await tools.submit(page, await need(page, S, 'attachments', 'upload'), 'attachments');
    const refused = await alertText(page, 'attachments');
    if (refused) {
      const ref = await tools.capture(page, `submit-reconsideration: upload of ${a.fileName} failed`);
      throw new BotError('upload_failed', `attachments: the portal did not accept ${a.fileName}: ${refused}`, {
        page: 'attachments',
        element: 'file',
        evidenceId: ref.id,
      });
    }
  }
  const rows = await readWhileCapturing(
    tools.capture(page, 'submit-reconsideration: step 2 attachments uploaded'),
    readTable(page, S, 'attachments', 'table', ATTACHMENT_COLUMNS),
  );
  const listed = rows.map((r) => r.fileName);
  for (const a of input.attachments)
    if (!listed.includes(a.fileName))
      throw new BotError('upload_failed', `attachments: ${a.fileName} is not listed as attached`, {
        page: 'attachments',
        element: 'table',
      });
  return listed;
}

/** The review page must show what was entered before anything is submitted. */
async function checkReview(page: Page, input: Input, tools: StepTools): Promise<string[]> {
  await need(page, S, 'review', 'heading');
  const [f, rows] = await readWhileCapturing(
    tools.capture(page, 'submit-reconsideration: step 3 review'),
    Promise.all([
      readFields(page, S, 'review', ['claimNumber', 'reason'] as const),
      readTable(page, S, 'review', 'table', ATTACHMENT_COLUMNS),
    ]),
  );
  if (f.claimNumber.toUpperCase() !== input.claimNumber.toUpperCase())
    throw new BotError('unexpected', 'review: the review page is for a different claim', {
      page: 'review',
      element: 'claimNumber',
    });
  if (parseText(f.reason, { page: 'review', element: 'reason' }) !== UHC_REASON_LABELS[input.reason])
    throw new BotError('unexpected', 'review: the review page shows a different reason than the one chosen', {
      page: 'review',
      element: 'reason',
    });
  return rows.map((r) => r.fileName);
}

export const submitReconsideration: TaskDefinition<
  typeof SubmitReconsiderationInput,
  typeof SubmitReconsiderationOutput
> = {
  input: SubmitReconsiderationInput,
  output: SubmitReconsiderationOutput,
  async run(page, input, tools) {
    const opened = await acrossTins(page, tools, { path: '/claims', pageName: 'claimSearch' }, async () =>
      (await searchClaimNumber(page, input.claimNumber, tools)) ? true : null,
    );
    if (!opened) {
      await tools.capture(page, 'submit-reconsideration: no claims found under any Tax ID');
      return { outcome: 'not_found' };
    }
    await need(page, S, 'claimDetail', 'heading');
    if (!(await has(page, S, 'claimDetail', 'request'))) {
      const ref = await tools.capture(page, 'submit-reconsideration: claim offers no reconsideration');
      throw new BotError('invalid_input', 'claimNumber: the portal offers no reconsideration for this claim', {
        page: 'claimDetail',
        field: 'claimNumber',
        evidenceId: ref.id,
      });
    }
    await tools.capture(page, 'submit-reconsideration: claim details');
    await tools.submit(page, await need(page, S, 'claimDetail', 'request'), 'reason');
    if (await has(page, S, 'inProgress', 'heading'))
      return { outcome: 'found', data: await readConfirmation(page, 'inProgress', input, tools) };
    await need(page, S, 'reason', 'heading');
    await fillReason(page, input, tools);
    await need(page, S, 'attachments', 'file');
    await uploadAll(page, input, tools);
    await tools.submit(page, await need(page, S, 'attachments', 'continue'), 'review');
    const attached = await checkReview(page, input, tools);
    if (input.dryRun)
      return {
        outcome: 'found',
        data: {
          claimNumber: input.claimNumber,
          payer: 'uhc',
          status: 'dry_run',
          trackingNumber: null,
          submittedDate: null,
          attachments: attached,
        },
      };
    await tools.submit(page, await need(page, S, 'review', 'submit'), 'confirmation');
    // A submission from elsewhere may have landed between review and submit: the portal refuses ours.
    if (await has(page, S, 'inProgress', 'heading'))
      return { outcome: 'found', data: await readConfirmation(page, 'inProgress', input, tools) };
    await need(page, S, 'confirmation', 'heading');
    return { outcome: 'found', data: await readConfirmation(page, 'confirmation', input, tools) };
  },
};
