// The walking skeleton end to end: CLI-equivalent submit -> BullMQ -> worker ->
// real Chromium against the Availity-like mock portal -> PostgreSQL + evidence.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCredentials } from '../../mock-portals/index.ts';
import { startAvailityPortal } from '../../mock-portals/index.ts';
import { ResultMessageV1, ResultNoticeV2 } from '../../orchestrator/platform/results/contract.ts';
import { loadResultMessage } from '../../orchestrator/platform/webhooks/message.ts';
import { waitForRun } from '../../orchestrator/platform/runs/wait.ts';
import { createHarness, type Harness } from '../helpers/harness.ts';
import { captureLogs } from '../helpers/logs.ts';

const SEED = 4242;

describe('claim status through queue and worker', () => {
  let portal: Awaited<ReturnType<typeof startAvailityPortal>>;
  let h: Harness;
  const logs = captureLogs();
  const account = demoCredentials(SEED).availity;

  beforeAll(async () => {
    portal = await startAvailityPortal({ seed: SEED });
    h = await createHarness('e2e', { availity: portal.url });
  });
  afterAll(async () => {
    await h?.close();
    await portal?.close();
  });

  it('looks up 24 claims, each equal to the portal ground truth, with one login', { timeout: 240_000 }, async () => {
    const claims = portal.truth.claims.slice(0, 24);
    const run = await h.submit(
      'availity',
      'claim-status',
      claims.map((c) => c.claimNumber),
    );
    const worker = await h.startWorker({ credentials: { availity: account }, logger: logs.logger, concurrency: 2 });
    const rows = await waitForRun(h.db, run.runId, claims.length, { timeoutMs: 240_000 });

    expect(rows).toHaveLength(claims.length);
    const byClaim = new Map(rows.map((r) => [r.claimNumber, r]));
    for (const truth of claims) {
      const row = byClaim.get(truth.claimNumber);
      expect(row?.outcome, truth.claimNumber).toBe('found');
      expect(row?.data, truth.claimNumber).toEqual(truth.expected);
      expect(row!.evidenceCount, truth.claimNumber).toBeGreaterThanOrEqual(1);
    }
    expect((await worker.runners.stats()).availity?.logins).toBe(1);
    expect(portal.stats().logins).toBe(1);
  });

  it('stores evidence whose file hash matches its row', async () => {
    const evidence = await h.db.evidence.findMany();
    expect(evidence.length).toBeGreaterThanOrEqual(24);
    for (const e of evidence) {
      const bytes = await h.evidence.read(e.storageKey);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(e.sha256);
      expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(e.claimId).not.toBeNull();
      expect(e.taskResultId).not.toBeNull();
      expect(e.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    }
  });

  it('publishes each result on the results queue as an ids-only v2 notice, the v1 result rebuilt from PostgreSQL', async () => {
    const jobs = await h.results.getJobs(['waiting', 'completed', 'active', 'delayed']);
    expect(jobs.length).toBeGreaterThanOrEqual(24);
    for (const j of jobs) {
      const notice = ResultNoticeV2.parse(j.data);
      expect(JSON.stringify(notice)).not.toContain(account.password);
      const msg = ResultMessageV1.parse(await loadResultMessage(h.db, notice.jobId));
      expect(msg.evidence.length).toBeGreaterThanOrEqual(1);
    }
  });

  it('returns "not found" as a result, not an error', async () => {
    const run = await h.submit('availity', 'claim-status', ['AET000000000']);
    const [row] = await waitForRun(h.db, run.runId, 1, { timeoutMs: 60_000 });
    expect(row?.outcome).toBe('not_found');
    expect(row?.errorClass).toBeNull();
  });

  it('keeps one result when the same job is processed twice', async () => {
    const claim = portal.truth.claims[30]!;
    const run = await h.submit('availity', 'claim-status', [claim.claimNumber]);
    await waitForRun(h.db, run.runId, 1, { timeoutMs: 60_000 });
    const jobId = run.jobs[0]!.jobId;
    const queue = h.queues.queueFor('availity');
    const job = await queue.getJob(jobId);
    expect(job).toBeDefined();
    // Hand the very same job (same id, same payload) to the workers again, as
    // BullMQ does after a stalled job or a crash before completion.
    await job!.remove();
    await queue.add(job!.name, job!.data, { jobId });
    await expect
      .poll(async () => (await queue.getJob(jobId))?.finishedOn ?? 0, { timeout: 60_000, interval: 200 })
      .toBeGreaterThan(0);
    expect(await h.db.taskResult.count({ where: { jobId } })).toBe(1);
    const row = await h.db.taskResult.findUniqueOrThrow({ where: { jobId } });
    expect(row.data).toEqual(claim.expected);
  });

  it('never logs the password, TOTP secret, member ids or patient names', () => {
    const text = logs.text();
    expect(logs.lines.length).toBeGreaterThan(10);
    expect(text).not.toContain(account.password);
    expect(text).not.toContain(account.totpSecret);
    for (const c of portal.truth.claims.slice(0, 31)) {
      expect(text).not.toContain(c.memberId);
      expect(text).not.toContain(`${c.patient.firstName} ${c.patient.lastName}`);
      expect(text).not.toContain(c.patient.lastName.toUpperCase());
    }
  });
});
