// How much work each benchmark does: the full plan (several minutes, what
// docs/BENCHMARKS.md reports) and the quick plan (under two minutes, a smoke
// check that everything still measures). Sizes live here, in one place, so the
// report can say exactly what was run.
import type { LatencyPlan } from './latency.ts';
import { METRIC_NAMES, type MetricName } from './metrics.ts';

export interface BenchPlan {
  name: 'full' | 'quick' | 'custom';
  throughput: { levels: number[]; runs: number; lookupsPerRun: number };
  /** Worklist rows found by member search vs the same claims by claim number, at one context. */
  memberSearch: { runs: number; lookupsPerRun: number };
  /** Realistic-latency mode: lookups/min with 1, 2, 4 accounts against the physical limit. */
  latency: LatencyPlan;
  /** RSS is compared after `reference` lookups and after `total`. */
  footprint: { concurrency: number; reference: number; total: number; batch: number };
  derive: { screenshots: number };
  era: { megabytes: number; runs: number };
  /** `era ingest` and `era parse --json` through the CLI, on one generated file. */
  eraIngest: { megabytes: number; runs: number };
  queue: { jobs: number; runs: number; concurrency: number[]; batch: number };
  cli: { runs: number };
}

export const FULL_PLAN: BenchPlan = {
  name: 'full',
  // 30 lookups a run (4 per context at 8): a run of 12 lasted ~4 s, in which a
  // run's fixed costs (submitting it, the first job's pickup, the last job's
  // writes) weighed a few percent; sweeps are hundreds of claims.
  throughput: { levels: [1, 2, 4, 8], runs: 3, lookupsPerRun: 30 },
  memberSearch: { runs: 3, lookupsPerRun: 20 },
  // 300-800 ms per request, as payer portals answer; 8 lookups per account a run (~20 s at 1 account).
  latency: { accounts: [1, 2, 4], runs: 3, lookupsPerAccount: 8, minMs: 300, maxMs: 800 },
  footprint: { concurrency: 2, reference: 100, total: 2000, batch: 100 },
  derive: { screenshots: 20 },
  era: { megabytes: 100, runs: 3 },
  eraIngest: { megabytes: 100, runs: 3 },
  queue: { jobs: 1000, runs: 3, concurrency: [1, 8], batch: 100 },
  cli: { runs: 15 },
};

export const QUICK_PLAN: BenchPlan = {
  name: 'quick',
  throughput: { levels: [1, 2], runs: 1, lookupsPerRun: 6 },
  memberSearch: { runs: 1, lookupsPerRun: 6 },
  latency: { accounts: [1, 2], runs: 1, lookupsPerAccount: 3, minMs: 300, maxMs: 800 },
  footprint: { concurrency: 2, reference: 20, total: 40, batch: 20 },
  derive: { screenshots: 3 },
  era: { megabytes: 5, runs: 1 },
  eraIngest: { megabytes: 5, runs: 1 },
  queue: { jobs: 100, runs: 1, concurrency: [1, 4], batch: 50 },
  cli: { runs: 3 },
};

export class BenchUsageError extends Error {
  override name = 'BenchUsageError';
}

/** `--only a,b`: metric names or their prefixes before the first dot (e.g. `era-835-parse`). */
export function parseOnly(list: string | undefined): Set<MetricName> {
  if (list === undefined) return new Set(METRIC_NAMES);
  const out = new Set<MetricName>();
  for (const raw of list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const name = raw.split('.')[0] as MetricName;
    if (!METRIC_NAMES.includes(name))
      throw new BenchUsageError(`--only: unknown metric "${raw}" (known: ${METRIC_NAMES.join(', ')})`);
    out.add(name);
  }
  if (out.size === 0) throw new BenchUsageError('--only: name at least one metric');
  return out;
}
