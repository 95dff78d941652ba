import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../../prisma/generated/client.ts';
import { connectionSettings } from './connection.ts';

export type Db = PrismaClient;

export function createDb(databaseUrl: string, poolSize = 5): Db {
  const { connectionString, schema } = connectionSettings(databaseUrl);
  // The schema both ways: Prisma qualifies its model queries with it, and the
  // session's search_path makes raw SQL ($queryRaw) see the same tables.
  const adapter = new PrismaPg({ connectionString, max: poolSize, options: `-c search_path="${schema}"` }, { schema });
  return new PrismaClient({ adapter });
}

export { Prisma } from '../../../prisma/generated/client.ts';
