// Each test file gets a PostgreSQL schema of its own, migrated by our own
// migrator, so files run in parallel without seeing each other's rows.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connectionSettings } from '../../orchestrator/platform/db/connection.ts';
import { ensureDatabase, migrate } from '../../orchestrator/platform/db/migrate.ts';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  url: string;
  schema: string;
  drop(): Promise<void>;
}

export async function createTestSchema(label: string, opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const schema = `t_${label.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const u = new URL(TEST_DATABASE_URL);
  u.searchParams.set('schema', schema);
  const url = u.toString();
  if (opts.migrate !== false) await migrate(url);
  else await ensureDatabase(url);
  return {
    url,
    schema,
    async drop() {
      const client = new pg.Client({ connectionString: connectionSettings(url).connectionString });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
