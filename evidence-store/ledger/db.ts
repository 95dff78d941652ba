// PostgreSQL plumbing. Table names are unqualified on purpose: they resolve through the
// connection's search_path, so a deployment (or a test) chooses the schema.
import pg from 'pg';

export interface Db {
  pool: pg.Pool;
  /** True when we created the pool from a connection string and must end it. */
  owned: boolean;
}

export function openDb(db: pg.Pool | string): Db {
  if (typeof db === 'string') return { pool: new pg.Pool({ connectionString: db, max: 4 }), owned: true };
  return { pool: db, owned: false };
}

export async function withTx<T>(db: Db, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    const out = await fn(client);
    await client.query('COMMIT');
    return out;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

export async function closeDb(db: Db): Promise<void> {
  if (db.owned) await db.pool.end();
}
