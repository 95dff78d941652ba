// The otpChannel fault over HTTP on every mock portal with a second factor
// (Availity-, UHC- and CAQH-like; shared/second-factor.ts): after a good
// password the portal's TOTP page is skipped, the portal goes on as after a
// good TOTP (to a forced password change where the portal has one) and the
// shared code hurdle holds the next page, the change page too
// (otp-channel-order.test.ts), until the code "sent" (listed by GET
// /__admin/outbox) is entered. Without the fault the TOTP page comes first and
// nothing is sent.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MOCK_PORTALS, type MockPortal } from '../../mock-portals/index.ts';
import type { PortalAccount } from '../../mock-portals/shared/accounts.ts';

const SEED = 11;

interface SignIn {
  /** POST route and its form's field names. */
  path: string;
  user: string;
  totpPage: string;
  /** Where the portal sends a session after a good TOTP. */
  after: string;
  /** Whether the portal has the passwordExpiresFor forced change. */
  forcedChange: boolean;
}
const SIGN_IN: Record<string, SignIn> = {
  availity: { path: '/login', user: 'userId', totpPage: '/mfa', after: '/home', forcedChange: true },
  uhc: { path: '/login/password', user: 'username', totpPage: '/verify', after: '/select-tin', forcedChange: true },
  caqh: { path: '/signin', user: 'username', totpPage: '/signin/verify', after: '/dashboard', forcedChange: false },
};

const form = (body: Record<string, string>, cookie?: string): RequestInit => ({
  method: 'POST',
  redirect: 'manual',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
  body: new URLSearchParams(body).toString(),
});

describe.each(Object.keys(SIGN_IN))('%s: otpChannel replaces the TOTP page', (id) => {
  const mock = MOCK_PORTALS.find((p) => p.id === id) as unknown as MockPortal;
  const flow = SIGN_IN[id]!;
  const [account, second] = mock.accounts(SEED) as [PortalAccount, PortalAccount];
  let running: Awaited<ReturnType<MockPortal['start']>>;
  const get = (path: string, cookie: string) =>
    fetch(`${running.url}${path}`, { headers: { cookie }, redirect: 'manual' });
  const admin = async <T>(path: string, init?: RequestInit) =>
    (await (await fetch(`${running.url}${path}`, init)).json()) as T;

  async function signIn(a: PortalAccount): Promise<{ cookie: string; location: string }> {
    const res = await fetch(`${running.url}${flow.path}`, form({ [flow.user]: a.username, password: a.password }));
    expect(res.status).toBeGreaterThanOrEqual(300);
    expect(res.status).toBeLessThan(400);
    return {
      cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] as string,
      location: res.headers.get('location') ?? '',
    };
  }

  beforeAll(async () => {
    running = await mock.start({ seed: SEED, port: 0 });
  });
  afterAll(async () => running?.close());
  beforeEach(async () => {
    await admin('/__admin/reset', { method: 'POST' });
  });

  it('without the fault: the TOTP page comes first and no code is sent', async () => {
    const { location } = await signIn(account);
    expect(location).toBe(flow.totpPage);
    expect((await admin<{ messages: unknown[] }>('/__admin/outbox')).messages).toEqual([]);
  });

  for (const channel of ['sms', 'email'] as const) {
    it(`${channel}: skips the TOTP page; the code hurdle holds the next page until the sent code is entered`, async () => {
      running.setFaults({ otpChannel: channel });
      const { cookie, location } = await signIn(account);
      expect(location).toBe(flow.after);
      const held = await get(location, cookie);
      expect(held.headers.get('location')).toBe('/challenge/code');
      // The TOTP page is not offered to a session past its password.
      expect((await get(flow.totpPage, cookie)).headers.get('location')).not.toBe(flow.totpPage);
      const page = await (await get('/challenge/code', cookie)).text();
      expect(page).toMatch(channel === 'sms' ? /text message/ : /an e-mail/);
      const { messages } = await admin<{ messages: { username: string; channel: string; code: string }[] }>(
        `/__admin/outbox?username=${encodeURIComponent(account.username)}`,
      );
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatchObject({
        username: account.username,
        channel,
        code: expect.stringMatching(/^\d{6}$/),
      });
      const wrong = await fetch(`${running.url}/challenge/code`, form({ code: 'x' }, cookie));
      expect(await wrong.text()).toMatch(/not valid/);
      const right = await fetch(`${running.url}/challenge/code`, form({ code: messages[0]!.code }, cookie));
      expect(right.headers.get('location')).toBe(flow.after);
      expect((await get(flow.after, cookie)).status).toBe(200);
      // Counted as one sign-in, with no authenticator code asked for.
      expect(await admin('/__admin/stats')).toMatchObject({
        loginCount: 1,
        logins: { [account.username]: 1 },
        mfaAttempts: 0,
        hurdles: { codesSent: 1 },
      });
    });
  }

  it.runIf(flow.forcedChange)('keeps the forced password change of passwordExpiresFor', async () => {
    running.setFaults({ otpChannel: 'sms', passwordExpiresFor: second.username });
    const { location } = await signIn(second);
    expect(location).toBe('/password/change');
  });
});
