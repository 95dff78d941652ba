// claim-status on the Medicaid-like portal: menu -> CLAIM INQUIRY (work-area
// frame) -> ICN -> detail page of nested tables, parsed strictly and captured.
import type { Page } from 'playwright';
import type { StepTools, TaskDefinition, TaskOutcome } from '../runtime/bot.ts';
import { readWhileCapturing } from '../runtime/capture.ts';
import { BotError } from '../runtime/errors.ts';
import { nullable, parseCode, parseText } from '../runtime/parse.ts';
import { has, need } from '../runtime/selectors.ts';
import { ClaimStatusInput, ClaimStatusOutput, type Adjustment } from '../runtime/tasks.ts';
import { frameScope, navigateFrame, openWorkspace } from './frames.ts';
import { parseAmount, parseMonDate } from './parse.ts';
import { readGrid, readPairs } from './read.ts';
import {
  ADJUSTMENT_COLUMNS,
  CLAIM_INFO_LABELS,
  EMPTY_ROWS,
  medicaidSelectors as S,
  NO_VALUE,
  PAYER_IDS,
  PAYMENT_LABELS,
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
  };
}

async function run(page: Page, input: ClaimStatusInput, tools: StepTools): Promise<TaskOutcome<Output>> {
  if (!('claimNumber' in input)) {
    throw new BotError('invalid_input', 'This portal searches claims by ICN only; give claimNumber', {
      field: 'claimNumber',
    });
  }
  const icn = input.claimNumber.trim();
  if (!/^\d{13}$/.test(icn))
    throw new BotError('invalid_input', 'Invalid input: claimNumber must be a 13-digit ICN on this portal', {
      field: 'claimNumber',
    });

  await openWorkspace(page, tools.baseUrl, tools.goto);
  const menu = frameScope(page, 'menu');
  const work = frameScope(page, 'work');
  const link = await need(menu, S, 'menu', 'claimInquiry');
  await navigateFrame(page, 'work', 'claimInquiry', () => link.click());
  await (await need(work, S, 'claimInquiry', 'icn')).fill(icn);
  const submit = await need(work, S, 'claimInquiry', 'submit');
  await navigateFrame(page, 'work', 'claimDetail', () => submit.click());

  if (await has(work, S, 'claimInquiry', 'notFound')) {
    await tools.capture(page, 'claim-status: no records found');
    return { outcome: 'not_found' };
  }
  await need(work, S, 'claimDetail', 'heading');
  const data = await readWhileCapturing(tools.capture(page, 'claim-status: claim inquiry detail'), readDetail(page));
  if (data.claimNumber !== icn) {
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
