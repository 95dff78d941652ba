// Issue #16 item 13: ops watch run health, not claims. GET /runs/:id and
// /runs/:id/export give ops how each lookup ended (outcome, error class,
// evidence count, timing) and nothing of the claim: no claim number, no
// amounts, no codes. On the code before this change ops received the billing
// team's full rows (claim number, billed amount, CARCs) from both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEALTH_COLUMNS } from '../../../orchestrator/platform/worklists/export.ts';
import { seedDenial, type SeededDenial } from './seed.ts';
import { createApiFixture, type ApiFixture } from './setup.ts';

let f: ApiFixture;
let s: SeededDenial;
/** In the seeded result: the claim number, its billed amount, its CARC and RARC. */
const CLAIM_FACTS = ['RH-30001', '420.5', 'CO-197', '"carc"', 'N54', 'Denied'];

beforeAll(async () => {
  f = await createApiFixture('apirunhealth', { dashboard: false });
  s = await seedDenial(f.h, 'RH-30001');
}, 60_000);
afterAll(async () => {
  await f?.close();
});

const get = (role: 'ops' | 'billing' | 'admin', url: string) =>
  f.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${f.keys[role]}` } });

describe('ops see run health only', () => {
  it('GET /runs/:id', async () => {
    const ops = await get('ops', `/api/v1/runs/${s.runId}`);
    expect(ops.statusCode).toBe(200);
    const body = ops.json();
    expect(body.outcomes).toEqual({ found: 1, not_found: 0, ambiguous_match: 0, failed: 0 });
    expect(body.results).toEqual([
      {
        jobId: s.jobId,
        payerId: 'aetna',
        outcome: 'found',
        errorClass: null,
        evidenceCount: 0,
        finishedAt: expect.any(String),
      },
    ]);
    for (const fact of CLAIM_FACTS) expect(ops.body, fact).not.toContain(fact);
    // The billing team (and admin) keep the full rows.
    for (const role of ['billing', 'admin'] as const) {
      const full = await get(role, `/api/v1/runs/${s.runId}`);
      expect(full.json().results[0]).toMatchObject({ claimNumber: 'RH-30001', data: { billedAmount: 420.5 } });
    }
  });

  it('GET /runs/:id/export as CSV and JSON', async () => {
    const csv = await get('ops', `/api/v1/runs/${s.runId}/export?format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body.split('\n')[0]).toBe(HEALTH_COLUMNS.join(','));
    const json = await get('ops', `/api/v1/runs/${s.runId}/export?format=json`);
    expect(json.json().results).toHaveLength(1);
    for (const body of [csv.body, json.body]) for (const fact of CLAIM_FACTS) expect(body, fact).not.toContain(fact);
    const billing = await get('billing', `/api/v1/runs/${s.runId}/export?format=csv`);
    expect(billing.body).toContain('RH-30001');
    expect(billing.body).toContain('CO-197');
  });
});
