// A credentials file may hold one account per portal (the historical shape)
// or an array of accounts per portal, each optionally scoped to TINs/NPIs/payers.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CredentialError, credentialsFromFile } from '../../../orchestrator/accounts/file.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pb-creds-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fileWith(content: unknown): Promise<string> {
  const f = path.join(dir, `c${Math.random().toString(36).slice(2)}.json`);
  await writeFile(f, JSON.stringify(content));
  return f;
}

describe('credentials file pools', () => {
  it('reads an array per portal, with ids, labels and scopes', async () => {
    const provider = await credentialsFromFile(
      await fileWith({
        availity: [
          { id: 'a-1', username: 'first.billing', password: 'pw-one', totpSecret: 'JBSWY3DPEHPK3PXP' },
          {
            username: 'second.billing',
            password: 'pw-two',
            tins: ['123456789'],
            securityAnswers: { 'In what city were you born?': 'Toledo 31' },
          },
        ],
        uhc: { username: 'solo', password: 'pw' },
      }),
    );
    const pool = await provider.all!('availity');
    expect(pool.map((a) => a.id)).toEqual(['a-1', 'availity-second.billing']);
    expect(pool[0]).toMatchObject({ label: 'first.billing', totpSecret: 'JBSWY3DPEHPK3PXP' });
    expect(pool[1]!.scope).toEqual({ tins: ['123456789'] });
    expect(pool[1]!.securityAnswers).toEqual({ 'In what city were you born?': 'Toledo 31' });
    // The single-account shape keeps working, as a pool of one with its historical id.
    expect((await provider.all!('uhc')).map((a) => a.id)).toEqual(['uhc-default']);
    expect((await provider('availity')).id).toBe('a-1');
  });

  it('names the field of a bad entry without echoing secrets', async () => {
    const bad = await fileWith({ availity: [{ username: 'x', password: 'sekret-pw', tins: ['12'] }] });
    const err = await credentialsFromFile(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialError);
    expect(String((err as Error).message)).toMatch(/field availity\.0\.tins\.0 must be a 9-digit TIN/);
    expect(String((err as Error).message)).not.toContain('sekret-pw');
  });

  it('refuses two accounts with one id', async () => {
    const dup = await fileWith({
      availity: [
        { id: 'same', username: 'a', password: 'p' },
        { id: 'same', username: 'b', password: 'q' },
      ],
    });
    await expect(credentialsFromFile(dup)).rejects.toThrow(/availity\.1\.id repeats/);
  });
});
