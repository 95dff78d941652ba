// The CAQH-like portal over plain HTTP, and its seeded data.
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CredentialingStatusOutput } from '../../../bots/runtime/tasks.ts';
import { startCaqhPortal } from '../../../mock-portals/caqh/index.ts';
import { caqhAccounts } from '../../../mock-portals/caqh/data.ts';
import { demoCredentials } from '../../../mock-portals/index.ts';
import {
  caqhData,
  caqhDate,
  caqhTruth,
  CAQH_AS_OF,
  REATTESTATION_INTERVAL_DAYS,
} from '../../../mock-portals/caqh/data.ts';
import { addDays } from '../../../mock-portals/shared/helpers.ts';
import { groundTruth } from '../../../mock-portals/truth.ts';

const SEED = 11;
let portal: Awaited<ReturnType<typeof startCaqhPortal>>;
const [account] = caqhAccounts(SEED);

beforeAll(async () => {
  portal = await startCaqhPortal({ seed: SEED, port: 0 });
});
afterAll(async () => portal?.close());
beforeEach(() => portal.reset());

const form = (body: Record<string, string>, cookie?: string) => ({
  method: 'POST',
  redirect: 'manual' as const,
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
  body: new URLSearchParams(body).toString(),
});
const get = (path: string, cookie?: string) =>
  fetch(`${portal.url}${path}`, { redirect: 'manual', ...(cookie ? { headers: { cookie } } : {}) });
const text = async (path: string, cookie: string) => (await get(path, cookie)).text();

async function signIn(): Promise<string> {
  const res = await fetch(`${portal.url}/signin`, form({ username: account!.username, password: account!.password }));
  expect(res.status).toBe(302);
  expect(res.headers.get('location')).toBe('/signin/verify');
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const code = TOTP.generate({ secret: Secret.fromBase32(account!.totpSecret) });
  const verify = await fetch(`${portal.url}/signin/verify`, form({ authCode: code }, cookie));
  expect(verify.headers.get('location')).toBe('/dashboard');
  return cookie;
}

describe('CAQH-like portal data', () => {
  it('is deterministic per seed and every expected result meets the task contract', () => {
    expect(caqhTruth(7, [])).toEqual(caqhTruth(7, []));
    expect(caqhTruth(7, []).providers[0]!.npi).not.toBe(caqhTruth(8, []).providers[0]!.npi);
    const data = caqhData(SEED);
    expect(data.providers).toHaveLength(60);
    expect(new Set(data.providers.map((p) => p.npi)).size).toBe(60);
    for (const p of caqhTruth(SEED, []).providers)
      expect(CredentialingStatusOutput.parse(p.expected)).toEqual(p.expected);
  });

  it('seeds every profile and enrollment state with dates that match it', () => {
    const data = caqhData(SEED);
    expect(new Set(data.providers.map((p) => p.scenario)).size).toBe(6);
    expect(new Set(data.providers.flatMap((p) => p.enrollments.map((e) => e.scenario))).size).toBe(6);
    for (const p of data.providers) {
      if (p.lastAttestationDate)
        expect(p.reattestationDueDate).toBe(addDays(p.lastAttestationDate, REATTESTATION_INTERVAL_DAYS));
      else expect(p.reattestationDueDate).toBeNull();
      if (p.scenario === 'attestation_due_soon') {
        expect(
          p.reattestationDueDate! > addDays(CAQH_AS_OF, 14) && p.reattestationDueDate! <= addDays(CAQH_AS_OF, 30),
        ).toBe(true);
      }
      if (p.scenario === 'expired') expect(p.reattestationDueDate! < addDays(CAQH_AS_OF, -30)).toBe(true);
      for (const e of p.enrollments) {
        if (e.scenario === 'participating_expiring')
          expect(e.expiryDate! >= CAQH_AS_OF && e.expiryDate! <= addDays(CAQH_AS_OF, 30)).toBe(true);
        if (e.scenario === 'expired') expect(e.expiryDate! < CAQH_AS_OF).toBe(true);
      }
    }
    expect(caqhDate('2026-11-03')).toBe('Nov 3, 2026');
  });

  it('is part of the ground truth and the demo credentials', () => {
    const truth = groundTruth(SEED);
    expect(truth.portals.caqh.providers.length).toBe(60);
    expect(truth.portals.caqh.accounts[0]!.username).toBe(account!.username);
    expect(JSON.stringify(truth.portals.caqh)).not.toContain(account!.password);
    expect(demoCredentials(SEED).caqh).toEqual(account);
  });
});

describe('CAQH-like portal over HTTP', () => {
  it('sends signed-out visitors to the log in page', async () => {
    const res = await get('/roster');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/signin');
  });

  it('pages through the roster and searches it by NPI or name', async () => {
    const cookie = await signIn();
    expect(portal.stats().logins).toBe(1);
    const first = await text('/roster', cookie);
    expect(first).toContain('Showing 1–15 of 60 providers');
    expect(first).toContain('Page 1 of 4');
    expect(first.match(/<tr><td><a href="\/providers\//g)).toHaveLength(15);
    const last = await text('/roster?page=4', cookie);
    expect(last).toContain('Showing 46–60 of 60 providers');
    expect(last).not.toContain('Next ›');

    const p = caqhData(SEED).providers[17]!;
    const byNpi = await text(`/roster?q=${p.npi}`, cookie);
    expect(byNpi).toContain('Showing 1–1 of 1 providers');
    expect(byNpi).toContain(`/providers/${p.caqhId}`);
    const byName = await text(`/roster?q=${encodeURIComponent(p.lastName.toLowerCase())}`, cookie);
    expect(byName).toContain(`/providers/${p.caqhId}`);
    expect(await text('/roster?q=1999999999', cookie)).toContain('No providers found');
    expect((await get(`/roster?q=${'x'.repeat(61)}`, cookie)).status).toBe(400);
  });

  it('shows profile status, attestation dates and authorized plans in its own date format', async () => {
    const cookie = await signIn();
    const p = caqhData(SEED).providers.find((x) => x.lastAttestationDate && x.enrollments.some((e) => e.expiryDate))!;
    const profile = await text(`/providers/${p.caqhId}`, cookie);
    expect(profile).toContain(`<dt>Profile Status</dt><dd>${p.profileStatusText}</dd>`);
    expect(profile).toContain(`<dt>Last Attestation Date</dt><dd>${caqhDate(p.lastAttestationDate!)}</dd>`);
    const plans = await text(`/providers/${p.caqhId}/plans`, cookie);
    for (const e of p.enrollments)
      expect(plans).toContain(
        `<td>${e.statusText}</td><td>${e.effectiveDate ? caqhDate(e.effectiveDate) : 'N/A'}</td>`,
      );
    expect((await get('/providers/00000000', cookie)).status).toBe(404);
    portal.setFaults({ layout: 'v2' });
    const v2 = await text(`/providers/${p.caqhId}`, cookie);
    expect(v2).toContain('Attestation status');
    expect(v2).not.toContain('Profile Status');
  });

  it('locks the account after 3 bad passwords, even for the right one', async () => {
    for (let i = 1; i <= 2; i++)
      expect(
        (await fetch(`${portal.url}/signin`, form({ username: account!.username, password: 'wrong' }))).status,
      ).toBe(401);
    const third = await fetch(`${portal.url}/signin`, form({ username: account!.username, password: 'wrong' }));
    expect(third.status).toBe(403);
    expect(await third.text()).toContain('locked');
    const right = await fetch(
      `${portal.url}/signin`,
      form({ username: account!.username, password: account!.password }),
    );
    expect(right.status).toBe(403);
    expect(portal.stats()).toMatchObject({ lockouts: 1, passwordAttempts: 4, logins: 0 });
  });

  it('rejects a wrong authentication code', async () => {
    const res = await fetch(`${portal.url}/signin`, form({ username: account!.username, password: account!.password }));
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const verify = await fetch(`${portal.url}/signin/verify`, form({ authCode: '000000' }, cookie));
    expect(verify.status).toBe(401);
    expect(await verify.text()).toContain('incorrect');
    expect(portal.stats()).toMatchObject({ logins: 0, failedMfa: 1 });
  });

  it('re-challenges MFA and expires sessions on demand', async () => {
    const cookie = await signIn();
    portal.setFaults({ mfaRechallenge: true });
    const res = await get('/roster', cookie);
    expect(res.headers.get('location')).toBe('/signin/verify');
    expect(await text('/signin/verify', cookie)).toContain('verify your identity again');
    portal.setFaults({ expireSessions: true });
    expect((await get('/roster', cookie)).headers.get('location')).toBe('/signin?timeout=1');
  });

  it('answers 429 with Retry-After, 503 for maintenance, and validates faults', async () => {
    await fetch(`${portal.url}/__admin/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rateLimit: 1, retryAfterSec: 9 }),
    });
    const limited = await get('/signin');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('9');
    expect((await get('/signin')).status).toBe(200);
    portal.setFaults({ maintenance: true });
    expect((await get('/signin')).status).toBe(503);
    const bad = await fetch(`${portal.url}/__admin/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ layout: 'v3' }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain('layout');
    expect(portal.faults()).toMatchObject({ lockoutAfter: 3, sessionTtlMs: 1_200_000 });
  });

  it('serves stats and ground truth', async () => {
    const truth = await (await fetch(`${portal.url}/__admin/truth`)).json();
    expect(truth).toEqual({ schemaVersion: 1, seed: SEED, portals: { caqh: portal.truth } });
    const stats = (await (await fetch(`${portal.url}/__admin/stats`)).json()) as Record<string, unknown>;
    expect(stats).toMatchObject({ logins: {}, loginCount: 0, passwordAttempts: 0 });
  });
});
