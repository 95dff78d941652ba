// The job evidence sink writes captures behind the bot: capture() answers at
// once with the evidence id and hash, the file, ledger entry and row follow in
// capture order, and flush() is where the job waits for them and learns of a
// storage failure.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageCapture } from '../../../../bots/runtime/bot.ts';
import { FsBlobBackend, openEvidenceStore, sha256Hex, type EvidenceStore } from '../../../../evidence-store/index.ts';
import { createDb, type Db } from '../../../../orchestrator/platform/db/client.ts';
import { createPool } from '../../../../orchestrator/platform/db/connection.ts';
import { jobEvidenceSink } from '../../../../orchestrator/platform/worker/evidence-sink.ts';
import { InfrastructureError } from '../../../../orchestrator/platform/worker/infra-retry.ts';
import { createTestSchema, type TestDatabase } from '../../../helpers/database.ts';
import { makeCapture } from '../../../evidence-store/helpers.ts';

let database: TestDatabase;
let db: Db;
let dir: string;
let runId: string;
const stores: EvidenceStore[] = [];

/** A backend whose writes block until released, or fail like a full disk. */
class GatedBackend extends FsBlobBackend {
  gate: Promise<void> = Promise.resolve();
  failWith: NodeJS.ErrnoException | null = null;
  override async put(key: string, bytes: Uint8Array, opts?: Parameters<FsBlobBackend['put']>[2]) {
    await this.gate;
    if (this.failWith) throw this.failWith;
    return super.put(key, bytes, opts);
  }
}

async function storeWith(backend: GatedBackend): Promise<EvidenceStore> {
  const s = await openEvidenceStore({ dir, db: createPool(database.url, 2), backend, derive: false });
  stores.push(s);
  return s;
}

async function capture(label: string, at: string): Promise<PageCapture> {
  return { ...(await makeCapture(label)), capturedAt: new Date(at) } as PageCapture;
}

beforeAll(async () => {
  database = await createTestSchema('evidence_sink');
  db = createDb(database.url, 2);
  dir = await mkdtemp(path.join(os.tmpdir(), 'evidence-sink-'));
  await db.portal.create({ data: { id: 'availity', name: 'Availity', baseUrl: 'http://127.0.0.1:1' } });
  runId = (await db.run.create({ data: { portalId: 'availity', task: 'claim-status', trigger: 'cli' } })).id;
}, 60_000);
afterAll(async () => {
  for (const s of stores) await s.close();
  await db?.$disconnect();
  await database?.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('job evidence sink', () => {
  it('answers before the writes, and flush() waits for them in capture order', async () => {
    const backend = new GatedBackend(path.join(dir, 'a'));
    let open!: () => void;
    backend.gate = new Promise((r) => (open = r));
    const sink = jobEvidenceSink(db, await storeWith(backend), {
      jobId: 'job-order',
      runId,
      portal: 'availity',
      claimId: null,
      claimRef: 'AET1',
    });
    const first = await capture('search results', '2026-11-20T10:01:00.000Z');
    const second = await capture('claim detail', '2026-11-20T10:02:00.000Z');
    const refs = [await sink.capture(first), await sink.capture(second)];
    // Nothing is written yet: the disk is held.
    expect(await db.evidence.count({ where: { jobId: 'job-order' } })).toBe(0);
    expect(refs.map((r) => r.sha256)).toEqual([sha256Hex(first.png), sha256Hex(second.png)]);

    let flushed = false;
    const flushing = sink.flush().then((f) => ((flushed = true), f));
    await new Promise((r) => setTimeout(r, 50));
    expect(flushed).toBe(false);
    open();
    expect(await flushing).toBeNull();

    const rows = await db.evidence.findMany({ where: { jobId: 'job-order' }, orderBy: { createdAt: 'asc' } });
    // The ids handed out are the rows' ids, and the rows went in as the pages were captured.
    expect(rows.map((r) => r.id)).toEqual(refs.map((r) => r.id));
    expect(rows.map((r) => r.label)).toEqual(['search results', 'claim detail']);
  });

  it('reports a storage failure at flush(), leaves no row, and writes nothing after it', async () => {
    const backend = new GatedBackend(path.join(dir, 'b'));
    backend.failWith = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const sink = jobEvidenceSink(db, await storeWith(backend), {
      jobId: 'job-full',
      runId,
      portal: 'availity',
      claimId: null,
      claimRef: 'AET2',
    });
    const ref = await sink.capture(await capture('claim detail', '2026-11-20T11:00:00.000Z'));
    expect(ref.id).toMatch(/^[0-9a-f-]{36}$/);
    const failure = await sink.flush();
    expect(failure).toBeInstanceOf(InfrastructureError);
    expect(failure).toMatchObject({ component: 'evidence', step: 'evidence capture write' });
    expect(failure!.message).toMatch(/ENOSPC/);
    expect(sink.failure()).toBe(failure);

    // The disk is back, but the job is retried whole: this sink stores nothing more.
    backend.failWith = null;
    await sink.capture(await capture('remittance', '2026-11-20T11:01:00.000Z'));
    expect(await sink.flush()).toBe(failure);
    expect(await db.evidence.count({ where: { jobId: 'job-full' } })).toBe(0);
  });
});
