// submit-reconsideration and reconsideration-status on the Availity-like
// portal, where they are a claim dispute: start it from the dispute center by
// claim number, fill the details with the one supporting document (the
// appeal packet) in the same form, check the review page, then (unless a dry
// run) submit and read the dispute ID. "A dispute for this claim is already
// in progress" returns that dispute's ID: the bot never files twice. Every
// step is captured as evidence; a refused upload is upload_failed.
import type { Page } from 'playwright';
import type { StepTools, TaskDefinition } from '../runtime/bot.ts';
import { readWhileCapturing } from '../runtime/capture.ts';
import { BotError } from '../runtime/errors.ts';
import { nullable, parseCode, parseDate, parseMoney, parseText } from '../runtime/parse.ts';
import { has, need, readFields } from '../runtime/selectors.ts';
import {
  ReconsiderationStatusInput,
  ReconsiderationStatusOutput,
  SubmitReconsiderationInput,
  SubmitReconsiderationOutput,
} from '../runtime/tasks.ts';
import {
  AVAILITY_DISPUTE_OUTCOME,
  AVAILITY_DISPUTE_STATUS,
  AVAILITY_REASON_LABELS,
  disputeSelectors as S,
} from './selectors-dispute.ts';
import { NO_VALUE, PAYER_IDS } from './selectors.ts';

type Input = SubmitReconsiderationInput;
const TRACKING = /^[A-Za-z0-9-]{6,30}$/;

function payerId(text: string, pageName: string): string {
  const id = PAYER_IDS[parseText(text, { page: pageName, element: 'payer' })];
  if (!id)
    throw new BotError('layout_changed', `${pageName}: payer is not one this bot knows`, {
      page: pageName,
      element: 'payer',
    });
  return id;
}

async function readConfirmation(page: Page, pageName: 'submitted' | 'inProgress', input: Input, tools: StepTools) {
  const f = await readWhileCapturing(
    tools.capture(page, `submit-reconsideration: ${pageName === 'submitted' ? 'confirmation' : 'already in progress'}`),
    readFields(page, S, pageName, ['trackingNumber', 'claimNumber', 'payer', 'submittedDate'] as const),
  );
  const at = (element: string) => ({ page: pageName, element });
  if (f.claimNumber.toUpperCase() !== input.claimNumber.toUpperCase())
    throw new BotError('unexpected', `${pageName}: the portal named a different claim`, at('claimNumber'));
  return {
    claimNumber: input.claimNumber,
    payer: payerId(f.payer, pageName),
    status: pageName === 'submitted' ? ('submitted' as const) : ('already_in_progress' as const),
    trackingNumber: parseCode(f.trackingNumber, TRACKING, at('trackingNumber'), 'a dispute ID'),
    submittedDate: parseDate(f.submittedDate, at('submittedDate')),
    attachments: pageName === 'submitted' ? input.attachments.map((a) => a.fileName) : [],
  };
}

async function fillDetails(page: Page, input: Input, tools: StepTools): Promise<void> {
  const [doc] = input.attachments;
  await (await need(page, S, 'details', 'reason')).selectOption({ label: AVAILITY_REASON_LABELS[input.reason] });
  const c = input.correctedFields;
  if (c.procedureCode) await (await need(page, S, 'details', 'procedureCode')).fill(c.procedureCode);
  if (c.billedAmount !== undefined)
    await (await need(page, S, 'details', 'billedAmount')).fill(c.billedAmount.toFixed(2));
  await (await need(page, S, 'details', 'argument')).fill(input.argument);
  await (await need(page, S, 'details', 'document')).setInputFiles({
    name: doc!.fileName,
    mimeType: 'application/pdf',
    buffer: Buffer.from(doc!.contentBase64, 'base64'),
  });
  await tools.capture(page, 'submit-reconsideration: step 1 dispute details filled');
  await tools.submit(page, await need(page, S, 'details', 'review'), 'review');
  if (await has(page, S, 'details', 'error')) {
    const message = (await page.getByRole('alert').first().innerText()).trim();
    const ref = await tools.capture(page, `submit-reconsideration: upload of ${doc!.fileName} failed`);
    // The form's own validation names what it refused; a refused document is upload_failed.
    const upload = /upload|document|PDF|10 MB/i.test(message);
    throw new BotError(
      upload ? 'upload_failed' : 'invalid_input',
      `details: the portal refused the dispute: ${message}`,
      upload
        ? { page: 'details', element: 'document', evidenceId: ref.id }
        : { page: 'details', field: 'argument', evidenceId: ref.id },
    );
  }
}

export const submitDispute: TaskDefinition<typeof SubmitReconsiderationInput, typeof SubmitReconsiderationOutput> = {
  input: SubmitReconsiderationInput,
  output: SubmitReconsiderationOutput,
  async run(page, input, tools) {
    if (input.attachments.length !== 1)
      throw new BotError('invalid_input', 'attachments: this portal takes exactly one supporting document', {
        field: 'attachments',
      });
    await tools.goto(page, `${tools.baseUrl}/claims/disputes`, 'center');
    await (await need(page, S, 'center', 'claimNumber')).fill(input.claimNumber);
    await tools.submit(page, await need(page, S, 'center', 'start'), 'details');
    if (await has(page, S, 'inProgress', 'heading'))
      return { outcome: 'found', data: await readConfirmation(page, 'inProgress', input, tools) };
    if (await has(page, S, 'notAvailable', 'heading')) {
      const why = (await (await need(page, S, 'notAvailable', 'message')).innerText()).trim();
      const ref = await tools.capture(page, 'submit-reconsideration: dispute not available');
      if (/No claim matches/i.test(why)) return { outcome: 'not_found' };
      throw new BotError('invalid_input', `claimNumber: ${why}`, { field: 'claimNumber', evidenceId: ref.id });
    }
    await need(page, S, 'details', 'heading');
    await fillDetails(page, input, tools);
    await need(page, S, 'review', 'heading');
    const f = await readWhileCapturing(
      tools.capture(page, 'submit-reconsideration: step 2 review'),
      readFields(page, S, 'review', ['claimNumber', 'payer', 'reason', 'attachment'] as const),
    );
    if (
      f.claimNumber.toUpperCase() !== input.claimNumber.toUpperCase() ||
      f.reason !== AVAILITY_REASON_LABELS[input.reason]
    )
      throw new BotError('unexpected', 'review: the review page does not show what was entered', {
        page: 'review',
        element: 'summary',
      });
    if (input.dryRun)
      return {
        outcome: 'found',
        data: {
          claimNumber: input.claimNumber,
          payer: payerId(f.payer, 'review'),
          status: 'dry_run',
          trackingNumber: null,
          submittedDate: null,
          attachments: f.attachment.split(', ').filter(Boolean),
        },
      };
    await tools.submit(page, await need(page, S, 'review', 'submit'), 'submitted');
    if (await has(page, S, 'inProgress', 'heading'))
      return { outcome: 'found', data: await readConfirmation(page, 'inProgress', input, tools) };
    await need(page, S, 'submitted', 'heading');
    return { outcome: 'found', data: await readConfirmation(page, 'submitted', input, tools) };
  },
};

function oneOf<T extends Record<string, string>>(map: T, text: string, element: string): T[keyof T] {
  if (!Object.hasOwn(map, text))
    throw new BotError('layout_changed', `status: ${element} is not a known value`, { page: 'status', element });
  return map[text as keyof T];
}

export const disputeStatus: TaskDefinition<typeof ReconsiderationStatusInput, typeof ReconsiderationStatusOutput> = {
  input: ReconsiderationStatusInput,
  output: ReconsiderationStatusOutput,
  async run(page, input, tools) {
    await tools.goto(page, `${tools.baseUrl}/claims/disputes`, 'center');
    await (await need(page, S, 'center', 'disputeId')).fill(input.trackingNumber);
    await tools.submit(page, await need(page, S, 'center', 'find'), 'status');
    if (await has(page, S, 'notFound', 'heading')) {
      await tools.capture(page, 'reconsideration-status: no dispute found');
      return { outcome: 'not_found' };
    }
    await need(page, S, 'status', 'heading');
    const f = await readWhileCapturing(
      tools.capture(page, 'reconsideration-status: status'),
      readFields(page, S, 'status', [
        'trackingNumber',
        'claimNumber',
        'payer',
        'submittedDate',
        'status',
        'decision',
        'approvedAmount',
        'decisionDate',
      ] as const),
    );
    const at = (element: string) => ({ page: 'status', element });
    const tracking = parseCode(f.trackingNumber, TRACKING, at('trackingNumber'), 'a dispute ID');
    if (tracking.toUpperCase() !== input.trackingNumber.toUpperCase())
      throw new BotError('unexpected', 'status: the portal showed a different dispute', at('trackingNumber'));
    return {
      outcome: 'found',
      data: {
        trackingNumber: tracking,
        claimNumber: parseCode(f.claimNumber, /^[A-Za-z0-9-]{5,30}$/, at('claimNumber'), 'a claim number'),
        payer: payerId(f.payer, 'status'),
        status: oneOf(AVAILITY_DISPUTE_STATUS, f.status, 'status'),
        decision: nullable(f.decision, NO_VALUE, (t) => oneOf(AVAILITY_DISPUTE_OUTCOME, t, 'decision')),
        approvedAmount: nullable(f.approvedAmount, NO_VALUE, (t) => parseMoney(t, at('approvedAmount'))),
        submittedDate: nullable(f.submittedDate, NO_VALUE, (t) => parseDate(t, at('submittedDate'))),
        decisionDate: nullable(f.decisionDate, NO_VALUE, (t) => parseDate(t, at('decisionDate'))),
      },
    };
  },
};
