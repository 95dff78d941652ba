// `portalbots bench`: stands the platform up in this process on throwaway
// infrastructure (mock Availity portal, PostgreSQL schema, queue prefix,
// evidence directory), runs the selected benchmarks in a fixed order and
// hands every metric line to `onMetric` as soon as it is known.
import { demoCredentials } from '../../mock-portals/index.ts';
import type { Logger } from '../../orchestrator/platform/logging.ts';
import { cliStartup } from './cli-startup.ts';
import { bytesPerCapture, deriveCost } from './evidence.ts';
import { era835 } from './era.ts';
import { eraIngest } from './era-ingest.ts';
import { openBenchInfra, type BenchInfra } from './infra.ts';
import {
  footprintAndLeak,
  memberSearchThroughput,
  throughputByConcurrency,
  type LookupBenchContext,
} from './lookups.ts';
import { latencyThroughput } from './latency.ts';
import { benchBrowser, loadAverage, machineInfo, type MachineInfo } from './machine.ts';
import type { MetricLine, MetricName } from './metrics.ts';
import type { BenchPlan } from './plan.ts';
import { queueOverhead } from './queue-overhead.ts';
import { startFleet, type BenchWorkerSettings } from './platform.ts';
import { startPortalProcess, WORKLIST_HEADER, type BenchPortal } from './portal-process.ts';

const SEED = 4242;

export interface BenchOptions {
  plan: BenchPlan;
  only: Set<MetricName>;
  databaseUrl: string;
  redisUrl: string;
  /** The deployment's worker settings, which the platform runs use. */
  worker: BenchWorkerSettings;
  logger: Logger;
  onMetric?: (m: MetricLine) => void;
  progress?: (msg: string) => void;
  /** Aborting tears the infrastructure down at once (schema, queue keys, portal); runBench then rejects. */
  signal?: AbortSignal;
}

export class BenchInterrupted extends Error {
  override name = 'BenchInterrupted';
}

export interface BenchReport {
  machine: MachineInfo;
  loadAtEnd: [number, number, number];
  startedAt: Date;
  finishedAt: Date;
  plan: BenchPlan;
  worker: BenchWorkerSettings;
  metrics: MetricLine[];
  /** The throwaway schema and queue prefix used (already removed), for checking the cleanup. */
  isolation: { schema: string; queuePrefix: string } | null;
}

const needsPortal = (only: Set<MetricName>) =>
  [
    'claim-status-throughput',
    'member-search-throughput',
    'claim-status-latency',
    'logins-per-100-lookups',
    'rss-per-context',
    'rss-leak',
    'evidence-derive',
    'evidence-bytes',
  ].some((m) => only.has(m as MetricName));
const needsInfra = (only: Set<MetricName>) => needsPortal(only) || only.has('queue-overhead') || only.has('era-ingest');

export async function runBench(opts: BenchOptions): Promise<BenchReport> {
  const startedAt = new Date();
  const machine = await machineInfo();
  const progress = opts.progress ?? (() => undefined);
  const metrics: MetricLine[] = [];
  const emit = (lines: MetricLine[]) => {
    for (const m of lines) {
      if (!opts.only.has(m.metric.split('.')[0] as MetricName)) continue;
      metrics.push(m);
      opts.onMetric?.(m);
    }
  };
  const { plan, only } = opts;

  let portal: BenchPortal | undefined;
  let infra: BenchInfra | undefined;
  let closing: Promise<void> | undefined;
  const cleanup = () =>
    (closing ??= (async () => {
      await infra?.close();
      await portal?.close().catch(() => undefined);
    })());
  const onAbort = () => void cleanup();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const checkpoint = () => {
    if (opts.signal?.aborted) throw new BenchInterrupted('bench interrupted; throwaway schema and queue keys removed');
  };
  try {
    if (needsPortal(only)) portal = await startPortalProcess(SEED);
    if (needsInfra(only)) {
      infra = await openBenchInfra({
        databaseUrl: opts.databaseUrl,
        redisUrl: opts.redisUrl,
        portalUrls: portal ? { availity: portal.url } : {},
      });
    }
    checkpoint();
    if (portal && infra) {
      const p = portal;
      const ctx: LookupBenchContext = {
        infra,
        baseUrl: p.url,
        account: demoCredentials(SEED).availity,
        claims: p.claims,
        worklistRows: p.worklistRows,
        worklistHeader: WORKLIST_HEADER,
        portalLogins: () => p.logins(),
        notMeasured: new Set([p.pid]),
        worker: opts.worker,
        logger: opts.logger,
        progress,
      };
      if (only.has('claim-status-throughput')) emit(await throughputByConcurrency(ctx, plan.throughput));
      checkpoint();
      if (only.has('member-search-throughput')) emit(await memberSearchThroughput(ctx, plan.memberSearch));
      checkpoint();
      if (only.has('claim-status-latency')) emit(await latencyThroughput({ ...ctx, infra }, p, plan.latency));
      checkpoint();
      if (only.has('logins-per-100-lookups') || only.has('rss-per-context') || only.has('rss-leak'))
        emit(await footprintAndLeak(ctx, plan.footprint));
      checkpoint();
      if (only.has('evidence-derive')) {
        progress(`evidence: hashing and deriving ${plan.derive.screenshots} screenshots`);
        emit(
          await deriveCost({
            baseUrl: p.url,
            account: ctx.account,
            claims: ctx.claims,
            screenshots: plan.derive.screenshots,
          }),
        );
      }
      if (only.has('evidence-bytes')) {
        if ((await infra.db.evidence.count()) === 0) await someLookups(ctx, 20);
        emit(await bytesPerCapture(infra));
      }
    }
    checkpoint();
    if (infra && only.has('queue-overhead'))
      emit(await queueOverhead(infra, { ...plan.queue, logger: opts.logger, progress }));
    checkpoint();
    if (only.has('era-835-parse')) emit(await era835({ ...plan.era, progress }));
    checkpoint();
    if (infra && only.has('era-ingest')) emit(await eraIngest({ infra, ...plan.eraIngest, progress }));
    checkpoint();
    if (only.has('cli-startup')) emit(await cliStartup({ ...plan.cli, progress }));
  } catch (e) {
    if (opts.signal?.aborted)
      throw new BenchInterrupted('bench interrupted; throwaway schema and queue keys removed', { cause: e });
    throw e;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    await cleanup();
  }
  const isolation = infra ? { schema: infra.schema, queuePrefix: infra.queuePrefix } : null;
  return {
    machine,
    loadAtEnd: loadAverage(),
    startedAt,
    finishedAt: new Date(),
    plan,
    worker: opts.worker,
    metrics,
    isolation,
  };
}

/** A few platform lookups so that evidence exists to measure. */
async function someLookups(ctx: LookupBenchContext, n: number): Promise<void> {
  const browser = await benchBrowser();
  const fleet = await startFleet(ctx.infra, {
    browser,
    account: ctx.account,
    concurrency: 1,
    worker: ctx.worker,
    logger: ctx.logger,
  });
  try {
    await fleet.lookups(ctx.claims.slice(0, n), 300_000);
  } finally {
    await fleet.close();
    await browser.close().catch(() => undefined);
  }
}
