// Consumer of the results queue: for each result notice (ids only) it copies the
// result to runs that were deduplicated into the job (queue/joins.ts) and
// queues one signed webhook delivery per matching endpoint. Other consumers
// (the denial work queue) can be added here or as their own results worker.
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Db } from '../db/client.ts';
import type { Logger } from '../logging.ts';
import { RESULTS_QUEUE, WEBHOOK_QUEUE } from '../queue/jobs.ts';
import { propagateJoinedResults } from '../queue/joins.ts';
import { ResultMessageV1, ResultNoticeV2 } from '../results/contract.ts';
import { enqueueDelivery, type WebhookRetry } from './deliver.ts';
import { endpointsFor } from './store.ts';

export interface ResultsFanoutOptions {
  db: Db;
  /** Blocking connection for the worker (maxRetriesPerRequest: null). */
  connection: Redis;
  /** Producer connection for the webhook queue. */
  producer: Redis;
  prefix: string;
  logger: Logger;
  webhookRetry?: WebhookRetry;
}

export interface ResultsFanout {
  webhooks: Queue;
  close(): Promise<void>;
}

export async function startResultsFanout(opts: ResultsFanoutOptions): Promise<ResultsFanout> {
  const log = opts.logger.child({ component: 'results-fanout' });
  const webhooks = new Queue(WEBHOOK_QUEUE, { connection: opts.producer, prefix: opts.prefix });
  const worker = new Worker(
    RESULTS_QUEUE,
    async (job: Job) => {
      // v2 notices (ids only); v1 messages from workers older than this release are still read.
      const parsed = ResultNoticeV2.or(ResultMessageV1).safeParse(job.data);
      if (!parsed.success)
        throw new UnrecoverableError(`result message is not v2 or v1 at ${parsed.error.issues[0]!.path.join('.')}`);
      const m = parsed.data;
      await propagateJoinedResults(opts.db, m.jobId);
      const endpoints = await endpointsFor(opts.db, m);
      for (const id of endpoints) await enqueueDelivery(webhooks, id, m.jobId, opts.webhookRetry);
      return { endpoints: endpoints.length };
    },
    {
      connection: opts.connection,
      prefix: opts.prefix,
      concurrency: 4,
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
    },
  );
  worker.on('error', (err) => log.error({ err }, 'results fanout error'));
  worker.on('failed', (job, err) => log.warn({ jobId: job?.id, reason: err.message }, 'results fanout failed'));
  await worker.waitUntilReady();
  return {
    webhooks,
    async close() {
      await worker.close();
      await webhooks.close();
    },
  };
}
