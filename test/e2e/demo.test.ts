// The README's first command runs `portalbots demo`; this keeps it working.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, type TestDatabase } from '../helpers/database.ts';
import { REDIS_URL } from '../helpers/harness.ts';

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
    const child = spawn(process.execPath, ['bin/portalbots.mjs', 'demo', '--claims', '3', '--exit'], {
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        REDIS_URL,
        PORTALBOTS_QUEUE_PREFIX: `test-demo-${randomBytes(4).toString('hex')}`,
        PORTALBOTS_DATA_DIR: dataDir,
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
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
});
