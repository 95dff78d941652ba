// `portalbots schedule list|set|remove`: schedules live in the database; a
// running orchestrator picks up changes within seconds (no restart).
import type { Command } from 'commander';
import { z } from 'zod';
import { bots } from '../../../bots/index.ts';
import { TaskName } from '../../../bots/index.ts';
import { syncCatalog } from '../../platform/catalog.ts';
import { loadConfig } from '../../platform/config.ts';
import type { Db } from '../../platform/db/client.ts';
import { type MaintenanceWindowError, parseMaintenanceWindow } from '../../platform/schedules/maintenance.ts';
import { runScheduleNow, scheduleFires, setSchedulePaused } from '../../platform/schedules/control.ts';
import { listSchedules, removeSchedule, setSchedule } from '../../platform/schedules/store.ts';
import { createLogger } from '../../platform/logging.ts';
import { createRedis } from '../../platform/queue/connection.ts';
import { portalQueues } from '../../platform/runs/submit.ts';
import { ScheduleValidationError } from '../../platform/schedules/validate.ts';
import { action, UsageError } from '../errors.ts';
import { renderTable } from '../table.ts';
import { text } from '../../platform/text.ts';
import { withDb as withCliDb } from '../db.ts';

async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  return withCliDb(async (db) => {
    await syncCatalog(db, Object.values(bots), loadConfig().portalUrls);
    return fn(db);
  }, 2);
}

const SetOptions = z.object({
  cron: text({ error: 'is required, e.g. --cron "0 6 * * 1-5"' }),
  timezone: text().optional(),
  disabled: z.boolean().optional(),
  maxAgeHours: z.coerce.number().positive('must be a positive number of hours').optional(),
  maxTargets: z.coerce.number().int().positive('must be a positive whole number').optional(),
  maxLookbackDays: z.coerce.number().int().positive('must be a positive whole number of days').optional(),
  npi: z.array(text()).optional(),
  payer: z.array(text()).optional(),
  maintenance: z.array(text()).optional(),
  json: z.boolean().optional(),
});

const collect = (v: string, prev: string[] = []) => [...prev, v];
const kebab = (k: string) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export function registerScheduleCommand(program: Command): void {
  const schedule = program
    .command('schedule')
    .description('Recurring sweeps per portal x task (cron, timezone, maintenance windows)');

  schedule
    .command('list')
    .description('List schedules')
    .option('--json', 'print JSON')
    .action(
      action(async (opts: { json?: boolean }) => {
        const list = await withDb(listSchedules);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ schedules: list }, null, 2)}\n`);
          return;
        }
        if (list.length === 0) {
          process.stdout.write(
            'No schedules. Add one with: portalbots schedule set <portal> <task> --cron "0 6 * * 1-5"\n',
          );
          return;
        }
        process.stdout.write(
          `${renderTable(
            ['portal', 'task', 'cron', 'timezone', 'enabled', 'targets', 'maintenance'],
            list.map((s) => [
              s.portal,
              s.task,
              s.cron,
              s.timezone,
              s.enabled ? 'yes' : 'no',
              JSON.stringify(s.targetSelection),
              s.maintenanceWindows.map((w) => w.spec).join('; '),
            ]),
          )}\n`,
        );
      }),
    );

  schedule
    .command('set')
    .description('Create or replace the schedule of <portal> <task>')
    .argument('<portal>', 'portal id')
    .argument('<task>', 'task, e.g. claim-status')
    .requiredOption('--cron <expr>', 'cron expression (5 fields, or 6 with seconds)')
    .option('--timezone <tz>', 'IANA timezone the cron is read in', 'UTC')
    .option('--disabled', 'store it but do not fire')
    .option('--max-age-hours <n>', 'claim sweeps: claims not checked for this many hours are due')
    .option('--max-targets <n>', 'claim sweeps: at most this many claims per firing')
    .option('--max-lookback-days <n>', 'era-download: never pull further back than this')
    .option('--npi <npi>', 'credentialing-status: a provider NPI (repeatable)', collect)
    .option('--payer <id>', 'claim sweeps: only this payer (repeatable)', collect)
    .option(
      '--maintenance <window>',
      'no firing during e.g. "Sun 01:00-03:00" or "daily 22:00-23:30" (repeatable)',
      collect,
    )
    .option('--json', 'print JSON')
    .action(
      action(async (portal: string, task: string, raw: unknown) => {
        const parsed = SetOptions.safeParse(raw);
        if (!parsed.success)
          throw new UsageError(
            `--${kebab(String(parsed.error.issues[0]!.path[0]))}: ${parsed.error.issues[0]!.message}`,
          );
        const o = parsed.data;
        const t = TaskName.safeParse(task);
        if (!t.success) throw new UsageError(`task: "${task}" is not one of ${TaskName.options.join(', ')}`);
        const bot = bots[portal];
        if (!bot) throw new UsageError(`portal: unknown portal "${portal}" (known: ${Object.keys(bots).join(', ')})`);
        if (!bot.tasks[t.data])
          throw new UsageError(
            `task: portal "${portal}" does not support "${task}" (supports: ${Object.keys(bot.tasks).join(', ')})`,
          );
        let windows;
        try {
          windows = (o.maintenance ?? []).map(parseMaintenanceWindow);
        } catch (e) {
          throw new UsageError(`--${(e as MaintenanceWindowError).message}`);
        }
        const targetSelection = Object.fromEntries(
          Object.entries({
            maxAgeHours: o.maxAgeHours,
            maxTargets: o.maxTargets,
            maxLookbackDays: o.maxLookbackDays,
            npis: o.npi,
            payers: o.payer,
          }).filter(([, v]) => v !== undefined),
        );
        const saved = await withDb((db) =>
          setSchedule(
            db,
            {
              portal,
              task: t.data,
              cron: o.cron,
              timezone: o.timezone ?? 'UTC',
              enabled: !o.disabled,
              targetSelection,
              maintenanceWindows: windows,
            },
            bots,
          ),
        ).catch((e: unknown) => {
          if (e instanceof ScheduleValidationError) {
            const m = /^(cron|timezone|targetSelection\.?(\w*))/.exec(e.message);
            const flag = m?.[2]
              ? (({ npis: 'npi', payers: 'payer' } as Record<string, string>)[m[2]] ?? kebab(m[2]))
              : m?.[1];
            throw new UsageError(
              flag && flag !== 'targetSelection' ? `--${flag}${e.message.slice(m![0].length)}` : e.message,
            );
          }
          throw e;
        });
        if (o.json) process.stdout.write(`${JSON.stringify(saved, null, 2)}\n`);
        else
          process.stdout.write(
            `Schedule ${portal} ${task}: "${saved.cron}" ${saved.timezone}${saved.enabled ? '' : ' (disabled)'} saved; running orchestrators pick it up within seconds.\n`,
          );
      }),
    );

  schedule
    .command('remove')
    .description('Delete the schedule of <portal> <task>')
    .argument('<portal>', 'portal id')
    .argument('<task>', 'task')
    .option('--json', 'print JSON')
    .action(
      action(async (portal: string, task: string, opts: { json?: boolean }) => {
        const removed = await withDb((db) => removeSchedule(db, portal, task));
        if (!removed) throw new UsageError(`no schedule for ${portal} ${task}`);
        if (opts.json) process.stdout.write(`${JSON.stringify({ removed: true, portal, task })}\n`);
        else process.stdout.write(`Schedule ${portal} ${task} removed.\n`);
      }),
    );

  for (const [verb, paused] of [
    ['pause', true],
    ['resume', false],
  ] as const) {
    schedule
      .command(verb)
      .description(
        `${paused ? 'Pause' : 'Resume'} the schedule of <portal> <task> (running orchestrators follow within seconds)`,
      )
      .argument('<portal>', 'portal id')
      .argument('<task>', 'task')
      .action(
        action(async (portal: string, task: string) => {
          await withDb((db) => setSchedulePaused(db, portal, task, paused)).catch(asUsage);
          process.stdout.write(`Schedule ${portal} ${task} ${paused ? 'paused' : 'resumed'}.\n`);
        }),
      );
  }

  schedule
    .command('run-now')
    .description('Fire the schedule of <portal> <task> now (even when paused; maintenance windows still hold)')
    .argument('<portal>', 'portal id')
    .argument('<task>', 'task')
    .option('--json', 'print JSON')
    .action(
      action(async (portal: string, task: string, opts: { json?: boolean }) => {
        const config = loadConfig();
        const redis = createRedis(config.redisUrl, 'producer');
        const queues = portalQueues(redis, config.queuePrefix);
        const logger = createLogger({ level: config.logLevel, name: 'schedule' });
        try {
          const r = await withDb((db) =>
            runScheduleNow(
              {
                db,
                logger,
                instanceId: config.operator,
                submit: {
                  queueFor: queues.queueFor,
                  bots,
                  jobAttempts: config.jobAttempts,
                  queueSettings: config.queues,
                },
              },
              portal,
              task,
              config.operator,
            ),
          ).catch(asUsage);
          if (opts.json) process.stdout.write(`${JSON.stringify(r)}\n`);
          else
            process.stdout.write(
              `Schedule ${portal} ${task} fired: ${r.outcome}${r.runId ? `, run ${r.runId} with ${r.targetCount} target(s)` : ''}${r.detail ? ` (${r.detail})` : ''}.\n`,
            );
        } finally {
          await queues.close();
          redis.disconnect();
        }
      }),
    );

  schedule
    .command('history')
    .description('The latest fires of the schedule of <portal> <task>, newest first')
    .argument('<portal>', 'portal id')
    .argument('<task>', 'task')
    .option('--limit <n>', 'how many', '20')
    .option('--json', 'print JSON')
    .action(
      action(async (portal: string, task: string, opts: { limit: string; json?: boolean }) => {
        const limit = z.coerce.number().int().min(1).max(1000).safeParse(opts.limit);
        if (!limit.success) throw new UsageError('--limit: must be a whole number from 1 to 1000');
        const fires = await withDb((db) => scheduleFires(db, portal, task, limit.data)).catch(asUsage);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ fires }, null, 2)}\n`);
          return;
        }
        process.stdout.write(
          `${renderTable(
            ['fired at', 'slot', 'outcome', 'targets', 'run', 'by', 'detail'],
            fires.map((f) => [
              f.at.toISOString(),
              f.slot.toISOString(),
              f.outcome,
              f.targetCount,
              f.runId ?? '',
              f.instance,
              f.detail ?? '',
            ]),
          )}\n`,
        );
      }),
    );
}

/** A missing schedule is the caller's mistake: exit 2 with the message. */
function asUsage(e: unknown): never {
  if (e instanceof ScheduleValidationError) throw new UsageError(e.message);
  throw e;
}
