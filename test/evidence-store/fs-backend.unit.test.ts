import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes, createHash } from 'node:crypto';
import { FsBlobBackend, contentKey } from '../../evidence-store/index.ts';
import { blobBackendContract } from './blob-contract.ts';

async function tempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'ev-blob-'));
}

blobBackendContract('filesystem', async () => {
  const dir = await tempDir();
  return { backend: new FsBlobBackend(dir), cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
});

describe('FsBlobBackend specifics', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('lays blobs out content-addressed and read-only, leaving no temp files', async () => {
    const b = new FsBlobBackend(dir);
    const bytes = randomBytes(64);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const key = contentKey(sha, 'png');
    expect(key).toBe(`sha256/${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}.png`);
    await b.put(key, bytes);
    const file = path.join(dir, key);
    expect((await fs.readdir(path.dirname(file))).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('makes directories 0700 and files 0400 (lock sidecars 0600), and finds looser modes', async () => {
    const root = path.join(dir, 'evidence');
    const b = new FsBlobBackend(root);
    const bytes = randomBytes(64);
    const key = contentKey(createHash('sha256').update(bytes).digest('hex'), 'png');
    await b.put(key, bytes);
    await b.setLegalHold(key, true);
    const modes: string[] = [];
    const walk = async (p: string): Promise<void> => {
      const st = await fs.stat(p);
      modes.push(`${path.relative(root, p) || '.'} ${(st.mode & 0o777).toString(8)}`);
      if (st.isDirectory()) for (const e of await fs.readdir(p)) await walk(path.join(p, e));
    };
    await walk(root);
    for (const m of modes) expect(m).toMatch(/ (700|400|600)$/);
    expect(modes).toContain(`${key} 400`);
    expect(modes).toContain(`sha256 700`);
    expect(await b.looseModes()).toEqual({ paths: [], more: false });
    await fs.chmod(path.join(root, 'sha256'), 0o755);
    await fs.chmod(path.join(root, key), 0o444);
    expect((await b.looseModes()).paths).toEqual(['sha256 (0755)', `${key} (0444)`]);
  });

  it('a crash mid-write leaves only an ignored temp file, never a partial blob under the final name', async () => {
    const b = new FsBlobBackend(dir);
    const bytes = randomBytes(64);
    const key = contentKey(createHash('sha256').update(bytes).digest('hex'), 'bin');
    // Simulate the state after a crash between write and link: a half-written temp file.
    const final = path.join(dir, key);
    await fs.mkdir(path.dirname(final), { recursive: true });
    const tmp = path.join(path.dirname(final), `.${path.basename(final)}.deadbeef.tmp`);
    await fs.writeFile(tmp, bytes.subarray(0, 10));
    expect(await b.has(key)).toBe(false);
    const listed: string[] = [];
    for await (const k of b.list()) listed.push(k);
    expect(listed).toEqual([]);
    await b.put(key, bytes); // a retry succeeds and is complete
    expect(Buffer.compare(await b.get(key), bytes)).toBe(0);
    const old = new Date(Date.now() - 3_600_000);
    await fs.utimes(tmp, old, old);
    expect(await b.sweepTemp()).toBe(1);
  });
});
