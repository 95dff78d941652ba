// One job, from ids in Redis to a persisted, published result. Claim jobs
// read the claim from PostgreSQL (the payload carries only its id); provider
// and date-range jobs carry their non-PHI target directly.
import { DelayedError, UnrecoverableError, type Job, type Queue } from 'bullmq';
import type { BotRunnerLike } from './runners.ts';
import type { Db } from '../db/client.ts';
import type { EvidenceStore } from '../../../evidence-store/index.ts';
import type { Logger } from '../logging.ts';
import type { TaskName } from '../../../bots/index.ts';
import { adoptRecordedCaptures, jobEvidenceSink } from './evidence-sink.ts';
import { ERROR_POLICY } from '../../../bots/index.ts';
import { ResultMessageV1, resultNotice } from '../results/contract.ts';
import { hasFollowUp, markResultProcessed, persistResult, type ClaimUpdate } from '../results/persist.ts';
import { markWorklistChecked, recordFoundClaim, worklistLookup } from '../worklists/items.ts';
import { systemJob } from './job-origin.ts';
import { AttemptFailed, FREE_RETRIES, freeRetriesOf, freeRetryDelayMs } from './retry-policy.ts';
import { payerCatalog } from '../catalog.ts';
import type { ResultFollowUp } from './follow-ups.ts';
import { TaskInputMissingError, type TaskInputResolvers } from './task-inputs.ts';
import {
  DEFAULT_INFRA_RETRY,
  infraRetriesOf,
  infraStep,
  InfrastructureError,
  retryLater,
  type InfraRetryOptions,
} from './infra-retry.ts';

export interface LookupDeps {
  db: Db;
  evidence: EvidenceStore;
  results: Queue;
  runnerFor(portal: string): Promise<BotRunnerLike>;
  logger: Logger;
  /** Patience with PostgreSQL / evidence / Redis failures (infra-retry.ts). */
  infraRetry?: InfraRetryOptions;
  /** Replaces a portal's runner whose browser stopped answering. */
  discardRunner?(portal: string): void;
  /** Longest a bot task may run before its runner is considered hung. */
  taskTimeoutMs?: number;
  /** What a found result sets in motion beyond its own row (follow-ups.ts). */
  followUps: readonly ResultFollowUp[];
  /** Inputs of claim tasks that need more than the claim number (task-inputs.ts). */
  taskInputs?: TaskInputResolvers;
}

/** What a job asks a bot to do, resolved from its payload. */
interface JobSpec {
  runId: string;
  portal: string;
  task: TaskName;
  input: unknown;
  target: Record<string, unknown>;
  claim: { id: string; claimNumber: string; payerId: string | null } | null;
  /** A worklist row without a claim number: its id, for the write-back of the claim found. */
  worklistItemId?: string;
}

async function resolveSpec(
  db: Db,
  jobId: string | undefined,
  raw: unknown,
  inputs: TaskInputResolvers = {},
): Promise<JobSpec> {
  const job = await systemJob(db, jobId, raw);
  const d = job.data;
  if (job.kind === 'target') {
    const t = job.data.target;
    return { runId: d.runId, portal: d.portal, task: d.task, input: t, target: t, claim: null };
  }
  if (job.kind === 'worklist') {
    const row = await infraStep('database', 'worklist row read', () => worklistLookup(db, job.data.worklistItemId));
    if (!row) throw new UnrecoverableError(`Worklist row ${job.data.worklistItemId} no longer exists`);
    return {
      runId: d.runId,
      portal: d.portal,
      task: d.task,
      input: row.input,
      // The row's account number answers "which worklist row is this"; member id and DOB stay in PostgreSQL.
      target: { worklistItemId: row.itemId, patientControlNumber: row.patientControlNumber },
      claim: row.claim,
      worklistItemId: row.itemId,
    };
  }
  const claim = job.claim;
  const resolver = inputs[d.task];
  let input: unknown = { claimNumber: claim.claimNumber };
  if (resolver) {
    // A request that is gone fails the job for good; a database that is away is retried like any read.
    const got = await infraStep('database', 'task input read', async () => {
      try {
        return { input: await resolver(db, claim) };
      } catch (e) {
        if (e instanceof TaskInputMissingError) return { missing: e.message };
        throw e;
      }
    });
    if ('missing' in got) throw new UnrecoverableError(got.missing);
    input = got.input;
  }
  return {
    runId: d.runId,
    portal: d.portal,
    task: d.task,
    input,
    target: { claimId: claim.id, claimNumber: claim.claimNumber },
    claim,
  };
}

export async function processLookup(
  deps: LookupDeps,
  job: Job,
  token: string | undefined,
): Promise<{ resultId: string; outcome: string }> {
  try {
    return await lookupOnce(deps, job, token);
  } catch (err) {
    if (!(err instanceof InfrastructureError)) throw err;
    deps.logger.warn(
      {
        jobId: job.id,
        component: err.component,
        step: err.step,
        infraRetries: infraRetriesOf(job),
        reason: err.message,
      },
      'infrastructure failure; job will be retried',
    );
    return retryLater(job, token, err, deps.infraRetry ?? DEFAULT_INFRA_RETRY);
  }
}

async function lookupOnce(
  deps: LookupDeps,
  job: Job,
  token: string | undefined,
): Promise<{ resultId: string; outcome: string }> {
  const spec = await resolveSpec(deps.db, job.id, job.data, deps.taskInputs);
  const jobId = job.id!;
  const log = deps.logger.child({
    jobId,
    runId: spec.runId,
    portal: spec.portal,
    task: spec.task,
    attempt: job.attemptsMade + 1,
  });

  const runner = await deps.runnerFor(spec.portal);
  const sinkCtx = {
    jobId,
    runId: spec.runId,
    portal: spec.portal,
    claimId: spec.claim?.id ?? null,
    claimRef: spec.claim?.claimNumber ?? null,
  };
  if (job.attemptsMade > 0 || infraRetriesOf(job) > 0 || job.stalledCounter > 0) {
    // An earlier delivery may have chained a capture and died before its row.
    const adopted = await infraStep('database', 'evidence adoption', () =>
      adoptRecordedCaptures(deps.db, deps.evidence, sinkCtx),
    );
    if (adopted > 0) log.info({ adopted }, 'evidence rows restored for captures of an earlier delivery');
  }
  const sink = jobEvidenceSink(deps.db, deps.evidence, sinkCtx);
  const result = await withTaskTimeout(
    runner.run(spec.task, spec.input, { jobId, runId: spec.runId, evidence: sink, attempt: job.attemptsMade + 1 }),
    deps.taskTimeoutMs,
    () => {
      // Seen after Chromium was killed: a Playwright call that never settles
      // would hold this job (and the runner's session) forever.
      log.warn({ timeoutMs: deps.taskTimeoutMs }, 'bot task hung; replacing the browser');
      deps.discardRunner?.(spec.portal);
    },
  );
  const attempts = job.attemptsMade + 1;
  // The runner has let go of the portal session: the next job's browser steps
  // run while this job's captures finish writing. A storage failure is not
  // the lookup's fault (a failed download step may be how the bot saw it).
  const storageFailure = await sink.flush();
  if (storageFailure) throw storageFailure;

  if (result.outcome === 'failed' && result.error) {
    const cls = result.error.class;
    const policy = ERROR_POLICY[cls];
    log.warn({ errorClass: cls, next: policy.next }, 'lookup attempt failed');
    const free = freeRetriesOf(job);
    if (policy.retryable && !policy.costsAttempt && free < FREE_RETRIES && token) {
      // Waiting out a portal's Retry-After, or logging in again after an
      // expired session, is not a failed attempt (the class's policy).
      const delay = freeRetryDelayMs(cls, result.error.details?.retryAfterMs, free);
      await job.updateData({ ...(job.data as object), freeRetries: free + 1 });
      await job.moveToDelayed(Date.now() + delay, token);
      throw new DelayedError(`${cls}: retrying in ${delay} ms without spending an attempt`);
    }
    const maxAttempts = job.opts.attempts ?? 1;
    if (policy.retryable && attempts < maxAttempts) throw new AttemptFailed(cls, result.error.message);
  }

  const message = ResultMessageV1.parse({
    schemaVersion: 1,
    runId: spec.runId,
    jobId,
    portal: spec.portal,
    payer: payerOf(result.data) ?? spec.claim?.payerId ?? null,
    task: spec.task,
    target: spec.target,
    outcome: result.outcome,
    ...(result.error
      ? { error: { class: result.error.class, message: result.error.message, retryable: result.error.retryable } }
      : {}),
    data: (result.data as Record<string, unknown> | undefined) ?? {},
    evidence: result.evidence,
    botVersion: result.botVersion,
    startedAt: result.startedAt.toISOString(),
    finishedAt: result.finishedAt.toISOString(),
  });
  if (spec.worklistItemId && !spec.claim && message.outcome === 'found' && spec.task === 'claim-status') {
    // Found by member search: the payer's claim number goes onto a claim, and the row points at it.
    const found = String((message.data as { claimNumber?: unknown }).claimNumber);
    const itemId = spec.worklistItemId;
    spec.claim = await infraStep('database', 'found claim write-back', () =>
      recordFoundClaim(deps.db, spec.portal, itemId, found),
    );
  }
  const claimChange =
    spec.claim && spec.task === 'claim-status'
      ? claimUpdate(spec.claim.id, result.data)
      : spec.claim
        ? { claimId: spec.claim.id }
        : undefined;
  const resultId = await infraStep('database', 'result write', () =>
    persistResult(deps.db, message, { attempts, ...(claimChange ? { claim: claimChange } : {}) }),
  );
  if (spec.worklistItemId && message.outcome !== 'failed') {
    const itemId = spec.worklistItemId;
    await infraStep('database', 'worklist row check', () =>
      markWorklistChecked(deps.db, itemId, new Date(message.finishedAt)),
    );
  }
  if (hasFollowUp(message)) {
    // Idempotent: a redelivered job finds its work item / remittances unchanged.
    await infraStep('database', 'work queue update', async () => {
      const ctx = { resultId, claimId: spec.claim?.id ?? null };
      for (const followUp of deps.followUps)
        await followUp({ db: deps.db, evidence: deps.evidence, logger: log }, message, ctx);
      await markResultProcessed(deps.db, resultId);
    });
  }
  // Same job id as the lookup: a redelivery publishes no second message. Ids
  // only: the details stay in PostgreSQL (results/contract.ts ResultNoticeV2).
  await infraStep('queue', 'result publish', () =>
    deps.results.add('result', resultNotice(message, resultId), { jobId }),
  );
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
  return {
    claimId,
    payerId,
    statusCategory: d.statusCategory ?? null,
    billedAmount: d.billedAmount ?? null,
    serviceDate: d.serviceDate ?? null,
  };
}

async function withTaskTimeout<T>(work: Promise<T>, ms: number | undefined, onTimeout: () => void): Promise<T> {
  if (!ms) return work;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new AttemptFailed('browser_crashed', `the bot task did not finish within ${Math.round(ms / 1000)} s`));
    }, ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
