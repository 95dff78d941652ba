// Portal logins from a JSON file kept outside the repository
// (PORTALBOTS_CREDENTIALS_FILE), for deployments without the encrypted vault
// (vault.ts) and for the mock portals (`portalbots portals credentials`):
// { "<portal>": { "id": "...", "username": "...", "password": "...", "totpSecret": "..." } }
// or, for a credential pool, an array of such accounts per portal, each
// optionally tagged with what it may see ("tins", "npis", "payers").
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { PortalCredential } from '../../bots/index.ts';
import type { AccountCredential, CredentialProvider } from '../platform/worker/credentials.ts';
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
    label: text().min(1).max(80).optional(),
    tins: z.array(text().regex(/^\d{9}$/, 'must be a 9-digit TIN')).optional(),
    npis: z.array(text().regex(/^\d{10}$/, 'must be a 10-digit NPI')).optional(),
    payers: z.array(text().min(1)).optional(),
    /** Answers to the portal's security questions, question -> answer. */
    securityAnswers: z.record(text().min(1).max(300), text().min(1).max(300)).optional(),
  })
  .strict();
const CredentialsFile = z.record(
  text().regex(/^[a-z0-9-]+$/, 'portal ids are lowercase'),
  z.union([CredentialSchema, z.array(CredentialSchema).min(1, 'must list at least one account')]),
);

export class CredentialError extends Error {
  override name = 'CredentialError';
}

export function staticCredentials(map: Record<string, PortalCredential | AccountCredential[]>): CredentialProvider {
  const pool = (portal: string): AccountCredential[] => {
    const c = map[portal];
    if (!c || (Array.isArray(c) && c.length === 0))
      throw new CredentialError(`No credential configured for portal "${portal}"`);
    return Array.isArray(c) ? c : [c];
  };
  const first = async (portal: string) => pool(portal)[0]!;
  return Object.assign(first, { all: async (portal: string) => pool(portal).map((a) => ({ ...a })) });
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
  const map: Record<string, AccountCredential[]> = {};
  for (const [portal, entry] of Object.entries(parsed.data)) {
    const list = Array.isArray(entry) ? entry : [entry];
    const ids = new Set<string>();
    map[portal] = list.map((c, i) => {
      // A single entry keeps its historical default id; pool entries default to one per username.
      const id = c.id ?? (Array.isArray(entry) ? `${portal}-${c.username}` : `${portal}-default`);
      if (ids.has(id))
        throw new CredentialError(`PORTALBOTS_CREDENTIALS_FILE ${file}: field ${portal}.${i}.id repeats "${id}"`);
      ids.add(id);
      const scope = {
        ...(c.tins ? { tins: c.tins } : {}),
        ...(c.npis ? { npis: c.npis } : {}),
        ...(c.payers ? { payers: c.payers } : {}),
      };
      return {
        id,
        username: c.username,
        password: c.password,
        label: c.label ?? c.username,
        ...(c.totpSecret ? { totpSecret: c.totpSecret } : {}),
        ...(c.securityAnswers ? { securityAnswers: c.securityAnswers } : {}),
        ...(Object.keys(scope).length > 0 ? { scope } : {}),
      };
    });
  }
  return staticCredentials(map);
}
