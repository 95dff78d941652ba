// What a found result sets in motion beyond its own row: denials go to the
// work queue. Each step is idempotent, because a job can be delivered twice.
import type { Db } from '../db/client.ts';
import type { EvidenceStore } from '../../evidence-store/index.ts';
import type { Logger } from '../logging.ts';
import type { ResultMessageV1 } from '../results/contract.ts';
import { ingestClaimStatusResult, ingestDenialDetailsResult } from '../workqueue/index.ts';

export interface AfterResultDeps {
  db: Db;
  evidence: EvidenceStore;
  logger: Logger;
}

export async function afterResult(deps: AfterResultDeps, message: ResultMessageV1, ctx: { resultId: string; claimId: string | null }): Promise<void> {
  const { db, logger } = deps;
  if (ctx.claimId && (message.task === 'claim-status' || message.task === 'denial-details')) {
    const ingest = message.task === 'claim-status' ? ingestClaimStatusResult : ingestDenialDetailsResult;
    const r = await ingest(db, { claimId: ctx.claimId, payerId: message.payer, resultId: ctx.resultId, observedAt: message.finishedAt, data: message.data }, { logger });
    if (r.action !== 'ignored' && r.action !== 'unchanged') logger.info({ workItem: r.itemId, action: r.action }, 'denial work item');
  }
}
