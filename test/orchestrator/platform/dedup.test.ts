// Deduplication: the same claim and task submitted again within the window
// joins the existing job; the joining run still gets its result. Payloads
// carry ids only.
import { Worker, UnrecoverableError } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalQueueName } from '../../../orchestrator/platform/queue/jobs.ts';
import { joinedResultJobId, propagateJoinedResults } from '../../../orchestrator/platform/queue/joins.ts';
import { assertPayload, LookupJobPayload, WebhookJobPayload } from '../../../orchestrator/platform/queue/payload.ts';
import { markResultProcessed, persistResult } from '../../../orchestrator/platform/results/persist.ts';
import type { ResultMessageV1 } from '../../../orchestrator/platform/results/contract.ts';
import { waitForRun } from '../../../orchestrator/platform/runs/wait.ts';
import { createEnv, PORTAL, type Env } from './setup.ts';

function message(
  jobId: string,
  runId: string,
  claimId: string,
  claimNumber: string,
  outcome: 'found' | 'failed' = 'found',
): ResultMessageV1 {
  const t = new Date().toISOString();
  return {
    schemaVersion: 1,
    runId,
    jobId,
    portal: PORTAL,
    payer: null,
    task: 'claim-status',
    target: { claimId, claimNumber },
    outcome,
    ...(outcome === 'failed'
      ? { error: { class: 'authentication_failed' as const, message: 'login refused', retryable: false } }
      : {}),
    data: outcome === 'found' ? { statusCategory: 'F1', paidAmount: 120.5 } : {},
    evidence: [],
    botVersion: 'test-1',
    startedAt: t,
    finishedAt: t,
  };
}

describe('deduplication', () => {
  let env: Env;
  beforeAll(async () => {
    env = await createEnv('dedup', { PORTALBOTS_DEDUP_WINDOW: '10m' });
  });
  afterAll(async () => env?.close());

  it('collapses a repeated submission into the waiting job and copies its result to the joining run', async () => {
    const a = await env.submit(['DUP-00001', 'DUP-00002']);
    const b = await env.submit(['DUP-00002', 'DUP-00003']);
    const queue = env.queues.queueFor(PORTAL);
    expect((await queue.getJobCounts('waiting')).waiting).toBe(3);

    const jobA2 = a.jobs.find((j) => j.claimNumber === 'DUP-00002')!;
    const jobB2 = b.jobs.find((j) => j.claimNumber === 'DUP-00002')!;
    expect(jobB2.joined).toBe(true);
    expect(jobB2.jobId).toBe(jobA2.jobId);
    expect(b.jobs.find((j) => j.claimNumber === 'DUP-00003')!.joined).toBeUndefined();
    const link = await env.db.runJob.findUniqueOrThrow({
      where: { runId_claimId: { runId: b.runId, claimId: jobB2.claimId } },
    });
    expect(link).toMatchObject({ jobId: jobA2.jobId, joined: true });

    // The job runs once (as a worker would): its result lands for run A, and is copied for run B.
    const resultId = await persistResult(env.db, message(jobA2.jobId, a.runId, jobA2.claimId, 'DUP-00002'), {
      attempts: 1,
      claim: { claimId: jobA2.claimId },
    });
    await markResultProcessed(env.db, resultId);
    expect(await propagateJoinedResults(env.db, jobA2.jobId)).toBe(1);
    const copy = await env.db.taskResult.findUniqueOrThrow({
      where: { jobId: joinedResultJobId(jobA2.jobId, b.runId) },
    });
    expect(copy.runId).toBe(b.runId);
    expect(copy.target).toMatchObject({ joinedJobId: jobA2.jobId, claimNumber: 'DUP-00002' });
    expect(copy.data).toEqual({ statusCategory: 'F1', paidAmount: 120.5 });
    // Idempotent.
    await propagateJoinedResults(env.db, jobA2.jobId);
    expect(await env.db.taskResult.count({ where: { runId: b.runId } })).toBe(1);

    // A third submission after the job finished, still inside the window, joins and is answered at once.
    const c = await env.submit(['DUP-00002']);
    expect(c.jobs[0]).toMatchObject({ jobId: jobA2.jobId, joined: true });
    const rows = await waitForRun(env.db, c.runId, 1, { timeoutMs: 2_000 });
    expect(rows[0]!.claimNumber).toBe('DUP-00002');
  });

  it('does not join a job that failed for good: the repeat is queued afresh', async () => {
    const queue = env.queues.queueFor(PORTAL);
    await queue.obliterate({ force: true });
    const first = await env.submit(['FAIL-00001']);
    const worker = new Worker(
      portalQueueName(PORTAL),
      async () => {
        throw new UnrecoverableError('authentication_failed: login refused');
      },
      { connection: env.connect(), prefix: env.prefix },
    );
    await expect
      .poll(async () => (await queue.getJobCounts('failed')).failed, { timeout: 10_000, interval: 50 })
      .toBe(1);
    await worker.close();
    const again = await env.submit(['FAIL-00001']);
    expect(again.jobs[0]!.joined).toBeUndefined();
    expect(again.jobs[0]!.jobId).not.toBe(first.jobs[0]!.jobId);
    expect((await queue.getJobCounts('waiting')).waiting).toBe(1);
  });

  it('with the window set to 0, every run gets its own job', async () => {
    const off = await createEnv('dedupoff', { PORTALBOTS_DEDUP_WINDOW: '0' });
    try {
      const a = await off.submit(['ONCE-00001']);
      const b = await off.submit(['ONCE-00001']);
      expect(a.jobs[0]!.jobId).not.toBe(b.jobs[0]!.jobId);
      expect((await off.queues.queueFor(PORTAL).getJobCounts('waiting')).waiting).toBe(2);
    } finally {
      await off.close();
    }
  });
});

describe('job payloads carry ids only', () => {
  let env: Env;
  beforeAll(async () => {
    env = await createEnv('payload');
  });
  afterAll(async () => env?.close());

  it('refuses extra fields such as a claim number or member id', () => {
    const ok = { runId: crypto.randomUUID(), portal: PORTAL, task: 'claim-status', claimId: crypto.randomUUID() };
    expect(assertPayload(LookupJobPayload, ok, 'lookup job')).toEqual(ok);
    expect(() => assertPayload(LookupJobPayload, { ...ok, memberId: 'W123456789' }, 'lookup job')).toThrow(
      /lookup job payload refused at memberId/,
    );
    expect(() => assertPayload(LookupJobPayload, { ...ok, claimId: 'CLM-12345' }, 'lookup job')).toThrow(/at claimId/);
    expect(() =>
      assertPayload(
        WebhookJobPayload,
        { endpointId: crypto.randomUUID(), resultJobId: 'x', body: '{}' },
        'webhook job',
      ),
    ).toThrow(/at body/);
  });

  it('what submit puts in Redis is exactly the id payload', async () => {
    const run = await env.submit(['IDS-000001']);
    const job = await env.queues.queueFor(PORTAL).getJob(run.jobs[0]!.jobId);
    expect(Object.keys(job!.data).sort()).toEqual(['claimId', 'portal', 'runId', 'task']);
    expect(JSON.stringify(job!.data)).not.toContain('IDS-000001');
  });
});
