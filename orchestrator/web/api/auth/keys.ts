// API keys: `pbk_<id>_<secret>`. The id (public, 12 hex) finds the row; only
// sha256(secret) is stored and compared in constant time, so a database dump
// does not yield usable keys and a timing probe learns nothing about the hash.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../../platform/db/client.ts';
import type { Role } from './roles.ts';

const KEY_FORMAT = /^pbk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface ApiPrincipal {
  keyId: string;
  name: string;
  role: Role;
}

export interface CreatedApiKey extends ApiPrincipal {
  /** The full key. Shown once; only its hash is stored. */
  key: string;
}

const hashSecret = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

export class ApiKeyNameTakenError extends Error {
  override name = 'ApiKeyNameTakenError';
}

/**
 * A key's name is who acts (history, access log) and whom billing work is assigned to: a biller opens
 * the evidence of items assigned to that name (claim-access.ts). Two active keys with one name would
 * share that access, so a name is refused while an active key holds it (a revoked key frees it).
 */
export async function createApiKey(db: Db, input: { role: Role; name: string }): Promise<CreatedApiKey> {
  const holder = await db.apiKey.findFirst({ where: { name: input.name, revokedAt: null }, select: { id: true } });
  if (holder)
    throw new ApiKeyNameTakenError(`name: "${input.name}" is the name of active key ${holder.id}; pick another name`);
  const keyId = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  await db.apiKey.create({ data: { id: keyId, name: input.name, role: input.role, hash: hashSecret(secret) } });
  return { keyId, name: input.name, role: input.role, key: `pbk_${keyId}_${secret}` };
}

export async function listApiKeys(db: Db) {
  return db.apiKey.findMany({
    orderBy: { createdAt: 'asc' },
    select: { id: true, name: true, role: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
}

/** Returns false when the key does not exist or was already revoked. */
export async function revokeApiKey(db: Db, keyId: string): Promise<boolean> {
  const r = await db.apiKey.updateMany({ where: { id: keyId, revokedAt: null }, data: { revokedAt: new Date() } });
  return r.count > 0;
}

/** The principal for a presented key, or null (malformed, unknown, revoked or wrong secret). */
export async function authenticateApiKey(db: Db, presented: string): Promise<ApiPrincipal | null> {
  const m = KEY_FORMAT.exec(presented.trim());
  if (!m) return null;
  const row = await db.apiKey.findUnique({ where: { id: m[1]! } });
  if (!row || row.revokedAt) return null;
  const expected = Buffer.from(row.hash, 'hex');
  const actual = Buffer.from(hashSecret(m[2]!), 'hex');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  // Best effort and throttled to once a minute: bookkeeping must not slow every request.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    void db.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } }).catch(() => {});
  }
  return { keyId: row.id, name: row.name, role: row.role as Role };
}
