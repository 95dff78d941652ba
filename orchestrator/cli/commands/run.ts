import type { Queue } from 'bullmq';
import type { Command } from 'commander';
import { z } from 'zod';
import { bots } from '../../../bots/index.ts';
import { ClaimNumber, IsoDate, Npi, TaskName } from '../../../bots/index.ts';
import { loadConfig } from '../../platform/config.ts';
import { createDb } from '../../platform/db/client.ts';
import { syncCatalog } from '../../platform/catalog.ts';
import { createRedis } from '../../platform/queue/connection.ts';
import { checkSubmittable, portalQueues, submitLookups } from '../../platform/runs/submit.ts';
import { submitTargets, TARGET_TASKS } from '../../platform/runs/submit-targets.ts';
import { waitForRun } from '../../platform/runs/wait.ts';
import { formatResults } from '../format/results.ts';
import { runWorklistFromCli, WorklistUsageError } from '../worklist-run.ts';
import { action, UsageError } from '../errors.ts';
import { text } from '../../platform/text.ts';

const RunOptions = z.object({
  claim: z.array(text()).optional(),
  csv: text().min(1).optional(),
  npi: z.array(text()).optional(),
  from: text().optional(),
  to: text().optional(),
  payer: text().optional(),
  wait: z.boolean().optional(),
  json: z.boolean().optional(),
  timeout: z.coerce.number().int().positive().max(86_400).default(600),
});

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description("Submit lookups to a portal's queue (one job per claim)")
    .argument('<portal>', `portal id (${Object.keys(bots).join(', ')})`)
    .argument('<task>', 'task, e.g. claim-status')
    .option('--claim <id...>', 'payer claim number(s)')
    .option('--npi <npi...>', 'provider NPI(s), for credentialing-status')
    .option('--from <date>', 'first payment date (YYYY-MM-DD), for era-download')
    .option('--to <date>', 'last payment date (YYYY-MM-DD), for era-download')
    .option('--payer <id>', 'only this payer, for era-download')
    .option(
      '--csv <file>',
      'worklist CSV with a header row (claim_number, payer, patient_control_number, service_date, billed_amount)',
    )
    .option('--wait', 'wait until every job has a result and print them')
    .option('--timeout <seconds>', 'with --wait: give up after this many seconds', '600')
    .option('--json', 'print JSON')
    .action(
      action(async (portal: string, task: string, raw: unknown) => {
        const opts = RunOptions.safeParse(raw);
        if (!opts.success)
          throw new UsageError(`--${String(opts.error.issues[0]!.path[0])}: ${opts.error.issues[0]!.message}`);
        const taskName = TaskName.safeParse(task);
        if (!taskName.success) throw new UsageError(`task: "${task}" is not one of ${TaskName.options.join(', ')}`);
        if (opts.data.csv) {
          if (opts.data.claim) throw new UsageError('--csv: use either --csv or --claim, not both');
          try {
            checkSubmittable(bots, portal, taskName.data);
          } catch (e) {
            throw new UsageError((e as Error).message);
          }
          await runWorklistFromCli(
            { config: loadConfig(), bots, formatResults: (rows) => formatResults(taskName.data, rows) },
            { portal, task: taskName.data, file: opts.data.csv, opts: opts.data },
          ).catch((e: Error) => {
            throw e instanceof WorklistUsageError ? new UsageError(e.message) : e;
          });
          return;
        }
        const targetKind = TARGET_TASKS[taskName.data];
        if (targetKind) {
          try {
            checkSubmittable(bots, portal, taskName.data);
          } catch (e) {
            throw new UsageError((e as Error).message);
          }
          const targets = cliTargets(targetKind, opts.data);
          await runLookups(portal, taskName.data, { targets }, opts.data);
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
        await runLookups(portal, taskName.data, { claims }, opts.data);
      }),
    );
}

/** Targets from --npi or --from/--to, validated here so bad input never reaches Redis. */
function cliTargets(kind: 'npi' | 'dateRange', o: z.infer<typeof RunOptions>): unknown[] {
  if (kind === 'npi') {
    if (!o.npi?.length) throw new UsageError('--npi: at least one provider NPI is required');
    return o.npi.map((npi) => {
      const r = Npi.safeParse(npi);
      if (!r.success) throw new UsageError(`--npi "${npi}": ${r.error.issues[0]!.message}`);
      return { npi };
    });
  }
  for (const flag of ['from', 'to'] as const) {
    const v = o[flag];
    if (!v) throw new UsageError(`--${flag}: required for this task`);
    const r = IsoDate.safeParse(v);
    if (!r.success) throw new UsageError(`--${flag} "${v}": ${r.error.issues[0]!.message}`);
  }
  if (o.from! > o.to!) throw new UsageError('--from: must not be after --to');
  return [{ from: o.from, to: o.to, ...(o.payer ? { payer: o.payer } : {}) }];
}

async function runLookups(
  portal: string,
  task: TaskName,
  what: { claims: string[] } | { targets: unknown[] },
  opts: z.infer<typeof RunOptions>,
): Promise<void> {
  const config = loadConfig();
  const db = createDb(config.databaseUrl);
  const redis = createRedis(config.redisUrl, 'producer');
  const queues = portalQueues(redis, config.queuePrefix);
  try {
    await syncCatalog(db, Object.values(bots), config.portalUrls);
    const deps = {
      db,
      queueFor: queues.queueFor,
      bots,
      jobAttempts: config.jobAttempts,
      queueSettings: config.queues,
    };
    const who = { trigger: 'cli' as const, requestedBy: config.operator };
    const run = await ('claims' in what
      ? submitLookups(deps, { portal, task, claimNumbers: what.claims, ...who })
      : submitTargets(deps, { portal, task, targets: what.targets, ...who })
    ).catch((e: Error) => {
      throw e.name === 'SubmitError' ? new UsageError(e.message) : e;
    });
    if (!opts.wait) {
      if (opts.json) process.stdout.write(`${JSON.stringify(run)}\n`);
      else
        process.stdout.write(
          `Run ${run.runId}: ${run.jobs.length} job(s) queued on ${portal}. Start a worker (portalbots worker) to process them.\n`,
        );
      return;
    }
    const tty = process.stderr.isTTY && !opts.json;
    const joined = run.jobs.filter((j) => 'joined' in j && j.joined).length;
    if (joined > 0)
      process.stderr.write(
        `${joined} of ${run.jobs.length} lookup(s) joined identical lookups queued within the dedup window; waiting for those.\n`,
      );
    await warnWithoutWorker(queues.queueFor(portal), portal);
    const rows = await waitForRun(db, run.runId, run.jobs.length, {
      timeoutMs: opts.timeout * 1000,
      onProgress: (done, total) => {
        if (tty) process.stderr.write(`\r${done}/${total} done`);
      },
    });
    if (tty) process.stderr.write('\n');
    if (opts.json) process.stdout.write(`${JSON.stringify({ runId: run.runId, results: rows }, null, 2)}\n`);
    else process.stdout.write(`${formatResults(task, rows)}\n`);
    if (rows.some((r) => r.outcome === 'failed')) process.exitCode = 1;
  } finally {
    await queues.close();
    redis.disconnect();
    await db.$disconnect();
  }
}

/**
 * A run waits for workers: say so at once when none is consuming the portal's
 * queue, instead of counting down to the timeout in silence.
 */
async function warnWithoutWorker(queue: Queue, portal: string): Promise<void> {
  const workers = await queue.getWorkersCount().catch(() => -1);
  if (workers === 0)
    process.stderr.write(
      `No worker is consuming the ${portal} queue: start one (portalbots worker); the lookups wait in the queue until then.\n`,
    );
}
