import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import {
  openEvidenceStore,
  generateSigningKey,
  sha256Hex,
  EvidenceIntegrityError,
  captureManifestSchema,
  type EvidenceStore,
} from '../../evidence-store/index.ts';
import { createTestDb, ctxFor, makeCapture, tempDir, type TestDb } from './helpers.ts';

let db: TestDb;
let dir: string;
let store: EvidenceStore;

beforeAll(async () => {
  db = await createTestDb('store');
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

describe('evidence store', () => {
  it('putOriginal stores bytes byte-for-byte under their SHA-256 and chains a file entry', async () => {
    const bytes = Buffer.from('ISA*00*          *00*          *ZZ*SENDER~ST*835*0001~SE*2*0001~');
    const r = await store.putOriginal(bytes, { contentType: 'application/edi-x12', ext: '835', label: 'era-835' });
    expect(r.sha256).toBe(sha256Hex(bytes));
    expect(r.storageKey).toBe(`sha256/${r.sha256.slice(0, 2)}/${r.sha256.slice(2, 4)}/${r.sha256}.835`);
    expect(r.byteSize).toBe(bytes.length);
    expect(r.ledger?.seq).toBe(1);
    expect(Buffer.compare(await fs.readFile(path.join(dir, r.storageKey)), bytes)).toBe(0);
    // idempotent: same bytes, same key, a second ledger entry records the second arrival
    const again = await store.putOriginal(bytes, { contentType: 'application/edi-x12', ext: '835' });
    expect(again.storageKey).toBe(r.storageKey);
  });

  it('storeCapture hashes png/html/aria, returns a valid manifest and returns before derivation', async () => {
    const cap = await makeCapture('CLM-1001');
    const stored = await store.storeCapture(cap, ctxFor('CLM-1001'));
    const m = captureManifestSchema.parse(stored.manifest);
    expect(m.files.png.sha256).toBe(sha256Hex(cap.png));
    expect(m.files.html.sha256).toBe(sha256Hex(cap.html));
    expect(m.files.aria.sha256).toBe(sha256Hex(cap.ariaSnapshot));
    expect(stored.sha256).toBe(m.files.png.sha256);
    expect(m).toMatchObject({
      url: cap.url,
      finalUrl: cap.finalUrl,
      httpStatus: 200,
      capturedAt: '2026-11-20T15:04:05.123Z',
      playwrightVersion: '1.65.1',
      botVersion: '1.2.3',
      runId: 'run-1',
      jobId: 'job-CLM-1001-1',
      image: { width: 1024, height: 640 },
    });
    expect(stored.ledger).toMatchObject({ seq: 1 });
    // Derivation is queued, not done, when storeCapture resolves.
    expect(await store.variants(m.files.png.sha256)).toHaveLength(0);
    await store.whenIdle();
    const variants = await store.variants(m.files.png.sha256);
    expect(variants.map((v) => v.variant).sort()).toEqual(['annotated', 'thumb', 'webp']);
  });

  it('derived images never alter the original; webp is pixel-identical; annotated adds a banner below', async () => {
    const cap = await makeCapture('CLM-1002');
    const before = Buffer.from(cap.png);
    const stored = await store.storeCapture(cap, ctxFor('CLM-1002'));
    await store.whenIdle();
    const original = await store.read(stored.storageKey, { actor: 'test', reason: 'check original' });
    expect(Buffer.compare(original, before)).toBe(0);
    expect(sha256Hex(original)).toBe(stored.sha256);
    const byVariant = Object.fromEntries((await store.variants(stored.sha256)).map((v) => [v.variant, v]));
    const webp = await store.read(byVariant.webp!.storageKey);
    const [a, b] = await Promise.all([
      sharp(original).ensureAlpha().raw().toBuffer(),
      sharp(webp).ensureAlpha().raw().toBuffer(),
    ]);
    expect(Buffer.compare(a, b)).toBe(0);
    const thumbMeta = await sharp(await store.read(byVariant.thumb!.storageKey)).metadata();
    expect(thumbMeta.width).toBe(320);
    const ann = await store.read(byVariant.annotated!.storageKey);
    const annMeta = await sharp(ann).metadata();
    expect(annMeta.width).toBe(1024);
    expect(annMeta.height).toBeGreaterThan(640);
    // The portal area of the annotated copy is the original, pixel for pixel: the banner covers nothing.
    const top = await sharp(ann).extract({ left: 0, top: 0, width: 1024, height: 640 }).ensureAlpha().raw().toBuffer();
    expect(Buffer.compare(top, a)).toBe(0);
    await fs.writeFile(path.join(process.env.EV_ARTIFACTS ?? dir, 'annotated-sample.png'), ann);
    const v = await store.verify({ all: true });
    expect(v.problems).toEqual([]);
  });

  it('stores a redacted copy as a derived variant, leaving the original untouched', async () => {
    const cap = await makeCapture('CLM-1003');
    const stored = await store.storeCapture(cap, ctxFor('CLM-1003'));
    const redacted = await sharp(cap.png)
      .composite([
        { input: { create: { width: 300, height: 40, channels: 4, background: '#000000' } }, top: 120, left: 40 },
      ])
      .png()
      .toBuffer();
    const r = await store.storeRedacted(stored.storageKey, redacted, { reason: 'member id', actor: 'qa' });
    expect(r.sha256).toBe(sha256Hex(redacted));
    await store.whenIdle();
    expect((await store.variants(stored.sha256)).map((v) => v.variant)).toContain('redacted');
    expect(sha256Hex(await store.read(stored.storageKey))).toBe(stored.sha256);
    await expect(
      store.storeRedacted(stored.storageKey, await sharp(cap.png).resize(100).png().toBuffer(), {
        reason: 'x',
        actor: 'qa',
      }),
    ).rejects.toThrow(/pixel size/);
  });

  it('read verifies the hash and the access log records who, what, why and the outcome', async () => {
    const stored = await store.storeCapture(await makeCapture('CLM-1004'), ctxFor('CLM-1004'));
    await store.read(stored.storageKey, { actor: 'auditor@clinic', reason: 'appeal review', claimRef: 'CLM-1004' });
    const file = path.join(dir, stored.storageKey);
    await fs.chmod(file, 0o644);
    const bytes = await fs.readFile(file);
    bytes[100] = bytes[100]! ^ 0xff;
    await fs.writeFile(file, bytes);
    await expect(
      store.read(stored.storageKey, { actor: 'auditor@clinic', reason: 'second look' }),
    ).rejects.toBeInstanceOf(EvidenceIntegrityError);
    const log = await store.accessLog({ storageKey: stored.storageKey });
    expect(log.map((l) => [l.actor, l.action, l.reason, l.outcome])).toEqual([
      ['auditor@clinic', 'read', 'appeal review', 'ok'],
      ['auditor@clinic', 'read', 'second look', 'integrity_error'],
    ]);
    expect(log[0]).toMatchObject({ sha256: stored.sha256, claimRef: 'CLM-1004' });
    expect(new Date(log[0]!.createdAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('appends are serialized across concurrent writers: the chain has no gaps or forks', async () => {
    const other = await openEvidenceStore({ dir, db: db.pool, derive: false });
    const caps = await Promise.all(Array.from({ length: 12 }, (_, i) => makeCapture(`CLM-2${i}`)));
    await Promise.all(caps.map((c, i) => (i % 2 ? store : other).storeCapture(c, ctxFor(`CLM-2${i}`))));
    await store.whenIdle();
    await store.checkpoint();
    const report = await store.verify({ all: true });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.ledger.size).toBeGreaterThanOrEqual(13);
    await other.close();
  });

  it('works without a database (blobs and manifests only)', async () => {
    const bare = await openEvidenceStore({ dir: await tempDir(), derive: false });
    const stored = await bare.storeCapture(await makeCapture('CLM-3'), ctxFor('CLM-3'));
    expect(stored.ledger).toBeNull();
    expect(sha256Hex(await bare.read(stored.storageKey))).toBe(stored.sha256);
    await expect(bare.verify()).rejects.toThrow(/database/);
    await bare.close();
  });
});
