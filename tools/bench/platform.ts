// Claim-status lookups through the whole platform: submitLookups -> BullMQ ->
// worker -> BotRunner (real Chromium, evidence capture, tracing as
// configured) -> PostgreSQL + evidence store. Concurrency N is N worker
// instances in this process, each with its own credential slot: a BotRunner
// serializes the browser steps of one credential (portals allow one session
// per user), so the jobs a worker holds in flight overlap only in their
// queue, database and evidence work, never in the browser.
import type { Browser } from 'playwright';
import type { TracingMode } from '../../bots/index.ts';
import { bots } from '../../bots/index.ts';
import type { PortalCredential } from '../../bots/index.ts';
import { staticCredentials } from '../../orchestrator/accounts/file.ts';
import type { Logger } from '../../orchestrator/platform/logging.ts';
import type { QueueSettings } from '../../orchestrator/platform/queue/settings.ts';
import { submitLookups } from '../../orchestrator/platform/runs/submit.ts';
import { parseWorklist } from '../../orchestrator/platform/worklists/csv.ts';
import { submitWorklist } from '../../orchestrator/platform/worklists/submit.ts';
import { startWorker, type RunningWorker } from '../../orchestrator/platform/worker/worker.ts';
import { QueueEvents } from 'bullmq';
import { createRedis } from '../../orchestrator/platform/queue/connection.ts';
import { RESULTS_QUEUE } from '../../orchestrator/platform/queue/jobs.ts';
import type { BenchInfra } from './infra.ts';
import { RESULT_FOLLOW_UPS } from '../../orchestrator/cli/wiring.ts';
import { queueSettingsFrom } from '../../orchestrator/platform/config.ts';

/** Bench queue settings: no dedup window (the same claims are looked up run after run), no rate limit. */
export function benchQueueSettings(concurrency: number): QueueSettings {
  return {
    portals: {},
    defaults: { concurrency, rate: undefined },
    dedupWindowMs: 0,
    keepCompleted: { ageSeconds: 3600, count: 100_000 },
    keepFailed: { ageSeconds: 3600, count: 100_000 },
  };
}

/**
 * How the bench's workers are configured: taken from the deployment's own
 * settings (PORTALBOTS_WORKER_CONCURRENCY, PORTALBOTS_TRACING) so the bench
 * measures what would run.
 */
export interface BenchWorkerSettings {
  /** Jobs in flight per worker (per credential slot): the runner serialises their browser steps, the rest overlaps. */
  concurrency: number;
  tracing: TracingMode;
}

export class BenchRunError extends Error {
  override name = 'BenchRunError';
}

export interface PlatformFleet {
  workers: RunningWorker[];
  /** Submits the claims as one run and resolves when every result is in PostgreSQL; seconds taken. */
  lookups(
    claims: string[],
    timeoutMs: number,
  ): Promise<{ seconds: number; found: number; failed: number; taskMs: number[] }>;
  /** Submits worklist CSV text (rows without claim numbers) as one run: found by member search. */
  worklist(
    csv: string,
    timeoutMs: number,
  ): Promise<{ seconds: number; found: number; failed: number; taskMs: number[] }>;
  logins(): Promise<number>;
  close(): Promise<void>;
}

/**
 * Starts `concurrency` workers sharing one browser, each with its own
 * credential slot (the same portal account under distinct credential ids: the
 * mock portal allows concurrent sessions per account, as some real portals do).
 */
export async function startFleet(
  infra: BenchInfra,
  opts: {
    browser: Browser;
    account: PortalCredential;
    concurrency: number;
    /**
     * One worker with a pool of this many accounts (leased fleet-wide, as in
     * production) instead of `concurrency` workers of one account each; it
     * holds `worker.concurrency` jobs per account in flight.
     */
    pool?: { accounts: number };
    worker: BenchWorkerSettings;
    logger: Logger;
    jobAttempts?: number;
  },
): Promise<PlatformFleet> {
  const workers: RunningWorker[] = [];
  const pool = opts.pool?.accounts;
  const settings = benchQueueSettings(opts.worker.concurrency * (pool ?? 1));
  const credentialsOf = (i: number) =>
    pool
      ? staticCredentials({
          availity: Array.from({ length: pool }, (_, a) => ({
            ...opts.account,
            id: `${opts.account.id}#pool${a}`,
            label: `bench account ${a}`,
          })),
        })
      : staticCredentials({ availity: { ...opts.account, id: `${opts.account.id}#bench${i}` } });
  try {
    for (let i = 0; i < (pool ? 1 : opts.concurrency); i++) {
      workers.push(
        await startWorker({
          followUps: RESULT_FOLLOW_UPS,
          config: {
            redisUrl: infra.redisUrl,
            queuePrefix: infra.queuePrefix,
            workerConcurrency: opts.worker.concurrency,
            failureDir: `${infra.dataDir}/failures`,
            portalUrls: infra.portalUrls,
            tracing: opts.worker.tracing,
            queues: queueSettingsFrom({}, opts.worker.concurrency),
          },
          db: infra.db,
          evidence: infra.evidence,
          credentials: credentialsOf(i),
          bots,
          portals: ['availity'],
          logger: opts.logger,
          browserLauncher: async () => opts.browser,
          queueSettings: settings,
          backoffScale: 0.01,
        }),
      );
    }
  } catch (e) {
    await Promise.allSettled(workers.map((w) => w.close()));
    throw e;
  }
  const deps = {
    db: infra.db,
    queueFor: infra.queues.queueFor,
    bots,
    jobAttempts: opts.jobAttempts ?? 2,
    queueSettings: settings,
  };
  // A job's last step is publishing its result message (after the result row
  // is committed): the bench waits for those events instead of polling
  // PostgreSQL, whose queries would take CPU from the run being measured.
  const published = new Set<string>();
  let onPublished: (() => void) | undefined;
  const eventsConnection = createRedis(infra.redisUrl, 'worker');
  const events = new QueueEvents(RESULTS_QUEUE, { connection: eventsConnection, prefix: infra.queuePrefix });
  events.on('waiting', ({ jobId }) => {
    published.add(jobId);
    onPublished?.();
  });
  await events.waitUntilReady();
  /** Resolves when every job of the run has published its result; what the run found and how long it took. */
  const awaitRun = async (runId: string, jobIds: string[], t0: number, timeoutMs: number) => {
    const pending = () => jobIds.filter((id) => !published.has(id)).length;
    const deadline = Date.now() + timeoutMs;
    while (pending() > 0) {
      if (Date.now() > deadline)
        throw new BenchRunError(
          `lookups: timed out after ${Math.round(timeoutMs / 1000)} s with ${jobIds.length - pending()} of ${jobIds.length} results`,
        );
      // Woken by the next event; the timeout is a fallback for a lost event.
      await new Promise<void>((resolve) => {
        onPublished = resolve;
        setTimeout(resolve, 1_000).unref();
      });
      onPublished = undefined;
    }
    const seconds = (performance.now() - t0) / 1000;
    const stored = await infra.db.taskResult.count({ where: { runId: runId } });
    if (stored !== jobIds.length)
      throw new BenchRunError(`lookups: ${jobIds.length} results published but ${stored} in PostgreSQL`);
    const found = await infra.db.taskResult.count({ where: { runId: runId, outcome: 'found' } });
    const failed = await infra.db.taskResult.count({ where: { runId: runId, outcome: 'failed' } });
    // Time inside the bot runner (browser steps, capture, evidence store on the critical path) per lookup.
    const rows = await infra.db.taskResult.findMany({
      where: { runId: runId },
      select: { startedAt: true, finishedAt: true },
    });
    return { seconds, found, failed, taskMs: rows.map((r) => r.finishedAt.getTime() - r.startedAt.getTime()) };
  };
  return {
    workers,
    lookups: async (claims, timeoutMs) => {
      const t0 = performance.now();
      const run = await submitLookups(deps, {
        portal: 'availity',
        task: 'claim-status',
        claimNumbers: claims,
        trigger: 'cli',
        requestedBy: 'bench',
      });
      return awaitRun(
        run.runId,
        run.jobs.map((j) => j.jobId),
        t0,
        timeoutMs,
      );
    },
    worklist: async (csv, timeoutMs) => {
      const t0 = performance.now();
      const worklist = parseWorklist(csv, { portal: bots.availity! });
      if (worklist.errors.length > 0)
        throw new BenchRunError(
          `worklist: ${worklist.errors.length} bad rows, first: line ${worklist.errors[0]!.line}`,
        );
      const run = await submitWorklist(deps, {
        portal: 'availity',
        task: 'claim-status',
        worklist,
        requestedBy: 'bench',
      });
      const ids = [...run.jobs.map((j) => j.jobId), ...(run.worklistJobs ?? []).map((j) => j.jobId)];
      return awaitRun(run.runId, ids, t0, timeoutMs);
    },
    async logins() {
      let n = 0;
      for (const w of workers) for (const s of Object.values(await w.runners.stats())) n += s.logins;
      return n;
    },
    async close() {
      // The browser is shared and owned by the caller; runners closing it is harmless (it is relaunched per level).
      await Promise.allSettled(workers.map((w) => w.close()));
      await events.close().catch(() => undefined);
      eventsConnection.disconnect();
    },
  };
}
