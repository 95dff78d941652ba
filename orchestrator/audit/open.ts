// Opens the core database and the evidence store for an evidence command. The
// store gets a pg pool built from DATABASE_URL by createPool, which honours a
// Prisma-style `?schema=` (node-postgres alone would silently use `public`), so
// the ledger tables resolve in the same schema as the `evidence` table.
import type pg from 'pg';
import { openEvidenceStore, type EvidenceStore } from '../../evidence-store/index.ts';
import type { Config } from '../platform/config.ts';
import { createPool } from '../platform/db/connection.ts';
import { createDb, type Db } from '../platform/db/client.ts';
import type { Logger } from '../platform/logging.ts';
import { resolveSigningKey } from '../platform/signing-key.ts';
import { evidenceBackendOptions, evidenceTrustOptions } from '../platform/evidence-options.ts';

export interface EvidenceContext {
  db: Db;
  store: EvidenceStore;
  /** search_path = DATABASE_URL's schema: for raw SQL over the store's tables. */
  pool: pg.Pool;
  close(): Promise<void>;
}

export async function openEvidenceContext(config: Config, logger?: Logger): Promise<EvidenceContext> {
  const signingKey = await resolveSigningKey(config, logger);
  const pool = createPool(config.databaseUrl, 4);
  const db = createDb(config.databaseUrl, 2);
  // derive: false — these commands only read, export and verify; derivation belongs to the workers.
  const store = await openEvidenceStore({
    dir: config.evidenceDir,
    db: pool,
    signingKey,
    derive: false,
    ...evidenceTrustOptions(config),
    ...evidenceBackendOptions(config),
    ...(logger ? { logger } : {}),
  });
  return {
    db,
    store,
    pool,
    async close() {
      await store.close();
      await pool.end();
      await db.$disconnect();
    },
  };
}
