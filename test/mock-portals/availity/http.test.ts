import { TOTP, Secret } from 'otpauth';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { availityAccounts, startAvailityPortal } from '../../../mock-portals/index.ts';

const SEED = 11;
let portal: Awaited<ReturnType<typeof startAvailityPortal>>;
const [account] = availityAccounts(SEED);

beforeAll(async () => {
  portal = await startAvailityPortal({ seed: SEED, port: 0 });
});
afterAll(async () => portal?.close());
beforeEach(() => portal.reset());

const form = (body: Record<string, string>, cookie?: string) => ({
  method: 'POST',
  redirect: 'manual' as const,
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
  body: new URLSearchParams(body).toString(),
});

async function signIn(): Promise<string> {
  const res = await fetch(`${portal.url}/login`, form({ userId: account!.username, password: account!.password }));
  expect(res.status).toBe(303);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const code = TOTP.generate({ secret: Secret.fromBase32(account!.totpSecret) });
  const mfa = await fetch(`${portal.url}/mfa`, form({ code }, cookie));
  expect(mfa.headers.get('location')).toBe('/home');
  return cookie;
}

describe('Availity-like portal over HTTP', () => {
  it('redirects unauthenticated pages to the login page', async () => {
    const res = await fetch(`${portal.url}/claims/status`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login');
  });

  it('signs in with password + TOTP, counts the login, and shows claims', async () => {
    const cookie = await signIn();
    expect(portal.stats().logins).toBe(1);
    const claim = portal.truth.claims[0]!;
    const res = await fetch(`${portal.url}/claims/status/detail/${claim.claimNumber}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(claim.claimNumber);
    const nf = await fetch(`${portal.url}/claims/status/search?payer=all&claimNumber=AET00000000000`, {
      headers: { cookie },
    });
    expect(nf.status).toBe(200);
    expect(await nf.text()).toContain('No claims found');
    const stats = (await (await fetch(`${portal.url}/__admin/stats`)).json()) as {
      loginCount: number;
      logins: Record<string, number>;
      sessionsEndedByNewLogin: number;
      lockouts: number;
    };
    expect(stats).toMatchObject({ loginCount: 1, sessionsEndedByNewLogin: 0, lockouts: 0 });
    expect(stats.logins).toEqual({ [account!.username]: 1 });
  });

  it('rejects a wrong TOTP code on the MFA page', async () => {
    const res = await fetch(`${portal.url}/login`, form({ userId: account!.username, password: account!.password }));
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const mfa = await fetch(`${portal.url}/mfa`, form({ code: '000000' }, cookie));
    expect(mfa.status).toBe(200);
    expect(await mfa.text()).toContain('That code is not valid');
    expect(portal.stats()).toMatchObject({ logins: 0, failedMfa: 1 });
  });

  it('locks the account after 5 consecutive bad passwords', async () => {
    for (let i = 1; i <= 4; i++) {
      const html = await (
        await fetch(`${portal.url}/login`, form({ userId: account!.username, password: 'wrong' }))
      ).text();
      expect(html).toContain('incorrect');
    }
    const fifth = await (
      await fetch(`${portal.url}/login`, form({ userId: account!.username, password: 'wrong' }))
    ).text();
    expect(fifth).toContain('locked');
    const right = await fetch(`${portal.url}/login`, form({ userId: account!.username, password: account!.password }));
    expect(right.status).toBe(200);
    expect(await right.text()).toContain('locked');
    expect(portal.stats().lockouts).toBe(1);
  });

  it('answers 429 with Retry-After for the next K requests', async () => {
    await fetch(`${portal.url}/__admin/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rateLimit: 2, retryAfterSec: 7 }),
    });
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${portal.url}/login`);
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('7');
    }
    expect((await fetch(`${portal.url}/login`)).status).toBe(200);
  });

  it('serves a 503 maintenance page, and rejects unknown faults', async () => {
    portal.setFaults({ maintenance: true });
    const res = await fetch(`${portal.url}/login`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('maintenance');
    const bad = await fetch(`${portal.url}/__admin/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ nope: true }),
    });
    expect(bad.status).toBe(400);
  });

  it('expires sessions on demand and serves ground truth', async () => {
    const cookie = await signIn();
    portal.setFaults({ expireSessions: true });
    const res = await fetch(`${portal.url}/home`, { headers: { cookie }, redirect: 'manual' });
    expect(res.headers.get('location')).toBe('/login?expired=1');
    const truth = (await (await fetch(`${portal.url}/__admin/truth`)).json()) as unknown;
    expect(truth).toEqual({ schemaVersion: 1, seed: SEED, portals: { availity: portal.truth } });
  });
});
