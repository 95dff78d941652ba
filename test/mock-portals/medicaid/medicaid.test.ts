// The Medicaid-like portal over plain HTTP: logon + terms, frames, formats, 835 downloads, faults.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { medicaidAccounts } from '../../../mock-portals/medicaid/data.ts';
import { startMedicaidPortal, type RunningMedicaidPortal } from '../../../mock-portals/medicaid/index.ts';
import { parse835Text } from '../../../x12/index.ts';

const SEED = 7;
let portal: RunningMedicaidPortal;
const [account] = medicaidAccounts(SEED);
const form = (body: Record<string, string>, cookie?: string) => ({
  method: 'POST',
  redirect: 'manual' as const,
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
  body: new URLSearchParams(body).toString(),
});

beforeAll(async () => {
  portal = await startMedicaidPortal({ seed: SEED, port: 0 });
});
afterAll(async () => portal?.close());
beforeEach(() => portal.reset());

async function logon(): Promise<string> {
  const res = await fetch(`${portal.url}/login`, form({ providerId: account!.username, password: account!.password }));
  expect(res.headers.get('location')).toBe('/terms');
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
  // The terms interstitial must be accepted before anything else opens.
  expect((await fetch(`${portal.url}/main`, { headers: { cookie }, redirect: 'manual' })).headers.get('location')).toBe(
    '/terms',
  );
  expect(await (await fetch(`${portal.url}/terms`, form({}, cookie))).text()).toContain('YOU MUST ACCEPT');
  expect((await fetch(`${portal.url}/terms`, form({ accept: 'Y' }, cookie))).headers.get('location')).toBe('/main');
  return cookie;
}

describe('Medicaid-like portal over HTTP', () => {
  it('has at least 120 claims with a spread of statuses and real CARCs', () => {
    const claims = portal.truth.claims;
    expect(claims.length).toBeGreaterThanOrEqual(120);
    expect(new Set(claims.map((c) => c.expected.statusCategory[0]))).toEqual(new Set(['A', 'P', 'F']));
    expect(new Set(claims.flatMap((c) => c.expected.adjustments.map((a) => a.carc))).size).toBeGreaterThanOrEqual(8);
  });

  it('logs on through the terms page into a framed workspace and shows legacy formats', async () => {
    const cookie = await logon();
    expect(portal.stats()).toMatchObject({ logins: 1, termsAccepted: 1 });
    const main = await (await fetch(`${portal.url}/main`, { headers: { cookie } })).text();
    expect(main).toContain('<iframe name="navFrame"');
    expect(main).toContain('<iframe name="contentFrame"');
    const c = portal.truth.claims.find((x) => x.scenario === 'paid')!;
    const detail = await (
      await fetch(`${portal.url}/claims/inquiry/result?icn=${c.icn}`, { headers: { cookie } })
    ).text();
    expect(detail).toMatch(/<td>\d{2}-[A-Z]{3}-\d{4}<\/td>/);
    expect(detail).toContain(`<td>${c.expected.billedAmount.toFixed(2)}</td>`);
  });

  it('serves valid 835 files listed on the RA page', async () => {
    const cookie = await logon();
    const f = portal.truth.raFiles[2]!;
    const [y, m, d] = f.paymentDate.split('-');
    const list = await (
      await fetch(`${portal.url}/ra?from=${m}/${d}/${y}&to=${m}/${d}/${y}`, { headers: { cookie } })
    ).text();
    const href = new RegExp(`href="(/ra/download/[^"]+)">${f.expected.fileName}<`).exec(list)?.[1];
    expect(href).toBeDefined();
    const res = await fetch(`${portal.url}${href}`, { headers: { cookie } });
    expect(res.headers.get('content-type')).toContain('application/edi-x12');
    expect(parse835Text(Buffer.from(await res.arrayBuffer())).transactions).toEqual(f.transactions);
  });

  it('expires idle sessions to the logon page, and locks after N bad passwords', async () => {
    const cookie = await logon();
    portal.setFaults({ expireSessions: true });
    expect(
      (await fetch(`${portal.url}/claims/inquiry`, { headers: { cookie }, redirect: 'manual' })).headers.get(
        'location',
      ),
    ).toBe('/login?expired=1');
    portal.setFaults({ lockoutAfter: 3 });
    for (let i = 0; i < 3; i++)
      await fetch(`${portal.url}/login`, form({ providerId: account!.username, password: 'nope' }));
    expect(
      await (
        await fetch(`${portal.url}/login`, form({ providerId: account!.username, password: account!.password }))
      ).text(),
    ).toContain('ACCOUNT LOCKED');
    expect(portal.stats().lockouts).toBe(1);
  });

  it('answers 429 with Retry-After and 503 in maintenance', async () => {
    portal.setFaults({ rateLimit: 1, retryAfterSec: 9 });
    const limited = await fetch(`${portal.url}/login`);
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '9']);
    portal.setFaults({ maintenance: true });
    expect((await fetch(`${portal.url}/login`)).status).toBe(503);
  });
});
