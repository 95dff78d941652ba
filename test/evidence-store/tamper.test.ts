// Every tamper case must be detected and reported precisely: which file, claim, seq,
// and since which signed checkpoint the item was last known good.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  openEvidenceStore,
  generateSigningKey,
  bodyHashOf,
  linkHashOf,
  type EvidenceStore,
  type StoredCapture,
  type VerifyProblem,
} from '../../evidence-store/index.ts';
import { createTestDb, ctxFor, makeCapture, tempDir, type TestDb } from './helpers.ts';

let db: TestDb;
let dir: string;
let store: EvidenceStore;
let caps: StoredCapture[];
const key = generateSigningKey();

beforeAll(async () => {
  db = await createTestDb('tamper');
});
afterAll(async () => {
  await db.drop();
});

// Ledger: 1..3 captures of claims A, B, C; checkpoint over size 3 (entry 4 records it); 5 = capture of claim D.
beforeEach(async () => {
  await db.reset();
  await db.appendOnly(false); // these tests are the attacker who owns the tables (see ledger-rewrite.test.ts for the triggers)
  dir = await tempDir();
  store = await openEvidenceStore({ dir, db: db.pool, signingKey: key.privateKeyPem, derive: false });
  caps = [];
  for (const c of ['CLM-A', 'CLM-B', 'CLM-C']) caps.push(await store.storeCapture(await makeCapture(c), ctxFor(c)));
  await store.checkpoint();
  caps.push(await store.storeCapture(await makeCapture('CLM-D'), ctxFor('CLM-D')));
  const clean = await store.verify({ all: true });
  expect(clean.problems).toEqual([]);
  expect(clean.ok).toBe(true);
  return async () => {
    await store.close();
    await fs.rm(dir, { recursive: true, force: true });
  };
});

const only = (ps: VerifyProblem[], type: VerifyProblem['type']) => ps.filter((p) => p.type === type);

async function rowToHashes(seq: number) {
  const r = (await db.pool.query(`SELECT * FROM evidence_ledger WHERE seq = $1`, [seq])).rows[0];
  return r as Record<string, unknown>;
}

describe('tamper detection', () => {
  it('verify warns when evidence is readable by group or others, and is silent while it is owner-only', async () => {
    expect((await store.verify()).warnings).toEqual([]);
    await fs.chmod(path.join(dir, caps[0]!.storageKey), 0o444);
    await fs.chmod(path.dirname(path.join(dir, caps[0]!.storageKey)), 0o755);
    const r = await store.verify();
    expect(r.ok).toBe(true); // a warning, not tampering
    expect(r.warnings).toEqual([expect.stringMatching(/readable or writable by group or others/)]);
    expect(r.warnings[0]).toContain(`${caps[0]!.storageKey} (0444)`);
  });

  it('a flipped byte in an original names the file, claim, entry and last good checkpoint', async () => {
    await store.checkpoint(); // a second checkpoint, after the verify that saw the file intact
    const cps = await store.checkpoints();
    const file = path.join(dir, caps[1]!.storageKey);
    await fs.chmod(file, 0o644);
    const bytes = await fs.readFile(file);
    bytes[bytes.length - 20] = bytes[bytes.length - 20]! ^ 0x01;
    await fs.writeFile(file, bytes);
    const r = await store.verify({ all: true });
    expect(r.ok).toBe(false);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({
      type: 'file_changed',
      storageKey: caps[1]!.storageKey,
      claimRef: 'CLM-B',
      seq: 2,
      expectedSha256: caps[1]!.sha256,
      // last verified before the second checkpoint was signed, so that checkpoint is the last known good
      lastGoodCheckpoint: { size: cps[0]!.size, time: cps[0]!.time },
    });
    expect(r.problems[0]!.lastVerifiedAt).toBeTruthy();
  });

  it('a deleted file is reported as missing with its claim and entry', async () => {
    await fs.rm(path.join(dir, caps[2]!.manifest.files.html.storageKey));
    const r = await store.verify();
    expect(r.problems).toEqual([
      expect.objectContaining({
        type: 'file_missing',
        storageKey: caps[2]!.manifest.files.html.storageKey,
        claimRef: 'CLM-C',
        seq: 3,
        lastGoodCheckpoint: expect.objectContaining({ size: 3 }),
      }),
    ]);
  });

  it('an edited ledger row is reported at its seq', async () => {
    await db.pool.query(`UPDATE evidence_ledger SET claim_ref = 'CLM-X' WHERE seq = 2`);
    const r = await store.verify();
    expect(r.problems).toEqual([
      expect.objectContaining({
        type: 'row_edited',
        chain: 'ledger',
        seq: 2,
        claimRef: 'CLM-X',
        lastGoodCheckpoint: expect.objectContaining({ size: 3 }),
      }),
    ]);
  });

  it('an edited row with recomputed hashes breaks the link to its successor, and the checkpoint catches a rewritten head', async () => {
    const row = await rowToHashes(3);
    const files = row.files;
    const body = {
      kind: row.kind,
      sha256: row.sha256,
      storageKey: row.storage_key,
      files,
      claimRef: 'CLM-Z',
      runId: row.run_id,
      jobId: row.job_id,
      organizationId: row.organization_id,
      details: row.details,
      createdAt: (row.created_at as Date).toISOString(),
    };
    const bodyHash = bodyHashOf(body);
    const entryHash = linkHashOf(3, String(row.prev_hash), bodyHash);
    await db.pool.query(
      `UPDATE evidence_ledger SET claim_ref = 'CLM-Z', body_hash = $1, entry_hash = $2 WHERE seq = 3`,
      [bodyHash, entryHash],
    );
    const r = await store.verify();
    expect(only(r.problems, 'chain_broken')).toEqual([expect.objectContaining({ seq: 3, claimRef: 'CLM-Z' })]);
    expect(only(r.problems, 'checkpoint_mismatch')).toEqual([expect.objectContaining({ seq: 3 })]);
  });

  it('a removed ledger row is reported as a gap; a cut-off tail as truncation', async () => {
    await db.pool.query(`DELETE FROM evidence_ledger WHERE seq = 2`);
    let r = await store.verify();
    expect(only(r.problems, 'rows_removed')).toEqual([
      expect.objectContaining({ chain: 'ledger', seq: 2, missingSeqs: [2] }),
    ]);
    expect(r.problems.filter((p) => p.type !== 'rows_removed')).toEqual([]);
    await db.pool.query(`DELETE FROM evidence_ledger WHERE seq = 5`);
    r = await store.verify();
    expect(only(r.problems, 'truncated')).toEqual([expect.objectContaining({ seq: 5, missingSeqs: [5] })]);
  });

  it('swapped entries are reported as reordered with their original positions', async () => {
    await db.pool.query(`UPDATE evidence_ledger SET seq = -2 WHERE seq = 2`);
    await db.pool.query(`UPDATE evidence_ledger SET seq = 2 WHERE seq = 3`);
    await db.pool.query(`UPDATE evidence_ledger SET seq = 3 WHERE seq = -2`);
    const r = await store.verify();
    expect(r.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'rows_reordered', seq: 2, originalSeq: 3, claimRef: 'CLM-C' }),
        expect.objectContaining({ type: 'rows_reordered', seq: 3, originalSeq: 2, claimRef: 'CLM-B' }),
        // the signed head at size 3 no longer matches either
        expect.objectContaining({ type: 'checkpoint_mismatch', seq: 3 }),
      ]),
    );
    expect(r.problems.map((p) => p.type).sort()).toEqual(['checkpoint_mismatch', 'rows_reordered', 'rows_reordered']);
  });

  it('a forged checkpoint (edited head, or signed by another key) is reported', async () => {
    await db.pool.query(`UPDATE evidence_checkpoints SET head_hash = $1 WHERE chain = 'ledger' AND size = 3`, [
      'f'.repeat(64),
    ]);
    let r = await store.verify();
    expect(r.problems).toEqual([
      expect.objectContaining({ type: 'checkpoint_bad_signature', chain: 'ledger', seq: 3 }),
    ]);

    // An attacker's own, validly signed checkpoint over a rewritten head is still refused: untrusted key.
    await db.reset();
    const attacker = generateSigningKey();
    const s2 = await openEvidenceStore({ dir, db: db.pool, signingKey: attacker.seedBase64, derive: false });
    await s2.storeCapture(await makeCapture('CLM-E'), ctxFor('CLM-E'));
    await s2.checkpoint();
    await s2.close();
    r = await store.verify();
    expect(r.problems).toContainEqual(expect.objectContaining({ type: 'checkpoint_untrusted_key', seq: 1 }));
  });

  it('the access log is chained too: a removed access row is reported', async () => {
    await store.read(caps[0]!.storageKey, { actor: 'a', reason: 'r1' });
    await store.read(caps[1]!.storageKey, { actor: 'b', reason: 'r2' });
    await store.read(caps[2]!.storageKey, { actor: 'c', reason: 'r3' });
    await db.pool.query(`DELETE FROM evidence_access_log WHERE seq = 2`);
    const r = await store.verify();
    expect(r.problems).toEqual([expect.objectContaining({ type: 'rows_removed', chain: 'access', missingSeqs: [2] })]);
  });
});
