// Work-queue KPIs (aging, days in A/R, first-pass resolution, days to
// resolution, never-worked share, write-off and overturn rates, no-response
// alerts) over a seeded data set; every expected figure is worked out by hand
// in the comments.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assign,
  denialReport,
  ingestClaimStatusResult,
  recordOutcome,
  transition,
} from '../../../orchestrator/denials/index.ts';
import { agingBucket, median, workQueueKpis, type WorkQueueKpis } from '../../../orchestrator/denials/kpis.ts';
import { denied } from './fixtures.ts';
import { workqueueDb, type WorkqueueDb } from './seed.ts';

const NOW = new Date('2026-11-25T12:00:00Z');
const PERIOD = { from: new Date('2026-11-16T00:00:00Z'), to: new Date('2026-11-30T00:00:00Z') };
const at = (s: string) => new Date(`${s}T10:00:00Z`);
const day = (s: string) => new Date(`${s}T00:00:00Z`);

describe('work-queue KPIs', () => {
  let w: WorkqueueDb;
  let k: WorkQueueKpis;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    w = await workqueueDb('workqueue_kpis');
    const claim = async (
      payer: string,
      opts: { status: string; dos?: string; billed?: number; created?: string },
    ): Promise<string> => {
      const id = await w.claim(payer, { statusCategory: opts.status, lastCheckedAt: NOW });
      await w.db.claim.update({
        where: { id },
        data: {
          ...(opts.dos ? { serviceDate: day(opts.dos) } : {}),
          ...(opts.billed ? { billedAmount: opts.billed.toFixed(2) } : {}),
          ...(opts.created ? { createdAt: at(opts.created) } : {}),
        },
      });
      return id;
    };
    const item = async (key: string, payer: string, carc: string, amount: number, deniedOn: string, dos?: string) => {
      const claimId = await claim(payer, { status: 'F2', dos, billed: amount });
      const r = await ingestClaimStatusResult(
        w.db,
        { claimId, payerId: payer, observedAt: at(deniedOn), data: denied(carc, amount, { payer }) },
        { now: at(deniedOn) },
      );
      ids[key] = r.itemId!;
    };
    await item('I1', 'aetna', '16', 500, '2026-11-17', '2026-11-10'); // open, never worked
    await item('I2', 'aetna', '197', 1000, '2026-11-18', '2026-09-20'); // open, assigned
    await item('I3', 'cigna', '50', 2000, '2026-11-16', '2026-07-01'); // overturned
    await item('I4', 'cigna', '50', 400, '2026-11-19'); // upheld
    await item('I5', 'uhc', '16', 300, '2026-11-20'); // corrected and paid
    await item('I6', 'uhc', '29', 100, '2026-11-21'); // written off
    await item('I7', 'aetna', '16', 250, '2026-10-01'); // open, denied before the period
    await item('I8', 'aetna', '197', 800, '2026-11-17'); // partially paid
    await claim('aetna', { status: 'F1', dos: '2026-10-15', billed: 3000 }); // a paid claim: charges only
    await claim('uhc', { status: 'P1', dos: '2026-09-28', created: '2026-10-01' }); // pending 55 days: alert
    await claim('aetna', { status: 'A1', dos: '2026-11-08', created: '2026-11-10' }); // 15 days: within turnaround

    const by = { actor: 'biller-1' };
    await assign(w.db, ids.I2!, { ...by, assignee: 'biller-1', now: at('2026-11-19') });
    await transition(w.db, ids.I3!, 'in_progress', { ...by, now: at('2026-11-17') });
    await transition(w.db, ids.I3!, 'appealed', { ...by, channel: 'portal', now: at('2026-11-18') });
    await recordOutcome(w.db, ids.I3!, { ...by, outcome: 'overturned', recoveredAmount: 2000, now: at('2026-11-20') });
    await transition(w.db, ids.I4!, 'in_progress', { ...by, now: at('2026-11-20') });
    await transition(w.db, ids.I4!, 'appealed', { ...by, channel: 'portal', now: at('2026-11-21') });
    await recordOutcome(w.db, ids.I4!, { ...by, outcome: 'upheld', now: at('2026-11-23') });
    await transition(w.db, ids.I5!, 'in_progress', { ...by, now: at('2026-11-20') });
    await transition(w.db, ids.I5!, 'corrected', { ...by, channel: 'portal', now: at('2026-11-21') });
    await recordOutcome(w.db, ids.I5!, { ...by, outcome: 'paid', recoveredAmount: 300, now: at('2026-11-22') });
    await transition(w.db, ids.I6!, 'written_off', { ...by, note: 'timely filing lost', now: at('2026-11-24') });
    await transition(w.db, ids.I8!, 'in_progress', { ...by, now: at('2026-11-18') });
    await transition(w.db, ids.I8!, 'appealed', { ...by, channel: 'portal', now: at('2026-11-19') });
    await recordOutcome(w.db, ids.I8!, {
      ...by,
      outcome: 'partially_paid',
      recoveredAmount: 400,
      now: at('2026-11-24'),
    });
    k = await workQueueKpis(w.db, PERIOD, NOW);
  }, 90_000);

  afterAll(async () => {
    await w?.close();
  });

  it('buckets ages at the edges and takes medians', () => {
    expect([0, 30, 31, 60, 61, 90, 91, 120, 121].map(agingBucket)).toEqual([
      '0-30',
      '0-30',
      '31-60',
      '31-60',
      '61-90',
      '61-90',
      '91-120',
      '91-120',
      '120+',
    ]);
    expect(median([])).toBeNull();
    expect(median([7, 2, 4, 4])).toBe(4);
    expect(median([3, 1, 2])).toBe(2);
  });

  it('ages the open denied A/R by payer from the date of service', () => {
    // Open: I1 (DOS 11-10: 15 days, $500), I2 (DOS 09-20: 66 days, $1000),
    // I7 (no DOS; denied 10-01 10:00: 55 days, $250). All aetna.
    const zero = { items: 0, dollars: 0 };
    const aetna = {
      '0-30': { items: 1, dollars: 500 },
      '31-60': { items: 1, dollars: 250 },
      '61-90': { items: 1, dollars: 1000 },
      '91-120': zero,
      '120+': zero,
    };
    expect(k.agingBuckets.byPayer).toEqual([{ payerId: 'aetna', items: 3, dollars: 1750, buckets: aetna }]);
    expect(k.agingBuckets.total).toEqual(aetna);
  });

  it('days in A/R = denied balance / average daily charges over 90 days', () => {
    // Charges with DOS in the 90 days before NOW: I1 500 + I2 1000 + the paid claim 3000 = 4500
    // (I3's DOS 07-01 is older) -> 50.00 a day; balance 1750 / 50 = 35 days.
    expect(k.deniedBalance).toBe(1750);
    expect(k.averageDailyCharges).toBe(50);
    expect(k.daysInAR).toBe(35);
  });

  it('first-pass resolution, days to resolution and write-off rate over items closed in the period', () => {
    // Closed: I3 overturned (one appeal), I4 upheld, I5 paid (one correction), I6 written off, I8 partially paid.
    // First pass: I3, I5, I8 -> 3 / 5.
    expect(k.firstPassResolutionRate).toBe(0.6);
    // Resolved (not written off): I3 4 days, I4 4, I5 2, I8 7 -> average 4.25 -> 4.3; median 4.
    expect(k.daysToResolution).toEqual({ average: 4.3, median: 4, items: 4 });
    // Written off $100 of $3600 closed (2000 + 400 + 300 + 100 + 800) -> 0.0278.
    expect(k.writeOffRate).toBe(0.0278);
  });

  it('never-worked share over items first denied in the period', () => {
    // Denied in the period: I1-I6, I8 (7); only I1 has no human event -> 1/7.
    expect(k.neverWorkedShare).toBe(0.1429);
  });

  it('overturn rate by CARC and payer counts partially paid as overturned', () => {
    expect(k.overturnRate.byCarc).toEqual({
      '197': { overturned: 0, partiallyPaid: 1, upheld: 0, overturnRate: 1 },
      '50': { overturned: 1, partiallyPaid: 0, upheld: 1, overturnRate: 0.5 },
    });
    expect(k.overturnRate.byPayer).toEqual({
      aetna: { overturned: 0, partiallyPaid: 1, upheld: 0, overturnRate: 1 },
      cigna: { overturned: 1, partiallyPaid: 0, upheld: 1, overturnRate: 0.5 },
    });
  });

  it('alerts on claims with no final status after the payer’s usual turnaround, with the timely-filing deadline', () => {
    // uhc P1 tracked since 10-01 10:00: 55 days > 30. aetna A1 tracked 15 days: not yet.
    expect(k.noResponse).toHaveLength(1);
    expect(k.noResponse[0]).toMatchObject({
      payerId: 'uhc',
      statusCategory: 'P1',
      daysWaiting: 55,
      usualTurnaroundDays: 30,
      serviceDate: '2026-09-28',
      timelyFilingDeadline: '2026-12-27', // 09-28 + 90 days
    });
  });

  it('the report carries the KPIs next to the weekly figures', async () => {
    const r = await denialReport(w.db, { weeks: 2, now: NOW });
    expect(r.firstPassResolutionRate).toBe(0.6);
    expect(r.daysInAR).toBe(35);
    expect(r.agingBuckets.byPayer).toHaveLength(1);
    expect(r.neverWorkedShare).toBe(0.1429);
    expect(r.daysToResolution.average).toBe(4.3);
  });
});
