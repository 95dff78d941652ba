// Claim-status and denial-details results feed the denial work queue: a
// denial (explicit or silent) becomes or updates the claim's work item.
import type { ResultFollowUp } from '../platform/worker/follow-ups.ts';
import { ingestClaimStatusResult, ingestDenialDetailsResult } from './index.ts';

export const denialsFollowUp: ResultFollowUp = async ({ db, logger }, message, ctx) => {
  if (!ctx.claimId || (message.task !== 'claim-status' && message.task !== 'denial-details')) return;
  const ingest = message.task === 'claim-status' ? ingestClaimStatusResult : ingestDenialDetailsResult;
  const r = await ingest(
    db,
    {
      claimId: ctx.claimId,
      payerId: message.payer,
      resultId: ctx.resultId,
      observedAt: message.finishedAt,
      data: message.data,
    },
    { logger },
  );
  if (r.action !== 'ignored' && r.action !== 'unchanged')
    logger.info({ workItem: r.itemId, action: r.action }, 'denial work item');
};
