// The organisation's CARC routing table (DESIGN.md "CARC routing").
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadRouting, parseRouting, routeCarc } from '../../../orchestrator/denials/carc-routing.ts';

const raw = () =>
  JSON.parse(readFileSync(new URL('../../../orchestrator/denials/data/carc-routing.json', import.meta.url), 'utf8'));

describe('routing data file', () => {
  it('validates, and a bad edit fails with the file name and the problem', () => {
    expect(parseRouting(raw()).categories.length).toBeGreaterThanOrEqual(9);
    const r = raw();
    r.categories[1].carcs.push('27');
    expect(() => parseRouting(r)).toThrow(/CARC 27 is routed to both/);
  });
});

describe('CARC routing', () => {
  it('routes per DESIGN.md', () => {
    const cases: [string, string][] = [
      ['27', 'eligibility'],
      ['31', 'eligibility'],
      ['177', 'eligibility'],
      ['197', 'authorization'],
      ['198', 'authorization'],
      ['4', 'coding'],
      ['6', 'coding'],
      ['7', 'coding'],
      ['9', 'coding'],
      ['11', 'coding'],
      ['16', 'coding'],
      ['18', 'duplicate'],
      ['50', 'medical-necessity'],
      ['55', 'experimental'],
      ['29', 'timely-filing'],
      ['22', 'coordination-of-benefits'],
      ['23', 'coordination-of-benefits'],
      ['45', 'contractual'],
    ];
    for (const [code, category] of cases) expect(routeCarc(code), code).toMatchObject({ category, routed: true });
    expect(routeCarc('197').owner).toBe('prior-auth');
    expect(routeCarc('50').owner).toBe(routeCarc('55').owner);
  });

  it('unknown codes go to triage, never dropped', () => {
    expect(routeCarc('96')).toMatchObject({ category: 'triage', owner: 'denial-triage', routed: false });
    expect(routeCarc(undefined)).toMatchObject({ category: 'triage', routed: false });
    expect(loadRouting().triage.owner).toBe('denial-triage');
  });
});
