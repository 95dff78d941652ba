// One lookup job, from ids in Redis to a persisted, published result.
import { DelayedError, UnrecoverableError, type Job, type Queue } from 'bullmq';
import type { BotRunnerLike } from './runners.ts';
import type { Db } from '../db/client.ts';
import type { EvidenceStore } from '../../evidence-store/index.ts';
import type { Logger } from '../logging.ts';
import { jobEvidenceSink } from '../evidence/sink.ts';
import { ERROR_POLICY } from '../../bots/runtime/errors.ts';
import { ResultMessageV1 } from '../results/contract.ts';
import { persistResult, type ClaimUpdate } from '../results/persist.ts';
import { LookupJobData } from '../queue/jobs.ts';
import { AttemptFailed } from './retry-policy.ts';
import { payerCatalog } from '../catalog.ts';
import { ingestClaimStatusResult } from '../workqueue/index.ts';

export interface LookupDeps {
  db: Db;
  evidence: EvidenceStore;
  results: Queue;
  runnerFor(portal: string): Promise<BotRunnerLike>;
  logger: Logger;
}

export async function processLookup(deps: LookupDeps, job: Job, token: string | undefined): Promise<{ resultId: string; outcome: string }> {
  const parsed = LookupJobData.safeParse(job.data);
  if (!parsed.success) {
    throw new UnrecoverableError(`Job payload invalid at ${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}`);
  }
  const data = parsed.data;
  const jobId = job.id!;
  const log = deps.logger.child({ jobId, runId: data.runId, portal: data.portal, task: data.task, attempt: job.attemptsMade + 1 });
  const claim = await deps.db.claim.findUnique({ where: { id: data.claimId } });
  if (!claim) throw new UnrecoverableError(`Claim ${data.claimId} no longer exists`);

  const runner = await deps.runnerFor(data.portal);
  const sink = jobEvidenceSink(deps.db, deps.evidence, {
    jobId,
    runId: data.runId,
    portal: data.portal,
    claimId: claim.id,
    claimRef: claim.claimNumber,
  });
  const result = await runner.run(data.task, { claimNumber: claim.claimNumber }, { jobId, runId: data.runId, evidence: sink });
  const attempts = job.attemptsMade + 1;

  if (result.outcome === 'failed' && result.error) {
    const cls = result.error.class;
    const policy = ERROR_POLICY[cls];
    log.warn({ errorClass: cls, next: policy.next }, 'lookup attempt failed');
    if (cls === 'rate_limited' && result.error.details?.retryAfterMs !== undefined) {
      // Waiting out a portal's Retry-After is not a failed attempt.
      await job.moveToDelayed(Date.now() + result.error.details.retryAfterMs, token);
      throw new DelayedError();
    }
    const maxAttempts = job.opts.attempts ?? 1;
    if (policy.retryable && attempts < maxAttempts) throw new AttemptFailed(cls, result.error.message);
  }

  const message = ResultMessageV1.parse({
    schemaVersion: 1,
    runId: data.runId,
    jobId,
    portal: data.portal,
    payer: payerOf(result.data) ?? claim.payerId ?? null,
    task: data.task,
    target: { claimId: claim.id, claimNumber: claim.claimNumber },
    outcome: result.outcome,
    ...(result.error ? { error: { class: result.error.class, message: result.error.message, retryable: result.error.retryable } } : {}),
    data: (result.data as Record<string, unknown> | undefined) ?? {},
    evidence: result.evidence,
    botVersion: result.botVersion,
    startedAt: result.startedAt.toISOString(),
    finishedAt: result.finishedAt.toISOString(),
  });
  const resultId = await persistResult(deps.db, message, { attempts, claim: claimUpdate(claim.id, result.data) });
  if (message.outcome === 'found' && message.task === 'claim-status') {
    // Idempotent: a redelivered job finds its work item unchanged.
    const ingest = await ingestClaimStatusResult(
      deps.db,
      { claimId: claim.id, payerId: message.payer, resultId, observedAt: message.finishedAt, data: message.data },
      { logger: log },
    );
    if (ingest.action !== 'ignored' && ingest.action !== 'unchanged') log.info({ workItem: ingest.itemId, action: ingest.action }, 'denial work item');
  }
  await deps.results.add('result', message, { jobId });
  log.info({ outcome: message.outcome, evidence: message.evidence.length }, 'lookup recorded');
  if (message.outcome === 'failed') {
    // Recorded for the billing team; the job itself ends failed so ops see it
    // in the dead-letter view with its class.
    throw new UnrecoverableError(`${message.error!.class}: ${message.error!.message}`);
  }
  return { resultId, outcome: message.outcome };
}

function payerOf(data: unknown): string | undefined {
  const p = (data as { payer?: unknown } | undefined)?.payer;
  return typeof p === 'string' ? p : undefined;
}

function claimUpdate(claimId: string, data: unknown): ClaimUpdate {
  const d = (data ?? {}) as { payer?: string; statusCategory?: string; billedAmount?: number; serviceDate?: string };
  // Only payers we know become a foreign key; anything else stays in the result data.
  const payerId = d.payer && d.payer in payerCatalog ? d.payer : null;
  return { claimId, payerId, statusCategory: d.statusCategory ?? null, billedAmount: d.billedAmount ?? null, serviceDate: d.serviceDate ?? null };
}
