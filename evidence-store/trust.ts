// Trust anchors: the public keys a verifier accepts signatures from, each with an
// optional validity period so a rotated-out key keeps vouching for what it signed
// while it was current (and for nothing signed after it was retired). A signature
// by any other key proves only that somebody holds that key: a forger can make one.
import { createPublicKey } from 'node:crypto';
import { z } from 'zod';
import { sha256Hex } from './canonical.ts';

export interface TrustedKey {
  /** Base64 of the raw 32-byte Ed25519 public key. */
  publicKey: string;
  /** Signatures dated before this instant are not accepted from this key (null: no lower bound). */
  notBefore: string | null;
  /** Signatures dated at or after this instant are not accepted from this key (null: still current). */
  notAfter: string | null;
}

const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export const trustedKeySchema = z.object({
  publicKey: z.string().min(1),
  notBefore: z.string().nullable().default(null),
  notAfter: z.string().nullable().default(null),
});

export class TrustedKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrustedKeyError';
  }
}

/** Base64 raw Ed25519 public key from base64 raw bytes or an SPKI PEM. */
export function rawPublicKey(input: string): string {
  const text = input.trim();
  if (text.includes('-----BEGIN')) {
    const key = createPublicKey(text);
    if (key.asymmetricKeyType !== 'ed25519') throw new TrustedKeyError('public key: must be an Ed25519 key');
    const spki = key.export({ format: 'der', type: 'spki' });
    return spki.subarray(spki.length - 32).toString('base64');
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || Buffer.from(text, 'base64').length !== 32)
    throw new TrustedKeyError(`public key "${text.slice(0, 60)}": must be base64 of 32 bytes or an SPKI PEM`);
  return Buffer.from(text, 'base64').toString('base64');
}

/** The SPKI PEM of a raw Ed25519 key: what openssl (`pkeyutl -verify -pubin -inkey`) reads. */
export function publicKeyPem(publicKeyBase64: string): string {
  const der = Buffer.concat([SPKI_PREFIX, Buffer.from(publicKeyBase64, 'base64')]);
  return createPublicKey({ key: der, format: 'der', type: 'spki' }).export({ format: 'pem', type: 'spki' }).toString();
}

/**
 * What people compare by eye or read out on the phone: SHA-256 of the raw 32-byte key,
 * in groups of four hex digits. The key id is its first 16 hex digits.
 */
export function fingerprintOf(publicKeyBase64: string): string {
  const hex = sha256Hex(Buffer.from(publicKeyBase64, 'base64'));
  return `SHA256:${hex.match(/.{4}/g)!.join(':')}`;
}

function isoOrNull(s: string, what: string): string | null {
  if (s === '') return null;
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) throw new TrustedKeyError(`trusted key ${what} "${s}": must be an ISO date or time`);
  return d.toISOString();
}

/**
 * One entry: `KEY` or `KEY@FROM..UNTIL` (ISO dates or times, either side may be empty),
 * KEY being base64 raw or an SPKI PEM. `@` never occurs in base64 or PEM.
 */
export function parseTrustedKey(entry: string): TrustedKey {
  const at = entry.lastIndexOf('@');
  const keyText = at >= 0 ? entry.slice(0, at) : entry;
  let notBefore: string | null = null;
  let notAfter: string | null = null;
  if (at >= 0) {
    const range = entry.slice(at + 1).trim();
    const parts = range.split('..');
    if (parts.length !== 2) throw new TrustedKeyError(`trusted key validity "${range}": must be FROM..UNTIL`);
    notBefore = isoOrNull(parts[0]!.trim(), 'start');
    notAfter = isoOrNull(parts[1]!.trim(), 'end');
  }
  return { publicKey: rawPublicKey(keyText), notBefore, notAfter };
}

/**
 * Several keys from text: PEM blocks (what `portalbots evidence public-key` prints;
 * a `# valid: FROM..UNTIL` comment line before a block applies to it), and/or entries
 * separated by commas or new lines. Lines starting with `#` are otherwise comments.
 */
export function parseTrustedKeys(text: string): TrustedKey[] {
  const keys: TrustedKey[] = [];
  let validity = '';
  let pem: string[] | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (pem) {
      pem.push(line);
      if (line.startsWith('-----END')) {
        keys.push(parseTrustedKey(`${pem.join('\n')}${validity ? `@${validity}` : ''}`));
        pem = null;
        validity = '';
      }
      continue;
    }
    if (line.startsWith('-----BEGIN')) {
      pem = [line];
      continue;
    }
    const valid = /^#\s*valid:\s*(.*)$/i.exec(line);
    if (valid) validity = valid[1]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    for (const part of line.split(',')) if (part.trim()) keys.push(parseTrustedKey(part.trim()));
  }
  if (pem) throw new TrustedKeyError('trusted keys: a PEM block is not terminated');
  return keys;
}

export function toTrustedKeys(input: ReadonlyArray<string | z.input<typeof trustedKeySchema>>): TrustedKey[] {
  return input.map((k) => {
    if (typeof k === 'string') return parseTrustedKey(k);
    const t = trustedKeySchema.parse(k);
    return {
      publicKey: rawPublicKey(t.publicKey),
      notBefore: t.notBefore ? isoOrNull(t.notBefore, 'start') : null,
      notAfter: t.notAfter ? isoOrNull(t.notAfter, 'end') : null,
    };
  });
}

/** Is `publicKey` trusted for a signature dated `time`? */
export function isTrustedAt(keys: readonly TrustedKey[], publicKey: string, time: string): boolean {
  const t = new Date(time).getTime();
  return keys.some(
    (k) =>
      k.publicKey === publicKey &&
      (k.notBefore === null || t >= new Date(k.notBefore).getTime()) &&
      (k.notAfter === null || t < new Date(k.notAfter).getTime()),
  );
}
