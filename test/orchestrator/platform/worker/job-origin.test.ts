// Issue #16 item 8: a job the system did not queue (added through bull-board
// or straight into Redis) must never run a bot or land a result in a run. On
// the code before this change, each of the injected jobs below reached the
// bot and the one naming a real run recorded its result in that run.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotTaskResult, TaskName } from '../../../../bots/index.ts';
import { createLogger } from '../../../../orchestrator/platform/logging.ts';
import { lookupJobId } from '../../../../orchestrator/platform/queue/jobs.ts';
import { waitForRun } from '../../../../orchestrator/platform/runs/wait.ts';
import type { BotRunnerLike } from '../../../../orchestrator/platform/worker/runners.ts';
import { createHarness, type Harness } from '../../../helpers/harness.ts';

function countingRunner(): BotRunnerLike & { calls: unknown[] } {
  const r = {
    calls: [] as unknown[],
    async run(task: TaskName, input: unknown): Promise<BotTaskResult> {
      r.calls.push(input);
      const at = new Date();
      return {
        evidence: [],
        botVersion: 'test',
        startedAt: at,
        finishedAt: at,
        outcome: 'not_found',
        data: { task },
      };
    },
    stats: () => ({ logins: 1, sessions: 1 }),
    close: async () => {},
  };
  return r;
}

describe('jobs the system did not queue', () => {
  let h: Harness;
  const logger = createLogger({ level: 'silent' });
  beforeAll(async () => {
    h = await createHarness('joborigin', {});
  });
  afterAll(async () => h?.close());

  it('are refused without running a bot or recording a result', { timeout: 60_000 }, async () => {
    // A real run and claim the attacker can see (e.g. in bull-board's completed list).
    const victim = await h.submit('availity', 'claim-status', ['JO00000001']);
    const claimId = victim.jobs[0]!.claimId;
    const queue = h.queues.queueFor('availity');
    const good = { runId: victim.runId, portal: 'availity', task: 'claim-status', claimId };
    const injected = [
      // The acceptance check's probe: not even a payload.
      { data: { runId: 'x' }, id: 'chk-injected' },
      // A well-formed payload under an id the system would not give it.
      { data: good, id: 'attacker-1' },
      // The right id, but a key the system never writes.
      { data: { ...good, claimId: randomUUID(), extra: 'x' }, id: undefined },
      // Self-consistent id and payload, naming a run that was never recorded.
      { data: { ...good, runId: randomUUID() }, id: undefined },
      // A real run, but for another task than the job claims.
      { data: { ...good, task: 'denial-details' }, id: undefined },
    ];
    for (const j of injected) {
      const d = j.data as Parameters<typeof lookupJobId>[0];
      const id = j.id ?? lookupJobId(d);
      await queue.add('claim-status', j.data, { jobId: id, attempts: 1 });
    }
    // The victim's own job is legitimate: the worker runs that one only.
    const runner = countingRunner();
    const worker = await h.startWorker({ credentials: {}, logger, runnerFor: async () => runner });
    try {
      await waitForRun(h.db, victim.runId, 1, { timeoutMs: 30_000 });
      const deadline = Date.now() + 15_000;
      while (((await queue.getJobCounts('failed')).failed ?? 0) < injected.length && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
    } finally {
      await worker.close();
    }
    expect((await queue.getJobCounts('failed')).failed).toBe(injected.length);
    const failed = await queue.getFailed();
    for (const job of failed)
      expect(job!.failedReason, String(job!.id)).toMatch(/payload refused|not one the system|not recorded/);
    expect(runner.calls).toEqual([{ claimNumber: 'JO00000001' }]);
    const rows = await h.db.taskResult.findMany({ select: { jobId: true, runId: true } });
    expect(rows).toEqual([{ jobId: victim.jobs[0]!.jobId, runId: victim.runId }]);
  });
});
