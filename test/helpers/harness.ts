// An isolated orchestrator for one test file: its own PostgreSQL schema, its
// own queue prefix in the shared Redis, its own evidence directory.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Browser } from 'playwright';
import { bots } from '../../bots/registry.ts';
import type { PortalCredential } from '../../bots/runtime/bot.ts';
import type { TaskName } from '../../bots/runtime/tasks.ts';
import { generateSigningKey, openEvidenceStore, type EvidenceStore } from '../../evidence-store/index.ts';
import { syncCatalog } from '../../orchestrator/platform/catalog.ts';
import { queueSettingsFrom, type Config } from '../../orchestrator/platform/config.ts';
import { staticCredentials } from '../../orchestrator/accounts/file.ts';
import { createDb, type Db } from '../../orchestrator/platform/db/client.ts';
import { createPool } from '../../orchestrator/platform/db/connection.ts';
import type { Logger } from '../../orchestrator/platform/logging.ts';
import { createRedis } from '../../orchestrator/platform/queue/connection.ts';
import { RESULTS_QUEUE } from '../../orchestrator/platform/queue/jobs.ts';
import { portalQueues, submitLookups } from '../../orchestrator/platform/runs/submit.ts';
import { startWorker, type RunningWorker } from '../../orchestrator/platform/worker/worker.ts';
import type { InfraRetryOptions } from '../../orchestrator/platform/worker/infra-retry.ts';
import type { BotRunnerLike } from '../../orchestrator/platform/worker/runners.ts';
import { createTestSchema, type TestDatabase } from './database.ts';
import { RESULT_FOLLOW_UPS, TASK_INPUTS } from '../../orchestrator/cli/wiring.ts';

/** One key per test process: checkpoints and packets need one. */
export const TEST_SIGNING_KEY = generateSigningKey().seedBase64;

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface Harness {
  config: Config;
  db: Db;
  database: TestDatabase;
  evidence: EvidenceStore;
  redis: Redis;
  queues: ReturnType<typeof portalQueues>;
  results: Queue;
  submit(portal: string, task: TaskName, claimNumbers: string[]): ReturnType<typeof submitLookups>;
  startWorker(opts: {
    credentials: Record<string, PortalCredential>;
    logger: Logger;
    concurrency?: number;
    /** Fault tests: the worker's own database client / evidence store (e.g. through a cuttable proxy). */
    db?: Db;
    evidence?: EvidenceStore;
    infraRetry?: InfraRetryOptions;
    browserLauncher?: () => Promise<Browser>;
    /** A runner of the test's own instead of real bots (retry-policy tests). */
    runnerFor?: (portal: string) => Promise<BotRunnerLike>;
  }): Promise<RunningWorker>;
  close(): Promise<void>;
}

export async function createHarness(
  label: string,
  portalUrls: Record<string, string>,
  opts: { redisUrl?: string } = {},
): Promise<Harness> {
  const redisUrl = opts.redisUrl ?? REDIS_URL;
  const database = await createTestSchema(label);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `portalbots-${label}-`));
  const config: Config = {
    databaseUrl: database.url,
    redisUrl,
    queuePrefix: `test-${label}-${randomBytes(4).toString('hex')}`,
    dataDir,
    evidenceDir: path.join(dataDir, 'evidence'),
    failureDir: path.join(dataDir, 'failures'),
    credentialsFile: undefined,
    evidenceSigningKey: TEST_SIGNING_KEY,
    evidenceSigningKeyFile: path.join(dataDir, 'keys', 'evidence-signing.key'),
    workerConcurrency: 1,
    jobAttempts: 3,
    chromiumPath: undefined,
    logLevel: 'silent',
    portalUrls,
    tracing: 'on-retry',
    databaseUrlSet: true,
    redisUrlSet: true,
    credentialKeys: undefined,
    queues: queueSettingsFrom({}, 1),
    apiHost: '127.0.0.1',
    apiPort: 0,
    workerMetrics: undefined,
    operator: 'test',
  };
  const db = createDb(config.databaseUrl);
  await syncCatalog(db, Object.values(bots), portalUrls);
  const evidencePool = createPool(config.databaseUrl, 4);
  // No derived WebP/thumbnail copies: these tests read originals, and deriving ~100 captures per e2e file took
  // the CPU the browsers needed (test/evidence-store covers derivation).
  const evidence = await openEvidenceStore({
    dir: config.evidenceDir,
    db: evidencePool,
    signingKey: TEST_SIGNING_KEY,
    derive: false,
  });
  const redis = createRedis(redisUrl, 'producer');
  const queues = portalQueues(redis, config.queuePrefix);
  const results = new Queue(RESULTS_QUEUE, { connection: redis, prefix: config.queuePrefix });
  const workers: RunningWorker[] = [];
  return {
    config,
    db,
    database,
    evidence,
    redis,
    queues,
    results,
    submit: (portal, task, claimNumbers) =>
      submitLookups(
        { db, queueFor: queues.queueFor, bots, jobAttempts: config.jobAttempts, queueSettings: config.queues },
        { portal, task, claimNumbers, trigger: 'cli' },
      ),
    async startWorker({ credentials, logger, concurrency, ...over }) {
      const w = await startWorker({
        followUps: RESULT_FOLLOW_UPS,
        taskInputs: TASK_INPUTS,
        config: { ...config, workerConcurrency: concurrency ?? 1 },
        db: over.db ?? db,
        evidence: over.evidence ?? evidence,
        ...(over.infraRetry ? { infraRetry: over.infraRetry } : {}),
        ...(over.browserLauncher ? { browserLauncher: over.browserLauncher } : {}),
        ...(over.runnerFor ? { runnerFor: over.runnerFor } : {}),
        credentials: staticCredentials(credentials),
        bots,
        logger,
        backoffScale: 0.01,
        taskTimeoutMs: 45_000,
      });
      workers.push(w);
      return w;
    },
    async close() {
      await Promise.allSettled(workers.map((w) => w.close()));
      await queues.close();
      await results.obliterate({ force: true }).catch(() => {});
      await results.close();
      await cleanPrefix(redis, config.queuePrefix);
      redis.disconnect();
      await evidence.close();
      await evidencePool.end();
      await db.$disconnect();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function cleanPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
