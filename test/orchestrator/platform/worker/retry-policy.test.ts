// Error classes decide retries (bots/runtime/errors.ts ERROR_POLICY): a class
// whose policy says it costs no attempt (session_expired, rate_limited) is
// retried without spending the job's attempts, up to FREE_RETRIES; one that
// costs an attempt spends it.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotTaskResult, ErrorClass, TaskName } from '../../../../bots/index.ts';
import { ERROR_POLICY } from '../../../../bots/index.ts';
import { createLogger } from '../../../../orchestrator/platform/logging.ts';
import { waitForRun } from '../../../../orchestrator/platform/runs/wait.ts';
import { FREE_RETRIES } from '../../../../orchestrator/platform/worker/retry-policy.ts';
import type { BotRunnerLike } from '../../../../orchestrator/platform/worker/runners.ts';
import { createHarness, type Harness } from '../../../helpers/harness.ts';

/** A runner that fails with `cls` for the first `failures` calls, then finds the claim. */
function scriptedRunner(cls: ErrorClass, failures: number, retryAfterMs?: number): BotRunnerLike & { calls: number } {
  const r = {
    calls: 0,
    async run(task: TaskName, input: unknown): Promise<BotTaskResult> {
      r.calls++;
      const at = new Date();
      const base = { evidence: [], botVersion: 'test', startedAt: at, finishedAt: at };
      if (r.calls <= failures) {
        return {
          ...base,
          outcome: 'failed',
          error: {
            class: cls,
            message: `${cls} on call ${r.calls}`,
            retryable: ERROR_POLICY[cls].retryable,
            next: ERROR_POLICY[cls].next,
            details: retryAfterMs === undefined ? {} : { retryAfterMs },
          },
        };
      }
      return { ...base, outcome: 'not_found', data: { task, input } };
    },
    stats: () => ({ logins: 1, sessions: 1 }),
    close: async () => {},
  };
  return r;
}

describe('retries by error class', () => {
  let h: Harness;
  const logger = createLogger({ level: 'silent' });
  beforeAll(async () => {
    h = await createHarness('retrypolicy', {});
  });
  afterAll(async () => h?.close());

  async function lookup(
    runner: BotRunnerLike,
  ): Promise<{ attempts: number; outcome: string; errorClass: string | null }> {
    const claim = `RP${randomUUID().slice(0, 8).toUpperCase()}`;
    const run = await h.submit('availity', 'claim-status', [claim]);
    const worker = await h.startWorker({ credentials: {}, logger, runnerFor: async () => runner });
    try {
      await waitForRun(h.db, run.runId, 1, { timeoutMs: 30_000 });
    } finally {
      await worker.close();
    }
    const row = await h.db.taskResult.findFirstOrThrow({ where: { runId: run.runId } });
    return { attempts: row.attempts, outcome: row.outcome, errorClass: row.errorClass };
  }

  it('an expired session does not spend an attempt (policy costsAttempt: false)', { timeout: 60_000 }, async () => {
    expect(ERROR_POLICY.session_expired.costsAttempt).toBe(false);
    const runner = scriptedRunner('session_expired', 2);
    // The harness gives a job 3 attempts: 2 expiries plus the lookup would spend all 3 if they counted.
    expect(await lookup(runner)).toEqual({ attempts: 1, outcome: 'not_found', errorClass: null });
    expect(runner.calls).toBe(3);
  });

  it("a portal's Retry-After is waited out without spending an attempt", { timeout: 60_000 }, async () => {
    const runner = scriptedRunner('rate_limited', 1, 50);
    expect(await lookup(runner)).toEqual({ attempts: 1, outcome: 'not_found', errorClass: null });
  });

  it('a class that costs an attempt spends one per failure', { timeout: 60_000 }, async () => {
    expect(ERROR_POLICY.portal_unavailable.costsAttempt).toBe(true);
    const runner = scriptedRunner('portal_unavailable', 1);
    expect(await lookup(runner)).toEqual({ attempts: 2, outcome: 'not_found', errorClass: null });
  });

  it('free retries have a ceiling: past it they count like any failure', { timeout: 90_000 }, async () => {
    const runner = scriptedRunner('session_expired', FREE_RETRIES + 5);
    const r = await lookup(runner);
    expect(r).toEqual({ attempts: 3, outcome: 'failed', errorClass: 'session_expired' });
    expect(runner.calls).toBe(FREE_RETRIES + 3);
  });
});
