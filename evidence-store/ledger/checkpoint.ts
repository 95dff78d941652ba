// Signed checkpoints: {chain, size, headHash, time} signed with Ed25519 (node:crypto,
// no dependency). A checkpoint handed to an auditor pins the whole chain prefix: any
// later edit, removal or reorder below `size` changes the head hash it vouches for.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson, sha256Hex } from '../canonical.ts';
import { utcIso } from '../manifest.ts';
import { isTrustedAt, type TrustedKey } from '../trust.ts';

export const checkpointSchema = z.object({
  chain: z.string(),
  size: z.number().int().nonnegative(),
  headHash: z.string().regex(/^[0-9a-f]{64}$/),
  time: utcIso,
  keyId: z.string(),
  /** Base64 of the raw 32-byte Ed25519 public key. */
  publicKey: z.string(),
  /** Base64 Ed25519 signature over canonicalJson(checkpointPayload(cp)). */
  signature: z.string(),
});
export type Checkpoint = z.infer<typeof checkpointSchema>;

// DER prefixes that turn a raw 32-byte Ed25519 seed / public key into PKCS#8 / SPKI.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export interface SigningKey {
  privateKey: KeyObject;
  publicKeyBase64: string;
  keyId: string;
}

/** A new Ed25519 key in both accepted config forms. Keep the private parts secret; publish publicKeyBase64. */
export function generateSigningKey(): {
  privateKeyPem: string;
  seedBase64: string;
  publicKeyBase64: string;
  keyId: string;
} {
  const { privateKey } = generateKeyPairSync('ed25519');
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  const seed = der.subarray(der.length - 32);
  const parsed = parseSigningKey(seed.toString('base64'));
  return {
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    seedBase64: seed.toString('base64'),
    publicKeyBase64: parsed.publicKeyBase64,
    keyId: parsed.keyId,
  };
}

/** Accepts a PKCS#8 PEM or base64 of the raw 32-byte seed. */
export function parseSigningKey(input: string): SigningKey {
  const text = input.trim();
  let privateKey: KeyObject;
  if (text.includes('-----BEGIN')) {
    privateKey = createPrivateKey(text);
  } else {
    const seed = Buffer.from(text, 'base64');
    if (seed.length !== 32) throw new Error('signingKey: base64 seed must decode to 32 bytes');
    privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('signingKey: must be an Ed25519 key');
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const raw = spki.subarray(spki.length - 32);
  return { privateKey, publicKeyBase64: raw.toString('base64'), keyId: keyIdOf(raw.toString('base64')) };
}

/** The public half of a signing key given in either config form (never exposes the private key). */
export function parseSigningKeyPublic(input: string): { publicKey: string; keyId: string } {
  const k = parseSigningKey(input);
  return { publicKey: k.publicKeyBase64, keyId: k.keyId };
}

/** Normalizes a public key given as base64 raw bytes or SPKI PEM to base64 raw. */
export function normalizePublicKey(input: string): string {
  const text = input.trim();
  if (!text.includes('-----BEGIN')) return Buffer.from(text, 'base64').toString('base64');
  const spki = createPublicKey(text).export({ format: 'der', type: 'spki' });
  return spki.subarray(spki.length - 32).toString('base64');
}

export function keyIdOf(publicKeyBase64: string): string {
  return sha256Hex(Buffer.from(publicKeyBase64, 'base64')).slice(0, 16);
}

export function checkpointPayload(cp: Omit<Checkpoint, 'signature' | 'publicKey'>): Record<string, unknown> {
  return { v: 1, chain: cp.chain, size: cp.size, headHash: cp.headHash, time: cp.time, keyId: cp.keyId };
}

/** Ed25519 signature over arbitrary bytes (packet.json) with the checkpoint key. */
export function signBytes(key: SigningKey, bytes: Uint8Array): Buffer {
  return sign(null, bytes, key.privateKey);
}

/** Ed25519 verification against a base64 raw public key; false for malformed keys or signatures. */
export function verifyBytes(publicKeyBase64: string, bytes: Uint8Array, signature: Uint8Array): boolean {
  try {
    const raw = Buffer.from(publicKeyBase64, 'base64');
    if (raw.length !== 32) return false;
    const pub = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
    return verify(null, bytes, pub, signature);
  } catch {
    return false;
  }
}

export function signCheckpoint(
  key: SigningKey,
  fields: { chain: string; size: number; headHash: string; time: Date },
): Checkpoint {
  const unsigned = {
    chain: fields.chain,
    size: fields.size,
    headHash: fields.headHash,
    time: fields.time.toISOString(),
    keyId: key.keyId,
  };
  const signature = sign(null, Buffer.from(canonicalJson(checkpointPayload(unsigned))), key.privateKey).toString(
    'base64',
  );
  return { ...unsigned, publicKey: key.publicKeyBase64, signature };
}

export interface CheckpointCheck {
  signatureValid: boolean;
  /** The embedded public key is one the verifier trusts at the checkpoint's time (when a trust list was given). */
  keyTrusted: boolean;
  keyIdMatches: boolean;
}

/** Without `trusted` the key is not checked (keyTrusted true): callers that need a trust anchor must pass one. */
export function checkCheckpoint(cp: Checkpoint, trusted?: readonly TrustedKey[]): CheckpointCheck {
  const signatureValid = verifyBytes(
    cp.publicKey,
    Buffer.from(canonicalJson(checkpointPayload(cp))),
    Buffer.from(cp.signature, 'base64'),
  );
  const keyTrusted = trusted === undefined ? true : isTrustedAt(trusted, cp.publicKey, cp.time);
  return { signatureValid, keyTrusted, keyIdMatches: keyIdOf(cp.publicKey) === cp.keyId };
}
