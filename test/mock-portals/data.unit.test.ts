import { describe, expect, it } from 'vitest';
import { ClaimStatusOutput } from '../../bots/runtime/tasks.ts';
import { availityData } from '../../mock-portals/availity/data.ts';
import { DEFAULT_SEED, demoCredentials, groundTruth, parseFaultsSpec } from '../../mock-portals/index.ts';

const cents = (n: number) => Math.round(n * 100);

describe('seeded mock data', () => {
  it('is deterministic per seed and differs across seeds', () => {
    expect(JSON.stringify(groundTruth(7))).toBe(JSON.stringify(groundTruth(7)));
    expect(JSON.stringify(groundTruth(7))).not.toBe(JSON.stringify(groundTruth(8)));
    expect(demoCredentials(7)).toEqual(demoCredentials(7));
    expect(demoCredentials(7).availity.password).not.toBe(demoCredentials(8).availity.password);
  });

  it('has a realistic demo account', () => {
    const c = demoCredentials(DEFAULT_SEED).availity;
    expect(c.totpSecret).toMatch(/^[A-Z2-7]{16}$/);
    expect(c.password.length).toBeGreaterThanOrEqual(12);
    expect(c.username).toMatch(/^[a-z]+\d{2}\.billing$/);
  });

  it('produces >= 200 unique claims whose expected output satisfies the contract', () => {
    const claims = groundTruth(DEFAULT_SEED).portals.availity.claims;
    expect(claims.length).toBeGreaterThanOrEqual(200);
    expect(new Set(claims.map((c) => c.claimNumber)).size).toBe(claims.length);
    for (const c of claims) {
      expect(ClaimStatusOutput.parse(c.expected)).toEqual(c.expected);
      expect(c.claimNumber).toMatch(/^(AET|CIG|ANT)\d{11}$/);
      expect(c.providerNpi).toMatch(/^\d{10}$/);
    }
    // Survives a JSON round trip unchanged (what /__admin/truth and the CLI serve).
    expect(JSON.parse(JSON.stringify(claims))).toEqual(claims);
  });

  it('balances amounts to the cent like an 835', () => {
    for (const c of availityData(DEFAULT_SEED).claims) {
      const adj = c.adjustments.reduce((s, a) => s + a.amountCents, 0);
      const pr = c.adjustments.filter((a) => a.group === 'PR').reduce((s, a) => s + a.amountCents, 0);
      if (c.allowedCents === null) {
        expect(c.adjustments).toEqual([]);
        expect(c.paidCents).toBe(0);
        continue;
      }
      expect(c.paidCents + adj).toBe(c.billedCents);
      expect(pr).toBe(c.patientRespCents);
      if (c.scenario === 'underpaid') expect(c.paidCents + c.patientRespCents).toBeLessThan(c.allowedCents);
      else if (c.scenario !== 'denied') expect(c.paidCents + c.patientRespCents).toBe(c.allowedCents);
      expect(c.checkNumber !== null).toBe(c.paidCents > 0);
    }
    for (const c of groundTruth(DEFAULT_SEED).portals.availity.claims) {
      for (const a of c.expected.adjustments) expect(cents(a.amount) / 100).toBe(a.amount);
    }
  });

  it('spreads 277 categories and includes denials, zero-pay and underpaid claims', () => {
    const claims = groundTruth(DEFAULT_SEED).portals.availity.claims;
    const cats = new Set(claims.map((c) => c.expected.statusCategory));
    for (const cat of ['F1', 'F2', 'P1', 'A1', 'A2']) expect(cats).toContain(cat);
    expect(claims.some((c) => c.expected.statusCategory.startsWith('A3') || c.expected.statusCategory === 'A7')).toBe(
      true,
    );
    const carcs = new Set(claims.flatMap((c) => c.expected.adjustments.map((a) => `${a.group}-${a.carc}`)));
    for (const code of ['CO-45', 'PR-1', 'PR-2', 'PR-3']) expect(carcs).toContain(code);
    expect(
      [...carcs].filter((c) => ['CO-50', 'CO-197', 'CO-16', 'CO-29', 'CO-18', 'CO-4', 'CO-27'].includes(c)).length,
    ).toBeGreaterThanOrEqual(4);
    expect(claims.filter((c) => c.scenario === 'underpaid').length).toBeGreaterThan(5);
    expect(
      claims.filter((c) => c.expected.statusCategory === 'F2' && c.expected.paidAmount === 0).length,
    ).toBeGreaterThan(20);
    for (const p of ['aetna', 'cigna', 'anthem'])
      expect(claims.filter((c) => c.payerId === p).length).toBeGreaterThan(40);
  });

  it('parses --faults specs and names a bad key', () => {
    expect(parseFaultsSpec('maintenance=true,slowMs=200,layout=v2')).toEqual({
      maintenance: true,
      slowMs: 200,
      layout: 'v2',
    });
    expect(parseFaultsSpec('{"rateLimit":3,"retryAfterSec":1}')).toEqual({ rateLimit: 3, retryAfterSec: 1 });
    expect(() => parseFaultsSpec('bogus=1')).toThrow(/bogus/);
    expect(() => parseFaultsSpec('layout=v9')).toThrow(/layout/);
  });
});
