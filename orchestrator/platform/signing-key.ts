// The Ed25519 key that signs evidence ledger checkpoints. Operators should
// provide one (PORTALBOTS_EVIDENCE_SIGNING_KEY or _FILE) and back it up with
// the evidence; a first run without one generates a key file (mode 0600) so
// checkpoints and packets work out of the box, and says so.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateSigningKey } from '../../evidence-store/index.ts';
import type { Config } from './config.ts';
import type { Logger } from './logging.ts';

export async function resolveSigningKey(
  config: Pick<Config, 'evidenceSigningKey' | 'evidenceSigningKeyFile'>,
  logger?: Logger,
): Promise<string> {
  if (config.evidenceSigningKey) return config.evidenceSigningKey;
  try {
    return (await readFile(config.evidenceSigningKeyFile, 'utf8')).trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const key = generateSigningKey();
  await mkdir(path.dirname(config.evidenceSigningKeyFile), { recursive: true, mode: 0o700 });
  try {
    await writeFile(config.evidenceSigningKeyFile, `${key.privateKeyPem.trim()}\n`, { mode: 0o600, flag: 'wx' });
    logger?.warn(
      { file: config.evidenceSigningKeyFile, keyId: key.keyId },
      'generated an evidence signing key: back it up with the evidence',
    );
  } catch (e) {
    // Another process created it first: use theirs.
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  return (await readFile(config.evidenceSigningKeyFile, 'utf8')).trim();
}
