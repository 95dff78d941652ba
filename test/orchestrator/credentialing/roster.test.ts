// The latest credentialing result per provider, and alerts as of a given day.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../../orchestrator/platform/db/client.ts';
import { providerStatuses } from '../../../orchestrator/credentialing/roster.ts';
import type { CredentialingStatusOutput } from '../../../bots/runtime/tasks.ts';
import { createTestSchema, type TestDatabase } from '../../helpers/database.ts';

const base: CredentialingStatusOutput = {
  npi: '1234567893',
  providerName: 'Dana Reyes, MD',
  profileStatus: 'approved',
  lastAttestationDate: '2026-08-01',
  reattestationDueDate: '2026-11-29',
  enrollments: [{ payer: 'aetna', status: 'approved', effectiveDate: '2024-01-01', expiryDate: '2027-06-30' }],
};

describe('credentialing roster', () => {
  let database: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await createTestSchema('roster');
    db = createDb(database.url);
    await db.portal.create({ data: { id: 'caqh', name: 'CAQH-like', baseUrl: 'http://127.0.0.1:9' } });
    const run = await db.run.create({ data: { portalId: 'caqh', task: 'credentialing-status', trigger: 'cli' } });
    const add = (jobId: string, data: object, finishedAt: string, outcome = 'found') =>
      db.taskResult.create({
        data: {
          jobId,
          runId: run.id,
          portalId: 'caqh',
          task: 'credentialing-status',
          target: {},
          outcome,
          data,
          botVersion: '1',
          startedAt: new Date(finishedAt),
          finishedAt: new Date(finishedAt),
        },
      });
    // An older look at the first provider (due long ago), then the current one.
    await add('j1', { ...base, reattestationDueDate: '2026-01-01' }, '2026-06-01T00:00:00Z');
    await add('j2', base, '2026-11-20T00:00:00Z');
    await add('j3', { ...base, npi: '1003000126', reattestationDueDate: '2027-03-01' }, '2026-11-20T00:00:00Z');
    await add('j4', { broken: true }, '2026-11-21T00:00:00Z');
    await add('j5', {}, '2026-11-22T00:00:00Z', 'failed');
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  it('uses the latest result per provider and computes alerts for the given day', async () => {
    const statuses = await providerStatuses(db, { today: '2026-11-23', windowDays: 30 });
    expect(statuses.map((s) => s.npi)).toEqual(['1234567893', '1003000126']);
    expect(statuses[0]!.checkedAt.toISOString()).toBe('2026-11-20T00:00:00.000Z');
    expect(statuses[0]!.alerts.map((a) => a.kind)).toEqual(['reattestation_due_soon']);
    expect(statuses[1]!.alerts).toEqual([]);
    const later = await providerStatuses(db, { today: '2026-12-05', windowDays: 30 });
    expect(later[0]!.alerts.map((a) => a.kind)).toEqual(['reattestation_overdue']);
  });
});
