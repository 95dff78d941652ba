// denial-details on the Availity-like portal: look the claim up on the denial
// detail page and read the summary, reason codes, remark codes and the
// payer's rationale strictly. A claim with no denial page is not_found.
import type { Page } from 'playwright';
import type { TaskDefinition } from '../runtime/bot.ts';
import { BotError } from '../runtime/errors.ts';
import { nullable, parseCode, parseDate, parseMoney, parseText } from '../runtime/parse.ts';
import { has, need, readFields, readTable } from '../runtime/selectors.ts';
import { DenialDetailsInput, DenialDetailsOutput } from '../runtime/tasks.ts';
import {
  DENIAL_REASON_COLUMNS,
  DENIAL_REMARK_COLUMNS,
  NO_RATIONALE,
  NO_VALUE,
  NOT_APPEALABLE,
  PAYER_IDS,
  availitySelectors as S,
} from './selectors.ts';

type Output = DenialDetailsOutput;
const at = (element: string) => ({ page: 'denialDetail', element });
const SUMMARY = ['claimNumber', 'payer', 'billedAmount', 'deniedAmount', 'denialDate', 'appealDeadline'] as const;

async function readDenial(page: Page): Promise<Output> {
  const f = await readFields(page, S, 'denialDetail', SUMMARY);
  const payer = PAYER_IDS[parseText(f.payer, at('payer'))];
  if (!payer) throw new BotError('layout_changed', 'denialDetail: payer is not one this bot knows', at('payer'));
  const carcCodes = (await readTable(page, S, 'denialDetail', 'reasons', DENIAL_REASON_COLUMNS)).map((r) => {
    const group = nullable(
      r.group,
      NO_VALUE,
      (t) =>
        parseCode(t, /^(CO|PR|OA|PI|CR)$/, at('reasons.group'), 'a group code') as 'CO' | 'PR' | 'OA' | 'PI' | 'CR',
    );
    const amount = nullable(r.amount, NO_VALUE, (t) => parseMoney(t, at('reasons.amount')));
    return {
      code: parseCode(r.code, /^[A-Z]?\d{1,3}$/, at('reasons.code'), 'a CARC code'),
      ...(group !== null ? { group } : {}),
      ...(amount !== null ? { amount } : {}),
      description: parseText(r.description, at('reasons.description')),
    };
  });
  const remarkCodes = (await readTable(page, S, 'denialDetail', 'remarks', DENIAL_REMARK_COLUMNS)).map((r) => ({
    code: parseCode(r.code, /^[A-Z]{1,2}\d{1,3}$/, at('remarks.code'), 'a RARC code'),
    description: parseText(r.description, at('remarks.description')),
  }));
  const rationaleText = parseText(
    await (await need(page, S, 'denialDetail', 'rationale')).locator('p').first().innerText(),
    at('rationale'),
  );
  return {
    claimNumber: parseCode(f.claimNumber, /^[A-Za-z0-9-]{5,30}$/, at('claimNumber'), 'a claim number'),
    payer,
    carcCodes,
    remarkCodes,
    rationale: rationaleText === NO_RATIONALE ? null : rationaleText,
    appealDeadline: nullable(f.appealDeadline, NOT_APPEALABLE, (t) => parseDate(t, at('appealDeadline'))),
    denialDate: nullable(f.denialDate, NO_VALUE, (t) => parseDate(t, at('denialDate'))),
    billedAmount: nullable(f.billedAmount, NO_VALUE, (t) => parseMoney(t, at('billedAmount'))),
    deniedAmount: nullable(f.deniedAmount, NO_VALUE, (t) => parseMoney(t, at('deniedAmount'))),
  };
}

export const denialDetails: TaskDefinition<typeof DenialDetailsInput, typeof DenialDetailsOutput> = {
  input: DenialDetailsInput,
  output: DenialDetailsOutput,
  async run(page, input, tools) {
    // The lookup form is a GET: one navigation instead of form page + submit.
    await tools.goto(
      page,
      `${tools.baseUrl}/claims/denials/search?${new URLSearchParams({ claimNumber: input.claimNumber })}`,
      'denialDetail',
    );
    if (await has(page, S, 'noDenial', 'heading')) {
      await tools.capture(page, 'denial-details: no denial found');
      return { outcome: 'not_found' };
    }
    await need(page, S, 'denialDetail', 'heading');
    await tools.capture(page, 'denial-details: denial detail');
    const data = await readDenial(page);
    if (data.claimNumber.toUpperCase() !== input.claimNumber.toUpperCase()) {
      throw new BotError(
        'unexpected',
        'denialDetail: the portal showed a different claim than the one searched',
        at('claimNumber'),
      );
    }
    return { outcome: 'found', data };
  },
};
