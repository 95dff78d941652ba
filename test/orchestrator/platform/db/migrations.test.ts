import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionSettings } from '../../../../orchestrator/platform/db/connection.ts';
import { MIGRATIONS_DIR, migrate, readMigrations } from '../../../../orchestrator/platform/db/migrate.ts';
import { createTestSchema, type TestDatabase } from '../../../helpers/database.ts';
import { actualShape, diffShapes, expectedShape } from './schema-diff.ts';

/** schema.prisma and the other .prisma files of the schema folder (prisma.config.ts). */
async function schemaFiles(): Promise<[string, string][]> {
  const names = (await readdir('prisma')).filter((n) => n.endsWith('.prisma')).sort();
  expect(names).toContain('schema.prisma');
  return Promise.all(names.map(async (n) => [n, await readFile(path.join('prisma', n), 'utf8')] as [string, string]));
}

describe('database migrations', () => {
  let db: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    db = await createTestSchema('migrations', { migrate: false });
    client = new pg.Client({ connectionString: connectionSettings(db.url).connectionString });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await db.drop();
  });

  it('applies every migration once and keeps Prisma bookkeeping', async () => {
    const migrations = await readMigrations();
    const first = await migrate(db.url);
    expect(first.applied).toEqual(migrations.map((m) => m.name));
    const again = await migrate(db.url);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toEqual(migrations.map((m) => m.name));

    const { rows } = await client.query(
      `SELECT migration_name, checksum, finished_at, applied_steps_count, rolled_back_at FROM "${db.schema}"."_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((r) => r.migration_name)).toEqual(migrations.map((m) => m.name));
    for (const [i, r] of rows.entries()) {
      expect(r.checksum).toBe(migrations[i]!.checksum);
      expect(r.finished_at).toBeInstanceOf(Date);
      expect(r.applied_steps_count).toBe(1);
      expect(r.rolled_back_at).toBeNull();
    }
    // Prisma's checksum is the SHA-256 of the file's bytes.
    const firstSql = await readFile(path.join(MIGRATIONS_DIR, migrations[0]!.name, 'migration.sql'));
    const { createHash } = await import('node:crypto');
    expect(migrations[0]!.checksum).toBe(createHash('sha256').update(firstSql).digest('hex'));
  });

  it('produces exactly the database schema.prisma describes', async () => {
    const expected = expectedShape(await schemaFiles());
    const actual = await actualShape(client, db.schema);
    expect(Object.keys(expected).length).toBeGreaterThanOrEqual(8);
    expect(diffShapes(expected, actual)).toEqual([]);
  });

  it('notices when the database drifts from schema.prisma', async () => {
    const expected = expectedShape(await schemaFiles());
    await client.query(`ALTER TABLE "${db.schema}"."claims" ALTER COLUMN "payer_id" SET NOT NULL`);
    await client.query(`DROP INDEX "${db.schema}"."evidence_sha256_idx"`);
    const problems = diffShapes(expected, await actualShape(client, db.schema));
    expect(problems.some((p) => p.startsWith('claims: columns payer_id differs'))).toBe(true);
    expect(problems.some((p) => p.startsWith('evidence: indexes evidence_sha256_idx missing'))).toBe(true);
  });

  it('refuses a migration edited after it was applied', async () => {
    const other = await createTestSchema('migrations_edit');
    try {
      await client.query(`UPDATE "${other.schema}"."_prisma_migrations" SET checksum = repeat('0', 64)`);
      await expect(migrate(other.url)).rejects.toThrow(/was modified after it was applied/);
    } finally {
      await other.drop();
    }
  });
});
