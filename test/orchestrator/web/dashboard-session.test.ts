// Issue #16 item 12: the dashboard cookie is a server-side session, not the
// API key. On the code before this change the cookie was the raw API key
// (so logout could not end it), there was no CSP / frame-ancestors, and login
// could be tried without limit; each test below failed there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, revokeApiKey } from '../../../orchestrator/web/api/auth/keys.ts';
import { createApiFixture, type ApiFixture } from './setup.ts';

let f: ApiFixture;

beforeAll(async () => {
  f = await createApiFixture('apisession', { dashboard: true });
}, 60_000);
afterAll(async () => {
  await f?.close();
});

async function login(key: string, headers: Record<string, string> = {}, remoteAddress?: string) {
  return f.app.inject({
    method: 'POST',
    url: '/dashboard/login',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: `key=${encodeURIComponent(key)}&next=/dashboard`,
    ...(remoteAddress ? { remoteAddress } : {}),
  });
}

const cookieOf = (res: { headers: Record<string, unknown> }) => {
  const raw = String(res.headers['set-cookie'] ?? '');
  return { raw, value: /pb_session=([^;]*)/.exec(raw)?.[1] ?? '' };
};
const home = (cookie: string) =>
  f.app.inject({ method: 'GET', url: '/dashboard/', headers: { cookie: `pb_session=${cookie}` } });

describe('dashboard sessions', () => {
  it('the cookie is a session token, not the API key, and works only on dashboard pages', async () => {
    const res = await login(f.keys.ops);
    expect(res.statusCode).toBe(303);
    const c = cookieOf(res);
    expect(c.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(c.raw).not.toContain(f.keys.ops.split('_').slice(2).join('_'));
    expect(c.raw).toMatch(/HttpOnly/);
    expect(c.raw).toMatch(/SameSite=Strict/);
    expect(c.raw).toMatch(/Path=\/dashboard/);
    expect(c.raw).not.toMatch(/Secure/);
    expect((await home(c.value)).statusCode).toBe(200);
    // Only the hash is stored.
    const rows = await f.h.db.dashboardSession.findMany();
    expect(rows.some((r) => r.id === c.value)).toBe(false);
    // The API key in the cookie is not a session.
    const asKey = await f.app.inject({
      method: 'GET',
      url: '/dashboard/',
      headers: { cookie: `pb_session=${f.keys.ops}` },
    });
    expect(asKey.statusCode).toBe(302);
    // Nor does the session open the API.
    const api = await f.app.inject({
      method: 'GET',
      url: '/api/v1/runs',
      headers: { cookie: `pb_session=${c.value}` },
    });
    expect(api.statusCode).toBe(401);
  });

  it('logout ends the session on the server: a kept copy of the cookie stops working', async () => {
    const c = cookieOf(await login(f.keys.admin));
    expect((await home(c.value)).statusCode).toBe(200);
    const out = await f.app.inject({
      method: 'POST',
      url: '/dashboard/logout',
      headers: { cookie: `pb_session=${c.value}` },
    });
    expect(out.statusCode).toBe(303);
    const after = await home(c.value);
    expect(after.statusCode).toBe(302);
    expect(after.headers.location).toMatch(/^\/dashboard\/login/);
  });

  it('revoking the API key ends its sessions', async () => {
    const key = await createApiKey(f.h.db, { role: 'billing', name: 'session-revoke' });
    const c = cookieOf(await login(key.key));
    expect((await home(c.value)).statusCode).toBe(200);
    await revokeApiKey(f.h.db, key.keyId);
    expect((await home(c.value)).statusCode).toBe(302);
  });

  it('behind a TLS proxy on loopback (trustProxy) the cookie is Secure', async () => {
    const res = await login(f.keys.ops, { 'x-forwarded-proto': 'https' });
    expect(cookieOf(res).raw).toMatch(/; Secure/);
    // A client that is not a trusted proxy cannot claim https.
    const direct = await login(f.keys.ops, { 'x-forwarded-proto': 'https' }, '203.0.113.9');
    expect(cookieOf(direct).raw).not.toMatch(/Secure/);
  });

  it('every answer carries a CSP that forbids framing', async () => {
    for (const url of ['/dashboard/login', '/api/openapi.json', '/healthz']) {
      const res = await f.app.inject({ method: 'GET', url });
      const csp = String(res.headers['content-security-policy'] ?? '');
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).toContain("script-src 'self'");
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
    }
  });

  it('login attempts are rate limited per client address', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) codes.push((await login('pbk_000000000000_wrong', {}, '198.51.100.7')).statusCode);
    expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
    expect(codes.slice(10)).toEqual([429, 429]);
    // Another address is not affected.
    expect((await login(f.keys.ops, {}, '198.51.100.8')).statusCode).toBe(303);
  });
});
