// Prometheus metrics (prom-client). Two registries, because the numbers live in
// two places:
// - fleet metrics, read at scrape time from PostgreSQL and Redis, so any one
//   orchestrator's /metrics shows the whole fleet: lookups by portal, task and
//   outcome, lookup durations, queue depth, credential health, schedule fires;
// - worker metrics, kept in each worker process: logins, live sessions, jobs
//   in flight, the evidence derive backlog (served on PORTALBOTS_WORKER_METRICS_PORT).
import { Counter, Gauge, Registry } from 'prom-client';
import type { Queue } from 'bullmq';
import type { Db } from './db/client.ts';

export interface FleetMetricsDeps {
  db: Db;
  portals: string[];
  queueFor(portal: string): Queue;
}

/** Lookup-duration quantiles are over this recent window (one SQL query per scrape). */
const DURATION_WINDOW = '1 hour';

export function fleetMetrics(deps: FleetMetricsDeps): Registry {
  const registry = new Registry();
  const { db } = deps;

  new Counter({
    name: 'portalbots_lookups_total',
    help: 'Lookup results recorded, by portal, task and outcome (error class for failures)',
    labelNames: ['portal', 'task', 'outcome', 'error_class'],
    registers: [registry],
    async collect() {
      const rows = await db.$queryRaw<
        { portal: string; task: string; outcome: string; error_class: string | null; n: bigint }[]
      >`
        SELECT portal_id AS portal, task, outcome, error_class, count(*) AS n
        FROM task_results WHERE job_id NOT LIKE '%@%'
        GROUP BY 1, 2, 3, 4`;
      this.reset();
      for (const r of rows)
        this.inc({ portal: r.portal, task: r.task, outcome: r.outcome, error_class: r.error_class ?? '' }, Number(r.n));
    },
  });

  new Gauge({
    name: 'portalbots_lookup_duration_seconds',
    help: `Lookup duration quantiles over the last ${DURATION_WINDOW}, by portal and task`,
    labelNames: ['portal', 'task', 'quantile'],
    registers: [registry],
    async collect() {
      const rows = await db.$queryRaw<{ portal: string; task: string; p50: number; p95: number; p99: number }[]>`
        SELECT portal_id AS portal, task,
          percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - started_at))::float8 AS p50,
          percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - started_at))::float8 AS p95,
          percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - started_at))::float8 AS p99
        FROM task_results
        WHERE finished_at > now() - ${DURATION_WINDOW}::interval AND job_id NOT LIKE '%@%'
        GROUP BY 1, 2`;
      this.reset();
      for (const r of rows) {
        this.set({ portal: r.portal, task: r.task, quantile: '0.5' }, r.p50);
        this.set({ portal: r.portal, task: r.task, quantile: '0.95' }, r.p95);
        this.set({ portal: r.portal, task: r.task, quantile: '0.99' }, r.p99);
      }
    },
  });

  new Gauge({
    name: 'portalbots_queue_jobs',
    help: 'Jobs on each portal queue by state',
    labelNames: ['portal', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      await Promise.all(
        deps.portals.map(async (portal) => {
          const c = await deps.queueFor(portal).getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed');
          for (const [state, n] of Object.entries(c)) this.set({ portal, state }, n ?? 0);
        }),
      );
    },
  });

  new Gauge({
    name: 'portalbots_queue_workers',
    help: 'Worker connections consuming each portal queue',
    labelNames: ['portal'],
    registers: [registry],
    async collect() {
      this.reset();
      await Promise.all(
        deps.portals.map(async (portal) => this.set({ portal }, await deps.queueFor(portal).getWorkersCount())),
      );
    },
  });

  new Gauge({
    name: 'portalbots_credentials',
    help: 'Portal credentials in the vault by health status',
    labelNames: ['portal', 'status'],
    registers: [registry],
    async collect() {
      const rows = await db.credential.groupBy({ by: ['portalId', 'status'], _count: { _all: true } });
      this.reset();
      for (const r of rows) this.set({ portal: r.portalId, status: r.status }, r._count._all);
    },
  });

  new Counter({
    name: 'portalbots_schedule_fires_total',
    help: 'Schedule fires by portal, task and outcome',
    labelNames: ['portal', 'task', 'outcome'],
    registers: [registry],
    async collect() {
      const rows = await db.$queryRaw<{ portal: string; task: string; outcome: string; n: bigint }[]>`
        SELECT s.portal_id AS portal, s.task, f.outcome, count(*) AS n
        FROM schedule_fires f JOIN schedules s ON s.id = f.schedule_id
        GROUP BY 1, 2, 3`;
      this.reset();
      for (const r of rows) this.inc({ portal: r.portal, task: r.task, outcome: r.outcome }, Number(r.n));
    },
  });

  new Gauge({
    name: 'portalbots_results_unprocessed',
    help: 'Recorded results whose follow-up work (work queue, ERA parsing) is not done yet',
    registers: [registry],
    async collect() {
      this.set(await db.taskResult.count({ where: { processedAt: null } }));
    },
  });

  return registry;
}

/** What a worker process reports about itself. */
export interface WorkerMetricsSource {
  /** Per portal: logins so far and live sessions (runner stats). */
  runnerStats(): Promise<Record<string, { logins: number; sessions: number }>>;
  /** Jobs this process holds right now. */
  inFlight(): number;
  /** Captures waiting for their derived copies (evidence derive queue). */
  deriveBacklog(): number;
}

export function workerMetrics(source: WorkerMetricsSource): Registry {
  const registry = new Registry();
  new Counter({
    name: 'portalbots_worker_logins_total',
    help: 'Portal logins this worker process made',
    labelNames: ['portal'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const [portal, s] of Object.entries(await source.runnerStats())) this.inc({ portal }, s.logins);
    },
  });
  new Gauge({
    name: 'portalbots_worker_sessions',
    help: 'Logged-in portal sessions this worker process holds',
    labelNames: ['portal'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const [portal, s] of Object.entries(await source.runnerStats())) this.set({ portal }, s.sessions);
    },
  });
  new Gauge({
    name: 'portalbots_worker_jobs_in_flight',
    help: 'Jobs this worker process is running',
    registers: [registry],
    collect() {
      this.set(source.inFlight());
    },
  });
  new Gauge({
    name: 'portalbots_evidence_derive_backlog',
    help: 'Captures of this worker waiting for their WebP and thumbnail copies',
    registers: [registry],
    collect() {
      this.set(source.deriveBacklog());
    },
  });
  return registry;
}
