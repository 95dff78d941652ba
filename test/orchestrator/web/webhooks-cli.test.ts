// `portalbots webhooks add|list|remove` through the real bin (issue #16 item
// 14; the verb did not exist before): the secret is printed once and sealed
// with the vault keys, list never shows it, http:// elsewhere exits 2.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKeyring } from '../../../orchestrator/accounts/keyring.ts';
import { vaultSecretBox } from '../../../orchestrator/accounts/secret-box.ts';
import { createDb, type Db } from '../../../orchestrator/platform/db/client.ts';
import { endpointSecret } from '../../../orchestrator/platform/webhooks/store.ts';
import { createTestSchema, type TestDatabase } from '../../helpers/database.ts';

const KEYS = `k7:${Buffer.alloc(32, 5).toString('base64')}`;
let database: TestDatabase;
let db: Db;

function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/portalbots.mjs', 'webhooks', ...args], {
      env: { ...process.env, DATABASE_URL: database.url, PORTALBOTS_CREDENTIAL_KEYS: KEYS },
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
  database = await createTestSchema('webhookscli');
  db = createDb(database.url, 1);
}, 60_000);
afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

describe('portalbots webhooks', () => {
  it('adds (secret printed once, sealed), lists without secrets, removes', { timeout: 90_000 }, async () => {
    const added = await cli('add', '--url', 'https://hooks.example.com/pb', '--outcome', 'found', '--json');
    expect(added.code, added.stderr).toBe(0);
    const ep = JSON.parse(added.stdout);
    expect(ep.secret).toMatch(/^whsec_/);
    expect(added.stderr).toMatch(/not shown again/);
    const row = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: ep.id } });
    expect(row.secret).toBeNull();
    expect(endpointSecret(row, vaultSecretBox(parseKeyring(KEYS)))).toBe(ep.secret);

    const listed = await cli('list', '--json');
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout).webhooks).toMatchObject([{ id: ep.id, eventFilter: { outcomes: ['found'] } }]);
    expect(listed.stdout).not.toContain(ep.secret);

    const http = await cli('add', '--url', 'http://hooks.example.com/pb');
    expect(http.code).toBe(2);
    expect(http.stderr).toMatch(/--url: must be https/);

    expect((await cli('remove', ep.id)).code).toBe(0);
    expect(await db.webhookEndpoint.count()).toBe(0);
  });
});
