// Server-side dashboard sessions. Login exchanges an API key for a random
// session token (the cookie); the API key itself never goes into the cookie,
// so a stolen cookie dies with its session: logout deletes the row, expiry
// ends it, and revoking the API key that opened it ends it on the next request.
// Only sha256(token) is stored: a database dump yields no usable cookie.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../platform/db/client.ts';
import type { ApiPrincipal } from '../api/auth/keys.ts';
import type { Role } from '../api/auth/roles.ts';

export const SESSION_SECONDS = 8 * 3600;
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

const tokenHash = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** A new session for an authenticated key; returns the token for the cookie (shown to nobody else). */
export async function openSession(db: Db, principal: ApiPrincipal): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.dashboardSession.create({
    data: {
      id: tokenHash(token),
      apiKeyId: principal.keyId,
      expiresAt: new Date(Date.now() + SESSION_SECONDS * 1000),
    },
  });
  // Housekeeping: expired rows are useless; a login is a fine moment to drop them.
  void db.dashboardSession.deleteMany({ where: { expiresAt: { lt: new Date() } } }).catch(() => {});
  return token;
}

/** The principal of a live session, or null (unknown, expired, logged out, or its key revoked). */
export async function sessionPrincipal(db: Db, token: string): Promise<ApiPrincipal | null> {
  if (!TOKEN_FORMAT.test(token)) return null;
  const session = await db.dashboardSession.findUnique({ where: { id: tokenHash(token) } });
  if (!session || session.expiresAt.getTime() <= Date.now()) return null;
  const key = await db.apiKey.findUnique({ where: { id: session.apiKeyId } });
  if (!key || key.revokedAt) return null;
  return { keyId: key.id, name: key.name, role: key.role as Role };
}

/** Logout: the token stops working at once, wherever a copy of the cookie is. */
export async function closeSession(db: Db, token: string): Promise<void> {
  if (!TOKEN_FORMAT.test(token)) return;
  await db.dashboardSession.deleteMany({ where: { id: tokenHash(token) } });
}
