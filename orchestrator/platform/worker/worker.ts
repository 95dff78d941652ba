// A worker process: one BullMQ worker per portal queue, sharing one runner
// (browser + logged-in sessions) per portal. Any number of these run on any
// number of hosts; Redis hands each job to one of them.
import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Browser } from 'playwright';
import type { BotDefinition } from '../../../bots/index.ts';
import type { EvidenceStore } from '../../../evidence-store/index.ts';
import type { Config } from '../config.ts';
import type { CredentialProvider } from './credentials.ts';
import type { Db } from '../db/client.ts';
import type { Logger } from '../logging.ts';
import { createRedis } from '../queue/connection.ts';
import { portalQueueName, RESULTS_QUEUE } from '../queue/jobs.ts';
import { propagateJoinedResults } from '../queue/joins.ts';
import { portalSettings, workerLimits, type QueueSettings } from '../queue/settings.ts';
import { processLookup } from './process-lookup.ts';
import { BACKOFF_TYPE, retryDelayMs } from './retry-policy.ts';
import { RunnerPool, sessionCacheOptions, type BotRunnerLike } from './runners.ts';
import { connectBrowser, launchBrowser } from '../../../bots/index.ts';
import type { InfraRetryOptions } from './infra-retry.ts';
import type { ResultFollowUp } from './follow-ups.ts';
import { DEFAULT_ACCOUNT_POOL, DEFAULT_HURDLES } from '../config.ts';
import { askHumanVia } from '../challenges/ask-human.ts';
import { recordPasswordExpiry } from '../fleet/password-expiry.ts';
import { AccountLeases } from '../fleet/leases.ts';
import { type HealthStatus, registerAccounts } from '../fleet/health.ts';
import type { TaskInputResolvers } from './task-inputs.ts';

export interface WorkerOptions {
  config: Pick<Config, 'redisUrl' | 'queuePrefix' | 'workerConcurrency' | 'failureDir' | 'portalUrls' | 'queues'> &
    Partial<
      Pick<
        Config,
        | 'dataDir'
        | 'sessionKey'
        | 'tracing'
        | 'browserWsEndpoint'
        | 'chromiumPath'
        | 'accounts'
        | 'hurdles'
        | 'jobLockMs'
      >
    >;
  db: Db;
  evidence: EvidenceStore;
  credentials: CredentialProvider;
  bots: Record<string, BotDefinition>;
  logger: Logger;
  /** Portals to serve; default all bots. */
  portals?: string[];
  /** How bots get a browser; default: connect to config.browserWsEndpoint when set, else launch Chromium here. */
  browserLauncher?: () => Promise<Browser>;
  /** Scales retry delays (tests shrink them). */
  backoffScale?: number;
  /** Per-portal concurrency and rate limits; default from PORTALBOTS_PORTAL_<ID>_{CONCURRENCY,RATE}. */
  queueSettings?: QueueSettings;
  /** Replaces the per-portal bot runner (the benchmark's no-op runner measures queue overhead alone). */
  runnerFor?: (portal: string) => Promise<BotRunnerLike>;
  /** Patience with PostgreSQL / evidence / Redis failures; default DEFAULT_INFRA_RETRY. */
  infraRetry?: InfraRetryOptions;
  /** Longest a bot task may take before its runner (browser) is replaced; default 5 min. */
  taskTimeoutMs?: number;
  /** What a found result sets in motion (orchestrator/cli/wiring.ts RESULT_FOLLOW_UPS). */
  followUps: readonly ResultFollowUp[];
  /** Inputs of claim tasks that need more than the claim number (orchestrator/cli/wiring.ts TASK_INPUTS). */
  taskInputs?: TaskInputResolvers;
  /** Told when this worker stops an account for the whole fleet (alerts). */
  onAccountStopped?: (portal: string, accountId: string, status: HealthStatus) => void;
}

export interface RunningWorker {
  runners: RunnerPool;
  /** Jobs this process is running now. */
  inFlight(): number;
  close(): Promise<void>;
}

export async function startWorker(opts: WorkerOptions): Promise<RunningWorker> {
  const portals = opts.portals ?? Object.keys(opts.bots);
  const connections: Redis[] = [];
  const connect = (role: 'worker' | 'producer') => {
    const c = createRedis(opts.config.redisUrl, role);
    connections.push(c);
    return c;
  };
  const endpoint = opts.config.browserWsEndpoint;
  const chromiumPath = opts.config.chromiumPath;
  const browserLauncher =
    opts.browserLauncher ??
    (endpoint
      ? () => connectBrowser(endpoint)
      : () => launchBrowser(chromiumPath ? { executablePath: chromiumPath } : {}));
  const settings = opts.queueSettings ?? opts.config.queues;
  const pool = opts.config.accounts ?? DEFAULT_ACCOUNT_POOL;
  const hurdles = opts.config.hurdles ?? DEFAULT_HURDLES;
  // Accounts are leased fleet-wide before a login: never two sessions on one account anywhere.
  const leases = new AccountLeases(connect('producer'), opts.config.queuePrefix, pool.leaseTtlMs);
  const runners = new RunnerPool({
    bots: opts.bots,
    credentials: opts.credentials,
    portalUrls: opts.config.portalUrls,
    failureDir: opts.config.failureDir,
    // Logged-in portal sessions survive a worker restart (encrypted at rest) when PORTALBOTS_SESSION_KEY is set.
    sessionCache: sessionCacheOptions(opts.config),
    ...(opts.config.tracing ? { tracing: opts.config.tracing } : {}),
    logger: opts.logger,
    browserLauncher,
    fleet: {
      db: opts.db,
      leases,
      maxSessions: (portal) => portalSettings(settings, portal).concurrency,
      sessionsPerAccount: (portal) => pool.sessionsPerAccount[portal] ?? 1,
      waitMs: pool.waitMs,
      idleReleaseMs: pool.idleReleaseMs,
      ...(opts.onAccountStopped ? { onAccountStopped: opts.onAccountStopped } : {}),
      capacity: { sessionsPerAccount: pool.sessionsPerAccount, minHealthyAccounts: pool.minHealthyAccounts ?? {} },
    },
    // Codes sent by SMS / e-mail and CAPTCHAs wait in the challenge queue for a person.
    askHuman: askHumanVia({ db: opts.db, logger: opts.logger, timeoutMs: hurdles.challengeTimeoutMs }),
    onAccountNotice: async (portal, account, notice) => {
      await recordPasswordExpiry(opts.db, {
        portal,
        accountId: account.id,
        label: account.label ?? account.username,
        expiresAt: notice.expiresAt,
        message: notice.message,
      }).catch((err: unknown) => opts.logger.error({ err, portal }, 'recording a password expiry warning failed'));
    },
    maintenanceRetryMs: hurdles.maintenanceRetryMs,
  });
  // The accounts this worker knows are in credential_health from its start (not only after a
  // portal's first job), so the low-accounts alert never takes a freshly started fleet for an empty one.
  if (!opts.runnerFor) await registerKnownAccounts(opts.db, opts.credentials, portals, opts.logger);
  const results = new Queue(RESULTS_QUEUE, { connection: connect('producer'), prefix: opts.config.queuePrefix });
  // Without a listener BullMQ prints every reconnect failure to the console;
  // while Redis is away the workers' own 'error' events say the same thing.
  results.on('error', (err) => opts.logger.warn({ err, queue: RESULTS_QUEUE }, 'results queue connection error'));
  // Runs that were deduplicated into a job get their copy of its result. Done
  // inside the processor, before BullMQ marks the job finished: a worker that
  // dies in between leaves a stalled job that the next worker re-runs, copy
  // included (an event handler after completion could be lost with the process).
  let inFlight = 0;
  const processAndCopy = async (job: Job, token?: string) => {
    inFlight++;
    try {
      return await processLookup(deps, job, token);
    } finally {
      inFlight--;
      if (job.id) {
        await propagateJoinedResults(opts.db, job.id).catch((err: unknown) =>
          opts.logger.error({ err, jobId: job.id }, 'copying result to joined runs failed'),
        );
      }
    }
  };
  const deps = {
    db: opts.db,
    evidence: opts.evidence,
    results,
    runnerFor: opts.runnerFor ?? ((p: string) => runners.get(p)),
    discardRunner: (p: string) => runners.discard(p),
    // A login parked on a challenge may wait its whole timeout for a person.
    taskTimeoutMs: opts.taskTimeoutMs ?? Math.max(5 * 60_000, hurdles.challengeTimeoutMs + 2 * 60_000),
    logger: opts.logger,
    followUps: opts.followUps,
    ...(opts.taskInputs ? { taskInputs: opts.taskInputs } : {}),
    ...(opts.infraRetry ? { infraRetry: opts.infraRetry } : {}),
  };

  const workers = portals.map((portal) => {
    const worker = new Worker(portalQueueName(portal), processAndCopy, {
      connection: connect('worker'),
      prefix: opts.config.queuePrefix,
      // Concurrency per process; the limiter is kept in Redis per queue, so
      // the portal's rate holds across every worker process on every host.
      ...workerLimits(settings, portal),
      // A dead worker's job is re-run once its lock ran out and a stalled-job check saw it (PORTALBOTS_JOB_LOCK).
      ...(opts.config.jobLockMs ? { lockDuration: opts.config.jobLockMs, stalledInterval: opts.config.jobLockMs } : {}),
      settings: {
        backoffStrategy: (attemptsMade: number, type?: string, err?: Error) =>
          type === BACKOFF_TYPE ? retryDelayMs(attemptsMade, err, opts.backoffScale) : 1000,
      },
    });
    worker.on('error', (err) => opts.logger.error({ err, portal }, 'worker error'));
    worker.on('failed', (job, err) =>
      opts.logger.warn(
        { jobId: job?.id, portal, attemptsMade: job?.attemptsMade, reason: err.message },
        'job attempt failed',
      ),
    );
    return worker;
  });
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  // Join each portal's account pool now (no browser yet), so this worker counts in the fair share from its first job.
  if (!opts.runnerFor) for (const portal of portals) void runners.get(portal).catch(() => undefined);
  opts.logger.info(
    {
      portals,
      browser: opts.browserLauncher ? 'custom' : endpoint ? 'browser server' : 'local Chromium',
      limits: Object.fromEntries(portals.map((p) => [p, portalSettings(settings, p)])),
    },
    'worker started',
  );

  let closing: Promise<void> | undefined;
  return {
    runners,
    inFlight: () => inFlight,
    close() {
      // Graceful: stop taking jobs, let active ones finish, then close browsers.
      closing ??= (async () => {
        await Promise.all(workers.map((w) => w.close()));
        await runners.close();
        await results.close();
        await Promise.allSettled(connections.map((c) => c.quit()));
        opts.logger.info('worker stopped');
      })();
      return closing;
    },
  };
}

/** Registers every account of the pool per portal; a portal without accounts (or a failing read) is left to the first job. */
async function registerKnownAccounts(
  db: Db,
  credentials: CredentialProvider,
  portals: string[],
  logger: Logger,
): Promise<void> {
  for (const portal of portals) {
    try {
      const list = credentials.all ? await credentials.all(portal) : [];
      await registerAccounts(
        db,
        portal,
        list.map((a) => ({ id: a.id, label: a.label ?? a.username })),
      );
    } catch (err) {
      logger.debug({ err, portal }, 'accounts not registered at start (no credentials for the portal?)');
    }
  }
}
