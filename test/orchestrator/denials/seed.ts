// A migrated schema of its own per test file, with a portal, payers and claims.
import { createDb, type Db } from '../../../orchestrator/platform/db/client.ts';
import { createTestSchema, type TestDatabase } from '../../helpers/database.ts';

export interface WorkqueueDb {
  db: Db;
  schema: TestDatabase;
  claim(payerId: string | null, opts?: { statusCategory?: string; lastCheckedAt?: Date }): Promise<string>;
  close(): Promise<void>;
}

export async function workqueueDb(label: string): Promise<WorkqueueDb> {
  const schema = await createTestSchema(label);
  const db = createDb(schema.url, 3);
  await db.portal.create({ data: { id: 'availity', name: 'Availity', baseUrl: 'http://127.0.0.1:1' } });
  for (const id of ['aetna', 'cigna', 'uhc', 'medicare'])
    await db.payer.create({ data: { id, name: id, portalId: 'availity' } });
  let n = 0;
  return {
    db,
    schema,
    async claim(payerId, opts = {}) {
      n++;
      const row = await db.claim.create({
        data: {
          portalId: 'availity',
          payerId,
          claimNumber: `CLM-${String(n).padStart(5, '0')}`,
          statusCategory: opts.statusCategory ?? null,
          lastCheckedAt: opts.lastCheckedAt ?? null,
        },
      });
      return row.id;
    },
    async close() {
      await db.$disconnect();
      await schema.drop();
    },
  };
}
