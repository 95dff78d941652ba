// The UHC-like mock portal over plain HTTP: seeded data shape, sign-in steps,
// TIN scoping, paginated results and CSV export, letters, faults, lockout.
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { uhcAccounts } from '../../../mock-portals/uhc/data.ts';
import { groundTruth } from '../../../mock-portals/truth.ts';
import { addMonths, UHC_STATUS, uhcData } from '../../../mock-portals/uhc/data.ts';
import { startUhcPortal } from '../../../mock-portals/uhc/index.ts';

const SEED = 7;
const [account, second] = uhcAccounts(SEED);
let portal: Awaited<ReturnType<typeof startUhcPortal>>;

beforeAll(async () => {
  portal = await startUhcPortal({ seed: SEED, port: 0 });
});
afterAll(async () => portal?.close());
beforeEach(() => portal.reset());

const form = (body: Record<string, string>, cookie?: string) => ({
  method: 'POST',
  redirect: 'manual' as const,
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
  body: new URLSearchParams(body).toString(),
});
const get = (path: string, cookie: string) =>
  fetch(`${portal.url}${path}`, { redirect: 'manual', headers: { cookie } });
const us = (iso: string) => iso.replace(/(\d+)-(\d+)-(\d+)/, '$2/$3/$1');

async function signIn(who = account!): Promise<string> {
  const pw = await fetch(`${portal.url}/login/password`, form({ username: who.username, password: who.password }));
  expect(pw.headers.get('location')).toBe('/verify');
  const cookie = (pw.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const mfa = await fetch(
    `${portal.url}/verify`,
    form({ otp: TOTP.generate({ secret: Secret.fromBase32(who.totpSecret) }) }, cookie),
  );
  expect(mfa.headers.get('location')).toBe('/select-tin');
  return cookie;
}
async function selectTin(cookie: string, tin: string, returnTo = '/claims'): Promise<void> {
  const res = await fetch(`${portal.url}/select-tin`, form({ tin, returnTo }, cookie));
  expect(res.status).toBe(302);
  expect(res.headers.get('location')).toBe(returnTo);
}

describe('UHC-like seeded data', () => {
  const data = uhcData(SEED);
  it('has 150+ claims with every 277 category, balanced amounts, zero-pay, underpaid and denied claims', () => {
    expect(data.claims.length).toBeGreaterThanOrEqual(150);
    expect(new Set(data.claims.map((c) => c.statusCategory))).toEqual(new Set(Object.keys(UHC_STATUS)));
    for (const c of data.claims.filter((x) => x.allowedCents !== null)) {
      expect(c.billedCents - c.paidCents - c.adjustments.reduce((s, a) => s + a.amountCents, 0), c.claimNumber).toBe(0);
      expect(c.patientRespCents).toBe(
        c.adjustments.filter((a) => a.group === 'PR').reduce((s, a) => s + a.amountCents, 0),
      );
    }
    const scenarios = new Set(data.claims.map((c) => c.scenario));
    for (const s of ['paid', 'underpaid', 'zero_pay', 'denied', 'revised', 'pending', 'rejected'])
      expect(scenarios).toContain(s);
    expect(
      data.claims
        .filter((c) => c.letter)
        .every((c) => c.scenario === 'denied' && c.letter!.appealDeadline === addMonths(c.serviceDate, 12)),
    ).toBe(true);
    expect(new Set(data.claims.map((c) => c.tin)).size).toBe(3);
  });

  it('puts the portal section in the ground truth, deterministic per seed', () => {
    const truth = groundTruth(SEED).portals.uhc;
    expect(truth.claims).toHaveLength(data.claims.length);
    expect(truth.accounts.map((a) => a.tins.length)).toEqual([3, 2]);
    expect(JSON.stringify(groundTruth(SEED).portals.uhc)).toBe(JSON.stringify(truth));
    expect(JSON.stringify(truth)).not.toContain(account!.password);
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
  });
});

describe('UHC-like portal over HTTP', () => {
  const truth = () => portal.truth;

  it('signs in through username, password and authenticator code, then asks for a TIN', async () => {
    const user = await fetch(`${portal.url}/login/username`, form({ username: account!.username }));
    expect(await user.text()).toContain('Enter your password');
    expect(portal.stats().passwordAttempts).toBe(0);
    const cookie = await signIn();
    const claims = await get('/claims', cookie);
    expect(claims.headers.get('location')).toBe('/select-tin?returnTo=%2Fclaims');
    expect(portal.stats()).toMatchObject({ logins: 1, passwordAttempts: 1 });
  });

  it('scopes claim search, details and letters to the selected TIN', async () => {
    const cookie = await signIn();
    const [t1, , t3] = truth().tins.map((t) => t.tin);
    const claim = truth().claims.find((c) => c.tin === t3 && c.denial)!;
    await selectTin(cookie, t1!);
    const miss = await fetch(
      `${portal.url}/claims/search`,
      form({ mode: 'claim', claimNumber: claim.claimNumber }, cookie),
    );
    expect(await miss.text()).toContain('No claims found');
    expect((await get(`/claims/${claim.claimNumber}`, cookie)).status).toBe(404);
    await selectTin(cookie, t3!);
    const hit = await fetch(
      `${portal.url}/claims/search`,
      form({ mode: 'claim', claimNumber: claim.claimNumber.toLowerCase() }, cookie),
    );
    expect(hit.headers.get('location')).toBe(`/claims/${claim.claimNumber}`);
    const detail = await (await get(`/claims/${claim.claimNumber}`, cookie)).text();
    expect(detail).toContain(`<dd>${claim.expected.billedAmount.toFixed(2)}</dd>`);
    const docId = /\/documents\/(DL\d+)/.exec(detail)![1]!;
    const pdf = await get(`/documents/${docId}/pdf`, cookie);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    await selectTin(cookie, t1!);
    expect((await get(`/documents/${docId}`, cookie)).status).toBe(404);
  });

  it('pages member results 10 at a time and exports every row as CSV', async () => {
    const cookie = await signIn();
    const byKey = new Map<string, ReturnType<typeof truth>['claims']>();
    for (const c of truth().claims)
      byKey.set(`${c.memberId}|${c.tin}`, [...(byKey.get(`${c.memberId}|${c.tin}`) ?? []), c]);
    const list = [...byKey.values()].sort((a, z) => z.length - a.length)[0]!;
    expect(list.length).toBeGreaterThan(truth().pageSize);
    await selectTin(cookie, list[0]!.tin);
    const res = await fetch(
      `${portal.url}/claims/search`,
      form({ mode: 'member', memberId: list[0]!.memberId, dob: us(list[0]!.patient.dateOfBirth) }, cookie),
    );
    expect(res.headers.get('location')).toBe('/claims/results?page=1');
    const p1 = await (await get('/claims/results?page=1', cookie)).text();
    expect(p1).toContain(`Showing 1-10 of ${list.length} claims`);
    expect(p1).toContain('rel="next"');
    const last = Math.ceil(list.length / 10);
    const pl = await (await get(`/claims/results?page=${last}`, cookie)).text();
    expect(pl).not.toContain('rel="next"');
    const csv = (await (await get('/claims/results/export.csv', cookie)).text()).trim().split('\r\n');
    expect(csv[0]).toBe(
      'Claim Number,Tax ID,Member ID,Patient Last Name,Patient First Name,DOS,Billed Amount,Paid Amount,Status Category,Claim Status',
    );
    expect(
      csv
        .slice(1)
        .map((l) => l.split(',')[0])
        .sort(),
    ).toEqual(list.map((c) => c.claimNumber).sort());
    const bad = await fetch(
      `${portal.url}/claims/search`,
      form({ mode: 'dos', dosFrom: '02/30/2025', dosTo: '03/01/2025' }, cookie),
    );
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('MM/DD/YYYY');
  });

  it('locks an account after three bad passwords and validates admin fault input', async () => {
    for (let i = 0; i < 3; i++)
      await fetch(`${portal.url}/login/password`, form({ username: second!.username, password: 'wrong' }));
    const locked = await fetch(
      `${portal.url}/login/password`,
      form({ username: second!.username, password: second!.password }),
    );
    expect(locked.status).toBe(403);
    expect(await locked.text()).toContain('locked');
    expect(portal.stats()).toMatchObject({ lockouts: 1, failedPasswords: 3 });
    const badFault = await fetch(`${portal.url}/__admin/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ layout: 'v3' }),
    });
    expect(badFault.status).toBe(400);
    expect(((await badFault.json()) as { error: string }).error).toMatch(/^layout/);
    const ok = await fetch(`${portal.url}/__admin/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ maintenance: true }),
    });
    expect(ok.status).toBe(200);
    const down = await fetch(`${portal.url}/login`);
    expect(down.status).toBe(503);
    expect((await (await fetch(`${portal.url}/__admin/truth`)).json()) as object).toHaveProperty('portals.uhc.claims');
  });

  it('expires idle sessions after the configured time', async () => {
    const cookie = await signIn();
    await selectTin(cookie, truth().tins[0]!.tin);
    portal.setFaults({ sessionTtlMs: 1_000 });
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await get('/claims', cookie)).headers.get('location')).toBe('/login?timeout=1');
  });
});
