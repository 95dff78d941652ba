// The UHC-like portal's reconsideration request over HTTP: the three steps
// and their validation, PDF-only uploads with a size limit and the
// uploadFails fault, one reconsideration in review per claim, tracking, and
// decisions through the admin endpoint or after the configured delay.
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { trackingNumberFor } from '../../../mock-portals/shared/reconsiderations.ts';
import { uhcAccounts } from '../../../mock-portals/uhc/data.ts';
import { startUhcPortal } from '../../../mock-portals/uhc/index.ts';

const SEED = 11;
const [account] = uhcAccounts(SEED);
let portal: Awaited<ReturnType<typeof startUhcPortal>>;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

beforeAll(async () => {
  portal = await startUhcPortal({ seed: SEED, port: 0 });
});
afterAll(async () => portal?.close());
beforeEach(() => portal.reset());

const form = (body: Record<string, string>, cookie: string) => ({
  method: 'POST',
  redirect: 'manual' as const,
  headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
  body: new URLSearchParams(body).toString(),
});
const get = (path: string, cookie: string) =>
  fetch(`${portal.url}${path}`, { redirect: 'manual', headers: { cookie } });

async function signIn(tin: string): Promise<string> {
  const pw = await fetch(`${portal.url}/login/password`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: account!.username, password: account!.password }).toString(),
  });
  const cookie = (pw.headers.get('set-cookie') ?? '').split(';')[0] as string;
  await fetch(
    `${portal.url}/verify`,
    form({ otp: TOTP.generate({ secret: Secret.fromBase32(account!.totpSecret) }) }, cookie),
  );
  await fetch(`${portal.url}/select-tin`, form({ tin, returnTo: '/claims' }, cookie));
  return cookie;
}

function upload(path: string, cookie: string, name: string, bytes: Buffer) {
  const body = new FormData();
  body.append('document', new Blob([new Uint8Array(bytes)], { type: 'application/pdf' }), name);
  return fetch(`${portal.url}${path}`, { method: 'POST', redirect: 'manual', headers: { cookie }, body });
}

/** Denied claims (with a letter) without seeded history. */
const openDenied = () => {
  const seeded = new Set(portal.truth.reconsiderations.map((r) => r.claimNumber));
  return portal.truth.claims.filter((c) => c.denial && !seeded.has(c.claimNumber));
};

async function fillToReview(claimNumber: string, cookie: string): Promise<string> {
  const base = `/claims/${claimNumber}/reconsideration`;
  const step1 = await get(base, cookie);
  expect(await step1.text()).toContain('Step 1: Reason');
  const reason = await fetch(
    `${portal.url}${base}/reason`,
    form(
      { reason: 'MEDNEC', argument: 'The attached notes document medical necessity.', procedureCode: '99214' },
      cookie,
    ),
  );
  expect(reason.headers.get('location')).toBe(`${base}/attachments`);
  const up = await upload(`${base}/attachments`, cookie, 'appeal-packet.pdf', PDF);
  expect(up.headers.get('location')).toBe(`${base}/attachments`);
  const done = await fetch(`${portal.url}${base}/attachments/done`, form({}, cookie));
  expect(done.headers.get('location')).toBe(`${base}/review`);
  return base;
}

describe('UHC-like reconsideration request', () => {
  it('walks reason, attachments and review to a confirmation with a deterministic tracking number', async () => {
    const claim = openDenied()[0]!;
    const cookie = await signIn(claim.tin);
    const detail = await (await get(`/claims/${claim.claimNumber}`, cookie)).text();
    expect(detail).toContain('Request Reconsideration');
    const base = await fillToReview(claim.claimNumber, cookie);
    const review = await (await get(`${base}/review`, cookie)).text();
    for (const shown of ['Medical necessity', '99214', 'appeal-packet.pdf', 'document medical necessity'])
      expect(review).toContain(shown);
    expect((await fetch(`${portal.url}/__admin/reconsiderations`).then((r) => r.json())).reconsiderations).toHaveLength(
      2,
    );

    const submit = await fetch(`${portal.url}${base}/submit`, form({}, cookie));
    expect(submit.status).toBe(303);
    const tracking = trackingNumberFor(SEED, 'uhc', 'RCN', claim.claimNumber);
    expect(submit.headers.get('location')).toBe(`/reconsiderations/${tracking}/confirmation`);
    expect(await (await get(submit.headers.get('location')!, cookie)).text()).toContain(tracking);

    const truth = (await fetch(`${portal.url}/__admin/truth`).then((r) => r.json())).portals.uhc;
    const mine = truth.reconsiderations.filter((r: { claimNumber: string }) => r.claimNumber === claim.claimNumber);
    expect(mine).toMatchObject([
      { trackingNumber: tracking, reason: 'MEDNEC', correctedFields: { procedureCode: '99214' }, status: 'in_review' },
    ]);
    expect(mine[0].attachments[0]).toMatchObject({ fileName: 'appeal-packet.pdf', byteSize: PDF.length });
  });

  it('validates each step: a reason, an explanation, PDF only, at least one document', async () => {
    const claim = openDenied()[1]!;
    const cookie = await signIn(claim.tin);
    const base = `/claims/${claim.claimNumber}/reconsideration`;
    const noReason = await fetch(`${portal.url}${base}/reason`, form({ reason: '', argument: 'x'.repeat(30) }, cookie));
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain('Select a reconsideration reason.');
    expect((await get(`${base}/attachments`, cookie)).headers.get('location')).toBe(base);
    await fetch(
      `${portal.url}${base}/reason`,
      form({ reason: 'CODING', argument: 'The modifier 25 was appropriate here.' }, cookie),
    );
    const notPdf = await upload(`${base}/attachments`, cookie, 'notes.txt', Buffer.from('plain text'));
    expect(await notPdf.text()).toContain('Only PDF documents can be attached.');
    const big = await upload(
      `${base}/attachments`,
      cookie,
      'big.pdf',
      Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]),
    );
    expect(big.status).toBe(413);
    expect(await big.text()).toContain('10 MB or smaller');
    const none = await fetch(`${portal.url}${base}/attachments/done`, form({}, cookie));
    expect(await none.text()).toContain('Attach at least one document.');
  });

  it('fails uploads with an error on the page under the uploadFails fault, attaching nothing', async () => {
    const claim = openDenied()[2]!;
    const cookie = await signIn(claim.tin);
    const base = `/claims/${claim.claimNumber}/reconsideration`;
    await fetch(
      `${portal.url}${base}/reason`,
      form({ reason: 'AUTH', argument: 'Authorization 12345 was on file.' }, cookie),
    );
    portal.setFaults({ uploadFails: true });
    const res = await upload(`${base}/attachments`, cookie, 'packet.pdf', PDF);
    const page = await res.text();
    expect(page).toContain('role="alert">Upload failed');
    expect(page).toContain('No documents attached.');
  });

  it('refuses a second reconsideration while one is in review, naming its tracking number', async () => {
    const claim = openDenied()[3]!;
    const cookie = await signIn(claim.tin);
    const base = await fillToReview(claim.claimNumber, cookie);
    await fetch(`${portal.url}${base}/submit`, form({}, cookie));
    const tracking = trackingNumberFor(SEED, 'uhc', 'RCN', claim.claimNumber);
    const again = await get(base, cookie);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain(
      `A reconsideration for this claim is already in progress (tracking ${tracking}).`,
    );
    const list = (await fetch(`${portal.url}/__admin/reconsiderations`).then((r) => r.json())).reconsiderations;
    expect(list.filter((r: { claimNumber: string }) => r.claimNumber === claim.claimNumber)).toHaveLength(1);
  });

  it('shows the decision on the tracking page once issued by the admin endpoint or after the delay', async () => {
    const [first, second] = openDenied().slice(4, 6);
    const cookie = await signIn(first!.tin);
    await fetch(`${portal.url}${await fillToReview(first!.claimNumber, cookie)}/submit`, form({}, cookie));
    const tracking = trackingNumberFor(SEED, 'uhc', 'RCN', first!.claimNumber);
    const search = await fetch(
      `${portal.url}/reconsiderations/search`,
      form({ trackingNumber: tracking.toLowerCase() }, cookie),
    );
    expect(search.headers.get('location')).toBe(`/reconsiderations/${tracking}`);
    expect(await (await get(`/reconsiderations/${tracking}`, cookie)).text()).toContain('<dd>In Review</dd>');
    const decide = await fetch(`${portal.url}/__admin/reconsiderations/${tracking}/decide`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ decision: 'partially_paid', amount: 40.5 }),
    });
    expect(decide.status).toBe(200);
    const decided = await (await get(`/reconsiderations/${tracking}`, cookie)).text();
    expect(decided).toContain('<dd>Partially Overturned</dd>');
    expect(decided).toContain('<dd>40.50</dd>');
    expect((await get('/reconsiderations/RCN0000000000', cookie)).status).toBe(404);

    const cookie2 = await signIn(second!.tin);
    portal.setFaults({ reconsiderationDecisionMs: 1_000 });
    await fetch(`${portal.url}${await fillToReview(second!.claimNumber, cookie2)}/submit`, form({}, cookie2));
    const t2 = trackingNumberFor(SEED, 'uhc', 'RCN', second!.claimNumber);
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await (await get(`/reconsiderations/${t2}`, cookie2)).text()).toContain('<dd>Overturned</dd>');
  });
});
