import type { Command } from 'commander';
import { z } from 'zod';
import { bots } from '../../../bots/registry.ts';
import { ClaimNumber, TaskName } from '../../../bots/runtime/tasks.ts';
import { loadConfig } from '../../config.ts';
import { createDb } from '../../db/client.ts';
import { syncCatalog } from '../../catalog.ts';
import { createRedis } from '../../queue/connection.ts';
import { checkSubmittable, portalQueues, submitLookups } from '../../runs/submit.ts';
import { waitForRun, type RunResultRow } from '../../runs/wait.ts';
import { runWorklistFromCli, WorklistUsageError } from '../../worklists/cli.ts';
import { action, UsageError } from '../errors.ts';
import { money, renderTable } from '../table.ts';

const RunOptions = z.object({
  claim: z.array(z.string()).optional(),
  csv: z.string().min(1).optional(),
  wait: z.boolean().optional(),
  json: z.boolean().optional(),
  timeout: z.coerce.number().int().positive().max(86_400).default(600),
});

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('Submit lookups to a portal\'s queue (one job per claim)')
    .argument('<portal>', `portal id (${Object.keys(bots).join(', ')})`)
    .argument('<task>', 'task, e.g. claim-status')
    .option('--claim <id...>', 'payer claim number(s)')
    .option('--csv <file>', 'worklist CSV with a header row (claim_number, payer, patient_control_number, service_date, billed_amount)')
    .option('--wait', 'wait until every job has a result and print them')
    .option('--timeout <seconds>', 'with --wait: give up after this many seconds', '600')
    .option('--json', 'print JSON')
    .action(
      action(async (portal: string, task: string, raw: unknown) => {
        const opts = RunOptions.safeParse(raw);
        if (!opts.success) throw new UsageError(`--${String(opts.error.issues[0]!.path[0])}: ${opts.error.issues[0]!.message}`);
        const taskName = TaskName.safeParse(task);
        if (!taskName.success) throw new UsageError(`task: "${task}" is not one of ${TaskName.options.join(', ')}`);
        if (opts.data.csv) {
          if (opts.data.claim) throw new UsageError('--csv: use either --csv or --claim, not both');
          try {
            checkSubmittable(bots, portal, taskName.data);
          } catch (e) {
            throw new UsageError((e as Error).message);
          }
          await runWorklistFromCli({ config: loadConfig(), bots, formatResults }, { portal, task: taskName.data, file: opts.data.csv, opts: opts.data }).catch((e: Error) => {
            throw e instanceof WorklistUsageError ? new UsageError(e.message) : e;
          });
          return;
        }
        const claims = opts.data.claim ?? [];
        if (claims.length === 0) throw new UsageError('--claim: at least one claim number is required');
        for (const c of claims) {
          const r = ClaimNumber.safeParse(c);
          if (!r.success) throw new UsageError(`--claim "${c}": ${r.error.issues[0]!.message}`);
        }
        try {
          checkSubmittable(bots, portal, taskName.data);
        } catch (e) {
          throw new UsageError((e as Error).message);
        }
        await runLookups(portal, taskName.data, claims, opts.data);
      }),
    );
}

async function runLookups(portal: string, task: TaskName, claims: string[], opts: z.infer<typeof RunOptions>): Promise<void> {
  const config = loadConfig();
  const db = createDb(config.databaseUrl);
  const redis = createRedis(config.redisUrl, 'producer');
  const queues = portalQueues(redis, config.queuePrefix);
  try {
    await syncCatalog(db, Object.values(bots), config.portalUrls);
    const run = await submitLookups(
      { db, queueFor: queues.queueFor, bots, jobAttempts: config.jobAttempts },
      { portal, task, claimNumbers: claims, trigger: 'cli', requestedBy: process.env.USER ?? 'cli' },
    ).catch((e: Error) => {
      throw e.name === 'SubmitError' ? new UsageError(e.message) : e;
    });
    if (!opts.wait) {
      if (opts.json) process.stdout.write(`${JSON.stringify(run)}\n`);
      else process.stdout.write(`Run ${run.runId}: ${run.jobs.length} job(s) queued on ${portal}. Start a worker (portalbots worker) to process them.\n`);
      return;
    }
    const tty = process.stderr.isTTY && !opts.json;
    const rows = await waitForRun(db, run.runId, run.jobs.length, {
      timeoutMs: opts.timeout * 1000,
      onProgress: (done, total) => {
        if (tty) process.stderr.write(`\r${done}/${total} done`);
      },
    });
    if (tty) process.stderr.write('\n');
    if (opts.json) process.stdout.write(`${JSON.stringify({ runId: run.runId, results: rows }, null, 2)}\n`);
    else process.stdout.write(`${formatResults(rows)}\n`);
    if (rows.some((r) => r.outcome === 'failed')) process.exitCode = 1;
  } finally {
    await queues.close();
    redis.disconnect();
    await db.$disconnect();
  }
}

export function formatResults(rows: RunResultRow[]): string {
  return renderTable(
    ['claim', 'payer', 'outcome', 'status', 'billed', 'paid', 'pt resp', 'check', 'denial codes', 'evidence'],
    rows.map((r) => {
      const d = (r.data ?? {}) as Record<string, unknown>;
      const adj = Array.isArray(d.adjustments) ? (d.adjustments as { group: string; carc: string }[]) : [];
      return [
        r.claimNumber,
        r.payerId,
        r.outcome === 'failed' ? `failed: ${r.errorClass}` : r.outcome,
        typeof d.statusCategory === 'string' ? `${d.statusCategory} ${String(d.statusText ?? '')}`.slice(0, 40) : '',
        money(d.billedAmount),
        money(d.paidAmount),
        money(d.patientResponsibility),
        (d.checkNumber as string | null) ?? '',
        adj.map((a) => `${a.group}-${a.carc}`).join(' '),
        r.evidenceCount,
      ];
    }),
  );
}
