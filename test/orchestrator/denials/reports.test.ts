// Reports over a small seeded dataset; every expected number is worked out by
// hand in the comments from the seed below.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appealOutcomes,
  denialRateByPayer,
  denialReport,
  denialsByProvider,
  ingestClaimStatusResult,
  recordOutcome,
  topCarcCodes,
  transition,
  weeklyRootCauseSummary,
} from '../../../orchestrator/denials/index.ts';
import { denied, statusData } from './fixtures.ts';
import { workqueueDb, type WorkqueueDb } from './seed.ts';

const NOW = new Date('2026-11-25T12:00:00Z'); // Wednesday of ISO week 2026-W48
const PERIOD = { from: new Date('2026-11-16T00:00:00Z'), to: new Date('2026-11-30T00:00:00Z') }; // W47 + W48
const NPI_A = '1234567893';
const NPI_B = '1999999992';
const at = (s: string) => new Date(`${s}T10:00:00Z`);

describe('denial reports', () => {
  let w: WorkqueueDb;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    w = await workqueueDb('workqueue_reports');
    const seed = async (key: string, payer: string, status: string, checked: string, data?: object) => {
      const claimId = await w.claim(payer, { statusCategory: status, lastCheckedAt: at(checked) });
      if (data) {
        const r = await ingestClaimStatusResult(
          w.db,
          { claimId, payerId: payer, observedAt: at(checked), data },
          { now: at(checked) },
        );
        ids[key] = r.itemId!;
      }
    };
    await seed('A5', 'aetna', 'F2', '2026-11-10', denied('16', 300)); // W46, before the period
    await seed('A1', 'aetna', 'F2', '2026-11-17', { ...denied('16', 500), renderingProviderNpi: NPI_A }); // W47 coding $500
    await seed('A2', 'aetna', 'F2', '2026-11-24', { ...denied('197', 1000), renderingProviderNpi: NPI_A }); // W48 auth $1000
    await seed('A3', 'aetna', 'F1', '2026-11-18');
    await seed('A4', 'aetna', 'F1', '2026-11-24');
    await seed('C1', 'cigna', 'F2', '2026-11-23', {
      ...denied('50', 2000, { payer: 'cigna' }),
      renderingProviderNpi: NPI_B,
    }); // W48 med nec $2000
    await seed('C2', 'cigna', 'F1', '2026-11-20');
    // W47 underpayment: allowed 300 - coinsurance 60 = 240 due, 200 paid -> $40 short.
    await seed(
      'U1',
      'uhc',
      'F1',
      '2026-11-18',
      statusData({
        payer: 'uhc',
        paidAmount: 200,
        adjustments: [
          { group: 'CO', carc: '45', amount: 200 },
          { group: 'PR', carc: '2', amount: 60 },
        ],
      }),
    );
    // W48 rejection (not adjudicated: not in the denial rate, but in the weekly root causes) $250.
    await seed(
      'U2',
      'uhc',
      'A7',
      '2026-11-24',
      statusData({
        payer: 'uhc',
        statusCategory: 'A7',
        billedAmount: 250,
        paidAmount: 0,
        allowedAmount: null,
        patientResponsibility: 0,
        adjustments: [],
        paymentDate: null,
      }),
    );

    const step = (id: string, to: string, extra: object = {}) =>
      transition(w.db, id, to, { actor: 'tester', now: at('2026-11-24'), ...extra });
    await step(ids.C1!, 'in_progress');
    await step(ids.C1!, 'appealed', { channel: 'portal' });
    await recordOutcome(w.db, ids.C1!, {
      outcome: 'overturned',
      recoveredAmount: 1500,
      actor: 'tester',
      now: at('2026-11-24'),
    });
    await step(ids.A1!, 'in_progress');
    await step(ids.A1!, 'corrected', { channel: 'portal' });
    await recordOutcome(w.db, ids.A1!, {
      outcome: 'paid',
      recoveredAmount: 450,
      actor: 'tester',
      now: at('2026-11-24'),
    });
    await step(ids.A2!, 'in_progress');
    await step(ids.A2!, 'appealed', { channel: 'mail' });
    await recordOutcome(w.db, ids.A2!, { outcome: 'upheld', actor: 'tester', now: at('2026-11-25') });
    await step(ids.A5!, 'written_off', { note: 'below rework value after review' });
  });
  afterAll(async () => {
    await w?.close();
  });

  it('denial rate by payer: denied claims / claims with a final status in the period', async () => {
    const r = await denialRateByPayer(w.db, PERIOD);
    expect(r.payers).toEqual([
      // A1, A2 denied; A1-A4 final (A5 was checked before the period).
      { payerId: 'aetna', finalClaims: 4, deniedClaims: 2, denialRate: 0.5, dollarsAtRisk: 1500 },
      { payerId: 'cigna', finalClaims: 2, deniedClaims: 1, denialRate: 0.5, dollarsAtRisk: 2000 },
      // U1 short-paid counts; U2's rejection is neither final nor a denial.
      { payerId: 'uhc', finalClaims: 1, deniedClaims: 1, denialRate: 1, dollarsAtRisk: 40 },
    ]);
    expect(r.total).toEqual({ finalClaims: 7, deniedClaims: 4, denialRate: 0.5714, dollarsAtRisk: 3540 });
  });

  it('top CARC codes by dollars, with item counts', async () => {
    const r = await topCarcCodes(w.db, PERIOD);
    expect(r.codes.map(({ carc, items, dollars }) => ({ carc, items, dollars }))).toEqual([
      { carc: '50', items: 1, dollars: 2000 },
      { carc: '197', items: 1, dollars: 1000 },
      { carc: '16', items: 1, dollars: 500 },
      { carc: '45', items: 1, dollars: 40 },
    ]);
    expect(r.uncodedItems).toBe(0);
  });

  it('denials by rendering provider NPI', async () => {
    const r = await denialsByProvider(w.db, PERIOD);
    expect(r.providers).toEqual([
      { npi: NPI_A, items: 2, dollarsAtRisk: 1500, byRootCause: { coding: 1, authorization: 1 } },
      { npi: NPI_B, items: 1, dollarsAtRisk: 2000, byRootCause: { 'medical-necessity': 1 } },
    ]);
    expect(r.itemsWithoutNpi).toBe(1);
  });

  it('appeal overturn rate and dollars recovered', async () => {
    const r = await appealOutcomes(w.db, PERIOD);
    expect(r.total).toEqual({
      overturned: 1,
      upheld: 1,
      paid: 1,
      partiallyPaid: 0,
      overturnRate: 0.5,
      dollarsRecovered: 1950,
    });
    expect(r.byPayer).toEqual({
      aetna: { overturned: 0, upheld: 1, paid: 1, partiallyPaid: 0, overturnRate: 0, dollarsRecovered: 450 },
      cigna: { overturned: 1, upheld: 0, paid: 0, partiallyPaid: 0, overturnRate: 1, dollarsRecovered: 1500 },
    });
    expect(r.byTeam['clinical-documentation']).toEqual({
      overturned: 1,
      upheld: 0,
      paid: 0,
      partiallyPaid: 0,
      overturnRate: 1,
      dollarsRecovered: 1500,
    });
    expect(r.byTeam.coding?.overturnRate).toBeNull(); // a correction paid is not an appeal
    expect(r.writtenOff).toEqual({ items: 1, dollars: 300 });
  });

  it('weekly root-cause summary with week-over-week change', async () => {
    const weeks = await weeklyRootCauseSummary(w.db, 2, NOW);
    expect(weeks.map((x) => [x.week, x.start, x.count, x.dollars])).toEqual([
      ['2026-W47', '2026-11-16', 2, 540],
      ['2026-W48', '2026-11-23', 3, 3250],
    ]);
    // W47 against W46 (A5 coding $300).
    expect(weeks[0]!.rows).toEqual([
      { rootCause: 'coding', team: 'coding', count: 1, dollars: 500, deltaCount: 0, deltaDollars: 200 },
      { rootCause: 'contractual', team: 'contract-management', count: 1, dollars: 40, deltaCount: 1, deltaDollars: 40 },
    ]);
    expect(weeks[1]!.rows).toEqual([
      {
        rootCause: 'medical-necessity',
        team: 'clinical-documentation',
        count: 1,
        dollars: 2000,
        deltaCount: 1,
        deltaDollars: 2000,
      },
      { rootCause: 'authorization', team: 'prior-auth', count: 1, dollars: 1000, deltaCount: 1, deltaDollars: 1000 },
      { rootCause: 'rejection', team: 'billing-ops', count: 1, dollars: 250, deltaCount: 1, deltaDollars: 250 },
      { rootCause: 'coding', team: 'coding', count: 0, dollars: 0, deltaCount: -1, deltaDollars: -500 },
      {
        rootCause: 'contractual',
        team: 'contract-management',
        count: 0,
        dollars: 0,
        deltaCount: -1,
        deltaDollars: -40,
      },
    ]);
  });

  it('combines everything for the CLI over the same two weeks', async () => {
    const r = await denialReport(w.db, { weeks: 2, now: NOW });
    expect(r.period).toEqual({ from: PERIOD.from.toISOString(), to: PERIOD.to.toISOString() });
    expect(r.denialRateByPayer.total.deniedClaims).toBe(4);
    expect(r.weeklyRootCause).toHaveLength(2);
    expect(() => JSON.stringify(r)).not.toThrow(); // no BigInt or Decimal objects leak into the JSON
  });
});
