// A worker process: one BullMQ worker per portal queue, sharing one runner
// (browser + logged-in sessions) per portal. Any number of these run on any
// number of hosts; Redis hands each job to one of them.
import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Browser } from 'playwright';
import type { BotDefinition } from '../../bots/runtime/bot.ts';
import type { EvidenceStore } from '../../evidence-store/index.ts';
import type { Config } from '../config.ts';
import type { CredentialProvider } from '../credentials.ts';
import type { Db } from '../db/client.ts';
import type { Logger } from '../logging.ts';
import { createRedis } from '../queue/connection.ts';
import { portalQueueName, RESULTS_QUEUE } from '../queue/jobs.ts';
import { processLookup } from './process-lookup.ts';
import { BACKOFF_TYPE, retryDelayMs } from './retry-policy.ts';
import { RunnerPool } from './runners.ts';

export interface WorkerOptions {
  config: Pick<Config, 'redisUrl' | 'queuePrefix' | 'workerConcurrency' | 'failureDir' | 'portalUrls'>;
  db: Db;
  evidence: EvidenceStore;
  credentials: CredentialProvider;
  bots: Record<string, BotDefinition>;
  logger: Logger;
  /** Portals to serve; default all bots. */
  portals?: string[];
  browserLauncher?: () => Promise<Browser>;
  /** Scales retry delays (tests shrink them). */
  backoffScale?: number;
}

export interface RunningWorker {
  runners: RunnerPool;
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
  const runners = new RunnerPool({
    bots: opts.bots,
    credentials: opts.credentials,
    portalUrls: opts.config.portalUrls,
    failureDir: opts.config.failureDir,
    logger: opts.logger,
    ...(opts.browserLauncher ? { browserLauncher: opts.browserLauncher } : {}),
  });
  const results = new Queue(RESULTS_QUEUE, { connection: connect('producer'), prefix: opts.config.queuePrefix });
  const deps = { db: opts.db, evidence: opts.evidence, results, runnerFor: (p: string) => runners.get(p), logger: opts.logger };

  const workers = portals.map((portal) => {
    const worker = new Worker(portalQueueName(portal), (job: Job, token?: string) => processLookup(deps, job, token), {
      connection: connect('worker'),
      prefix: opts.config.queuePrefix,
      concurrency: opts.config.workerConcurrency,
      settings: {
        backoffStrategy: (attemptsMade: number, type?: string, err?: Error) =>
          type === BACKOFF_TYPE ? retryDelayMs(attemptsMade, err, opts.backoffScale) : 1000,
      },
    });
    worker.on('error', (err) => opts.logger.error({ err, portal }, 'worker error'));
    worker.on('failed', (job, err) =>
      opts.logger.warn({ jobId: job?.id, portal, attemptsMade: job?.attemptsMade, reason: err.message }, 'job attempt failed'),
    );
    return worker;
  });
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  opts.logger.info({ portals, concurrency: opts.config.workerConcurrency }, 'worker started');

  let closing: Promise<void> | undefined;
  return {
    runners,
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
