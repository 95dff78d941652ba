// The credential vault: AES-256-GCM round trip, tamper and key-id errors,
// rotation, and the worker-facing provider, against a real PostgreSQL schema.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bots } from '../../../bots/registry.ts';
import { syncCatalog } from '../../../orchestrator/platform/catalog.ts';
import { createDb, type Db } from '../../../orchestrator/platform/db/client.ts';
import { decryptField, encryptField } from '../../../orchestrator/accounts/cipher.ts';
import {
  credentialProviderFromDb,
  pendingPassword,
  listCredentials,
  readCredential,
  rotateCredentials,
  saveCredential,
} from '../../../orchestrator/accounts/vault.ts';
import { generateKeyEntry, optionalKeyring, parseKeyring, VaultError } from '../../../orchestrator/accounts/keyring.ts';
import { createTestSchema, type TestDatabase } from '../../helpers/database.ts';

const OLD = generateKeyEntry('old');
const NEW = generateKeyEntry('new');

describe('keyring', () => {
  it('parses keyId:base64 entries, first is current', () => {
    const k = parseKeyring(`${NEW},${OLD}`);
    expect(k.currentKeyId).toBe('new');
    expect(k.keyIds).toEqual(['new', 'old']);
    expect(k.key('old')).toHaveLength(32);
  });

  it.each([
    ['', /is not set/],
    ['nocolon', /entry 1: must look like keyId:base64key/],
    [`a:${Buffer.alloc(16).toString('base64')}`, /key "a": must decode to 32 bytes \(got 16\)/],
    [`${OLD},${OLD}`, /entry 2: key id "old" appears twice/],
    [`bad id!:${Buffer.alloc(32).toString('base64')}`, /entry 1: key id must be/],
  ])('rejects %j with a message naming the entry', (value, message) => {
    expect(() => parseKeyring(value)).toThrow(message);
  });

  it('is optional for servers: unset is undefined, malformed still fails', () => {
    expect(optionalKeyring({ credentialKeys: undefined })).toBeUndefined();
    expect(optionalKeyring({ credentialKeys: NEW })?.currentKeyId).toBe('new');
    expect(() => optionalKeyring({ credentialKeys: 'x' })).toThrow(/entry 1/);
  });

  it('never echoes key material in errors', () => {
    const secret = Buffer.alloc(20, 1).toString('base64');
    try {
      parseKeyring(`k:${secret}`);
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).not.toContain(secret);
    }
  });
});

describe('cipher', () => {
  const keyring = parseKeyring(`${NEW},${OLD}`);

  it('round-trips, with a fresh IV every time', () => {
    const a = encryptField(keyring, 'hunter2', 'credential:1:password');
    const b = encryptField(keyring, 'hunter2', 'credential:1:password');
    expect(a.keyId).toBe('new');
    expect(Buffer.from(a.blob).equals(Buffer.from(b.blob))).toBe(false);
    expect(Buffer.from(a.blob).includes(Buffer.from('hunter2'))).toBe(false);
    expect(decryptField(keyring, a.keyId, a.blob, 'credential:1:password')).toBe('hunter2');
  });

  it('detects a flipped ciphertext bit, tag bit or IV bit', () => {
    const { keyId, blob } = encryptField(keyring, 'hunter2', 'credential:1:password');
    for (const at of [1, 14, blob.length - 1]) {
      const tampered = Uint8Array.from(blob);
      tampered[at]! ^= 0x01;
      expect(() => decryptField(keyring, keyId, tampered, 'credential:1:password')).toThrow(
        /failed authentication \(password\)/,
      );
    }
  });

  it('binds the ciphertext to its row and field', () => {
    const { keyId, blob } = encryptField(keyring, 'hunter2', 'credential:1:password');
    expect(() => decryptField(keyring, keyId, blob, 'credential:2:password')).toThrow(VaultError);
    expect(() => decryptField(keyring, keyId, blob, 'credential:1:username')).toThrow(VaultError);
  });

  it('names an unknown key id and the configured ones', () => {
    const { blob } = encryptField(keyring, 'x', 'credential:1:password');
    expect(() => decryptField(keyring, 'gone', blob, 'credential:1:password')).toThrow(
      /key id "gone", which is not in PORTALBOTS_CREDENTIAL_KEYS \(configured: new, old\)/,
    );
  });

  it('fails when decrypting with a different key under the same id', () => {
    const { keyId, blob } = encryptField(keyring, 'x', 'credential:1:password');
    const imposter = parseKeyring(generateKeyEntry('new'));
    expect(() => decryptField(imposter, keyId, blob, 'credential:1:password')).toThrow(/failed authentication/);
  });

  it('rejects a truncated blob', () => {
    expect(() => decryptField(keyring, 'new', new Uint8Array(10), 'credential:1:password')).toThrow(/malformed/);
  });
});

describe('stored credentials', () => {
  let database: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await createTestSchema('apivault');
    db = createDb(database.url, 2);
    await syncCatalog(db, Object.values(bots));
  }, 60_000);
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  it('stores ciphertext only, and rotation re-encrypts under the current key', async () => {
    const oldRing = parseKeyring(OLD);
    const saved = await saveCredential(db, oldRing, {
      portal: 'availity',
      label: 'main',
      username: 'alice',
      password: 'pa55-word',
      totpSecret: 'JBSWY3DPEHPK3PXP',
    });
    expect(saved).not.toHaveProperty('password');
    const raw = await db.credential.findUniqueOrThrow({ where: { id: saved.id } });
    expect(raw.keyId).toBe('old');
    for (const col of [raw.usernameCipher, raw.passwordCipher, raw.totpSecretCipher!]) {
      expect(Buffer.from(col).toString('latin1')).not.toMatch(/alice|pa55-word|JBSWY3DPEHPK3PXP/);
    }

    // The new key first; the old one still listed so old rows stay readable until rotated.
    const ring = parseKeyring(`${NEW},${OLD}`);
    expect(await readCredential(db, ring, saved.id)).toEqual({
      id: saved.id,
      username: 'alice',
      password: 'pa55-word',
      totpSecret: 'JBSWY3DPEHPK3PXP',
    });
    expect(await rotateCredentials(db, ring)).toEqual({ rotated: 1, alreadyCurrent: 0 });
    expect(await rotateCredentials(db, ring)).toEqual({ rotated: 0, alreadyCurrent: 1 });
    expect((await listCredentials(db))[0]!.keyId).toBe('new');

    // After rotation the old key can be dropped; before it, dropping it is a clear error.
    const newOnly = parseKeyring(NEW);
    expect((await readCredential(db, newOnly, saved.id)).password).toBe('pa55-word');
    await expect(readCredential(db, oldRing, saved.id)).rejects.toThrow(
      /key id "new", which is not in PORTALBOTS_CREDENTIAL_KEYS/,
    );
  });

  it('saving the same portal + label replaces the secrets in place', async () => {
    const ring = parseKeyring(NEW);
    const a = await saveCredential(db, ring, {
      portal: 'availity',
      label: 'replace-me',
      username: 'u1',
      password: 'p1',
    });
    const b = await saveCredential(db, ring, {
      portal: 'availity',
      label: 'replace-me',
      username: 'u2',
      password: 'p2',
    });
    expect(b.id).toBe(a.id);
    expect(await readCredential(db, ring, a.id)).toEqual({ id: a.id, username: 'u2', password: 'p2' });
  });

  it('credentialProviderFromDb serves the active credential to workers', async () => {
    const ring = parseKeyring(NEW);
    const provider = credentialProviderFromDb(db, ring);
    const c = await provider('availity');
    expect(c.username).toBe('alice');
    expect(c.password).toBe('pa55-word');
    await db.credential.updateMany({ where: { portalId: 'availity' }, data: { status: 'locked' } });
    await expect(provider('availity')).rejects.toThrow(/No active credential stored for portal "availity"/);
  });

  it('rotates a password through the vault: staged first, current once committed', async () => {
    const ring = parseKeyring(NEW);
    await db.credential.updateMany({ where: { portalId: 'availity' }, data: { status: 'active' } });
    const off = await credentialProviderFromDb(db, ring).all!('availity');
    expect(off.every((c) => c.rotation === undefined)).toBe(true);
    const [account] = await credentialProviderFromDb(db, ring, { rotatePasswords: ['availity'] }).all!('availity');
    const before = await readCredential(db, ring, account!.id);
    await account!.rotation!.stage('Staged-New-Pw-2026!');
    // Staged, not yet current: a crash here keeps both passwords.
    expect((await readCredential(db, ring, account!.id)).password).toBe(before.password);
    expect(await pendingPassword(db, ring, account!.id)).toBe('Staged-New-Pw-2026!');
    await account!.rotation!.commit('Staged-New-Pw-2026!');
    expect((await readCredential(db, ring, account!.id)).password).toBe('Staged-New-Pw-2026!');
    expect(await pendingPassword(db, ring, account!.id)).toBeUndefined();
  });

  it('keeps security answers encrypted, serves them to workers and carries them through key rotation', async () => {
    const oldRing = parseKeyring(OLD);
    const answers = { 'In what city were you born?': 'Toledo 31', 'What was the make of your first car?': 'Corolla' };
    const saved = await saveCredential(db, oldRing, {
      portal: 'uhc',
      label: 'with-questions',
      username: 'quinn',
      password: 'q-pass-word',
      securityAnswers: answers,
    });
    const raw = await db.credential.findUniqueOrThrow({ where: { id: saved.id } });
    expect(Buffer.from(raw.securityAnswersCipher!).toString('latin1')).not.toMatch(/Toledo|Corolla|city/);
    const ring = parseKeyring(`${NEW},${OLD}`);
    await rotateCredentials(db, ring);
    const [served] = await credentialProviderFromDb(db, parseKeyring(NEW)).all!('uhc');
    expect(served?.securityAnswers).toEqual(answers);
  });
});
