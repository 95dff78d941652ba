// claim-status on the Availity-like portal: search by claim number, or by
// member + DOB + date-of-service range (a list of matches, then the claim),
// capture every page read, and parse the detail page strictly.
import type { Page } from 'playwright';
import type { StepTools, TaskDefinition, TaskOutcome } from '../runtime/bot.ts';
import { readWhileCapturing } from '../runtime/capture.ts';
import { BotError } from '../runtime/errors.ts';
import { nullable, parseCode, parseDate, parseMoney, parseText } from '../runtime/parse.ts';
import { has, inOrder, need, readFields, readList, readTable } from '../runtime/selectors.ts';
import { ClaimStatusInput, ClaimStatusOutput, type Adjustment, type MemberClaimSearch } from '../runtime/tasks.ts';
import { chooseCandidate } from '../runtime/candidates.ts';
import { ADJUSTMENT_COLUMNS, availitySelectors as S, MEMBER_RESULT_COLUMNS, NO_VALUE, PAYER_IDS } from './selectors.ts';

type Output = ClaimStatusOutput;

const DETAIL_FIELDS = [
  'claimNumber',
  'payer',
  'serviceDate',
  'statusCategory',
  'statusCode',
  'statusText',
  'billedAmount',
  'allowedAmount',
  'paidAmount',
  'patientResponsibility',
  'checkNumber',
  'paymentDate',
] as const;

async function notFound(page: Page, tools: StepTools): Promise<TaskOutcome<Output> | null> {
  if (!(await has(page, S, 'noResults', 'heading'))) return null;
  await tools.capture(page, 'claim-status: no claims found');
  return { outcome: 'not_found' };
}

/** What a member search may stop at: a result for the task, or the claim to open. */
type MemberStep = TaskOutcome<Output> | { open: string };

async function searchByMember(page: Page, input: MemberClaimSearch, tools: StepTools): Promise<MemberStep> {
  // Like Availity's own inquiry: one payer, the provider's NPI, the member and birth date, a DOS range.
  const missing = (['payer', 'providerNpi', 'dateOfBirth'] as const).find((f) => !input[f]);
  if (missing)
    throw new BotError('invalid_input', `${missing}: this portal's member search needs it`, { field: missing });
  const payerValue = input.payer as string;
  if (!Object.values(PAYER_IDS).includes(payerValue))
    throw new BotError('invalid_input', `payer: "${payerValue}" is not a payer on this portal`, { field: 'payer' });
  await (await need(page, S, 'claimSearch', 'memberPayer')).selectOption(payerValue);
  await (await need(page, S, 'claimSearch', 'providerNpi')).fill(input.providerNpi as string);
  await (await need(page, S, 'claimSearch', 'memberId')).fill(input.memberId);
  await (await need(page, S, 'claimSearch', 'dateOfBirth')).fill(input.dateOfBirth as string);
  await (await need(page, S, 'claimSearch', 'serviceDateFrom')).fill(input.serviceDateFrom);
  await (await need(page, S, 'claimSearch', 'serviceDateTo')).fill(input.serviceDateTo);
  await tools.submit(page, await need(page, S, 'claimSearch', 'searchByMember'), 'memberResults');
  const none = await notFound(page, tools);
  if (none) return none;

  await need(page, S, 'memberResults', 'heading');
  const rows = await readTable(page, S, 'memberResults', 'table', MEMBER_RESULT_COLUMNS);
  await tools.capture(page, 'claim-status: member search results');
  if (rows.length === 0)
    throw new BotError('layout_changed', 'memberResults: the results table has no rows', {
      page: 'memberResults',
      element: 'table',
    });
  const at = (element: string) => ({ page: 'memberResults', element: `table.${element}` });
  const choice = chooseCandidate(
    rows.map((r) => ({
      claimNumber: parseCode(r.claimNumber, /^[A-Za-z0-9-]{5,30}$/, at('claimNumber'), 'a claim number'),
      serviceDate: parseDate(r.serviceDate, at('serviceDate')),
      billedAmount: parseMoney(r.billedAmount, at('billedAmount')),
      patientControlNumber: parseText(r.patientControlNumber, at('patientControlNumber')),
    })),
    input,
  );
  if (choice.kind === 'none') return { outcome: 'not_found' };
  if (choice.kind === 'tie') return { outcome: 'ambiguous_match', candidates: choice.claimNumbers };
  return { open: choice.claimNumber };
}

async function readDetail(page: Page): Promise<Output> {
  const at = (element: string) => ({ page: 'claimDetail', element });
  const [f, adjustmentRows, remarks] = await inOrder([
    readFields(page, S, 'claimDetail', DETAIL_FIELDS),
    readTable(page, S, 'claimDetail', 'adjustments', ADJUSTMENT_COLUMNS),
    readList(page, S, 'claimDetail', 'remarks'),
  ]);
  const payerName = parseText(f.payer, at('payer'));
  const payer = PAYER_IDS[payerName];
  if (!payer)
    throw new BotError('layout_changed', 'claimDetail: payer is not one this bot knows', {
      page: 'claimDetail',
      element: 'payer',
    });

  const adjustments: Adjustment[] = adjustmentRows.map((r) => ({
    group: parseCode(r.group, /^(CO|PR|OA|PI|CR)$/, at('adjustments.group'), 'a group code') as Adjustment['group'],
    carc: parseCode(r.carc, /^[A-Z]?\d{1,3}$/, at('adjustments.carc'), 'a CARC code'),
    amount: parseMoney(r.amount, at('adjustments.amount')),
  }));
  // Each remark item reads "<code> <description>"; the code is what we keep.
  const remarkCodes = remarks.map((t) =>
    parseCode(t.split(' ')[0] ?? '', /^[A-Z]{1,2}\d{1,3}$/, at('remarks'), 'a RARC code'),
  );

  return {
    claimNumber: parseCode(f.claimNumber, /^[A-Za-z0-9-]{5,30}$/, at('claimNumber'), 'a claim number'),
    payer,
    statusCategory: parseCode(
      f.statusCategory,
      /^(A[0-8]|P[0-5]|F[0-4]|R[0-9]{0,2}|E[0-4]?|D0)$/,
      at('statusCategory'),
      'a 277 status category',
    ),
    statusCode: parseCode(f.statusCode, /^\d{1,3}$/, at('statusCode'), 'a 277 status code'),
    statusText: parseText(f.statusText, at('statusText')),
    serviceDate: parseDate(f.serviceDate, at('serviceDate')),
    billedAmount: parseMoney(f.billedAmount, at('billedAmount')),
    allowedAmount: nullable(f.allowedAmount, NO_VALUE, (t) => parseMoney(t, at('allowedAmount'))),
    paidAmount: parseMoney(f.paidAmount, at('paidAmount')),
    patientResponsibility: parseMoney(f.patientResponsibility, at('patientResponsibility')),
    checkNumber: nullable(f.checkNumber, NO_VALUE, (t) =>
      parseCode(t, /^[A-Za-z0-9-]{1,30}$/, at('checkNumber'), 'a check or EFT number'),
    ),
    paymentDate: nullable(f.paymentDate, NO_VALUE, (t) => parseDate(t, at('paymentDate'))),
    adjustments,
    remarkCodes,
  };
}

export const claimStatus: TaskDefinition<typeof ClaimStatusInput, typeof ClaimStatusOutput> = {
  input: ClaimStatusInput,
  output: ClaimStatusOutput,
  async run(page, input, tools) {
    await tools.goto(page, `${tools.baseUrl}/claims/status?payer=all`, 'claimSearch');
    if ('claimNumber' in input) {
      await (await need(page, S, 'claimSearch', 'claimNumber')).fill(input.claimNumber);
      await tools.submit(page, await need(page, S, 'claimSearch', 'searchByClaimNumber'), 'claimDetail');
    } else {
      const step = await searchByMember(page, input, tools);
      if (!('open' in step)) return step;
      const link = (await need(page, S, 'memberResults', 'table')).getByRole('link', {
        name: step.open,
        exact: true,
      });
      await tools.submit(page, link, 'claimDetail');
    }
    const none = await notFound(page, tools);
    if (none) return none;

    await need(page, S, 'claimDetail', 'heading');
    const data = await readWhileCapturing(tools.capture(page, 'claim-status: claim detail'), readDetail(page));
    if ('claimNumber' in input && data.claimNumber.toUpperCase() !== input.claimNumber.toUpperCase()) {
      throw new BotError('unexpected', 'claimDetail: the portal showed a different claim than the one searched', {
        page: 'claimDetail',
        element: 'claimNumber',
      });
    }
    if (
      'memberId' in input &&
      data.serviceDate &&
      (data.serviceDate < input.serviceDateFrom || data.serviceDate > input.serviceDateTo)
    ) {
      throw new BotError('unexpected', 'claimDetail: the claim shown is outside the searched date range', {
        page: 'claimDetail',
        element: 'serviceDate',
      });
    }
    return { outcome: 'found', data };
  },
};
