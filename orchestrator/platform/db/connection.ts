// One place that turns DATABASE_URL into driver settings. Prisma-style
// `?schema=name` is honoured everywhere (node-postgres ignores it), which is
// how tests isolate themselves in a schema of their own.
import pg from 'pg';

export interface ConnectionSettings {
  /** URL without the `schema` parameter, as node-postgres expects it. */
  connectionString: string;
  schema: string;
}

export function connectionSettings(databaseUrl: string): ConnectionSettings {
  const u = new URL(databaseUrl);
  const schema = u.searchParams.get('schema') ?? 'public';
  u.searchParams.delete('schema');
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`DATABASE_URL: schema "${schema}" must be a plain identifier`);
  }
  return { connectionString: u.toString(), schema };
}

/** A pg pool whose sessions use the URL's schema as search_path. */
export function createPool(databaseUrl: string, max = 5): pg.Pool {
  const { connectionString, schema } = connectionSettings(databaseUrl);
  const pool = new pg.Pool({ connectionString, max, options: `-c search_path="${schema}"` });
  // An idle client losing its server (PostgreSQL restart, failover) emits
  // 'error' on the pool; unhandled, that would kill the process. The next
  // query gets a fresh connection or a classified error instead.
  pool.on('error', () => {});
  return pool;
}
