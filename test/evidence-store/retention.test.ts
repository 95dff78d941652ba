import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import { openEvidenceStore, generateSigningKey, type EvidenceStore } from '../../evidence-store/index.ts';
import { createTestDb, ctxFor, makeCapture, tempDir, type TestDb } from './helpers.ts';

let db: TestDb;
let dir: string;
let store: EvidenceStore;

beforeAll(async () => {
  db = await createTestDb('retention');
});
afterAll(async () => {
  await db.drop();
});
beforeEach(async () => {
  await db.reset();
  dir = await tempDir();
  store = await openEvidenceStore({ dir, db: db.pool, signingKey: generateSigningKey().seedBase64 });
  return async () => {
    await store.close();
    await fs.rm(dir, { recursive: true, force: true });
  };
});

const years = (n: number) => new Date(Date.now() + n * 366 * 86_400_000);

describe('retention and legal hold', () => {
  it('keeps everything inside the default 6 years, deletes after, and verify reports the deletions as expected', async () => {
    const s = await store.storeCapture(await makeCapture('CLM-R1'), ctxFor('CLM-R1'));
    await store.whenIdle();
    await store.checkpoint();
    expect((await store.applyRetention(years(5))).deleted).toEqual([]);
    const res = await store.applyRetention(years(7));
    expect(res.deleted.map((d) => d.storageKey)).toContain(s.storageKey);
    expect(res.deleted).toHaveLength(7); // png, html, aria, manifest + webp, thumb, annotated
    expect(await store.backend.has(s.storageKey)).toBe(false);
    const report = await store.verify({ all: true });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.expectedDeletions.map((d) => d.storageKey)).toContain(s.storageKey);
    expect((await store.applyRetention(years(8))).deleted).toEqual([]); // idempotent
  });

  it('never deletes held evidence (by claim or by blob), and deletes it once the hold is released', async () => {
    const held = await store.storeCapture(await makeCapture('CLM-HOLD'), ctxFor('CLM-HOLD'));
    const free = await store.storeCapture(await makeCapture('CLM-FREE'), ctxFor('CLM-FREE'));
    const single = await store.putOriginal(Buffer.from('835 file'), { contentType: 'application/edi-x12', ext: '835' });
    await store.whenIdle();
    const holdId = await store.placeLegalHold({ claimRef: 'CLM-HOLD', reason: 'litigation', placedBy: 'counsel' });
    await store.placeLegalHold({ storageKey: single.storageKey, reason: 'audit', placedBy: 'compliance' });
    expect((await store.backend.stat(held.storageKey))!.legalHold).toBe(true);
    const res = await store.applyRetention(years(7));
    const deleted = new Set(res.deleted.map((d) => d.storageKey));
    expect(deleted.has(free.storageKey)).toBe(true);
    expect(deleted.has(held.storageKey)).toBe(false);
    expect(deleted.has(held.manifest.files.html.storageKey)).toBe(false);
    expect(deleted.has(single.storageKey)).toBe(false);
    expect(res.held.map((h) => h.storageKey)).toEqual(expect.arrayContaining([held.storageKey, single.storageKey]));
    // derived copies of held captures are held too
    for (const v of await store.variants(held.sha256)) expect(deleted.has(v.storageKey)).toBe(false);
    expect(await store.backend.has(held.storageKey)).toBe(true);

    await store.releaseLegalHold(holdId, 'counsel');
    const after = await store.applyRetention(years(7));
    expect(after.deleted.map((d) => d.storageKey)).toContain(held.storageKey);
    expect(after.deleted.map((d) => d.storageKey)).not.toContain(single.storageKey);
    expect((await store.verify({ all: true })).ok).toBe(true);
  });

  it('per-organization policy overrides the default', async () => {
    await store.setRetentionPolicy('short-org', 12);
    const s = await store.storeCapture(await makeCapture('CLM-ORG'), {
      ...ctxFor('CLM-ORG'),
      organizationId: 'short-org',
    });
    const d = await store.storeCapture(await makeCapture('CLM-DEF'), ctxFor('CLM-DEF'));
    await store.whenIdle();
    const res = await store.applyRetention(years(2));
    const deleted = res.deleted.map((x) => x.storageKey);
    expect(deleted).toContain(s.storageKey);
    expect(deleted).not.toContain(d.storageKey);
  });
});
