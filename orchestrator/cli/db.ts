// One database session for one CLI command: opened from the configuration,
// closed however the command ends.
import { loadConfig } from '../platform/config.ts';
import { createDb, type Db } from '../platform/db/client.ts';

export async function withDb<T>(fn: (db: Db) => Promise<T>, connections = 1): Promise<T> {
  const db = createDb(loadConfig().databaseUrl, connections);
  try {
    return await fn(db);
  } finally {
    await db.$disconnect();
  }
}
