// Issue #16 item 11: after a lookup, nothing in Redis names the claim. The
// results queue keeps finished messages for a day in clear text; on the code
// before this change each message carried the claim number, the date of
// service, the amounts and the CARCs (the v1 result), and this scan found them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotTaskResult, TaskName } from '../../../bots/index.ts';
import { createLogger } from '../../../orchestrator/platform/logging.ts';
import { ResultNoticeV2 } from '../../../orchestrator/platform/results/contract.ts';
import { waitForRun } from '../../../orchestrator/platform/runs/wait.ts';
import { loadResultMessage } from '../../../orchestrator/platform/webhooks/message.ts';
import type { BotRunnerLike } from '../../../orchestrator/platform/worker/runners.ts';
import { createHarness, type Harness } from '../../helpers/harness.ts';

const CLAIM = 'RQ7311904';
const DETAILS = {
  claimNumber: CLAIM,
  payer: 'aetna',
  statusCategory: 'F1',
  statusText: 'Finalized/Payment',
  serviceDate: '2026-10-13',
  billedAmount: 4821.37,
  allowedAmount: 3310.11,
  paidAmount: 3310.11,
  patientResponsibility: 0,
  checkNumber: 'CHK99817',
  paymentDate: '2026-11-02',
  adjustments: [{ group: 'CO', carc: '45', amount: 1511.26 }],
  remarkCodes: ['N381'],
};
/** What must not be found anywhere in Redis. */
const SECRETS = [CLAIM, '2026-10-13', '4821.37', '3310.11', '1511.26', 'CHK99817', '"carc"', 'N381', 'Finalized'];

function paidClaimRunner(): BotRunnerLike {
  return {
    async run(_task: TaskName): Promise<BotTaskResult> {
      const at = new Date();
      return { evidence: [], botVersion: 'test', startedAt: at, finishedAt: at, outcome: 'found', data: DETAILS };
    },
    stats: () => ({ logins: 1, sessions: 1 }),
    close: async () => {},
  };
}

async function dumpRedis(h: Harness): Promise<string[]> {
  const values: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await h.redis.scan(cursor, 'MATCH', `${h.config.queuePrefix}:*`, 'COUNT', 500);
    cursor = next;
    for (const key of keys) {
      const type = await h.redis.type(key);
      const v =
        type === 'string'
          ? await h.redis.get(key)
          : type === 'hash'
            ? await h.redis.hgetall(key)
            : type === 'list'
              ? await h.redis.lrange(key, 0, -1)
              : type === 'set'
                ? await h.redis.smembers(key)
                : type === 'zset'
                  ? await h.redis.zrange(key, '0', '-1')
                  : type === 'stream'
                    ? await h.redis.xrange(key, '-', '+')
                    : null;
      values.push(`${key} ${JSON.stringify(v)}`);
    }
  } while (cursor !== '0');
  return values;
}

describe('results queue', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness('resultsredis', {});
  });
  afterAll(async () => h?.close());

  it('carries ids only: no claim number, date, amount or CARC is left in Redis', { timeout: 60_000 }, async () => {
    const run = await h.submit('availity', 'claim-status', [CLAIM]);
    const worker = await h.startWorker({
      credentials: {},
      logger: createLogger({ level: 'silent' }),
      runnerFor: async () => paidClaimRunner(),
    });
    try {
      await waitForRun(h.db, run.runId, 1, { timeoutMs: 30_000 });
    } finally {
      await worker.close();
    }
    const dump = await dumpRedis(h);
    expect(dump.length).toBeGreaterThan(0);
    const leaks = dump.filter((line) => SECRETS.some((s) => line.includes(s)));
    expect(leaks).toEqual([]);
    const [job] = await h.results.getJobs(['waiting', 'completed', 'active']);
    const notice = ResultNoticeV2.parse(job!.data);
    const row = await h.db.taskResult.findUniqueOrThrow({ where: { jobId: run.jobs[0]!.jobId } });
    expect(notice).toEqual({
      schemaVersion: 2,
      resultId: row.id,
      runId: run.runId,
      jobId: row.jobId,
      portal: 'availity',
      task: 'claim-status',
      outcome: 'found',
    });
    // Consumers fetch the details from PostgreSQL, the system of record.
    expect((await loadResultMessage(h.db, notice.jobId))?.data).toMatchObject({
      claimNumber: CLAIM,
      billedAmount: 4821.37,
    });
  });
});
