// `portalbots run <portal> <task> --csv FILE`: read and validate the
// worklist, report bad rows by line and field, run the good rows, and with
// --wait show progress (stderr, TTY only) and print the results.
import { readFile } from 'node:fs/promises';
import type { BotDefinition } from '../../bots/index.ts';
import type { TaskName } from '../../bots/index.ts';
import { syncCatalog } from '../platform/catalog.ts';
import type { Config } from '../platform/config.ts';
import { createDb } from '../platform/db/client.ts';
import { createRedis } from '../platform/queue/connection.ts';
import { portalQueues } from '../platform/runs/submit.ts';
import { waitForRun, type RunResultRow } from '../platform/runs/wait.ts';
import { formatRowErrors, parseWorklist, WorklistError } from '../platform/worklists/csv.ts';
import { createProgress } from './progress.ts';
import { submitWorklist } from '../platform/worklists/submit.ts';

export interface WorklistCliOptions {
  wait?: boolean;
  json?: boolean;
  timeout: number;
}

export class WorklistUsageError extends Error {
  override name = 'WorklistUsageError';
}

export async function runWorklistFromCli(
  ctx: { config: Config; bots: Record<string, BotDefinition>; formatResults(rows: RunResultRow[]): string },
  req: { portal: string; task: TaskName; file: string; opts: WorklistCliOptions },
): Promise<void> {
  let text: string;
  try {
    text = await readFile(req.file, 'utf8');
  } catch (e) {
    throw new WorklistUsageError(
      `--csv: cannot read ${req.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  const bot = ctx.bots[req.portal];
  if (!bot)
    throw new WorklistUsageError(`portal: unknown portal "${req.portal}" (known: ${Object.keys(ctx.bots).join(', ')})`);
  let worklist;
  try {
    worklist = parseWorklist(text, { portal: bot });
  } catch (e) {
    throw e instanceof WorklistError ? new WorklistUsageError(`--csv ${req.file}: ${e.message}`) : e;
  }
  if (worklist.errors.length > 0) {
    process.stderr.write(
      `${worklist.errors.length} bad row(s) in ${req.file} left out:\n${formatRowErrors(worklist.errors)}\n`,
    );
  }
  if (worklist.rows.length === 0) throw new WorklistUsageError(`--csv ${req.file}: no valid rows to run`);

  const { config } = ctx;
  const db = createDb(config.databaseUrl);
  const redis = createRedis(config.redisUrl, 'producer');
  const queues = portalQueues(redis, config.queuePrefix);
  try {
    await syncCatalog(db, Object.values(ctx.bots), config.portalUrls);
    const run = await submitWorklist(
      {
        db,
        queueFor: queues.queueFor,
        bots: ctx.bots,
        jobAttempts: config.jobAttempts,
        queueSettings: config.queues,
      },
      { portal: req.portal, task: req.task, worklist, requestedBy: config.operator },
    );
    const badRows = worklist.errors;
    if (!req.opts.wait) {
      if (req.opts.json) process.stdout.write(`${JSON.stringify({ ...run, badRows })}\n`);
      else
        process.stdout.write(
          `Run ${run.runId}: ${run.jobs.length + (run.worklistJobs?.length ?? 0)} job(s) queued on ${req.portal} from ${req.file}${badRows.length ? `, ${badRows.length} bad row(s) left out` : ''}.\n`,
        );
    } else {
      const progress = createProgress(process.stderr, 'claims', Boolean(process.stderr.isTTY) && !req.opts.json);
      const rows = await waitForRun(db, run.runId, run.jobs.length + (run.worklistJobs?.length ?? 0), {
        timeoutMs: req.opts.timeout * 1000,
        onProgress: (done, total) => progress.update(done, total),
      });
      progress.finish();
      if (req.opts.json)
        process.stdout.write(`${JSON.stringify({ runId: run.runId, results: rows, badRows }, null, 2)}\n`);
      else process.stdout.write(`${ctx.formatResults(rows)}\n`);
      if (rows.some((r) => r.outcome === 'failed')) process.exitCode = 1;
    }
    if (badRows.length > 0) process.exitCode = 1;
  } finally {
    await queues.close();
    redis.disconnect();
    await db.$disconnect();
  }
}
