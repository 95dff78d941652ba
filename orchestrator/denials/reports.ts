// Denial reports as JSON for the dashboard, API and CLI. Periods are
// half-open [from, to). Aggregation happens here over the period's rows
// (a practice's weekly denials are thousands, not millions); sums are in
// integer cents and leave as dollars.
//
// Definitions:
// - denial rate by payer = claims denied in the period (work items other than
//   rejections, by first denial date) / claims with a final status in the
//   period (claims whose latest check in the period found an F* status, plus
//   every denied claim: a denial is final by definition).
// - top CARC codes: each denial code on the period's items, with the number
//   of items carrying it and the dollars those adjustments denied
//   (underpayments without a code count under 45, contractual).
// - appeal overturn rate = (overturned + partially paid) / (overturned +
//   partially paid + upheld) among outcomes recorded in the period.
// - dollars recovered = recovered amounts of items resolved in the period.
import type { DenialWorkItem } from '../../prisma/generated/client.ts';
import type { Db } from '../platform/db/client.ts';
import { addDays, isoWeekLabel, startOfIsoWeek } from './calendar.ts';
import { describeCarc } from './codes-adapter.ts';
import { workQueueKpis } from './kpis.ts';
import { defaultHandling } from './policy-data.ts';
import type { ObservedAdjustment } from './observation.ts';
import { num } from './rows.ts';

export interface Period {
  from: Date;
  to: Date;
}

const cents = (n: number | null) => Math.round((n ?? 0) * 100);
const dollars = (c: number) => c / 100;
const rate = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 10_000) / 10_000);

async function deniedInPeriod(db: Db, p: Period): Promise<DenialWorkItem[]> {
  return db.denialWorkItem.findMany({
    where: { firstDeniedAt: { gte: p.from, lt: p.to }, kind: { not: 'rejection' } },
  });
}

export interface PayerDenialRate {
  payerId: string;
  finalClaims: number;
  deniedClaims: number;
  denialRate: number | null;
  dollarsAtRisk: number;
}

export async function denialRateByPayer(
  db: Db,
  p: Period,
): Promise<{ period: Period; payers: PayerDenialRate[]; total: Omit<PayerDenialRate, 'payerId'> }> {
  const items = await deniedInPeriod(db, p);
  const finals = await db.claim.findMany({
    where: { statusCategory: { startsWith: 'F' }, lastCheckedAt: { gte: p.from, lt: p.to } },
    select: { id: true, payerId: true },
  });
  const payerOf = new Map<string, string>();
  for (const c of finals) payerOf.set(c.id, c.payerId ?? 'unknown');
  for (const i of items) payerOf.set(i.claimId, i.payerId ?? payerOf.get(i.claimId) ?? 'unknown');
  const acc = new Map<string, { final: number; denied: number; cents: number }>();
  const get = (k: string) => acc.get(k) ?? acc.set(k, { final: 0, denied: 0, cents: 0 }).get(k)!;
  for (const payer of payerOf.values()) get(payer).final++;
  for (const i of items) {
    const a = get(payerOf.get(i.claimId)!);
    a.denied++;
    a.cents += cents(num(i.dollarsAtRisk));
  }
  const payers = [...acc.entries()]
    .map(([payerId, a]) => ({
      payerId,
      finalClaims: a.final,
      deniedClaims: a.denied,
      denialRate: rate(a.denied, a.final),
      dollarsAtRisk: dollars(a.cents),
    }))
    .sort((x, y) => y.deniedClaims - x.deniedClaims || x.payerId.localeCompare(y.payerId));
  const t = [...acc.values()].reduce(
    (s, a) => ({ final: s.final + a.final, denied: s.denied + a.denied, cents: s.cents + a.cents }),
    { final: 0, denied: 0, cents: 0 },
  );
  return {
    period: p,
    payers,
    total: {
      finalClaims: t.final,
      deniedClaims: t.denied,
      denialRate: rate(t.denied, t.final),
      dollarsAtRisk: dollars(t.cents),
    },
  };
}

/** The denial codes of one item with their amounts (cost share and routine contractual excluded). */
function denialCodes(i: DenialWorkItem, nonDenial: readonly string[]): { carc: string; cents: number }[] {
  const adj = (i.adjustments as ObservedAdjustment[]).filter(
    (a) => !nonDenial.includes(a.carc) && (a.amount === null || a.amount > 0),
  );
  const out = adj.map((a) => ({ carc: a.carc, cents: cents(a.amount) }));
  if (out.length === 0 && i.primaryCarc) out.push({ carc: i.primaryCarc, cents: cents(num(i.dollarsAtRisk)) });
  return out;
}

export interface CarcCount {
  carc: string;
  description: string;
  items: number;
  dollars: number;
}

export async function topCarcCodes(
  db: Db,
  p: Period,
  limit = 10,
  nonDenial: readonly string[] = defaultHandling.nonDenialCarcs,
): Promise<{ period: Period; codes: CarcCount[]; uncodedItems: number }> {
  const items = await deniedInPeriod(db, p);
  const acc = new Map<string, { items: Set<string>; cents: number }>();
  let uncoded = 0;
  for (const i of items) {
    const codes = denialCodes(i, nonDenial);
    if (codes.length === 0) uncoded++;
    for (const c of codes) {
      const a = acc.get(c.carc) ?? acc.set(c.carc, { items: new Set(), cents: 0 }).get(c.carc)!;
      a.items.add(i.id);
      a.cents += c.cents;
    }
  }
  const codes = [...acc.entries()]
    .map(([carc, a]) => ({ carc, description: describeCarc(carc), items: a.items.size, dollars: dollars(a.cents) }))
    .sort((x, y) => y.dollars - x.dollars || y.items - x.items || x.carc.localeCompare(y.carc))
    .slice(0, limit);
  return { period: p, codes, uncodedItems: uncoded };
}

export interface ProviderRow {
  npi: string;
  items: number;
  dollarsAtRisk: number;
  byRootCause: Record<string, number>;
}

export async function denialsByProvider(
  db: Db,
  p: Period,
): Promise<{ period: Period; providers: ProviderRow[]; itemsWithoutNpi: number }> {
  const items = await deniedInPeriod(db, p);
  const acc = new Map<string, { items: number; cents: number; byRootCause: Record<string, number> }>();
  let without = 0;
  for (const i of items) {
    if (!i.providerNpi) {
      without++;
      continue;
    }
    const a =
      acc.get(i.providerNpi) ?? acc.set(i.providerNpi, { items: 0, cents: 0, byRootCause: {} }).get(i.providerNpi)!;
    a.items++;
    a.cents += cents(num(i.dollarsAtRisk));
    a.byRootCause[i.rootCause] = (a.byRootCause[i.rootCause] ?? 0) + 1;
  }
  const providers = [...acc.entries()]
    .map(([npi, a]) => ({ npi, items: a.items, dollarsAtRisk: dollars(a.cents), byRootCause: a.byRootCause }))
    .sort((x, y) => y.items - x.items || y.dollarsAtRisk - x.dollarsAtRisk || x.npi.localeCompare(y.npi));
  return { period: p, providers, itemsWithoutNpi: without };
}

export interface OutcomeSummary {
  overturned: number;
  upheld: number;
  paid: number;
  /** Appeals the payer reversed in part (they count as overturned in the overturn rate). */
  partiallyPaid: number;
  overturnRate: number | null;
  dollarsRecovered: number;
}

export async function appealOutcomes(
  db: Db,
  p: Period,
): Promise<{
  period: Period;
  total: OutcomeSummary;
  byPayer: Record<string, OutcomeSummary>;
  byTeam: Record<string, OutcomeSummary>;
  writtenOff: { items: number; dollars: number };
}> {
  const resolved = await db.denialWorkItem.findMany({
    where: { resolvedAt: { gte: p.from, lt: p.to }, state: { in: ['resolved', 'written_off'] } },
  });
  const blank = () => ({ overturned: 0, upheld: 0, paid: 0, partially_paid: 0, cents: 0 });
  const total = blank();
  const byPayer: Record<string, ReturnType<typeof blank>> = {};
  const byTeam: Record<string, ReturnType<typeof blank>> = {};
  const writtenOff = { items: 0, cents: 0 };
  for (const i of resolved) {
    if (i.state === 'written_off') {
      writtenOff.items++;
      writtenOff.cents += cents(num(i.dollarsAtRisk));
      continue;
    }
    const o = i.outcome as 'overturned' | 'upheld' | 'paid' | 'partially_paid';
    for (const a of [total, (byPayer[i.payerId ?? 'unknown'] ??= blank()), (byTeam[i.team] ??= blank())]) {
      a[o]++;
      a.cents += cents(num(i.recoveredAmount));
    }
  }
  const fin = (a: ReturnType<typeof blank>): OutcomeSummary => ({
    overturned: a.overturned,
    upheld: a.upheld,
    paid: a.paid,
    partiallyPaid: a.partially_paid,
    overturnRate: rate(a.overturned + a.partially_paid, a.overturned + a.partially_paid + a.upheld),
    dollarsRecovered: dollars(a.cents),
  });
  const mapOut = (m: Record<string, ReturnType<typeof blank>>) =>
    Object.fromEntries(
      Object.entries(m)
        .sort(([x], [y]) => x.localeCompare(y))
        .map(([k, v]) => [k, fin(v)]),
    );
  return {
    period: p,
    total: fin(total),
    byPayer: mapOut(byPayer),
    byTeam: mapOut(byTeam),
    writtenOff: { items: writtenOff.items, dollars: dollars(writtenOff.cents) },
  };
}

export interface RootCauseWeekRow {
  rootCause: string;
  team: string;
  count: number;
  dollars: number;
  /** Change from the previous week (count and dollars). */
  deltaCount: number;
  deltaDollars: number;
}

export interface RootCauseWeek {
  week: string;
  start: string;
  count: number;
  dollars: number;
  rows: RootCauseWeekRow[];
}

/**
 * Counts and dollars by root cause and owning team for the last `weeks` ISO
 * weeks (Monday-based, UTC, the current week included), each row compared
 * with the week before: the weekly huddle's "what upstream step would have
 * stopped this" list. Rejections are included (their fix is upstream too).
 */
export async function weeklyRootCauseSummary(db: Db, weeks: number, now: Date = new Date()): Promise<RootCauseWeek[]> {
  const current = startOfIsoWeek(now);
  const first = addDays(current, -7 * (weeks - 1));
  const from = addDays(first, -7); // one more week for the first week's deltas
  const items = await db.denialWorkItem.findMany({ where: { firstDeniedAt: { gte: from, lt: addDays(current, 7) } } });
  const buckets: Map<string, { team: string; count: number; cents: number }>[] = Array.from(
    { length: weeks + 1 },
    () => new Map(),
  );
  for (const i of items) {
    const idx = Math.floor((startOfIsoWeek(i.firstDeniedAt).getTime() - from.getTime()) / (7 * 86_400_000));
    const b = buckets[idx]!;
    const key = `${i.rootCause}\u0000${i.team}`;
    const a = b.get(key) ?? b.set(key, { team: i.team, count: 0, cents: 0 }).get(key)!;
    a.count++;
    a.cents += cents(num(i.dollarsAtRisk));
  }
  const out: RootCauseWeek[] = [];
  for (let w = 1; w <= weeks; w++) {
    const cur = buckets[w]!;
    const prev = buckets[w - 1]!;
    const keys = new Set([...cur.keys(), ...prev.keys()]);
    const rows = [...keys]
      .map((key) => {
        const [rootCause, team] = key.split('\u0000') as [string, string];
        const c = cur.get(key) ?? { count: 0, cents: 0 };
        const pr = prev.get(key) ?? { count: 0, cents: 0 };
        return {
          rootCause,
          team,
          count: c.count,
          dollars: dollars(c.cents),
          deltaCount: c.count - pr.count,
          deltaDollars: dollars(c.cents - pr.cents),
        };
      })
      .filter((r) => r.count > 0 || r.deltaCount !== 0)
      .sort((x, y) => y.dollars - x.dollars || y.count - x.count || x.rootCause.localeCompare(y.rootCause));
    const start = addDays(first, 7 * (w - 1));
    out.push({
      week: isoWeekLabel(start),
      start: start.toISOString().slice(0, 10),
      count: rows.reduce((s, r) => s + r.count, 0),
      dollars: dollars([...cur.values()].reduce((s, a) => s + a.cents, 0)),
      rows,
    });
  }
  return out;
}

/** Everything above for the last `weeks` weeks: what `portalbots denials report` prints. */
export async function denialReport(db: Db, opts: { weeks: number; now?: Date }) {
  const now = opts.now ?? new Date();
  const period = { from: addDays(startOfIsoWeek(now), -7 * (opts.weeks - 1)), to: addDays(startOfIsoWeek(now), 7) };
  const [rate, carcs, providers, outcomes, weekly, kpis] = await Promise.all([
    denialRateByPayer(db, period),
    topCarcCodes(db, period),
    denialsByProvider(db, period),
    appealOutcomes(db, period),
    weeklyRootCauseSummary(db, opts.weeks, now),
    workQueueKpis(db, period, now),
  ]);
  return {
    generatedAt: now.toISOString(),
    period: { from: period.from.toISOString(), to: period.to.toISOString() },
    denialRateByPayer: rate,
    topCarcCodes: carcs,
    byProvider: providers,
    appealOutcomes: outcomes,
    weeklyRootCause: weekly,
    ...kpis,
  };
}
