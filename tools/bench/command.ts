// `portalbots bench [--json] [--quick] [--only metric,...] [--report FILE]`:
// measures this machine and (full plan, all metrics) rewrites docs/BENCHMARKS.md.
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../../orchestrator/platform/config.ts';
import { createLogger } from '../../orchestrator/platform/logging.ts';
import { METRIC_NAMES } from './metrics.ts';
import { BenchUsageError, FULL_PLAN, parseOnly, QUICK_PLAN } from './plan.ts';
import { writeReport } from './report.ts';
import { runBench } from './run.ts';
import { action, UsageError } from '../../orchestrator/cli/errors.ts';
import { projectPath } from '../../orchestrator/platform/project-root.ts';

export const DEFAULT_REPORT = projectPath('docs', 'BENCHMARKS.md');

const BenchOptions = z.object({
  json: z.boolean().optional(),
  quick: z.boolean().optional(),
  only: z.string().min(1).optional(),
  report: z.string().min(1).optional(),
  leakLookups: z.coerce.number().int().min(20, 'must be at least 20').max(100_000).optional(),
  latency: z
    .string()
    .regex(/^\d{1,5}-\d{1,5}$/, 'must be a range in ms like 300-800')
    .refine(
      (r) => Number(r.split('-')[0]) <= Number(r.split('-')[1]) && Number(r.split('-')[0]) > 0,
      'must be low-high, low > 0',
    )
    .optional(),
});

export function registerBenchCommand(program: Command): void {
  program
    .command('bench')
    .description('Measure throughput, memory, evidence cost, 835 parsing and queue overhead on this machine')
    .option(
      '--json',
      'print one JSON object per metric per line: {metric, value, unit, baseline?, ratio?, runs?, note?}',
    )
    .option('--quick', 'small sizes (under two minutes); does not rewrite docs/BENCHMARKS.md unless --report is given')
    .option('--only <metrics>', `comma-separated subset of: ${METRIC_NAMES.join(', ')}`)
    .option('--leak-lookups <n>', 'lookups in the memory/leak run (full plan: 2000, quick: 40)')
    .option(
      '--latency <min-max>',
      'portal latency of the realistic-latency mode (claim-status-latency), ms per request (default 300-800)',
    )
    .option(
      '--report <file>',
      'write the Markdown report here (default: docs/BENCHMARKS.md for a full run of every metric)',
    )
    .addHelpText(
      'after',
      '\nUses DATABASE_URL and REDIS_URL, but only a throwaway schema (bench_<random>) and queue prefix (bench-<random>), removed afterwards.',
    )
    .action(
      action(async (raw: unknown) => {
        const opts = BenchOptions.safeParse(raw);
        if (!opts.success)
          throw new UsageError(`--${String(opts.error.issues[0]!.path[0])}: ${opts.error.issues[0]!.message}`);
        let only;
        try {
          only = parseOnly(opts.data.only);
        } catch (e) {
          throw e instanceof BenchUsageError ? new UsageError(e.message) : e;
        }
        const config = loadConfig();
        const base = opts.data.quick ? QUICK_PLAN : FULL_PLAN;
        const leak = opts.data.leakLookups;
        const sized =
          leak === undefined
            ? base
            : {
                ...base,
                footprint: { ...base.footprint, total: leak, reference: Math.min(base.footprint.reference, leak) },
              };
        const [minMs, maxMs] = (opts.data.latency ?? '').split('-').map(Number);
        const plan = opts.data.latency
          ? { ...sized, latency: { ...sized.latency, minMs: minMs!, maxMs: maxMs! } }
          : sized;
        const complete = !opts.data.quick && opts.data.only === undefined;
        const reportFile = opts.data.report ? path.resolve(opts.data.report) : complete ? DEFAULT_REPORT : undefined;
        const json = opts.data.json === true;
        // Playwright traps SIGINT/SIGTERM to close its browsers; we also remove the throwaway schema and queue keys.
        const abort = new AbortController();
        const stop = (signal: string) => {
          process.stderr.write(`bench: ${signal}: stopping and cleaning up\n`);
          abort.abort();
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
        const report = await runBench({
          signal: abort.signal,
          plan,
          only,
          databaseUrl: config.databaseUrl,
          redisUrl: config.redisUrl,
          worker: { concurrency: config.workerConcurrency, tracing: config.tracing },
          // Workers log job failures at warn; a benchmark only wants real errors on stderr.
          logger: createLogger({ level: config.logLevel === 'info' ? 'error' : config.logLevel, name: 'bench' }),
          progress: (msg) => process.stderr.write(`bench: ${msg}\n`),
          onMetric: (m) => {
            if (json) process.stdout.write(`${JSON.stringify(m)}\n`);
            else
              process.stdout.write(
                `${m.metric.padEnd(34)} ${String(m.value).padStart(10)} ${m.unit}${m.baseline !== undefined ? `   baseline ${m.baseline}   ratio ${m.ratio}` : ''}\n`,
              );
          },
        });
        if (reportFile) {
          await writeReport(report, reportFile);
          process.stderr.write(`bench: wrote ${path.relative(process.cwd(), reportFile) || reportFile}\n`);
        }
      }),
    );
}
