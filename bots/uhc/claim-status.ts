// claim-status on the UHC-like portal. By claim number: search under each of
// the account's TINs until one has it. By member: a member + DOB + date-of-
// service search (or, without a DOB, a date-of-service range search filtered
// by member id) under the row's TIN when it names one, else under every TIN,
// walking all result pages; the billed amount, date of service and patient
// account number pick the claim, and a real tie is reported, never guessed.
import type { Page } from 'playwright';
import type { StepTools, TaskDefinition, TaskOutcome } from '../runtime/bot.ts';
import { readWhileCapturing } from '../runtime/capture.ts';
import { BotError } from '../runtime/errors.ts';
import { nullable, parseCode, parseDate, parseText } from '../runtime/parse.ts';
import { has, need, readFields, readTable } from '../runtime/selectors.ts';
import { ClaimStatusInput, ClaimStatusOutput, type Adjustment } from '../runtime/tasks.ts';
import { parseMonDate, parsePlainAmount, usInput } from './parse.ts';
import { ADJUSTMENT_COLUMNS, NO_VALUE, REMARK_COLUMNS, RESULT_COLUMNS, uhcSelectors as S } from './selectors.ts';
import { acrossTins, allTins, currentTin, openWithTin, switchTin } from './tins.ts';
import { chooseCandidate, type ClaimCandidate } from '../runtime/candidates.ts';

type Output = ClaimStatusOutput;
type MemberInput = Extract<ClaimStatusInput, { memberId: string }>;

const CLAIM_NUMBER = /^[A-Za-z0-9-]{5,30}$/;
const SEARCH = { path: '/claims', pageName: 'claimSearch' } as const;
const DETAIL_FIELDS = [
  'claimNumber',
  'serviceDates',
  'statusText',
  'statusCategory',
  'statusCode',
  'billedAmount',
  'allowedAmount',
  'paidAmount',
  'patientResponsibility',
  'checkNumber',
  'paymentDate',
] as const;

/** On the claim search page: search one claim number under the selected TIN. True when the portal opened it. */
export async function searchClaimNumber(page: Page, claimNumber: string, tools: StepTools): Promise<boolean> {
  await (await need(page, S, 'claimSearch', 'claimNumber')).fill(claimNumber);
  await tools.submit(page, await need(page, S, 'claimSearch', 'searchClaim'), 'claimDetail');
  if (await has(page, S, 'noClaims', 'heading')) return false;
  await need(page, S, 'claimDetail', 'heading');
  return true;
}

interface Match extends ClaimCandidate {
  tin: string;
}

/** Runs the member's search under the selected TIN and reads every result page. */
async function memberMatches(page: Page, input: MemberInput, tin: string, tools: StepTools): Promise<Match[]> {
  if (input.dateOfBirth) {
    await (await need(page, S, 'claimSearch', 'memberId')).fill(input.memberId);
    await (await need(page, S, 'claimSearch', 'dateOfBirth')).fill(usInput(input.dateOfBirth));
    await (await need(page, S, 'claimSearch', 'memberDosFrom')).fill(usInput(input.serviceDateFrom));
    await (await need(page, S, 'claimSearch', 'memberDosTo')).fill(usInput(input.serviceDateTo));
    await tools.submit(page, await need(page, S, 'claimSearch', 'searchMember'), 'searchResults');
  } else {
    await (await need(page, S, 'claimSearch', 'dosFrom')).fill(usInput(input.serviceDateFrom));
    await (await need(page, S, 'claimSearch', 'dosTo')).fill(usInput(input.serviceDateTo));
    await tools.submit(page, await need(page, S, 'claimSearch', 'searchDos'), 'searchResults');
  }
  if (await has(page, S, 'noClaims', 'heading')) return [];
  const matches: Match[] = [];
  for (let pageNo = 1; ; pageNo++) {
    await need(page, S, 'searchResults', 'heading');
    const rows = await readWhileCapturing(
      tools.capture(page, `claim-status: search results page ${pageNo}`),
      readTable(page, S, 'searchResults', 'table', RESULT_COLUMNS),
    );
    if (rows.length === 0)
      throw new BotError('layout_changed', 'searchResults: the results table has no rows', {
        page: 'searchResults',
        element: 'table',
      });
    for (const r of rows) {
      const at = (element: string) => ({ page: 'searchResults', element: `table.${element}` });
      const dos = parseDate(r.serviceDate, at('serviceDate'));
      const memberId = parseCode(r.memberId, /^[A-Za-z0-9]{6,20}$/, at('memberId'), 'a member id');
      if (
        memberId.toUpperCase() !== input.memberId.toUpperCase() ||
        dos < input.serviceDateFrom ||
        dos > input.serviceDateTo
      )
        continue;
      matches.push({
        tin,
        claimNumber: parseCode(r.claimNumber, CLAIM_NUMBER, at('claimNumber'), 'a claim number'),
        serviceDate: dos,
        billedAmount: parsePlainAmount(r.billedAmount, at('billedAmount')),
        patientControlNumber: parseText(r.patientAccountNumber, at('patientAccountNumber')),
      });
    }
    const nav = await need(page, S, 'searchResults', 'pagination', { state: 'attached' });
    const next = nav.getByRole('link', { name: 'Next', exact: true });
    if ((await next.count()) === 0) return matches;
    if (pageNo >= 100)
      throw new BotError('unexpected', 'searchResults: more than 100 result pages', {
        page: 'searchResults',
        element: 'pagination',
      });
    await tools.submit(page, next, 'searchResults');
  }
}

async function openMemberClaim(page: Page, input: MemberInput, tools: StepTools): Promise<TaskOutcome<Output> | null> {
  const matches: Match[] = [];
  if (input.tin) {
    // Claims are listed under the TIN that billed them: the row names it, so only that TIN is searched.
    const tin = `${input.tin.slice(0, 2)}-${input.tin.slice(2)}`;
    const current = await openWithTin(page, tools, SEARCH.path, SEARCH.pageName);
    if (current !== tin) {
      if (!(await allTins(page, tools, SEARCH.path)).includes(tin))
        throw new BotError('invalid_input', 'tin: this account is not linked to that Tax ID', { field: 'tin' });
      await switchTin(page, tools, tin, SEARCH.path, SEARCH.pageName);
    }
    matches.push(...(await memberMatches(page, input, tin, tools)));
  } else {
    await acrossTins(page, tools, SEARCH, async (tin) => {
      matches.push(...(await memberMatches(page, input, tin, tools)));
      return null; // every TIN is searched: the claim may be under any of them, and two matches must be seen
    });
  }
  const choice = chooseCandidate(matches, input);
  if (choice.kind === 'none') {
    await tools.capture(page, 'claim-status: no matching claim found');
    return { outcome: 'not_found' };
  }
  if (choice.kind === 'tie') return { outcome: 'ambiguous_match', candidates: choice.claimNumbers };
  const only = matches.find((m) => m.claimNumber === choice.claimNumber) as Match;
  const path = `/claims/${encodeURIComponent(only.claimNumber)}`;
  if ((await currentTin(page, 'searchResults').catch(() => null)) === only.tin)
    await tools.goto(page, `${tools.baseUrl}${path}`, 'claimDetail');
  else await switchTin(page, tools, only.tin, path, 'claimDetail');
  await need(page, S, 'claimDetail', 'heading');
  return null;
}

async function readDetail(page: Page): Promise<Output> {
  const at = (element: string) => ({ page: 'claimDetail', element });
  const f = await readFields(page, S, 'claimDetail', DETAIL_FIELDS);
  // "04-MAR-2025 to 04-MAR-2025": the contract's service date is the first.
  const dates = f.serviceDates.split(' to ');
  if (dates.length !== 2)
    throw new BotError('layout_changed', 'claimDetail: serviceDates is not a range like 04-MAR-2025 to 04-MAR-2025', {
      page: 'claimDetail',
      element: 'serviceDates',
    });
  const serviceDate = parseMonDate(dates[0] as string, at('serviceDates'));
  parseMonDate(dates[1] as string, at('serviceDates'));

  const adjustments: Adjustment[] = (await readTable(page, S, 'claimDetail', 'adjustments', ADJUSTMENT_COLUMNS)).map(
    (r) => ({
      group: parseCode(r.group, /^(CO|PR|OA|PI|CR)$/, at('adjustments.group'), 'a group code') as Adjustment['group'],
      carc: parseCode(r.carc, /^[A-Z]?\d{1,3}$/, at('adjustments.carc'), 'a CARC code'),
      // The portal shows reductions in parentheses; the contract carries them as positive CAS amounts.
      amount: 0 - parsePlainAmount(r.amount, at('adjustments.amount')),
    }),
  );
  const remarkCodes = (await readTable(page, S, 'claimDetail', 'remarks', REMARK_COLUMNS)).map((r) =>
    parseCode(r.code, /^[A-Z]{1,2}\d{1,3}$/, at('remarks.code'), 'a RARC code'),
  );

  return {
    claimNumber: parseCode(f.claimNumber, CLAIM_NUMBER, at('claimNumber'), 'a claim number'),
    payer: 'uhc',
    statusCategory: parseCode(
      f.statusCategory,
      /^(A[0-8]|P[0-5]|F[0-4]|R[0-9]{0,2}|E[0-4]?|D0)$/,
      at('statusCategory'),
      'a 277 status category',
    ),
    statusCode: parseCode(f.statusCode, /^\d{1,3}$/, at('statusCode'), 'a 277 status code'),
    statusText: parseText(f.statusText, at('statusText')),
    serviceDate,
    billedAmount: parsePlainAmount(f.billedAmount, at('billedAmount')),
    allowedAmount: nullable(f.allowedAmount, NO_VALUE, (t) => parsePlainAmount(t, at('allowedAmount'))),
    paidAmount: parsePlainAmount(f.paidAmount, at('paidAmount')),
    patientResponsibility: parsePlainAmount(f.patientResponsibility, at('patientResponsibility')),
    checkNumber: nullable(f.checkNumber, NO_VALUE, (t) =>
      parseCode(t, /^[A-Za-z0-9-]{1,30}$/, at('checkNumber'), 'a check or EFT number'),
    ),
    paymentDate: nullable(f.paymentDate, NO_VALUE, (t) => parseMonDate(t, at('paymentDate'))),
    adjustments,
    remarkCodes,
  };
}

export const claimStatus: TaskDefinition<typeof ClaimStatusInput, typeof ClaimStatusOutput> = {
  input: ClaimStatusInput,
  output: ClaimStatusOutput,
  async run(page, input, tools) {
    if ('claimNumber' in input) {
      const opened = await acrossTins(page, tools, SEARCH, async () =>
        (await searchClaimNumber(page, input.claimNumber, tools)) ? true : null,
      );
      if (!opened) {
        await tools.capture(page, 'claim-status: no claims found under any Tax ID');
        return { outcome: 'not_found' };
      }
    } else {
      const early = await openMemberClaim(page, input, tools);
      if (early) return early;
    }
    const data = await readWhileCapturing(tools.capture(page, 'claim-status: claim details'), readDetail(page));
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
