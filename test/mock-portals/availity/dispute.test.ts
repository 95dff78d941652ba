// The Availity-like portal's claim dispute over HTTP: the two steps and their
// validation (reason, explanation, PDF only, 10 MB, the uploadFails fault),
// only denied claims, one dispute in progress per claim, and the decision on
// the status page after the configured delay.
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availityAccounts, startAvailityPortal } from '../../../mock-portals/index.ts';
import { SAMPLE_PDF, trackingNumberFor } from '../../../mock-portals/shared/reconsiderations.ts';

const SEED = 11;
let portal: Awaited<ReturnType<typeof startAvailityPortal>>;
let cookie: string;
const [account] = availityAccounts(SEED);

const form = (body: Record<string, string>, c?: string) => ({
  method: 'POST',
  redirect: 'manual' as const,
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...(c ? { cookie: c } : {}) },
  body: new URLSearchParams(body).toString(),
});
const get = (path: string) => fetch(`${portal.url}${path}`, { redirect: 'manual', headers: { cookie } });

beforeAll(async () => {
  portal = await startAvailityPortal({ seed: SEED, port: 0 });
  const res = await fetch(`${portal.url}/login`, form({ userId: account!.username, password: account!.password }));
  cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
  await fetch(
    `${portal.url}/mfa`,
    form({ code: TOTP.generate({ secret: Secret.fromBase32(account!.totpSecret) }) }, cookie),
  );
});
afterAll(async () => portal?.close());

function details(claimNumber: string, fields: Record<string, string>, file?: { name: string; bytes: Buffer }) {
  const body = new FormData();
  body.append('claimNumber', claimNumber);
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  if (file) body.append('document', new Blob([new Uint8Array(file.bytes)], { type: 'application/pdf' }), file.name);
  return fetch(`${portal.url}/claims/disputes/review`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie },
    body,
  });
}
const good = { reason: 'AUTH', argument: 'Authorization AUTH-1 was on file for this date.' };
const open = () => {
  const seeded = new Set(portal.truth.reconsiderations.map((r) => r.claimNumber));
  return portal.truth.claims.filter((c) => c.scenario === 'denied' && !seeded.has(c.claimNumber));
};

describe('Availity-like claim dispute', () => {
  it('validates step 1, refuses what is not a PDF or too large, and fails uploads under the fault', async () => {
    const c = open()[0]!.claimNumber;
    expect(await (await get(`/claims/disputes/new?claimNumber=${c}`)).text()).toContain('Step 1 of 2');
    expect(await (await details(c, { ...good, reason: '' })).text()).toContain('Choose a dispute reason.');
    expect(await (await details(c, good)).text()).toContain('Attach supporting documentation.');
    const txt = await details(c, good, { name: 'notes.txt', bytes: Buffer.from('text') });
    expect(await txt.text()).toContain('must be a PDF');
    const big = await details(c, good, {
      name: 'big.pdf',
      bytes: Buffer.concat([SAMPLE_PDF, Buffer.alloc(10 * 1024 * 1024)]),
    });
    expect(big.status).toBe(413);
    portal.setFaults({ uploadFails: true });
    const failed = await details(c, good, { name: 'packet.pdf', bytes: SAMPLE_PDF });
    portal.setFaults({ uploadFails: false });
    expect(failed.status).toBe(422);
    expect(await failed.text()).toContain('could not upload your document');
    const paid = portal.truth.claims.find((x) => x.scenario === 'paid')!.claimNumber;
    expect((await get(`/claims/disputes/new?claimNumber=${paid}`)).status).toBe(400);
    expect((await fetch(`${portal.url}/__admin/reconsiderations`).then((r) => r.json())).reconsiderations).toHaveLength(
      2,
    );
  });

  it('reviews, submits once, refuses a second dispute naming its ID, and shows the decision after the delay', async () => {
    const c = open()[1]!.claimNumber;
    const step1 = await details(c, { ...good, procedureCode: '99213' }, { name: 'packet.pdf', bytes: SAMPLE_PDF });
    expect(step1.headers.get('location')).toBe(`/claims/disputes/review?claimNumber=${c}`);
    const review = await (await get(`/claims/disputes/review?claimNumber=${c}`)).text();
    for (const shown of ['Authorization on file', '99213', 'packet.pdf']) expect(review).toContain(shown);
    portal.setFaults({ reconsiderationDecisionMs: 500 });
    const submit = await fetch(`${portal.url}/claims/disputes/submit`, form({ claimNumber: c }, cookie));
    const id = trackingNumberFor(SEED, 'availity', 'DSP', c);
    expect(submit.headers.get('location')).toBe(`/claims/disputes/${id}/confirmation`);
    const again = await get(`/claims/disputes/new?claimNumber=${c}`);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain(`A dispute for this claim is already in progress (tracking ${id}).`);
    await new Promise((r) => setTimeout(r, 600));
    const status = await (await get(`/claims/disputes/${id}`)).text();
    portal.setFaults({ reconsiderationDecisionMs: 0 });
    expect(status).toContain('<td>Closed</td>');
    expect(status).toContain('<td>Overturned</td>');
    const truth = (await fetch(`${portal.url}/__admin/truth`).then((r) => r.json())).portals.availity;
    expect(truth.reconsiderations.filter((r: { claimNumber: string }) => r.claimNumber === c)).toHaveLength(1);
  });
});
