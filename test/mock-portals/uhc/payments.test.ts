// Payments & Remittance of the UHC-like mock over plain HTTP: payments come
// from the same seeded claims as the claim screens, each 835 parses to the
// truth and balances, split remittances come as a ZIP of several 835s, every
// payment has a PDF remittance advice, and everything is scoped to the TIN.
import { createHash } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readZip } from '../../../bots/runtime/zip.ts';
import { uhcAccounts, uhcData } from '../../../mock-portals/uhc/data.ts';
import { startUhcPortal } from '../../../mock-portals/uhc/index.ts';
import { uhcPaymentTruth } from '../../../mock-portals/uhc/remits.ts';
import { parse835Text } from '../../../x12/index.ts';

const SEED = 7;
const [account] = uhcAccounts(SEED);
let portal: Awaited<ReturnType<typeof startUhcPortal>>;
let cookie: string;

const form = (body: Record<string, string>, c?: string) => ({
  method: 'POST',
  redirect: 'manual' as const,
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...(c ? { cookie: c } : {}) },
  body: new URLSearchParams(body).toString(),
});
const get = (path: string) => fetch(`${portal.url}${path}`, { redirect: 'manual', headers: { cookie } });
const us = (iso: string) => iso.replace(/(\d+)-(\d+)-(\d+)/, '$2/$3/$1');
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  portal = await startUhcPortal({ seed: SEED, port: 0 });
  const pw = await fetch(
    `${portal.url}/login/password`,
    form({ username: account!.username, password: account!.password }),
  );
  cookie = (pw.headers.get('set-cookie') ?? '').split(';')[0] as string;
  await fetch(
    `${portal.url}/verify`,
    form({ otp: TOTP.generate({ secret: Secret.fromBase32(account!.totpSecret) }) }, cookie),
  );
});
afterAll(async () => portal?.close());

async function selectTin(tin: string): Promise<void> {
  const res = await fetch(`${portal.url}/select-tin`, form({ tin, returnTo: '/payments' }, cookie));
  expect(res.headers.get('location')).toBe('/payments');
}

describe('UHC-like payments', () => {
  const payments = uhcPaymentTruth(SEED);
  const claims = new Map(uhcData(SEED).claims.map((c) => [c.claimNumber, c]));

  it('pays every paid claim once, from the seeded claims; split remittances are zipped', () => {
    const paid = uhcData(SEED).claims.filter((c) => c.paidCents > 0);
    const inPayments = payments.flatMap((p) => p.claimNumbers);
    expect(new Set(inPayments).size).toBe(inPayments.length);
    for (const c of paid) expect(inPayments).toContain(c.claimNumber);
    expect(payments.some((p) => p.archiveFileName !== null && p.files.length > 1)).toBe(true);
    for (const p of payments) {
      expect(p.claimNumbers.every((n) => claims.get(n)!.tin === p.tin)).toBe(true);
      const cents = p.claimNumbers.reduce((s, n) => s + claims.get(n)!.paidCents, 0);
      expect(Math.round(p.amount * 100)).toBe(cents);
      // The files of a split remittance add up to the payment.
      const filed = p.files.reduce((s, f) => s + Math.round(f.transactions[0]!.payment.amount * 100), 0);
      expect(filed).toBe(cents);
    }
  });

  it('lists a TIN’s payments in a range, with 835 (or ZIP) and PDF downloads matching the truth', async () => {
    const zipped = payments.find((p) => p.archiveFileName !== null)!;
    await selectTin(zipped.tin);
    const from = zipped.paymentDate;
    const to = zipped.paymentDate;
    const list = await (await get(`/payments?from=${us(from)}&to=${us(to)}`)).text();
    const here = payments.filter((p) => p.tin === zipped.tin && p.paymentDate >= from && p.paymentDate <= to);
    expect(list).toContain(`${here.length} payment`);
    expect(list).toContain(zipped.archiveFileName!);
    expect(list).toContain(zipped.traceNumber);

    const zip = await get(`/payments/${zipped.id}/835`);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    const members = readZip(Buffer.from(await zip.arrayBuffer()));
    expect(members.map((m) => m.name)).toEqual(zipped.files.map((f) => f.expected.fileName));
    for (const [i, m] of members.entries()) {
      const f = zipped.files[i]!;
      expect(sha(m.bytes)).toBe(f.expected.sha256);
      const tx = parse835Text(m.bytes).transactions;
      expect(tx).toEqual(f.transactions);
      expect(tx[0]!.balance.ok).toBe(true);
      expect(tx[0]!.claims.map((c) => c.payerClaimControlNumber)).toEqual(f.claimNumbers);
    }
    const pdf = await get(`/payments/${zipped.id}/pdf`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-');

    const plain = payments.find((p) => p.tin === zipped.tin && p.archiveFileName === null)!;
    const one = await get(`/payments/${plain.id}/835`);
    expect(one.headers.get('content-type')).toContain('application/edi-x12');
    expect(sha(Buffer.from(await one.arrayBuffer()))).toBe(plain.files[0]!.expected.sha256);
  });

  it('scopes payments to the selected TIN and refuses bad ranges', async () => {
    const [a, b] = [payments[0]!, payments.find((p) => p.tin !== payments[0]!.tin)!];
    await selectTin(a.tin);
    expect((await get(`/payments/${b.id}/835`)).status).toBe(404);
    expect((await get(`/payments/${b.id}/pdf`)).status).toBe(404);
    expect((await get(`/payments/${a.id}/835`)).status).toBe(200);
    const bad = await get('/payments?from=13/45/2025&to=01/01/2025');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('role="alert"');
    const none = await (await get('/payments?from=01/01/2020&to=01/31/2020')).text();
    expect(none).toMatch(/No payments found/);
    // The list pages: every payment of the TIN over the whole period, 10 a page.
    const all = payments.filter((p) => p.tin === a.tin);
    const first = await (await get('/payments?from=01/01/2020&to=12/31/2030')).text();
    expect(first).toContain(`${all.length} payments`);
    expect(first).toContain(`Page 1 of ${Math.ceil(all.length / 10)}`);
  });
});
