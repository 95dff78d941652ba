// The fleet faults of the mock portals over HTTP: sessionsPerAccount=1 (a
// sign-in ends the account's older session, whose next request lands on the
// sign-in page saying why) and passwordExpiresFor (a forced password change
// with the usual rules), plus the per-username admin stats.
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { availityAccounts, startAvailityPortal } from '../../../mock-portals/index.ts';

const SEED = 11;
let portal: Awaited<ReturnType<typeof startAvailityPortal>>;
const accounts = availityAccounts(SEED);
const [first, second] = accounts as [(typeof accounts)[0], (typeof accounts)[0]];

beforeAll(async () => {
  portal = await startAvailityPortal({ seed: SEED, port: 0 });
});
afterAll(async () => portal?.close());
beforeEach(() => {
  portal.reset();
  portal.setFaults({ sessionsPerAccount: 0, passwordExpiresFor: '' });
});

const form = (body: Record<string, string>, cookie?: string) => ({
  method: 'POST',
  redirect: 'manual' as const,
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
  body: new URLSearchParams(body).toString(),
});

async function signIn(a: typeof first, password = a.password): Promise<{ cookie: string; landed: string }> {
  const res = await fetch(`${portal.url}/login`, form({ userId: a.username, password }));
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const code = TOTP.generate({ secret: Secret.fromBase32(a.totpSecret) });
  const mfa = await fetch(`${portal.url}/mfa`, form({ code }, cookie));
  return { cookie, landed: mfa.headers.get('location') ?? '' };
}

const stats = async () =>
  (await (await fetch(`${portal.url}/__admin/stats`)).json()) as {
    logins: Record<string, number>;
    sessionsEndedByNewLogin: number;
    lockouts: number;
  };

describe('sessionsPerAccount', () => {
  it('lets a second sign-in end the first session, which then lands on the sign-in page', async () => {
    portal.setFaults({ sessionsPerAccount: 1 });
    const old = await signIn(first);
    const other = await signIn(second);
    const fresh = await signIn(first);
    // The other account's session is untouched; the newer one of the same account works.
    expect((await fetch(`${portal.url}/home`, { headers: { cookie: other.cookie }, redirect: 'manual' })).status).toBe(
      200,
    );
    expect((await fetch(`${portal.url}/home`, { headers: { cookie: fresh.cookie }, redirect: 'manual' })).status).toBe(
      200,
    );
    const bounced = await fetch(`${portal.url}/claims/status`, { headers: { cookie: old.cookie }, redirect: 'manual' });
    expect(bounced.status).toBe(303);
    expect(bounced.headers.get('location')).toBe('/login?taken=1');
    const page = await (await fetch(`${portal.url}/login?taken=1`)).text();
    expect(page).toContain('signed in from another location');
    expect(await stats()).toMatchObject({
      logins: { [first.username]: 2, [second.username]: 1 },
      sessionsEndedByNewLogin: 1,
      lockouts: 0,
    });
  });

  it('allows parallel sessions without the fault', async () => {
    const a = await signIn(first);
    await signIn(first);
    expect((await fetch(`${portal.url}/home`, { headers: { cookie: a.cookie }, redirect: 'manual' })).status).toBe(200);
    expect((await stats()).sessionsEndedByNewLogin).toBe(0);
  });
});

describe('passwordExpiresFor', () => {
  it('forces a compliant change for that account only, once', async () => {
    portal.setFaults({ passwordExpiresFor: first.username });
    expect((await signIn(second)).landed).toBe('/home');
    const s = await signIn(first);
    expect(s.landed).toBe('/password/change');
    // Signed-in pages are closed until the password is changed.
    const blocked = await fetch(`${portal.url}/claims/status`, { headers: { cookie: s.cookie }, redirect: 'manual' });
    expect(blocked.headers.get('location')).toBe('/password/change');

    const change = (newPassword: string, confirm = newPassword, current = first.password) =>
      fetch(
        `${portal.url}/password/change`,
        form({ currentPassword: current, newPassword, confirmPassword: confirm }, s.cookie),
      ).then((r) => r.text());
    expect(await change('short1!A')).toContain('at least 12 characters');
    expect(await change('NoSymbolsHere123')).toContain('must contain a symbol');
    expect(await change(first.password)).toContain('last 6 passwords');
    expect(await change('Fresh-Password-2026', 'Different-2026!')).toContain('do not match');
    expect(await change('Fresh-Password-2026', 'Fresh-Password-2026', 'wrong')).toContain(
      'current password is incorrect',
    );
    expect(await change('Fresh-Password-2026')).toContain('Password changed');

    // The old password no longer works; the new one signs in straight to home.
    const stale = await fetch(`${portal.url}/login`, form({ userId: first.username, password: first.password }));
    expect(stale.status).toBe(200);
    expect((await signIn(first, 'Fresh-Password-2026')).landed).toBe('/home');
  });
});
