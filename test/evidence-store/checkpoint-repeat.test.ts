// Signing again when nothing was added since the newest checkpoint: the
// chains are exactly what the last checkpoint vouched for, so the store signs
// (a second appeal packet right after the first one must not be refused as
// a truncated access log).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKey, openEvidenceStore, type EvidenceStore } from '../../evidence-store/index.ts';
import { createTestDb, ctxFor, makeCapture, tempDir, type TestDb } from './helpers.ts';

let db: TestDb;
let store: EvidenceStore;

beforeAll(async () => {
  db = await createTestDb('cprepeat');
  store = await openEvidenceStore({
    dir: await tempDir(),
    db: db.pool,
    signingKey: generateSigningKey().seedBase64,
    derive: false,
  });
});
afterAll(async () => {
  await store?.close();
  await db?.drop();
});

describe('checkpoints with nothing new since the last one', () => {
  it('signs the same heads again and the chains still verify', async () => {
    const ref = await store.storeCapture(await makeCapture('CLM-RPT'), ctxFor('CLM-RPT'));
    await store.read(ref.storageKey, { actor: 'auditor-1', reason: 'appeal' });
    const first = await store.checkpoint();
    expect(first.access?.size).toBeGreaterThan(0);
    const second = await store.checkpoint();
    expect(second.access?.size).toBe(first.access?.size);
    expect(second.access?.headHash).toBe(first.access?.headHash);
    expect((await store.verify({ all: true })).problems).toEqual([]);
  });
});
