// Claim-status lookups against a portal that answers like a real one: every
// request after a delay drawn from a range (the mock's latencyMs fault, seeded
// jitter). With real latency a lookup's time is almost all waiting for the
// portal, one page after the other, so the physical limit of N accounts (one
// session each) is N / (pages per lookup x mean latency). The platform's
// overhead is what keeps it under that limit: queue pickup, database and
// evidence writes that hold an account idle, extra logins, accounts not leased.
import type { BenchInfra } from './infra.ts';
import type { LookupBenchContext } from './lookups.ts';
import { benchBrowser } from './machine.ts';
import { median, metric, type MetricLine } from './metrics.ts';
import { startFleet } from './platform.ts';

export interface LatencyPlan {
  /** Accounts in the pool, one level each (one session per account). */
  accounts: number[];
  runs: number;
  /** Lookups per account in one measured run. */
  lookupsPerAccount: number;
  /** The portal's per-request delay range, ms. */
  minMs: number;
  maxMs: number;
}

/** Target of the realistic-latency mode: lookups/min at least this share of the physical limit. */
export const LATENCY_TARGET_RATIO = 0.85;

/** Mean of the uniform per-request delay the mock draws from [minMs, maxMs]. */
export function meanLatencyMs(minMs: number, maxMs: number): number {
  if (minMs < 0 || maxMs < minMs) throw new RangeError(`latency range ${minMs}-${maxMs} ms is not low-high`);
  return (minMs + maxMs) / 2;
}

/**
 * The most lookups per minute `accounts` sessions can do when every page
 * waits `meanLatencyMs` and a lookup is `pagesPerLookup` pages one after the
 * other: each session does one page at a time, nothing else costs time.
 */
export function physicalLimitPerMin(accounts: number, pagesPerLookup: number, meanLatency: number): number {
  if (accounts <= 0 || pagesPerLookup <= 0 || meanLatency <= 0)
    throw new RangeError('accounts, pages per lookup and latency must be positive');
  return (accounts * 60_000) / (pagesPerLookup * meanLatency);
}

/** Portal-side view the mode needs: its request counter and its fault switch. */
export interface LatencyPortal {
  requests(): Promise<number>;
  logins(): Promise<number>;
  setLatency(range: string | 0): Promise<void>;
}

function pick(claims: string[], from: number, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < Math.min(n, claims.length); i++) out.push(claims[(from + i) % claims.length]!);
  return out;
}

/**
 * Per level: one worker holding a pool of N accounts (leased as in
 * production), an untimed warm-up in which every account logs in, then
 * measured runs of N x lookupsPerAccount lookups. Pages per lookup are
 * counted on the portal (requests during the measured runs / lookups).
 */
export async function latencyThroughput(
  ctx: LookupBenchContext & { infra: BenchInfra },
  portal: LatencyPortal,
  p: LatencyPlan,
): Promise<MetricLine[]> {
  const out: MetricLine[] = [];
  const mean = meanLatencyMs(p.minMs, p.maxMs);
  let cursor = ctx.claims.length >> 1; // the other lookup benchmarks start at the beginning of the list
  let lookupsAll = 0;
  let loginsAll = 0;
  await portal.setLatency(`${p.minMs}-${p.maxMs}`);
  try {
    for (const n of p.accounts) {
      const perRun = n * p.lookupsPerAccount;
      ctx.progress(
        `claim-status with ${p.minMs}-${p.maxMs} ms portal latency, ${n} account(s): ${p.runs} runs x ${perRun} lookups`,
      );
      const browser = await benchBrowser();
      const fleet = await startFleet(ctx.infra, {
        browser,
        account: ctx.account,
        concurrency: 1,
        pool: { accounts: n },
        worker: ctx.worker,
        logger: ctx.logger,
      });
      try {
        // Warm-up, not timed: every account is leased and logs in.
        await fleet.lookups(pick(ctx.claims, cursor, n * 2), 300_000);
        cursor += n * 2;
        const rates: number[] = [];
        const pages: number[] = [];
        const taskMs: number[] = [];
        let logins = 0;
        let lookups = 0;
        let failed = 0;
        for (let r = 0; r < p.runs; r++) {
          const claims = pick(ctx.claims, cursor, perRun);
          cursor += perRun;
          const requestsBefore = await portal.requests();
          const loginsBefore = await portal.logins();
          const res = await fleet.lookups(claims, 900_000);
          pages.push(((await portal.requests()) - requestsBefore) / claims.length);
          logins += (await portal.logins()) - loginsBefore;
          lookups += claims.length;
          failed += res.failed;
          taskMs.push(...res.taskMs);
          rates.push((res.found / res.seconds) * 60);
        }
        lookupsAll += lookups;
        loginsAll += logins;
        const value = median(rates);
        const pagesPerLookup = median(pages);
        const limit = physicalLimitPerMin(n, pagesPerLookup, mean);
        // Where an account's time goes: in the bot task (pages + browser work + capture) or idle between jobs.
        const perLookupMs = (60_000 * n) / value;
        const inTaskMs = median(taskMs);
        out.push(
          metric({
            metric: `claim-status-latency.a${n}`,
            value,
            unit: 'lookups/min',
            baseline: limit,
            ratio: value / limit,
            runs: p.runs,
            note: `${n} account(s), one session each, one worker (${n * ctx.worker.concurrency} jobs in flight); portal latency ${p.minMs}-${p.maxMs} ms per request (mean ${mean}); ${pagesPerLookup.toFixed(2)} portal requests per lookup (counted on the portal); per lookup and account ${Math.round(perLookupMs)} ms, of which the bot task ${Math.round(inTaskMs)} ms (median; the portal's waiting alone is ${Math.round(pagesPerLookup * mean)} ms); baseline = physical limit ${n} / (${pagesPerLookup.toFixed(2)} x ${mean} ms); ${logins} login(s) in ${lookups} measured lookups; target ratio >= ${LATENCY_TARGET_RATIO}${failed ? `; ${failed} lookups failed and are not counted` : ''}`,
          }),
        );
      } finally {
        await fleet.close();
        await browser.close().catch(() => undefined);
      }
    }
  } finally {
    await portal.setLatency(0).catch(() => undefined);
  }
  out.push(
    metric({
      // 0 is the goal: every measured lookup reused a session its account already had.
      metric: 'claim-status-latency.logins-per-100',
      value: lookupsAll > 0 ? (loginsAll / lookupsAll) * 100 : 0,
      unit: 'logins',
      runs: 1,
      note: `${loginsAll} portal sign-ins in ${lookupsAll} measured lookups over every account level (the warm-up's first logins are outside); target <= 1`,
    }),
  );
  return out;
}
