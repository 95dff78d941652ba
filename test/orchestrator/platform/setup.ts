// Shared set-up for the orchestrator queue tests: a migrated schema of its
// own, a queue prefix of its own in the shared Redis, a test portal row, and
// a bot table that satisfies the submit path's checks. No browser: these
// tests are about scheduling and queue semantics, not bots.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { BotDefinition } from '../../../bots/runtime/bot.ts';
import { createDb, type Db } from '../../../orchestrator/platform/db/client.ts';
import { createRedis } from '../../../orchestrator/platform/queue/connection.ts';
import type { QueueSettings } from '../../../orchestrator/platform/queue/settings.ts';
import { portalQueues, submitLookups, type SubmitRequest } from '../../../orchestrator/platform/runs/submit.ts';
import { createTestSchema, type TestDatabase } from '../../helpers/database.ts';
import { queueSettingsFrom } from '../../../orchestrator/platform/config.ts';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const PORTAL = 'testportal';

/** Only what submit checks (portal id, supported tasks); never given to a worker. */
export const testBots = {
  [PORTAL]: {
    portal: PORTAL,
    name: 'Test portal',
    tasks: { 'claim-status': {}, 'denial-details': {}, 'era-download': {} },
  } as unknown as BotDefinition,
};

export interface Env {
  db: Db;
  database: TestDatabase;
  redis: Redis;
  prefix: string;
  settings: QueueSettings;
  queues: ReturnType<typeof portalQueues>;
  submit(claimNumbers: string[], over?: Partial<SubmitRequest>): ReturnType<typeof submitLookups>;
  connect(role?: 'worker' | 'producer'): Redis;
  close(): Promise<void>;
}

export async function createEnv(label: string, env: NodeJS.ProcessEnv = {}): Promise<Env> {
  const database = await createTestSchema(label);
  const db = createDb(database.url, 4);
  await db.portal.create({ data: { id: PORTAL, name: 'Test portal', baseUrl: 'http://127.0.0.1:9' } });
  await db.payer.create({ data: { id: 'aetna', name: 'Aetna', portalId: PORTAL } });
  const prefix = `test-oq-${label}-${randomBytes(4).toString('hex')}`;
  const connections: Redis[] = [];
  const connect = (role: 'worker' | 'producer' = 'worker') => {
    const c = createRedis(REDIS_URL, role);
    connections.push(c);
    return c;
  };
  const redis = connect('producer');
  const queues = portalQueues(redis, prefix);
  const settings = queueSettingsFrom(env, 1);
  return {
    db,
    database,
    redis,
    prefix,
    settings,
    queues,
    connect,
    submit: (claimNumbers, over = {}) =>
      submitLookups(
        { db, queueFor: queues.queueFor, bots: testBots, jobAttempts: 3, queueSettings: settings },
        { portal: PORTAL, task: 'claim-status', claimNumbers, trigger: 'cli', ...over },
      ),
    async close() {
      await queues.close();
      await cleanPrefix(redis, prefix);
      await Promise.allSettled(connections.map((c) => c.quit()));
      await db.$disconnect();
      await database.drop();
    },
  };
}

export async function cleanPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
