// AES-256-GCM for credential fields. Blob layout: version(1) | iv(12) | tag(16) | ciphertext.
// The additional authenticated data binds each ciphertext to its row and field,
// so copying a password blob into another row (or into the username column)
// fails authentication instead of silently handing out the wrong secret.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { VaultError, type Keyring } from './keyring.ts';

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function encryptField(
  keyring: Keyring,
  plaintext: string,
  aad: string,
): { keyId: string; blob: Uint8Array<ArrayBuffer> } {
  const keyId = keyring.currentKeyId;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyring.key(keyId), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  // A plain Uint8Array (not a pooled Buffer) is what Prisma's Bytes columns take.
  return { keyId, blob: new Uint8Array(Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body])) };
}

export function decryptField(keyring: Keyring, keyId: string, blob: Uint8Array, aad: string): string {
  const key = keyring.key(keyId); // throws a VaultError naming the missing key id
  const buf = Buffer.from(blob);
  if (buf.length < 1 + IV_BYTES + TAG_BYTES || buf[0] !== VERSION) {
    throw new VaultError(`credential ciphertext is malformed (${aad.split(':').pop()})`);
  }
  const iv = buf.subarray(1, 1 + IV_BYTES);
  const tag = buf.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(buf.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new VaultError(
      `credential ciphertext failed authentication (${aad.split(':').pop()}): tampered, or key "${keyId}" is not the key it was written with`,
    );
  }
}
