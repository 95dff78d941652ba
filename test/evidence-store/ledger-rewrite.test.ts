// Consistent rewrites: an attacker with database access rewrites ledger entries and
// recomputes every hash and the chain head, so the chain itself walks clean. What must
// still catch it: automatic checkpoints (on by default), the checkpoints recorded inside
// the ledger, the off-host export, and the append-only triggers that stop the app's own
// role from rewriting anything in the first place.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import {
  bodyHashOf,
  generateSigningKey,
  linkHashOf,
  openEvidenceStore,
  type EvidenceStore,
  type VerifyProblem,
} from '../../evidence-store/index.ts';
import { ZERO_HASH } from '../../evidence-store/canonical.ts';
import { createTestDb, ctxFor, makeCapture, tempDir, type TestDb } from './helpers.ts';

let db: TestDb;
let dir: string;
let exportFile: string;
let store: EvidenceStore;
const key = generateSigningKey();

beforeAll(async () => {
  db = await createTestDb('rewrite');
});
afterAll(async () => {
  await db.drop();
});

async function open(opts: { exportTo?: string } = {}): Promise<EvidenceStore> {
  // Default cadence: automatic checkpoints are on unless configured off.
  return openEvidenceStore({
    dir,
    db: db.pool,
    signingKey: key.seedBase64,
    derive: false,
    ...(opts.exportTo ? { checkpointExport: opts.exportTo } : {}),
  });
}

/** `n` small files chained under claims CLM-0..CLM-n-1, one ledger entry each (plus automatic checkpoints). */
async function fill(s: EvidenceStore, n: number): Promise<void> {
  for (let i = 0; i < n; i++)
    await s.putOriginal(Buffer.from(`835 file ${i} ${Math.random()}`), {
      contentType: 'text/plain',
      ext: 'txt',
      claimRef: `CLM-${i}`,
    });
  await s.whenIdle();
}

interface Row {
  seq: number;
  kind: string;
  body: Record<string, unknown>;
}

/**
 * The attacker: as the tables' owner, rewrites entries from..to (claim refs changed; with
 * `dropCheckpointEntries`, checkpoint entries become ordinary file entries), recomputes every
 * body and link hash from `from` to the end, and moves the chain head to the new last hash.
 */
async function rewrite(from: number, to: number, opts: { dropCheckpointEntries?: boolean } = {}): Promise<void> {
  await db.appendOnly(false);
  const rows = (await db.pool.query(`SELECT * FROM evidence_ledger WHERE seq >= $1 ORDER BY seq`, [from - 1])).rows.map(
    (r: Record<string, unknown>) => ({
      seq: Number(r.seq),
      entryHash: String(r.entry_hash),
      kind: String(r.kind),
      body: {
        kind: r.kind,
        sha256: r.sha256,
        storageKey: r.storage_key,
        files: r.files,
        claimRef: r.claim_ref,
        runId: r.run_id,
        jobId: r.job_id,
        organizationId: r.organization_id,
        details: r.details,
        createdAt: (r.created_at as Date).toISOString(),
      } as Record<string, unknown>,
    }),
  );
  let prev = from === 1 ? ZERO_HASH : rows.shift()!.entryHash;
  for (const r of rows as Array<Row & { entryHash: string }>) {
    if (r.seq <= to) {
      if (r.kind === 'checkpoint' && opts.dropCheckpointEntries)
        Object.assign(r.body, { kind: 'file', details: { label: 'forged' }, claimRef: `FORGED-${r.seq}` });
      else if (r.kind === 'file') r.body.claimRef = `FORGED-${r.seq}`;
    }
    const bodyHash = bodyHashOf(r.body);
    const entryHash = linkHashOf(r.seq, prev, bodyHash);
    await db.pool.query(
      `UPDATE evidence_ledger SET kind = $2, claim_ref = $3, details = $4, prev_hash = $5, body_hash = $6, entry_hash = $7 WHERE seq = $1`,
      [r.seq, r.body.kind, r.body.claimRef, JSON.stringify(r.body.details), prev, bodyHash, entryHash],
    );
    prev = entryHash;
  }
  await db.pool.query(`UPDATE evidence_chain_heads SET head_hash = $1 WHERE chain = 'ledger'`, [prev]);
  await db.appendOnly(true);
}

const types = (ps: VerifyProblem[]) => [...new Set(ps.map((p) => p.type))].sort();

beforeEach(async () => {
  await db.reset();
  dir = await tempDir();
  exportFile = path.join(dir, '..', `${path.basename(dir)}-checkpoints.jsonl`);
  return async () => {
    await store?.close();
    await fs.rm(dir, { recursive: true, force: true });
    await fs.rm(exportFile, { force: true });
  };
});

describe('consistent ledger rewrites', () => {
  it('rewriting entries 40-53 with recomputed hashes and an updated chain head fails verify', async () => {
    store = await open();
    await fill(store, 55);
    const before = await store.verify({ all: true });
    expect(before.problems).toEqual([]);
    expect(before.ledger.checkpoints).toBeGreaterThanOrEqual(2); // automatic, by default

    await rewrite(40, 53);
    const r = await store.verify({ all: true });
    expect(r.ok).toBe(false);
    expect(types(r.problems)).toContain('checkpoint_mismatch');
  });

  it('…and when the attacker also removes the checkpoints covering them, the off-host copy and the ledger records catch it', async () => {
    store = await open({ exportTo: exportFile });
    await fill(store, 55);
    expect((await store.verify({ all: true })).problems).toEqual([]);
    const exported = (await fs.readFile(exportFile, 'utf8')).trim().split('\n');
    expect(exported.length).toBeGreaterThanOrEqual(2);

    await db.appendOnly(false);
    await db.pool.query(`DELETE FROM evidence_checkpoints WHERE size >= 40`);
    await rewrite(40, 60, { dropCheckpointEntries: true });
    const r = await store.verify({ all: true });
    expect(r.ok).toBe(false);
    const missing = r.problems.filter((p) => p.type === 'checkpoint_missing');
    expect(missing.some((p) => /kept off-host/.test(p.message))).toBe(true);
  });

  it('deleting the checkpoints table and rewriting from entry 5 fails verify', async () => {
    store = await open();
    await fill(store, 80);
    expect((await store.verify({ all: true })).problems).toEqual([]);

    await db.appendOnly(false);
    await db.pool.query(`DELETE FROM evidence_checkpoints`);
    await rewrite(5, 1000, { dropCheckpointEntries: true });
    const r = await store.verify({ all: true });
    expect(r.ok).toBe(false);
    // No checkpoint survives anywhere in the database, yet automatic checkpoints are on.
    expect(r.problems).toContainEqual(
      expect.objectContaining({
        type: 'checkpoint_missing',
        message: expect.stringMatching(/newest valid checkpoint covers 0/),
      }),
    );
  });

  it('deleting only the checkpoints table is caught by the checkpoints recorded in the ledger', async () => {
    store = await open();
    await fill(store, 30);
    await db.appendOnly(false);
    await db.pool.query(`DELETE FROM evidence_checkpoints`);
    await db.appendOnly(true);
    const r = await store.verify({ all: true });
    expect(r.problems).toContainEqual(
      expect.objectContaining({
        type: 'checkpoint_missing',
        message: expect.stringMatching(/missing from evidence_checkpoints/),
      }),
    );
  });

  it('checkpoint() and packet export walk the chain first and refuse to sign a rewritten one', async () => {
    store = await open();
    await store.storeCapture(await makeCapture('CLM-CAP'), ctxFor('CLM-CAP'));
    await fill(store, 30);
    await store.checkpoint();
    const claim = {
      claimNumber: 'CLM-CAP',
      payer: 'P',
      amounts: { billed: 1, allowed: 0, paid: 0, patientResponsibility: 0 },
    };
    await store.exportPacket(claim, path.join(dir, 'before'));
    await fill(store, 3);
    await rewrite(20, 1000); // consistent rewrite below the newest checkpoint
    await expect(store.checkpoint()).rejects.toThrow(/refusing to sign: the ledger chain is not intact/);
    await expect(store.exportPacket(claim, path.join(dir, 'after'))).rejects.toThrow(/refusing to sign/);
  });

  it('the app role cannot UPDATE, DELETE or TRUNCATE ledger, access log or checkpoint rows', async () => {
    store = await open();
    await fill(store, 3);
    await store.checkpoint();
    await store.read((await store.listCaptures('none')).at(0)?.storageKey ?? (await firstKey()), {
      actor: 'a',
      reason: 'r',
    });
    for (const sql of [
      `UPDATE evidence_ledger SET claim_ref = 'X' WHERE seq = 1`,
      `DELETE FROM evidence_ledger WHERE seq = 2`,
      `TRUNCATE evidence_ledger`,
      `UPDATE evidence_access_log SET actor = 'X'`,
      `DELETE FROM evidence_access_log`,
      `UPDATE evidence_checkpoints SET head_hash = repeat('0', 64)`,
      `DELETE FROM evidence_checkpoints`,
    ])
      await expect(db.pool.query(sql), sql).rejects.toThrow(/evidence tables are append-only/);
    expect((await store.verify({ all: true })).problems).toEqual([]);
  });

  it('exports every checkpoint off-host to a webhook', async () => {
    const received: unknown[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      store = await open({ exportTo: `http://127.0.0.1:${(server.address() as AddressInfo).port}/checkpoints` });
      await fill(store, 2);
      const cp = await store.checkpoint();
      expect(received).toContainEqual({ type: 'evidence.checkpoints', checkpoints: [cp.ledger] });
    } finally {
      server.close();
    }
  });
});

async function firstKey(): Promise<string> {
  const r = await db.pool.query(`SELECT storage_key FROM evidence_ledger WHERE kind = 'file' ORDER BY seq LIMIT 1`);
  return String(r.rows[0].storage_key);
}
