// Routing by remark code (data/rarc-routing.json): a RARC more specific than
// the CARC decides the team; a specific CARC keeps its own route; a bad edit
// of the table fails naming the file and the field.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assess } from '../../../orchestrator/denials/assess.ts';
import { detectDenial, factsFromObservation } from '../../../orchestrator/denials/facts.ts';
import { fromDenialDetails } from '../../../orchestrator/denials/observation.ts';
import { defaultHandling, defaultPolicy } from '../../../orchestrator/denials/policy-data.ts';
import { loadRarcRouting, parseRarcRouting, routeDenial } from '../../../orchestrator/denials/rarc-routing.ts';
import { CLAIM_ID } from './fixtures.ts';

const raw = () =>
  JSON.parse(readFileSync(new URL('../../../orchestrator/denials/data/rarc-routing.json', import.meta.url), 'utf8'));

describe('RARC routing data file', () => {
  it('validates; every route names a source and a category of either table', () => {
    const t = loadRarcRouting();
    expect(t.routes.map((r) => r.rarc)).toEqual(expect.arrayContaining(['N290', 'MA04', 'N30']));
    for (const r of t.routes) expect(r.source.length, r.rarc).toBeGreaterThan(20);
  });

  it('a bad edit fails with the file name and the field', () => {
    const dup = raw();
    dup.routes.push({ ...dup.routes[0], source: 'a second route for the same code' });
    expect(() => parseRarcRouting(dup)).toThrow(/rarc-routing\.json: routes\.\d+\.rarc: RARC N290 is routed twice/);
    const unknown = raw();
    unknown.routes[0].category = 'no-such-team';
    expect(() => parseRarcRouting(unknown)).toThrow(/routes\.0\.category: "no-such-team" is neither/);
    const code = raw();
    code.routes[0].rarc = '16';
    expect(() => parseRarcRouting(code)).toThrow(/routes\.0\.rarc: must be a RARC code/);
  });

  it('has handling for every category it adds', () => {
    for (const c of loadRarcRouting().categories)
      expect(Object.keys(defaultHandling.categories), c.category).toContain(c.category);
  });
});

describe('routeDenial', () => {
  it('N290 with CARC 16 (lacks information) goes to provider enrollment, not coding', () => {
    expect(routeDenial('16')).toMatchObject({ category: 'coding', by: 'carc' });
    expect(routeDenial('16', ['N290'])).toMatchObject({
      code: '16',
      category: 'credentialing',
      owner: 'provider-enrollment',
      by: 'rarc',
      rarc: 'N290',
      routed: true,
    });
  });

  it('MA04 goes to patient access (COB), N30 to eligibility, when the CARC is generic or unknown', () => {
    expect(routeDenial('16', ['MA04'])).toMatchObject({
      category: 'coordination-of-benefits',
      owner: 'patient-access',
    });
    // 96 is in no CARC category: triage, unless a remark code says who fixes it.
    expect(routeDenial('96')).toMatchObject({ category: 'triage', by: 'carc', routed: false });
    expect(routeDenial('96', ['n30'])).toMatchObject({ category: 'eligibility', owner: 'front-desk-vob', rarc: 'N30' });
    expect(routeDenial('', ['N30'])).toMatchObject({ category: 'eligibility', by: 'rarc' });
  });

  it('a specific CARC keeps its route; unrouted RARCs are skipped in favour of the first routed one', () => {
    expect(routeDenial('197', ['N290'])).toMatchObject({ category: 'authorization', by: 'carc' });
    expect(routeDenial('16', ['M15', 'MA04', 'N290'])).toMatchObject({ by: 'rarc', rarc: 'MA04' });
    expect(routeDenial('16', ['M15'])).toMatchObject({ category: 'coding', by: 'carc' });
    // The first routed remark code decides: a coding RARC before an authorization one keeps it with the coders.
    expect(routeDenial('16', ['M51', 'N54'])).toMatchObject({ category: 'coding', by: 'rarc', rarc: 'M51' });
    expect(routeDenial('16', ['N54', 'M51'])).toMatchObject({ category: 'authorization', rarc: 'N54' });
  });
});

describe('the work item routes by the RARC', () => {
  it('a denial-details observation with CARC 16 + N290 is assessed for provider enrollment', () => {
    const o = fromDenialDetails({
      claimId: CLAIM_ID,
      resultId: 'r1',
      observedAt: '2026-10-05T12:00:00.000Z',
      data: { carcCodes: [{ code: '16', group: 'CO', amount: 400 }], remarkCodes: ['N290'], deniedAmount: 400 },
    });
    const f = factsFromObservation(o);
    const signal = detectDenial(f, defaultHandling.nonDenialCarcs)!;
    expect(signal.primaryCarc).toBe('16');
    const a = assess(f, signal, defaultPolicy(), new Date('2026-10-05T12:00:00.000Z'));
    expect(a).toMatchObject({ rootCause: 'credentialing', team: 'provider-enrollment', route: 'corrected_claim' });
  });
});
