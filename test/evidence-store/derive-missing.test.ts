// A worker that dies takes its queued derivations with it: the originals are
// durable and chained, only the derived copies are missing. deriveMissing finds
// exactly those captures (by manifest hash) in a time range, derives them,
// and is idempotent; captures that have their copies are left alone.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEvidenceStore } from '../../evidence-store/index.ts';
import { createTestDb, ctxFor, makeCapture, tempDir, type TestDb } from './helpers.ts';

let db: TestDb;
let dir: string;

beforeAll(async () => {
  db = await createTestDb('derivemissing');
  dir = await tempDir();
});
afterAll(async () => {
  await db.drop();
  await fs.rm(dir, { recursive: true, force: true });
});

const variantsOf = async (sha: string) =>
  (
    await db.pool.query<{ variant: string }>(
      `SELECT variant FROM evidence_objects WHERE derived_from = $1 ORDER BY variant`,
      [sha],
    )
  ).rows.map((r) => r.variant);
const derivedEntries = async () =>
  Number(
    (await db.pool.query<{ count: string }>(`SELECT count(*) FROM evidence_ledger WHERE kind = 'derived'`)).rows[0]!
      .count,
  );
const originals = async () =>
  (
    await db.pool.query(
      `SELECT storage_key, sha256 FROM evidence_objects WHERE derived_from IS NULL ORDER BY storage_key`,
    )
  ).rows;
const wide = () => ({ since: new Date(Date.now() - 3_600_000), before: new Date(Date.now() + 60_000), limit: 100 });

describe('deriveMissing', () => {
  it('derives the copies a dead process never made, once, and leaves the rest alone', { timeout: 60_000 }, async () => {
    // One store derives (its capture has copies); one stands in for a worker killed before deriving.
    const healthy = await openEvidenceStore({ dir, db: db.pool, deriveIn: 'inline' });
    const done = await healthy.storeCapture(await makeCapture('CLM-DONE'), ctxFor('CLM-DONE'));
    await healthy.whenIdle();
    const died = await openEvidenceStore({ dir, db: db.pool, derive: false });
    const lost = [
      await died.storeCapture(await makeCapture('CLM-LOST-1'), ctxFor('CLM-LOST-1')),
      await died.storeCapture(await makeCapture('CLM-LOST-2'), ctxFor('CLM-LOST-2')),
    ];
    await died.close();
    const originalsBefore = await originals();
    expect(await variantsOf(lost[0]!.sha256)).toEqual([]);
    const entriesBefore = await derivedEntries();

    // Captures younger than `before` are skipped (a live worker may still be deriving them).
    expect(await healthy.deriveMissing({ ...wide(), before: new Date(Date.now() - 3_600_000) })).toEqual({
      derived: 0,
      failed: 0,
    });

    expect(await healthy.deriveMissing(wide())).toEqual({ derived: 2, failed: 0 });
    for (const c of lost) expect(await variantsOf(c.sha256)).toEqual(['annotated', 'thumb', 'webp']);
    expect(await derivedEntries()).toBe(entriesBefore + 2);
    // The capture that had its copies got none again; a second pass finds nothing.
    expect(await variantsOf(done.sha256)).toEqual(['annotated', 'thumb', 'webp']);
    expect(await healthy.deriveMissing(wide())).toEqual({ derived: 0, failed: 0 });
    expect(await derivedEntries()).toBe(entriesBefore + 2);
    // Originals are untouched, and the store still verifies.
    expect(await originals()).toEqual(originalsBefore);
    expect((await healthy.verify({ all: true })).ok).toBe(true);
    await healthy.close();
  });

  it('counts a capture whose manifest file is gone as failed, skips one retention deleted, and derives the others', {
    timeout: 60_000,
  }, async () => {
    await db.reset();
    const died = await openEvidenceStore({ dir, db: db.pool, derive: false });
    const gone = await died.storeCapture(await makeCapture('CLM-GONE'), ctxFor('CLM-GONE'));
    const ok = await died.storeCapture(await makeCapture('CLM-OK'), ctxFor('CLM-OK'));
    await fs.rm(path.join(dir, gone.manifestStorageKey));
    // An original that retention deleted is not a failure: there is nothing to derive from.
    const expired = await died.storeCapture(await makeCapture('CLM-EXPIRED'), ctxFor('CLM-EXPIRED'));
    await db.pool.query(`UPDATE evidence_objects SET deleted_at = now() WHERE storage_key = $1`, [expired.storageKey]);
    await died.close();
    const store = await openEvidenceStore({ dir, db: db.pool, deriveIn: 'inline' });
    expect(await store.deriveMissing(wide())).toEqual({ derived: 1, failed: 1 });
    expect(await variantsOf(ok.sha256)).toEqual(['annotated', 'thumb', 'webp']);
    await store.close();
  });
});
