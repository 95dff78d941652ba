// What a found result sets in motion beyond its own row: denials go to the
// work queue; downloaded 835s are parsed, matched to our claims and their
// denials (silent ones included) go to the work queue too. Each step is idempotent, because a job can be delivered twice.
import type { Db } from '../db/client.ts';
import type { EvidenceStore } from '../../evidence-store/index.ts';
import type { Logger } from '../logging.ts';
import type { ResultMessageV1 } from '../results/contract.ts';
import { EraDownloadOutput } from '../../bots/runtime/tasks.ts';
import { processEraDownloadResult } from '../era-pipeline/process.ts';
import { ingestClaimStatusResult, ingestDenialDetailsResult } from '../workqueue/index.ts';

export interface AfterResultDeps {
  db: Db;
  evidence: EvidenceStore;
  logger: Logger;
}

export async function afterResult(
  deps: AfterResultDeps,
  message: ResultMessageV1,
  ctx: { resultId: string; claimId: string | null },
): Promise<void> {
  const { db, logger } = deps;
  if (ctx.claimId && (message.task === 'claim-status' || message.task === 'denial-details')) {
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
  }
  if (message.task === 'era-download') {
    const files = EraDownloadOutput.parse(message.data);
    const outcomes = await processEraDownloadResult(db, deps.evidence, files, {
      portal: message.portal,
      runId: message.runId,
      logger,
    });
    const failed = outcomes.filter((o) => o.error);
    logger.info({ files: outcomes.length, failed: failed.length }, 'ERA files processed');
  }
}
