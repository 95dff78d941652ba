// The credential encryption keys. PORTALBOTS_CREDENTIAL_KEYS is a comma list of
// `keyId:base64key` (32-byte AES-256 keys); the first is the current key that new
// and rotated rows are encrypted with, the rest stay readable so rows written
// under an older key keep working until `rotate` re-encrypts them.
import { randomBytes } from 'node:crypto';
import type { Config } from '../platform/config.ts';

export const CREDENTIAL_KEYS_VAR = 'PORTALBOTS_CREDENTIAL_KEYS';
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

export interface Keyring {
  readonly currentKeyId: string;
  key(keyId: string): Buffer;
  readonly keyIds: readonly string[];
}

export class VaultError extends Error {
  override name = 'VaultError';
}

/** Parses the env value. Error messages name the entry by position and id, never echo key material. */
export function parseKeyring(value: string | undefined, varName = CREDENTIAL_KEYS_VAR): Keyring {
  if (!value || value.trim() === '')
    throw new VaultError(`${varName} is not set: it must list keyId:base64key entries (32-byte keys)`);
  const keys = new Map<string, Buffer>();
  value.split(',').forEach((raw, i) => {
    const entry = raw.trim();
    const sep = entry.indexOf(':');
    if (sep <= 0) throw new VaultError(`${varName} entry ${i + 1}: must look like keyId:base64key`);
    const id = entry.slice(0, sep);
    const b64 = entry.slice(sep + 1);
    if (!KEY_ID.test(id))
      throw new VaultError(`${varName} entry ${i + 1}: key id must be 1-32 letters, digits, _ or -`);
    if (keys.has(id)) throw new VaultError(`${varName} entry ${i + 1}: key id "${id}" appears twice`);
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) throw new VaultError(`${varName} key "${id}": not base64`);
    const key = Buffer.from(b64, 'base64');
    if (key.length !== 32) throw new VaultError(`${varName} key "${id}": must decode to 32 bytes (got ${key.length})`);
    keys.set(id, key);
  });
  return keyringOf(keys);
}

/** The vault's keyring from PORTALBOTS_CREDENTIAL_KEYS (Config.credentialKeys); fails when unset. */
export function keyringFromConfig(config: Pick<Config, 'credentialKeys'>): Keyring {
  return parseKeyring(config.credentialKeys);
}

/** For servers that can run without the vault: undefined when unset, an error when set but malformed. */
export function optionalKeyring(config: Pick<Config, 'credentialKeys'>): Keyring | undefined {
  const v = config.credentialKeys;
  return v === undefined || v.trim() === '' ? undefined : parseKeyring(v);
}

function keyringOf(keys: Map<string, Buffer>): Keyring {
  const ids = [...keys.keys()];
  return {
    currentKeyId: ids[0]!,
    keyIds: ids,
    key(keyId) {
      const k = keys.get(keyId);
      if (!k) {
        throw new VaultError(
          `credential was encrypted with key id "${keyId}", which is not in ${CREDENTIAL_KEYS_VAR} (configured: ${ids.join(', ')})`,
        );
      }
      return k;
    },
  };
}

/** A fresh `keyId:base64key` entry, for operators setting up the vault. */
export function generateKeyEntry(keyId: string): string {
  if (!KEY_ID.test(keyId)) throw new VaultError('key id must be 1-32 letters, digits, _ or -');
  return `${keyId}:${randomBytes(32).toString('base64')}`;
}
