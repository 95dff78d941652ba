import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../../prisma/generated/client.ts';
import { connectionSettings } from './connection.ts';

export type Db = PrismaClient;

/** The DATABASE_URL each client was made from (see databaseUrlOf). */
const urls = new WeakMap<Db, string>();

export function createDb(databaseUrl: string, poolSize = 5): Db {
  const { connectionString, schema } = connectionSettings(databaseUrl);
  // The schema both ways: Prisma qualifies its model queries with it, and the
  // session's search_path makes raw SQL ($queryRaw) see the same tables.
  const adapter = new PrismaPg({ connectionString, max: poolSize, options: `-c search_path="${schema}"` }, { schema });
  const db = new PrismaClient({ adapter });
  urls.set(db, databaseUrl);
  return db;
}

/**
 * The URL a client made by createDb connects to: for bulk writes that go
 * straight to node-postgres on a connection of their own, because Prisma
 * walks every bound parameter in JavaScript (remittance/persist.ts).
 */
export function databaseUrlOf(db: Db): string | undefined {
  return urls.get(db);
}

export { Prisma } from '../../../prisma/generated/client.ts';
