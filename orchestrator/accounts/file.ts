// Portal logins from a JSON file kept outside the repository
// (PORTALBOTS_CREDENTIALS_FILE), for deployments without the encrypted vault
// (vault.ts) and for the mock portals (`portalbots portals credentials`):
// { "<portal>": { "id": "...", "username": "...", "password": "...", "totpSecret": "..." } }
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { PortalCredential } from '../../bots/index.ts';
import type { CredentialProvider } from '../platform/worker/credentials.ts';
import { text } from '../platform/text.ts';

export type { CredentialProvider };

const CredentialSchema = z
  .object({
    id: text().min(1).optional(),
    username: text().min(1),
    password: text().min(1),
    totpSecret: z
      .string()
      .regex(/^[A-Z2-7]+=*$/i, 'must be a base32 TOTP secret')
      .optional(),
  })
  .strict();
const CredentialsFile = z.record(text().regex(/^[a-z0-9-]+$/, 'portal ids are lowercase'), CredentialSchema);

export class CredentialError extends Error {
  override name = 'CredentialError';
}

export function staticCredentials(map: Record<string, PortalCredential>): CredentialProvider {
  return async (portal) => {
    const c = map[portal];
    if (!c) throw new CredentialError(`No credential configured for portal "${portal}"`);
    return c;
  };
}

export async function credentialsFromFile(file: string): Promise<CredentialProvider> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new CredentialError(`PORTALBOTS_CREDENTIALS_FILE ${file}: ${(e as Error).message.split('\n')[0]}`);
  }
  const parsed = CredentialsFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    // Name the field, never echo the value: it may be a password.
    throw new CredentialError(`PORTALBOTS_CREDENTIALS_FILE ${file}: field ${issue.path.join('.')} ${issue.message}`);
  }
  const map: Record<string, PortalCredential> = {};
  for (const [portal, c] of Object.entries(parsed.data)) map[portal] = { ...c, id: c.id ?? `${portal}-default` };
  return staticCredentials(map);
}
