// `portalbots apikey create|list|revoke` through the real bin, against a
// schema of its own: the printed key works, list never shows secrets, revoke
// stops the key, and bad input exits 2 with one line naming the flag.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateApiKey } from '../../../orchestrator/web/api/auth/keys.ts';
import { createDb, type Db } from '../../../orchestrator/platform/db/client.ts';
import { createTestSchema, type TestDatabase } from '../../helpers/database.ts';

let database: TestDatabase;
let db: Db;

function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/portalbots.mjs', 'apikey', ...args], {
      env: { ...process.env, DATABASE_URL: database.url },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  database = await createTestSchema('apikeycli');
  db = createDb(database.url, 1);
}, 60_000);
afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

describe('portalbots apikey', () => {
  it('creates a key printed once, lists it without the secret, and revokes it', async () => {
    const created = await cli('create', '--role', 'auditor', '--name', 'audit team');
    expect(created.code, created.stderr).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^pbk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toMatch(/not shown again/);
    const principal = await authenticateApiKey(db, key);
    expect(principal).toMatchObject({ role: 'auditor', name: 'audit team' });

    const listed = await cli('list', '--json');
    expect(listed.code).toBe(0);
    const keys = JSON.parse(listed.stdout).keys;
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ id: principal!.keyId, role: 'auditor', revokedAt: null });
    expect(listed.stdout).not.toContain(key.slice('pbk_000000000000_'.length));

    const revoked = await cli('revoke', principal!.keyId);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(await authenticateApiKey(db, key)).toBeNull();
    const again = await cli('revoke', principal!.keyId);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(`portalbots: id: no active key ${principal!.keyId}\n`);
  }, 90_000);

  it('rejects a bad role or id with one line naming the field', async () => {
    const [role, id] = await Promise.all([cli('create', '--role', 'root', '--name', 'x'), cli('revoke', 'not-an-id')]);
    expect(role.code).toBe(2);
    expect(role.stderr).toBe('portalbots: --role: must be one of billing, auditor, ops, admin\n');
    expect(id.code).toBe(2);
    expect(id.stderr).toMatch(/^portalbots: id: must be the 12 hex characters/);
  }, 60_000);
});
