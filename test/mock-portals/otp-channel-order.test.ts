// The out-of-band code (otpChannel fault) over HTTP where it meets the other
// sign-in steps (mock-portals/shared/second-factor.ts):
// - with a forced password change (passwordExpiresFor) too, on every portal
//   that has one (Availity-, UHC- and Medicaid-like), the code is asked first:
//   the change page, GET or POST, is held on the code hurdle until the code
//   "sent" (GET /__admin/outbox) is entered, then the change goes on;
// - on the Medicaid-like portal the code also comes before its terms page,
//   which cannot be accepted around it;
// - the mfaRechallenge fault sends a new code and asks for it on the shared
//   code page (not the portal's TOTP page) on every portal, then returns the
//   session to the page it asked for, signed in as before (no new sign-in).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MOCK_PORTALS, type MockPortal } from '../../mock-portals/index.ts';
import type { PortalAccount } from '../../mock-portals/shared/accounts.ts';
import { totpCode } from '../../bots/runtime/totp.ts';

const SEED = 11;

interface Flow {
  /** Sign-in POST route and its user field. */
  path: string;
  user: string;
  /** A signed-in page. */
  home: string;
  /** The portal's own TOTP page and its field (none on the Medicaid-like portal). */
  totpPage?: string;
  totpField?: string;
  forcedChange: boolean;
  /** The portal shows a terms page after the password (the Medicaid-like portal). */
  terms?: boolean;
}
const FLOWS: Record<string, Flow> = {
  availity: { path: '/login', user: 'userId', home: '/home', totpPage: '/mfa', totpField: 'code', forcedChange: true },
  uhc: {
    path: '/login/password',
    user: 'username',
    home: '/select-tin',
    totpPage: '/verify',
    totpField: 'otp',
    forcedChange: true,
  },
  caqh: {
    path: '/signin',
    user: 'username',
    home: '/dashboard',
    totpPage: '/signin/verify',
    totpField: 'authCode',
    forcedChange: false,
  },
  medicaid: { path: '/login', user: 'providerId', home: '/main', forcedChange: true, terms: true },
};

const form = (body: Record<string, string>, cookie?: string): RequestInit => ({
  method: 'POST',
  redirect: 'manual',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
  body: new URLSearchParams(body).toString(),
});

interface Stats {
  loginCount: number;
  mfaAttempts: number;
  hurdles: { codesSent: number };
}

describe.each(Object.keys(FLOWS))('%s: the out-of-band code and the other sign-in steps', (id) => {
  const mock = MOCK_PORTALS.find((p) => p.id === id) as unknown as MockPortal;
  const flow = FLOWS[id]!;
  const [account, second] = mock.accounts(SEED) as [PortalAccount, PortalAccount];
  let running: Awaited<ReturnType<MockPortal['start']>>;
  const get = (path: string, cookie: string) =>
    fetch(`${running.url}${path}`, { headers: { cookie }, redirect: 'manual' });
  const admin = async <T>(path: string, init?: RequestInit) =>
    (await (await fetch(`${running.url}${path}`, init)).json()) as T;
  const codes = async (username: string) =>
    (
      await admin<{ messages: { code: string }[] }>(`/__admin/outbox?username=${encodeURIComponent(username)}`)
    ).messages.map((m) => m.code);

  async function signIn(a: PortalAccount): Promise<{ cookie: string; location: string }> {
    const res = await fetch(`${running.url}${flow.path}`, form({ [flow.user]: a.username, password: a.password }));
    expect(res.status).toBeGreaterThanOrEqual(300);
    expect(res.status).toBeLessThan(400);
    return {
      cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] as string,
      location: res.headers.get('location') ?? '',
    };
  }

  /** Follows the portal's redirects from `path`, entering the sent code and accepting terms, to a 200 page. */
  async function walk(a: PortalAccount, cookie: string, path: string): Promise<string> {
    let at = path;
    for (let i = 0; i < 8; i++) {
      if (at === '/challenge/code') {
        await get(at, cookie); // sends the code
        const res = await fetch(`${running.url}${at}`, form({ code: (await codes(a.username)).at(-1)! }, cookie));
        at = res.headers.get('location') ?? '';
        continue;
      }
      const res = await get(at, cookie);
      if (at === '/terms' && res.status === 200) {
        // The page showed (no hurdle holds it): accept, as a person would.
        at = (await fetch(`${running.url}/terms`, form({ accept: 'Y' }, cookie))).headers.get('location') ?? '';
        continue;
      }
      if (res.status === 200) return at;
      at = res.headers.get('location') ?? '';
    }
    throw new Error(`no signed-in page reached from ${path}`);
  }

  beforeAll(async () => {
    running = await mock.start({ seed: SEED, port: 0 });
  });
  afterAll(async () => running?.close());
  beforeEach(async () => {
    await admin('/__admin/reset', { method: 'POST' });
  });

  it.runIf(flow.forcedChange)('asks the code before the forced password change, which then goes on', async () => {
    running.setFaults({ otpChannel: 'sms', passwordExpiresFor: second.username });
    const { cookie, location } = await signIn(second);
    expect(location).toBe('/password/change');
    expect((await get('/password/change', cookie)).headers.get('location')).toBe('/challenge/code');
    // The change form cannot be posted around the code either.
    const next = 'Fresh-Passw0rd-2026!';
    const early = await fetch(
      `${running.url}/password/change`,
      form({ currentPassword: second.password, newPassword: next, confirmPassword: next }, cookie),
    );
    expect(early.headers.get('location')).toBe('/challenge/code');
    const page = await (await get('/challenge/code', cookie)).text();
    expect(page).toMatch(/text message/);
    const [code] = await codes(second.username);
    expect(code).toMatch(/^\d{6}$/);
    const wrong = await fetch(`${running.url}/challenge/code`, form({ code: 'x' }, cookie));
    expect(await wrong.text()).toMatch(/not valid/);
    const right = await fetch(`${running.url}/challenge/code`, form({ code: code! }, cookie));
    expect(right.headers.get('location')).toBe('/password/change');
    // Now the change page shows, and takes the new password.
    const change = await get('/password/change', cookie);
    expect(change.status).toBe(200);
    expect(await change.text()).toMatch(/new password/i);
    const done = await fetch(
      `${running.url}/password/change`,
      form({ currentPassword: second.password, newPassword: next, confirmPassword: next }, cookie),
    );
    expect(done.status).toBe(200);
    expect(await done.text()).toMatch(/password (was|has been) (changed|updated)/i);
    // On to the portal with no second code; the new password is the one that works now.
    expect(await walk(second, cookie, flow.home)).toBe(flow.home);
    expect(await codes(second.username)).toHaveLength(1);
    expect((await admin<Stats>('/__admin/stats')).mfaAttempts).toBe(0);
    const stale = await fetch(
      `${running.url}${flow.path}`,
      form({ [flow.user]: second.username, password: second.password }),
    );
    expect(stale.headers.get('set-cookie')).toBeNull();
  });

  it.runIf(flow.forcedChange)('leaves the order alone for another account (no change page)', async () => {
    running.setFaults({ otpChannel: 'email', passwordExpiresFor: second.username });
    const { cookie, location } = await signIn(account);
    expect(location).not.toBe('/password/change');
    expect(await walk(account, cookie, location)).toBe(flow.home);
    expect(await codes(account.username)).toHaveLength(1);
  });

  it.runIf(flow.terms)('asks the code before the terms page, which cannot be accepted around it', async () => {
    running.setFaults({ otpChannel: 'sms' });
    const { cookie, location } = await signIn(account);
    expect(location).toBe('/terms');
    expect((await get('/terms', cookie)).headers.get('location')).toBe('/challenge/code');
    const early = await fetch(`${running.url}/terms`, form({ accept: 'Y' }, cookie));
    expect(early.headers.get('location')).toBe('/challenge/code');
    expect((await get(flow.home, cookie)).status).not.toBe(200);
    await get('/challenge/code', cookie); // sends the code
    const [code] = await codes(account.username);
    const right = await fetch(`${running.url}/challenge/code`, form({ code: code! }, cookie));
    expect(right.headers.get('location')).toBe('/terms');
    expect(await walk(account, cookie, '/terms')).toBe(flow.home);
    expect(await codes(account.username)).toHaveLength(1);
  });

  it('mfaRechallenge sends a new code and asks for it on the code page, not the TOTP page', async () => {
    running.setFaults({ otpChannel: 'email' });
    const { cookie, location } = await signIn(account);
    expect(await walk(account, cookie, location)).toBe(flow.home);
    const before = await admin<Stats>('/__admin/stats');
    expect(before.hurdles.codesSent).toBe(1);

    running.setFaults({ mfaRechallenge: true });
    const held = await get(flow.home, cookie);
    expect(held.headers.get('location')).toBe('/challenge/code');
    const page = await (await get('/challenge/code', cookie)).text();
    expect(page).toMatch(/verify your identity again/);
    expect(page).toMatch(/an e-mail/);
    const [first, again] = await codes(account.username);
    expect(again).toMatch(/^\d{6}$/);
    // The first code is spent (unless the dice gave the same six digits twice).
    if (first !== again) {
      const stale = await fetch(`${running.url}/challenge/code`, form({ code: first! }, cookie));
      expect(await stale.text()).toMatch(/not valid/);
    }
    // Still held: no signed-in page until the new code.
    expect((await get(flow.home, cookie)).headers.get('location')).toBe('/challenge/code');
    const right = await fetch(`${running.url}/challenge/code`, form({ code: again! }, cookie));
    expect(right.headers.get('location')).toBe(flow.home);
    expect((await get(flow.home, cookie)).status).toBe(200);
    // The same session verified again: no new sign-in, no authenticator code.
    expect(await admin<Stats>('/__admin/stats')).toMatchObject({
      loginCount: before.loginCount,
      mfaAttempts: 0,
      hurdles: { codesSent: 2 },
    });
  });

  it.runIf(flow.totpPage)('mfaRechallenge without otpChannel brings back the TOTP page and sends nothing', async () => {
    const { cookie, location } = await signIn(account);
    expect(location).toBe(flow.totpPage);
    const totp = await fetch(
      `${running.url}${flow.totpPage}`,
      form({ [flow.totpField!]: totpCode(account.totpSecret!) }, cookie),
    );
    expect(await walk(account, cookie, totp.headers.get('location') ?? '')).toBe(flow.home);
    running.setFaults({ mfaRechallenge: true });
    expect((await get(flow.home, cookie)).headers.get('location')).toBe(flow.totpPage);
    expect((await get(flow.totpPage!, cookie)).status).toBe(200);
    expect(await codes(account.username)).toEqual([]);
  });
});
