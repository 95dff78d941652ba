import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../../prisma/generated/client.ts';
import { connectionSettings } from './connection.ts';

export type Db = PrismaClient;

export function createDb(databaseUrl: string, poolSize = 5): Db {
  const { connectionString, schema } = connectionSettings(databaseUrl);
  const adapter = new PrismaPg({ connectionString, max: poolSize }, { schema });
  return new PrismaClient({ adapter });
}

export { Prisma } from '../../../prisma/generated/client.ts';
