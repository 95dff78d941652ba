// The billing team's KPIs over the work queue, as JSON for `denials report`,
// the API and the dashboard. Snapshot figures are "as of now"; flow figures
// cover the report's half-open period [from, to). Money is summed in cents.
//
// Definitions (docs/OPERATIONS.md repeats them for people reading the report):
// - agingBuckets: open work items by payer and age, age = whole days from the
//   date the claim was submitted to the payer (its date of service when the
//   submission date is unknown, the first denial date when both are) to now;
//   buckets 0-30, 31-60, 61-90, 91-120, 120+ with item count and dollars at risk.
// - daysInAR: denied A/R days = dollars at risk on open items / average daily
//   charges, where average daily charges = billed amounts of claims with a date
//   of service in the 90 days before now / 90 (null when no charges are known).
// - firstPassResolutionRate: items closed in the period (resolved or written
//   off) that were resolved in the practice's favour (overturned, paid,
//   partially paid) with one submission at most and never reopened / items
//   closed in the period.
// - daysToResolution: days from first denial to resolution of items resolved
//   (not written off) in the period: average and median, 0.1-day precision.
// - neverWorkedShare: items first denied in the period (rejections included)
//   on which no person acted (only system or bot events) / those items.
// - writeOffRate: dollars at risk of items written off in the period / dollars
//   at risk of all items closed in the period.
// - overturnRate byCarc and byPayer: (overturned + partially paid) /
//   (overturned + partially paid + upheld) among outcomes recorded in the period.
// - noResponse: claims with no final status (no F* category) whose payer's
//   usual turnaround has passed since they were submitted to the payer
//   (submittedDate: intake's submission date, else the 835's received date),
//   or, when that is unknown, since we started tracking them (the first time a
//   lookup or worklist named the claim); with the timely-filing deadline
//   (date of service + the payer's timely-filing days) and whether the
//   submission met it (filedOnTime, null when either date is unknown).
import type { Db } from '../platform/db/client.ts';
import { addDays, daysBetween } from './calendar.ts';
import { payerTurnaround, submittedOr, timelyFiling } from './payer-turnaround.ts';
import { num } from './rows.ts';
import { OPEN_STATES } from './states.ts';

export const AGING_BUCKETS = ['0-30', '31-60', '61-90', '91-120', '120+'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];
export const CHARGE_WINDOW_DAYS = 90;

const cents = (n: number | null) => Math.round((n ?? 0) * 100);
const dollars = (c: number) => c / 100;
const ratio = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 10_000) / 10_000);
const tenth = (x: number) => Math.round(x * 10) / 10;

export function agingBucket(ageDays: number): AgingBucket {
  if (ageDays <= 30) return '0-30';
  if (ageDays <= 60) return '31-60';
  if (ageDays <= 90) return '61-90';
  if (ageDays <= 120) return '91-120';
  return '120+';
}

export function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Events written by people (system sweeps and bots sign as system or system:*). */
export const isHumanActor = (actor: string) => !(actor === 'system' || actor.startsWith('system:'));

interface BucketCell {
  items: number;
  dollars: number;
}
type Buckets = Record<AgingBucket, BucketCell>;
const emptyBuckets = (): Buckets =>
  Object.fromEntries(AGING_BUCKETS.map((b) => [b, { items: 0, dollars: 0 }])) as Buckets;

interface RateCell {
  overturned: number;
  partiallyPaid: number;
  upheld: number;
  overturnRate: number | null;
}

export interface NoResponseAlert {
  claimId: string;
  claimNumber: string;
  portalId: string;
  payerId: string | null;
  statusCategory: string | null;
  trackedSince: string;
  /** YYYY-MM-DD the claim went to the payer, when intake or an 835 said so. */
  submittedDate: string | null;
  /** What daysWaiting counts from: the submission date when known, else trackedSince. */
  waitingSince: 'submitted' | 'tracked';
  daysWaiting: number;
  usualTurnaroundDays: number;
  serviceDate: string | null;
  timelyFilingDeadline: string | null;
  /** submittedDate on or before timelyFilingDeadline; null when either is unknown. */
  filedOnTime: boolean | null;
}

export interface WorkQueueKpis {
  asOf: string;
  agingBuckets: {
    basis: string;
    byPayer: { payerId: string; items: number; dollars: number; buckets: Buckets }[];
    total: Buckets;
  };
  daysInAR: number | null;
  deniedBalance: number;
  averageDailyCharges: number | null;
  firstPassResolutionRate: number | null;
  daysToResolution: { average: number | null; median: number | null; items: number };
  neverWorkedShare: number | null;
  writeOffRate: number | null;
  overturnRate: { byCarc: Record<string, RateCell>; byPayer: Record<string, RateCell> };
  noResponse: NoResponseAlert[];
}

export async function workQueueKpis(db: Db, period: { from: Date; to: Date }, now: Date): Promise<WorkQueueKpis> {
  const [open, closed, denied, charges, pending] = await Promise.all([
    db.denialWorkItem.findMany({ where: { state: { in: [...OPEN_STATES] } } }),
    db.denialWorkItem.findMany({
      where: { resolvedAt: { gte: period.from, lt: period.to }, state: { in: ['resolved', 'written_off'] } },
      include: { events: { select: { kind: true, fromState: true, toState: true } } },
    }),
    db.denialWorkItem.findMany({
      where: { firstDeniedAt: { gte: period.from, lt: period.to } },
      include: { events: { select: { actor: true } } },
    }),
    db.claim.findMany({
      where: { serviceDate: { gte: addDays(now, -CHARGE_WINDOW_DAYS), lt: now }, billedAmount: { not: null } },
      select: { billedAmount: true },
    }),
    db.claim.findMany({
      where: { OR: [{ statusCategory: null }, { NOT: { statusCategory: { startsWith: 'F' } } }] },
      select: {
        id: true,
        claimNumber: true,
        portalId: true,
        payerId: true,
        statusCategory: true,
        serviceDate: true,
        submittedDate: true,
        createdAt: true,
      },
    }),
  ]);

  // Aging of the open denied A/R, by payer.
  const claimDates = new Map(
    (
      await db.claim.findMany({
        where: { id: { in: open.map((i) => i.claimId) } },
        select: { id: true, serviceDate: true, submittedDate: true },
      })
    ).map((c) => [c.id, c]),
  );
  type Tally = { n: number; c: number };
  const byPayer = new Map<string, { items: number; cents: number; buckets: Record<AgingBucket, Tally> }>();
  let balanceCents = 0;
  for (const i of open) {
    const dates = claimDates.get(i.claimId);
    const from = dates ? submittedOr(dates, dates.serviceDate ?? i.firstDeniedAt) : i.firstDeniedAt;
    const bucket = agingBucket(Math.floor(daysBetween(from, now)));
    const c = cents(num(i.dollarsAtRisk));
    balanceCents += c;
    const payer = i.payerId ?? 'unknown';
    const p =
      byPayer.get(payer) ??
      byPayer
        .set(payer, {
          items: 0,
          cents: 0,
          buckets: Object.fromEntries(AGING_BUCKETS.map((b) => [b, { n: 0, c: 0 }])) as Record<AgingBucket, Tally>,
        })
        .get(payer)!;
    p.items++;
    p.cents += c;
    p.buckets[bucket].n++;
    p.buckets[bucket].c += c;
  }
  const total = emptyBuckets();
  const payers = [...byPayer.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([payerId, p]) => {
      const buckets = emptyBuckets();
      for (const b of AGING_BUCKETS) {
        const { n, c } = p.buckets[b];
        buckets[b] = { items: n, dollars: dollars(c) };
        total[b] = { items: total[b].items + n, dollars: dollars(cents(total[b].dollars) + c) };
      }
      return { payerId, items: p.items, dollars: dollars(p.cents), buckets };
    });

  const chargeCents = charges.reduce((s, c) => s + cents(num(c.billedAmount)), 0);
  const adc = chargeCents === 0 ? null : chargeCents / CHARGE_WINDOW_DAYS;

  // Closed in the period: first-pass resolution, write-offs, days to resolution, overturns.
  let firstPass = 0;
  let closedCents = 0;
  let writtenOffCents = 0;
  const resolutionDays: number[] = [];
  const byCarc: Record<string, Omit<RateCell, 'overturnRate'>> = {};
  const byPayerRate: Record<string, Omit<RateCell, 'overturnRate'>> = {};
  for (const i of closed) {
    const c = cents(num(i.dollarsAtRisk));
    closedCents += c;
    if (i.state === 'written_off') {
      writtenOffCents += c;
      continue;
    }
    resolutionDays.push(daysBetween(i.firstDeniedAt, i.resolvedAt!));
    const submissions = i.events.filter((e) => e.toState === 'appealed' || e.toState === 'corrected').length;
    const reopened = i.events.some((e) => e.fromState === 'resolved' && e.toState !== 'resolved');
    if (i.outcome !== 'upheld' && submissions <= 1 && !reopened) firstPass++;
    if (i.outcome === 'overturned' || i.outcome === 'partially_paid' || i.outcome === 'upheld') {
      const key = i.outcome === 'partially_paid' ? 'partiallyPaid' : i.outcome;
      for (const a of [
        (byCarc[i.primaryCarc ?? 'none'] ??= { overturned: 0, partiallyPaid: 0, upheld: 0 }),
        (byPayerRate[i.payerId ?? 'unknown'] ??= { overturned: 0, partiallyPaid: 0, upheld: 0 }),
      ])
        a[key]++;
    }
  }
  const withRate = (m: Record<string, Omit<RateCell, 'overturnRate'>>) =>
    Object.fromEntries(
      Object.entries(m)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, a]) => [
          k,
          {
            ...a,
            overturnRate: ratio(a.overturned + a.partiallyPaid, a.overturned + a.partiallyPaid + a.upheld),
          },
        ]),
    );

  const neverWorked = denied.filter((i) => !i.events.some((e) => isHumanActor(e.actor))).length;

  const noResponse: NoResponseAlert[] = [];
  for (const c of pending) {
    const t = payerTurnaround(c.payerId);
    const waiting = Math.floor(daysBetween(submittedOr(c, c.createdAt), now));
    if (waiting <= t.responseDays) continue;
    const filing = timelyFiling(c);
    noResponse.push({
      claimId: c.id,
      claimNumber: c.claimNumber,
      portalId: c.portalId,
      payerId: c.payerId,
      statusCategory: c.statusCategory,
      trackedSince: c.createdAt.toISOString(),
      submittedDate: c.submittedDate?.toISOString().slice(0, 10) ?? null,
      waitingSince: c.submittedDate ? 'submitted' : 'tracked',
      daysWaiting: waiting,
      usualTurnaroundDays: t.responseDays,
      serviceDate: c.serviceDate?.toISOString().slice(0, 10) ?? null,
      timelyFilingDeadline: filing.deadline,
      filedOnTime: filing.filedOnTime,
    });
  }
  noResponse.sort((a, b) => b.daysWaiting - a.daysWaiting || a.claimNumber.localeCompare(b.claimNumber));

  const avg = resolutionDays.length ? resolutionDays.reduce((s, d) => s + d, 0) / resolutionDays.length : null;
  const med = median(resolutionDays);
  return {
    asOf: now.toISOString(),
    agingBuckets: {
      basis:
        'days since the claim was submitted to the payer (date of service when unknown, first denial when both are)',
      byPayer: payers,
      total,
    },
    daysInAR: adc === null ? null : tenth(balanceCents / adc),
    deniedBalance: dollars(balanceCents),
    averageDailyCharges: adc === null ? null : Math.round(adc) / 100,
    firstPassResolutionRate: ratio(firstPass, closed.length),
    daysToResolution: {
      average: avg === null ? null : tenth(avg),
      median: med === null ? null : tenth(med),
      items: resolutionDays.length,
    },
    neverWorkedShare: ratio(neverWorked, denied.length),
    writeOffRate: ratio(writtenOffCents, closedCents),
    overturnRate: { byCarc: withRate(byCarc), byPayer: withRate(byPayerRate) },
    noResponse,
  };
}
