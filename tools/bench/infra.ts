// Throwaway infrastructure for one benchmark: a PostgreSQL schema of its own
// (migrated, dropped afterwards), a queue prefix of its own in Redis (keys
// deleted afterwards) and an evidence directory in the temp dir. Nothing the
// bench does can touch a deployment's queues, tables or evidence.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Redis } from 'ioredis';
import { bots } from '../../bots/index.ts';
import { generateSigningKey, openEvidenceStore, type EvidenceStore } from '../../evidence-store/index.ts';
import { syncCatalog } from '../../orchestrator/platform/catalog.ts';
import { createDb, type Db } from '../../orchestrator/platform/db/client.ts';
import { connectionSettings, createPool } from '../../orchestrator/platform/db/connection.ts';
import { migrate } from '../../orchestrator/platform/db/migrate.ts';
import { createRedis } from '../../orchestrator/platform/queue/connection.ts';
import { portalQueues } from '../../orchestrator/platform/runs/submit.ts';

export interface BenchInfraOptions {
  databaseUrl: string;
  redisUrl: string;
  portalUrls: Record<string, string>;
}

export interface BenchInfra {
  databaseUrl: string;
  redisUrl: string;
  schema: string;
  queuePrefix: string;
  dataDir: string;
  evidenceDir: string;
  portalUrls: Record<string, string>;
  db: Db;
  evidence: EvidenceStore;
  redis: Redis;
  queues: ReturnType<typeof portalQueues>;
  close(): Promise<void>;
}

export async function openBenchInfra(opts: BenchInfraOptions): Promise<BenchInfra> {
  const tag = randomBytes(4).toString('hex');
  const schema = `bench_${tag}`;
  const u = new URL(opts.databaseUrl);
  u.searchParams.set('schema', schema);
  const databaseUrl = u.toString();
  await migrate(databaseUrl);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'portalbots-bench-'));
  const evidenceDir = path.join(dataDir, 'evidence');
  const db = createDb(databaseUrl, 8);
  const evidencePool = createPool(databaseUrl, 8);
  const redis = createRedis(opts.redisUrl, 'producer');
  const queuePrefix = `bench-${tag}`;
  let evidence: EvidenceStore | undefined;
  let queues: ReturnType<typeof portalQueues> | undefined;
  let closing: Promise<void> | undefined;
  // Idempotent: an interrupted bench closes from its signal handler and again on the way out.
  const close = () => (closing ??= closeAll());
  const closeAll = async () => {
    await queues?.close().catch(() => undefined);
    await cleanPrefix(redis, queuePrefix).catch(() => undefined);
    redis.disconnect();
    await evidence?.close().catch(() => undefined);
    await evidencePool.end().catch(() => undefined);
    await db.$disconnect().catch(() => undefined);
    await dropSchema(databaseUrl, schema);
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await syncCatalog(db, Object.values(bots), opts.portalUrls);
    evidence = await openEvidenceStore({
      dir: evidenceDir,
      db: evidencePool,
      signingKey: generateSigningKey().seedBase64,
    });
    queues = portalQueues(redis, queuePrefix);
  } catch (e) {
    await close();
    throw e;
  }
  return {
    databaseUrl,
    redisUrl: opts.redisUrl,
    schema,
    queuePrefix,
    dataDir,
    evidenceDir,
    portalUrls: opts.portalUrls,
    db,
    evidence,
    redis,
    queues,
    close,
  };
}

async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: connectionSettings(databaseUrl).connectionString });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

async function cleanPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
