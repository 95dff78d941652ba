// reconsideration-status on the UHC-like portal: the tracking page by
// tracking number: in review, or the decision (overturned / upheld /
// partially overturned) with the amount approved and the decision date.
import type { TaskDefinition } from '../runtime/bot.ts';
import { readWhileCapturing } from '../runtime/capture.ts';
import { BotError } from '../runtime/errors.ts';
import { nullable, parseCode } from '../runtime/parse.ts';
import { has, need, readFields } from '../runtime/selectors.ts';
import { ReconsiderationStatusInput, ReconsiderationStatusOutput } from '../runtime/tasks.ts';
import { parseMonDate, parsePlainAmount } from './parse.ts';
import { reconsiderationSelectors as S, UHC_DECISION_TEXT, UHC_STATUS_TEXT } from './selectors-reconsideration.ts';
import { NO_VALUE } from './selectors.ts';
import { openWithTin } from './tins.ts';

const FIELDS = [
  'trackingNumber',
  'claimNumber',
  'submittedDate',
  'status',
  'decision',
  'approvedAmount',
  'decisionDate',
] as const;

function oneOf<T extends Record<string, string>>(map: T, text: string, element: string): T[keyof T] {
  if (!Object.hasOwn(map, text))
    throw new BotError('layout_changed', `status: ${element} "${text.slice(0, 40)}" is not a known value`, {
      page: 'status',
      element,
    });
  return map[text as keyof T];
}

export const reconsiderationStatus: TaskDefinition<
  typeof ReconsiderationStatusInput,
  typeof ReconsiderationStatusOutput
> = {
  input: ReconsiderationStatusInput,
  output: ReconsiderationStatusOutput,
  async run(page, input, tools) {
    await openWithTin(page, tools, '/reconsiderations', 'trackSearch');
    await (await need(page, S, 'trackSearch', 'trackingNumber')).fill(input.trackingNumber);
    await tools.submit(page, await need(page, S, 'trackSearch', 'track'), 'status');
    if (await has(page, S, 'trackNotFound', 'heading')) {
      await tools.capture(page, 'reconsideration-status: no reconsideration found');
      return { outcome: 'not_found' };
    }
    await need(page, S, 'status', 'heading');
    const f = await readWhileCapturing(
      tools.capture(page, 'reconsideration-status: status'),
      readFields(page, S, 'status', FIELDS),
    );
    const at = (element: string) => ({ page: 'status', element });
    const tracking = parseCode(f.trackingNumber, /^[A-Za-z0-9-]{6,30}$/, at('trackingNumber'), 'a tracking number');
    if (tracking.toUpperCase() !== input.trackingNumber.toUpperCase())
      throw new BotError('unexpected', 'status: the portal showed a different tracking number', at('trackingNumber'));
    return {
      outcome: 'found',
      data: {
        trackingNumber: tracking,
        claimNumber: parseCode(f.claimNumber, /^[A-Za-z0-9-]{5,30}$/, at('claimNumber'), 'a claim number'),
        payer: 'uhc',
        status: oneOf(UHC_STATUS_TEXT, f.status, 'status'),
        decision: nullable(f.decision, NO_VALUE, (t) => oneOf(UHC_DECISION_TEXT, t, 'decision')),
        approvedAmount: nullable(f.approvedAmount, NO_VALUE, (t) => parsePlainAmount(t, at('approvedAmount'))),
        submittedDate: nullable(f.submittedDate, NO_VALUE, (t) => parseMonDate(t, at('submittedDate'))),
        decisionDate: nullable(f.decisionDate, NO_VALUE, (t) => parseMonDate(t, at('decisionDate'))),
      },
    };
  },
};
