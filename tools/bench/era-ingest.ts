// The ERA commands end to end, as an operator runs them: `portalbots era
// ingest` (evidence, parse, match, store, hand-over) into the bench's
// throwaway schema, in claims per second, and `portalbots era parse --json`
// in MB per second, each a fresh CLI process timed from spawn to exit
// (start-up included) with its peak RSS. The remittance claims match no claim
// of ours (the bench schema holds none), so the matching queries run and the
// work-queue hand-over has nothing to do.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { childEnv } from '../../orchestrator/platform/config.ts';
import { projectPath } from '../../orchestrator/platform/project-root.ts';
import { generate835File } from './era-files.ts';
import type { BenchInfra } from './infra.ts';
import { median, metric, type MetricLine } from './metrics.ts';

export class EraIngestBenchError extends Error {
  override name = 'EraIngestBenchError';
}

/** Loaded into the timed CLI with --import: reports the process's peak RSS on stderr as it exits. */
const RSS_REPORTER = `data:text/javascript,${encodeURIComponent(
  "process.on('exit', () => process.stderr.write('\\nbench-max-rss-kb ' + process.resourceUsage().maxRSS + '\\n'));",
)}`;

interface CliRun {
  seconds: number;
  peakRssMb: number;
  stdout: string;
}

async function timedCli(args: string[], env: NodeJS.ProcessEnv, stdoutFile?: string): Promise<CliRun> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', RSS_REPORTER, projectPath('bin', 'portalbots.mjs'), ...args], {
    cwd: projectPath(),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  if (stdoutFile) child.stdout.pipe(createWriteStream(stdoutFile));
  else child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  const seconds = (performance.now() - t0) / 1000;
  if (code !== 0)
    throw new EraIngestBenchError(
      `portalbots ${args.slice(0, 2).join(' ')} exited ${code}: ${stderr.trim().split('\n')[0]}`,
    );
  const rss = /bench-max-rss-kb (\d+)/.exec(stderr);
  return { seconds, peakRssMb: rss ? Number(rss[1]) / 1024 : Number.NaN, stdout };
}

const ERA_TABLES = 'era_balance_problems, era_provider_adjustments, era_remittance_claims, era_payments, era_files';

export async function eraIngest(p: {
  infra: BenchInfra;
  megabytes: number;
  runs: number;
  progress(msg: string): void;
}): Promise<MetricLine[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'portalbots-bench-era-ingest-'));
  try {
    const file = path.join(dir, 'ingest.835');
    p.progress(`ERA ingest: generating ${p.megabytes} MB, then ${p.runs} era ingest and era parse --json run(s)`);
    const g = await generate835File(file, p.megabytes);
    const env = childEnv({
      DATABASE_URL: p.infra.databaseUrl,
      PORTALBOTS_DATA_DIR: p.infra.dataDir,
      LOG_LEVEL: 'warn',
    });
    const ingests: CliRun[] = [];
    const parses: CliRun[] = [];
    for (let r = 0; r < p.runs; r++) {
      // The same file again would be a duplicate (idempotent by SHA-256): start each run from empty ERA tables.
      await p.infra.db.$executeRawUnsafe(`TRUNCATE ${ERA_TABLES}`);
      const run = await timedCli(['era', 'ingest', file, '--portal', 'availity', '--force', '--json'], env);
      const stored = (JSON.parse(run.stdout) as { claims?: number }).claims;
      if (stored !== g.claims)
        throw new EraIngestBenchError(`era ingest stored ${String(stored)} claims, the file has ${g.claims}`);
      ingests.push(run);
      parses.push(await timedCli(['era', 'parse', file, '--json'], env, path.join(dir, 'parse.json')));
    }
    const mb = g.bytes / 1e6;
    const size = `${mb.toFixed(0)} MB file, ${g.transactions} transactions, ${g.claims} claims`;
    return [
      metric({
        metric: 'era-ingest.claims-per-second',
        value: median(ingests.map((r) => g.claims / r.seconds)),
        unit: 'claims/s',
        runs: p.runs,
        note: `${size}; \`portalbots era ingest\` end to end (start-up, evidence, parse, match, store, hand-over) into PostgreSQL; target >= 10,000`,
      }),
      metric({
        metric: 'era-ingest.peak-rss',
        value: median(ingests.map((r) => r.peakRssMb)),
        unit: 'MB',
        runs: p.runs,
        note: `peak RSS of the era ingest process for the ${mb.toFixed(0)} MB file (parsed claims one batch at a time; the file streamed into the evidence store and from it to the parser, verified as it is read)`,
      }),
      metric({
        metric: 'era-ingest.parse-json',
        value: median(parses.map((r) => mb / r.seconds)),
        unit: 'MB/s',
        runs: p.runs,
        note: `\`portalbots era parse FILE --json\` end to end, start-up included, output to a file; same ${mb.toFixed(0)} MB file; target >= 50`,
      }),
      metric({
        metric: 'era-ingest.parse-json-peak-rss',
        value: median(parses.map((r) => r.peakRssMb)),
        unit: 'MB',
        runs: p.runs,
        note: 'peak RSS of the era parse --json process',
      }),
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
