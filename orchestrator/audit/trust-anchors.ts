// Trust anchors for verifying packets and the store: the organisation's published
// public keys, from PORTALBOTS_EVIDENCE_TRUSTED_KEYS and/or `--trust` (a key, or a
// file such as the output of `portalbots evidence public-key`). The local signing
// key is deliberately not one of them for packets: whoever can write the data
// directory could swap it, and a forger re-signs with a key of their own.
import { readFile, stat } from 'node:fs/promises';
import {
  fingerprintOf,
  parseSigningKeyPublic,
  parseTrustedKey,
  parseTrustedKeys,
  publicKeyPem,
  TrustedKeyError,
  type TrustedKey,
} from '../../evidence-store/index.ts';

export class TrustAnchorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrustAnchorError';
  }
}

/** `--trust` values (keys or files) plus the configured keys. */
export async function resolveTrustAnchors(
  trust: readonly string[] | undefined,
  configured: string | undefined,
): Promise<TrustedKey[]> {
  const keys: TrustedKey[] = [];
  try {
    if (configured) keys.push(...parseTrustedKeys(configured));
  } catch (e) {
    throw new TrustAnchorError(`PORTALBOTS_EVIDENCE_TRUSTED_KEYS: ${(e as Error).message}`);
  }
  for (const value of trust ?? []) {
    try {
      const isFile = (await stat(value).catch(() => null))?.isFile() ?? false;
      const parsed = isFile ? parseTrustedKeys(await readFile(value, 'utf8')) : [parseTrustedKey(value)];
      if (parsed.length === 0) throw new TrustedKeyError(`${value} holds no public key`);
      keys.push(...parsed);
    } catch (e) {
      if (e instanceof TrustedKeyError || (e as Error).message.includes('key'))
        throw new TrustAnchorError(`--trust "${value}": ${(e as Error).message.split('\n')[0]}`);
      throw e;
    }
  }
  return keys;
}

/** What `portalbots evidence public-key` prints: comments with id and fingerprint, then the SPKI PEM (openssl reads it as is). */
export function describePublicKey(signingKey: string): {
  publicKey: string;
  keyId: string;
  fingerprint: string;
  pem: string;
  text: string;
} {
  const { publicKey, keyId } = parseSigningKeyPublic(signingKey);
  const fingerprint = fingerprintOf(publicKey);
  const pem = publicKeyPem(publicKey).trim();
  const text = [
    '# portalbots evidence signing key (Ed25519): publish this; auditors pass it to --trust',
    `# key id:      ${keyId}`,
    `# fingerprint: ${fingerprint}`,
    `# base64:      ${publicKey}`,
    pem,
  ].join('\n');
  return { publicKey, keyId, fingerprint, pem, text };
}
