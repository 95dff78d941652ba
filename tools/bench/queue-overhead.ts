// Queue overhead: jobs per second through the real enqueue path
// (submitLookups: run row, claim upserts, BullMQ addBulk) -> worker ->
// processLookup -> persisted result + results-queue message, with a bot runner
// that does nothing. This is the platform's own cost per job, without a browser.
import { bots } from '../../bots/index.ts';
import type { BotTaskResult } from '../../bots/index.ts';
import { staticCredentials } from '../../orchestrator/accounts/file.ts';
import type { Logger } from '../../orchestrator/platform/logging.ts';
import { submitLookups } from '../../orchestrator/platform/runs/submit.ts';
import type { BotRunnerLike } from '../../orchestrator/platform/worker/runners.ts';
import { startWorker } from '../../orchestrator/platform/worker/worker.ts';
import type { BenchInfra } from './infra.ts';
import { median, metric, sleep, type MetricLine } from './metrics.ts';
import { benchQueueSettings, BenchRunError } from './platform.ts';
import { RESULT_FOLLOW_UPS } from '../../orchestrator/cli/wiring.ts';

/** Answers every lookup "not found" at once: no browser, no evidence. */
export const noopRunner: BotRunnerLike = {
  async run(): Promise<BotTaskResult> {
    const now = new Date();
    return { outcome: 'not_found', evidence: [], botVersion: 'bench-noop', startedAt: now, finishedAt: now };
  },
  stats: () => ({ logins: 0, sessions: 0 }),
  close: async () => undefined,
};

export async function queueOverhead(
  infra: BenchInfra,
  p: { jobs: number; runs: number; concurrency: number[]; batch: number; logger: Logger; progress(msg: string): void },
): Promise<MetricLine[]> {
  const out: MetricLine[] = [];
  let serial = 0;
  for (const c of p.concurrency) {
    p.progress(`queue overhead: ${p.runs} runs x ${p.jobs} jobs, no-op bot, worker concurrency ${c}`);
    const settings = benchQueueSettings(c);
    const worker = await startWorker({
      followUps: RESULT_FOLLOW_UPS,
      config: {
        redisUrl: infra.redisUrl,
        queuePrefix: infra.queuePrefix,
        workerConcurrency: c,
        failureDir: `${infra.dataDir}/failures`,
        portalUrls: infra.portalUrls,
        queues: settings,
      },
      db: infra.db,
      evidence: infra.evidence,
      credentials: staticCredentials({}),
      bots,
      portals: ['availity'],
      logger: p.logger,
      queueSettings: settings,
      runnerFor: async () => noopRunner,
    });
    const deps = { db: infra.db, queueFor: infra.queues.queueFor, bots, jobAttempts: 1, queueSettings: settings };
    const rates: number[] = [];
    try {
      for (let r = 0; r < p.runs; r++) {
        const t0 = performance.now();
        const runIds: string[] = [];
        // Submitted in batches, the way worklists and sweeps arrive, while the worker drains.
        for (let done = 0; done < p.jobs; done += p.batch) {
          const claims = Array.from(
            { length: Math.min(p.batch, p.jobs - done) },
            () => `BENCH-${String(++serial).padStart(8, '0')}`,
          );
          runIds.push(
            (
              await submitLookups(deps, {
                portal: 'availity',
                task: 'claim-status',
                claimNumbers: claims,
                trigger: 'cli',
                requestedBy: 'bench',
              })
            ).runId,
          );
        }
        const deadline = Date.now() + 600_000;
        for (;;) {
          const n = await infra.db.taskResult.count({ where: { runId: { in: runIds } } });
          if (n >= p.jobs) break;
          if (Date.now() > deadline)
            throw new BenchRunError(`queue overhead: timed out with ${n} of ${p.jobs} results persisted`);
          await sleep(20);
        }
        rates.push(p.jobs / ((performance.now() - t0) / 1000));
      }
    } finally {
      await worker.close();
    }
    out.push(
      metric({
        metric: `queue-overhead.c${c}`,
        value: median(rates),
        unit: 'jobs/s',
        runs: p.runs,
        note: `${p.jobs} jobs per run submitted in batches of ${p.batch}; enqueue -> worker (concurrency ${c}) -> result row + results-queue message, no-op bot`,
      }),
    );
  }
  return out;
}
