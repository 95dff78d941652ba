// claim-status on the Medicaid-like portal: menu -> CLAIM INQUIRY (work-area
// frame) -> ICN, or recipient ID + birth date + DOS range -> the recipient's
// claims, of which billed amount, date of service and patient account number
// pick one (a real tie is reported, never guessed) -> detail page of nested
// tables with its service lines, parsed strictly and captured.
import type { Page } from 'playwright';
import type { StepTools, TaskDefinition, TaskOutcome } from '../runtime/bot.ts';
import { readWhileCapturing } from '../runtime/capture.ts';
import { BotError } from '../runtime/errors.ts';
import { nullable, parseCode, parseText } from '../runtime/parse.ts';
import { chooseCandidate } from '../runtime/candidates.ts';
import { has, need } from '../runtime/selectors.ts';
import {
  ClaimStatusInput,
  ClaimStatusOutput,
  type Adjustment,
  type MemberClaimSearch,
  type ServiceLine,
} from '../runtime/tasks.ts';
import { frameScope, navigateFrame, openWorkspace } from './frames.ts';
import { parseAmount, parseMonDate, slashDate } from './parse.ts';
import { readGrid, readPairs } from './read.ts';
import {
  ADJUSTMENT_COLUMNS,
  CLAIM_INFO_LABELS,
  EMPTY_ROWS,
  LINE_COLUMNS,
  medicaidSelectors as S,
  NO_VALUE,
  PAYER_IDS,
  PAYMENT_LABELS,
  RECIPIENT_COLUMNS,
  REMARK_COLUMNS,
} from './selectors.ts';

type Output = ClaimStatusOutput;

async function readDetail(page: Page): Promise<Output> {
  const work = frameScope(page, 'work');
  const at = (element: string) => ({ page: 'claimDetail', element });
  const info = await readPairs(work, S, 'claimDetail', 'claimInfo', CLAIM_INFO_LABELS);
  const pay = await readPairs(work, S, 'claimDetail', 'payment', PAYMENT_LABELS);
  const payer = PAYER_IDS[parseText(info.payer, at('payer'))];
  if (!payer)
    throw new BotError('layout_changed', 'claimDetail: payer is not one this bot knows', {
      page: 'claimDetail',
      element: 'payer',
    });

  const adjustments: Adjustment[] = (
    await readGrid(work, S, 'claimDetail', 'adjustments', ADJUSTMENT_COLUMNS, EMPTY_ROWS)
  ).map((r) => ({
    group: parseCode(r.group, /^(CO|PR|OA|PI|CR)$/, at('adjustments.group'), 'a group code') as Adjustment['group'],
    carc: parseCode(r.carc, /^[A-Z]?\d{1,3}$/, at('adjustments.carc'), 'a CARC code'),
    amount: parseAmount(r.amount, at('adjustments.amount')),
  }));
  const remarkCodes = (await readGrid(work, S, 'claimDetail', 'remarks', REMARK_COLUMNS, EMPTY_ROWS)).map((r) =>
    parseCode(r.code, /^[A-Z]{1,2}\d{1,3}$/, at('remarks.code'), 'a RARC code'),
  );
  const serviceLines: ServiceLine[] = (await readGrid(work, S, 'claimDetail', 'lines', LINE_COLUMNS)).map((r) => ({
    line: Number(parseCode(r.line, /^\d{1,3}$/, at('lines.line'), 'a line number')),
    procedureCode: parseCode(r.procedureCode, /^[A-Z0-9]{4,7}$/, at('lines.procedureCode'), 'a procedure code'),
    billedAmount: parseAmount(r.billedAmount, at('lines.billedAmount')),
    paidAmount: parseAmount(r.paidAmount, at('lines.paidAmount')),
    status: parseCode(r.status, /^[A-Z][A-Z ]{1,30}$/, at('lines.status'), 'a line status'),
  }));

  return {
    claimNumber: parseCode(info.claimNumber, /^\d{13}$/, at('claimNumber'), 'a 13-digit ICN'),
    payer,
    statusCategory: parseCode(
      info.statusCategory,
      /^(A[0-8]|P[0-5]|F[0-4]|R[0-9]{0,2}|E[0-4]?|D0)$/,
      at('statusCategory'),
      'a 277 status category',
    ),
    statusCode: parseCode(info.statusCode, /^\d{1,3}$/, at('statusCode'), 'a 277 status code'),
    statusText: parseText(info.statusText, at('statusText')),
    serviceDate: parseMonDate(info.serviceDate, at('serviceDate')),
    billedAmount: parseAmount(pay.billedAmount, at('billedAmount')),
    allowedAmount: nullable(pay.allowedAmount, NO_VALUE, (t) => parseAmount(t, at('allowedAmount'))),
    paidAmount: parseAmount(pay.paidAmount, at('paidAmount')),
    patientResponsibility: parseAmount(pay.patientResponsibility, at('patientResponsibility')),
    checkNumber: nullable(pay.checkNumber, NO_VALUE, (t) =>
      parseCode(t, /^[A-Za-z0-9-]{1,30}$/, at('checkNumber'), 'a check or EFT number'),
    ),
    paymentDate: nullable(pay.paymentDate, NO_VALUE, (t) => parseMonDate(t, at('paymentDate'))),
    adjustments,
    remarkCodes,
    serviceLines,
  };
}

/** On CLAIM INQUIRY: the recipient search, then the one claim it means (or why there is none). */
async function searchRecipient(
  page: Page,
  input: MemberClaimSearch,
  tools: StepTools,
): Promise<TaskOutcome<Output> | { open: string }> {
  if (!input.dateOfBirth)
    throw new BotError('invalid_input', "dateOfBirth: this portal's recipient search needs it", {
      field: 'dateOfBirth',
    });
  const work = frameScope(page, 'work');
  await (await need(work, S, 'claimInquiry', 'recipientId')).fill(input.memberId);
  await (await need(work, S, 'claimInquiry', 'dateOfBirth')).fill(slashDate(input.dateOfBirth));
  await (await need(work, S, 'claimInquiry', 'fromDos')).fill(slashDate(input.serviceDateFrom));
  await (await need(work, S, 'claimInquiry', 'toDos')).fill(slashDate(input.serviceDateTo));
  const submit = await need(work, S, 'claimInquiry', 'searchRecipient');
  await navigateFrame(page, 'work', 'recipientResults', () => submit.click());
  if (await has(work, S, 'claimInquiry', 'recipientNotFound')) {
    await tools.capture(page, 'claim-status: no records found for the recipient');
    return { outcome: 'not_found' };
  }
  if (await has(work, S, 'claimInquiry', 'error')) {
    const why = await (await need(work, S, 'claimInquiry', 'error')).innerText();
    throw new BotError('invalid_input', `the portal refused the recipient search: ${why.trim()}`, {
      field: 'memberId',
    });
  }
  await need(work, S, 'recipientResults', 'heading');
  const rows = await readWhileCapturing(
    tools.capture(page, 'claim-status: recipient claims'),
    readGrid(work, S, 'recipientResults', 'claims', RECIPIENT_COLUMNS),
  );
  const at = (element: string) => ({ page: 'recipientResults', element: `claims.${element}` });
  const choice = chooseCandidate(
    rows.map((r) => ({
      claimNumber: parseCode(r.icn, /^\d{13}$/, at('icn'), 'a 13-digit ICN'),
      serviceDate: parseMonDate(r.serviceDate, at('serviceDate')),
      billedAmount: parseAmount(r.billedAmount, at('billedAmount')),
      patientControlNumber: parseText(r.patientControlNumber, at('patientControlNumber')),
    })),
    input,
  );
  if (choice.kind === 'none') return { outcome: 'not_found' };
  if (choice.kind === 'tie') return { outcome: 'ambiguous_match', candidates: choice.claimNumbers };
  return { open: choice.claimNumber };
}

async function run(page: Page, input: ClaimStatusInput, tools: StepTools): Promise<TaskOutcome<Output>> {
  const icn = 'claimNumber' in input ? input.claimNumber.trim() : null;
  if (icn !== null && !/^\d{13}$/.test(icn))
    throw new BotError('invalid_input', 'Invalid input: claimNumber must be a 13-digit ICN on this portal', {
      field: 'claimNumber',
    });

  await openWorkspace(page, tools.baseUrl, tools.goto);
  const menu = frameScope(page, 'menu');
  const work = frameScope(page, 'work');
  const link = await need(menu, S, 'menu', 'claimInquiry');
  await navigateFrame(page, 'work', 'claimInquiry', () => link.click());
  let want: string;
  if (icn !== null) {
    await (await need(work, S, 'claimInquiry', 'icn')).fill(icn);
    const submit = await need(work, S, 'claimInquiry', 'submit');
    await navigateFrame(page, 'work', 'claimDetail', () => submit.click());
    if (await has(work, S, 'claimInquiry', 'notFound')) {
      await tools.capture(page, 'claim-status: no records found');
      return { outcome: 'not_found' };
    }
    want = icn;
  } else {
    const step = await searchRecipient(page, input as MemberClaimSearch, tools);
    if (!('open' in step)) return step;
    const claimLink = (await need(work, S, 'recipientResults', 'claims')).getByRole('link', {
      name: step.open,
      exact: true,
    });
    await navigateFrame(page, 'work', 'claimDetail', () => claimLink.click());
    want = step.open;
  }
  await need(work, S, 'claimDetail', 'heading');
  const data = await readWhileCapturing(tools.capture(page, 'claim-status: claim inquiry detail'), readDetail(page));
  if (data.claimNumber !== want) {
    throw new BotError('unexpected', 'claimDetail: the portal showed a different claim than the one searched', {
      page: 'claimDetail',
      element: 'claimNumber',
    });
  }
  return { outcome: 'found', data };
}

export const claimStatus: TaskDefinition<typeof ClaimStatusInput, typeof ClaimStatusOutput> = {
  input: ClaimStatusInput,
  output: ClaimStatusOutput,
  run,
};
