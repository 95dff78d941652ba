// era-download results: every downloaded 835 is parsed, matched to our claims
// and its denials (silent ones included) go to the work queue.
import { EraDownloadOutput } from '../../bots/index.ts';
import type { ResultFollowUp } from '../platform/worker/follow-ups.ts';
import { processEraDownloadResult } from './process.ts';

export const remittanceFollowUp: ResultFollowUp = async ({ db, evidence, logger }, message) => {
  if (message.task !== 'era-download') return;
  const files = EraDownloadOutput.parse(message.data);
  const outcomes = await processEraDownloadResult(db, evidence, files, {
    portal: message.portal,
    runId: message.runId,
    logger,
  });
  const failed = outcomes.filter((o) => o.error);
  // PDFs and archives (documents) are evidence already; only the 835s are parsed.
  logger.info(
    { files: outcomes.length, failed: failed.length, documents: files.documents?.length ?? 0 },
    'ERA files processed',
  );
};
