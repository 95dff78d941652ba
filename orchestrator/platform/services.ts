// Opens what a long-running process needs from config, and closes it again.
import { bots } from '../../bots/index.ts';
import { openEvidenceStore, type EvidenceStore } from '../../evidence-store/index.ts';
import { syncCatalog } from './catalog.ts';
import { resolveSigningKey } from './signing-key.ts';
import { evidenceBackendOptions, evidenceTrustOptions } from './evidence-options.ts';
import type { Config } from './config.ts';
import { createDb, type Db } from './db/client.ts';
import { createPool } from './db/connection.ts';
import type { Logger } from './logging.ts';

export interface Services {
  db: Db;
  evidence: EvidenceStore;
  close(): Promise<void>;
}

export async function openServices(config: Config, logger: Logger): Promise<Services> {
  const db = createDb(config.databaseUrl);
  await syncCatalog(db, Object.values(bots), config.portalUrls);
  const signingKey = await resolveSigningKey(config, logger);
  // A pool of our own making so the URL's ?schema= becomes the search_path.
  const evidencePool = createPool(config.databaseUrl, 4);
  const evidence = await openEvidenceStore({
    dir: config.evidenceDir,
    db: evidencePool,
    signingKey,
    logger,
    ...evidenceTrustOptions(config),
    ...evidenceBackendOptions(config),
  });
  return {
    db,
    evidence,
    async close() {
      await evidence.close();
      await evidencePool.end();
      await db.$disconnect();
    },
  };
}
