// The benchmark harness on tiny inputs: every metric line has the documented
// JSON shape and a positive value. No performance assertions: this machine is
// shared, and the point is that the measurements still run end to end.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { MetricLine, type MetricName } from '../../../tools/bench/metrics.ts';
import { parseOnly, type BenchPlan } from '../../../tools/bench/plan.ts';
import { renderReport } from '../../../tools/bench/report.ts';
import { runBench, type BenchReport } from '../../../tools/bench/run.ts';
import { REDIS_URL } from '../../helpers/harness.ts';
import { TEST_DATABASE_URL } from '../../helpers/database.ts';
import { captureLogs } from '../../helpers/logs.ts';
import { createRedis } from '../../../orchestrator/platform/queue/connection.ts';

const TINY: BenchPlan = {
  name: 'custom',
  throughput: { levels: [1], runs: 1, lookupsPerRun: 2 },
  memberSearch: { runs: 1, lookupsPerRun: 2 },
  latency: { accounts: [1], runs: 1, lookupsPerAccount: 2, minMs: 20, maxMs: 40 },
  footprint: { concurrency: 1, reference: 2, total: 4, batch: 2 },
  derive: { screenshots: 1 },
  era: { megabytes: 1, runs: 1 },
  eraIngest: { megabytes: 1, runs: 1 },
  queue: { jobs: 10, runs: 1, concurrency: [2], batch: 5 },
  cli: { runs: 1 },
};

function checkLines(lines: MetricLine[], expected: string[]): void {
  expect(lines.map((l) => l.metric).sort()).toEqual([...expected].sort());
  for (const l of lines) {
    // Round-trips through JSON exactly as `bench --json` prints it.
    const parsed = MetricLine.parse(JSON.parse(JSON.stringify(l)));
    expect(parsed.value, l.metric).toBeGreaterThan(0);
    if (parsed.baseline !== undefined) {
      expect(parsed.baseline, l.metric).toBeGreaterThan(0);
      expect(parsed.ratio, l.metric).toBeGreaterThan(0);
    }
  }
}

/** The throwaway schema is dropped and the queue prefix has no keys left. */
async function expectCleanedUp(isolation: { schema: string; queuePrefix: string } | null): Promise<void> {
  const { schema, queuePrefix } = isolation!;
  expect(schema).toMatch(/^bench_[0-9a-f]{8}$/);
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    expect((await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).rowCount).toBe(0);
  } finally {
    await client.end();
  }
  const redis = createRedis(REDIS_URL, 'producer');
  try {
    expect(await redis.keys(`${queuePrefix}:*`)).toEqual([]);
  } finally {
    redis.disconnect();
  }
}

const WORKER = { concurrency: 2, tracing: 'on-retry' } as const;

describe('portalbots bench harness', () => {
  const logs = captureLogs();
  const run = (only: MetricName[], onMetric?: (m: MetricLine) => void) =>
    runBench({
      plan: TINY,
      only: new Set(only),
      databaseUrl: TEST_DATABASE_URL,
      redisUrl: REDIS_URL,
      worker: WORKER,
      logger: logs.logger,
      ...(onMetric ? { onMetric } : {}),
    });

  // Every metric that needs the throwaway schema comes from one bench run, as `bench --only a,b,...` (and the
  // full bench) runs them: one portal process and one migrated schema instead of one of each per metric,
  // whose start-up and tear-down were a third of this file's time. Each test still checks its own lines.
  let report: BenchReport;
  const seen: MetricLine[] = [];
  beforeAll(async () => {
    report = await run(
      [
        'queue-overhead',
        'era-835-parse',
        'claim-status-throughput',
        'member-search-throughput',
        'claim-status-latency',
        'era-ingest',
      ],
      (m) => seen.push(m),
    );
  }, 600_000);
  const linesOf = (name: MetricName) => report.metrics.filter((m) => m.metric.startsWith(`${name}.`));

  it('measures queue overhead and 835 parsing with the JSON shape and positive values', async () => {
    checkLines(
      [...linesOf('queue-overhead'), ...linesOf('era-835-parse')],
      ['queue-overhead.c2', 'era-835-parse.speed', 'era-835-parse.speed-per-cpu', 'era-835-parse.peak-memory'],
    );
    expect(seen).toEqual(report.metrics);
    expect(report.machine.cores).toBeGreaterThan(0);
    const md = renderReport(report);
    expect(md).toContain(report.machine.cpuModel);
    expect(md).toContain(report.machine.node);
    expect(md).toMatch(/\| queue-overhead\.c2 \| [\d.]+ \| jobs\/s \|/);
    await expectCleanedUp(report.isolation);
  });

  it('measures claim-status throughput against the bare Playwright loop', async () => {
    const lines = linesOf('claim-status-throughput');
    checkLines(lines, ['claim-status-throughput.c1']);
    expect(lines[0]!.note).toMatch(/bare \d+ ms, platform bot task \d+ ms/);
    await expectCleanedUp(report.isolation);
  });

  it('measures member-search lookups next to claim-number lookups', async () => {
    const lines = linesOf('member-search-throughput');
    checkLines(lines, ['member-search-throughput.c1']);
    expect(lines[0]!.note).toMatch(/member \d+ ms, claim number \d+ ms/);
    expect(lines[0]!.note).not.toMatch(/not found or failed/);
    await expectCleanedUp(report.isolation);
  });

  it('measures lookups against the physical limit with realistic portal latency', async () => {
    const lines = linesOf('claim-status-latency');
    expect(lines.map((m) => m.metric)).toEqual(['claim-status-latency.a1', 'claim-status-latency.logins-per-100']);
    const [a1, logins] = lines as [MetricLine, MetricLine];
    checkLines([a1], ['claim-status-latency.a1']);
    // The limit is computed from what the portal counted: 1 account / (pages per lookup x 30 ms mean).
    const pages = Number(/([\d.]+) portal requests per lookup/.exec(a1.note!)![1]);
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(a1.baseline).toBeCloseTo(60_000 / (pages * 30), 0);
    expect(logins.value).toBeGreaterThanOrEqual(0);
    await expectCleanedUp(report.isolation);
  });

  it('measures era ingest (claims/s into PostgreSQL) and era parse --json through the CLI', async () => {
    const lines = linesOf('era-ingest');
    checkLines(lines, [
      'era-ingest.claims-per-second',
      'era-ingest.peak-rss',
      'era-ingest.parse-json',
      'era-ingest.parse-json-peak-rss',
    ]);
    expect(lines[0]!.note).toMatch(/1 MB file, \d+ transactions, \d+ claims/);
    await expectCleanedUp(report.isolation);
  });

  it('measures CLI start-up against node -e 0', { timeout: 120_000 }, async () => {
    const cli = await run(['cli-startup']);
    checkLines(cli.metrics, ['cli-startup.help', 'cli-startup.era-help']);
    expect(cli.isolation).toBeNull();
  });

  it('rejects unknown metric names naming the option', async () => {
    expect(() => parseOnly('era-835-parse,nope')).toThrow(/--only: unknown metric "nope"/);
    expect([...parseOnly('era-835-parse.speed,queue-overhead')]).toEqual(['era-835-parse', 'queue-overhead']);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-cli-'));
    try {
      const err = await promisify(execFile)(
        process.execPath,
        ['bin/portalbots.mjs', 'bench', '--only', 'bogus', '--report', path.join(dir, 'x.md')],
        { cwd: path.resolve(import.meta.dirname, '../../..') },
      ).then(
        () => null,
        (e: { code: number; stderr: string }) => e,
      );
      expect(err?.code).not.toBe(0);
      expect(err?.stderr).toMatch(/--only: unknown metric "bogus"/);
      await expect(readFile(path.join(dir, 'x.md'))).rejects.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
