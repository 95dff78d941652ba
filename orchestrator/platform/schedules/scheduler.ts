// Arms one node-cron task per enabled schedule and keeps them in step with
// the database: every `reloadMs` it compares each row's updated_at and
// re-arms what changed, so `portalbots schedule set` takes effect without a
// restart. Any number of orchestrators may run this; for each cron slot the
// Redis coordinator elects exactly one of them to fire.
import cron, { type ScheduledTask } from 'node-cron';
import type { Redis } from 'ioredis';
import type { Db } from '../db/client.ts';
import type { Logger } from '../logging.ts';
import { redisRunCoordinator } from './coordinator.ts';
import { toSpec } from './store.ts';
import type { FireResult } from './sweep.ts';
import type { ScheduleSpec } from './validate.ts';

export interface SchedulerOptions {
  db: Db;
  redis: Redis;
  keyPrefix: string;
  instanceId: string;
  logger: Logger;
  fire(scheduleId: string, slot: Date): Promise<FireResult>;
  reloadMs?: number;
  /** How long a won slot stays claimed in Redis. */
  leaseMs?: number;
}

export interface Scheduler {
  /** Schedule ids currently armed, with the version armed. */
  armed(): Map<string, string>;
  reload(): Promise<void>;
  close(): Promise<void>;
}

function version(s: ScheduleSpec): string {
  return `${s.updatedAt.toISOString()}|${s.cron}|${s.timezone}`;
}

export async function startScheduler(opts: SchedulerOptions): Promise<Scheduler> {
  const log = opts.logger.child({ component: 'scheduler' });
  const coordinator = redisRunCoordinator(opts.redis, opts.keyPrefix, opts.instanceId);
  const tasks = new Map<string, { version: string; task: ScheduledTask }>();
  const cronLogger = {
    info: (m: string) => log.debug(m),
    warn: (m: string) => log.warn(m),
    error: (m: string | Error, err?: Error) => log.error({ err: err ?? m }, 'node-cron error'),
    debug: (m: string | Error) => log.debug(String(m)),
  };

  const arm = (s: ScheduleSpec) => {
    const task = cron.schedule(
      s.cron,
      async (ctx) => {
        try {
          await opts.fire(s.id, ctx.date);
        } catch (err) {
          log.error({ err, scheduleId: s.id }, 'firing threw');
        }
      },
      {
        name: s.id,
        timezone: s.timezone,
        noOverlap: true,
        distributed: true,
        runCoordinator: coordinator,
        distributedLease: opts.leaseMs ?? 10 * 60_000,
        logger: cronLogger,
        suppressMissedWarning: true,
      },
    );
    tasks.set(s.id, { version: version(s), task });
  };

  const disarm = async (id: string) => {
    const t = tasks.get(id);
    tasks.delete(id);
    await t?.task.destroy();
  };

  let reloading: Promise<void> | undefined;
  const reload = () =>
    (reloading ??= (async () => {
      try {
        const rows = await opts.db.schedule.findMany();
        const seen = new Set<string>();
        for (const row of rows) {
          let spec: ScheduleSpec;
          try {
            spec = toSpec(row);
          } catch (err) {
            log.error({ err, scheduleId: row.id }, 'schedule is invalid; not armed');
            continue;
          }
          if (!spec.enabled) continue;
          seen.add(spec.id);
          const current = tasks.get(spec.id);
          if (current?.version === version(spec)) continue;
          if (current) await disarm(spec.id);
          arm(spec);
          log.info(
            { scheduleId: spec.id, portal: spec.portal, task: spec.task, cron: spec.cron, timezone: spec.timezone },
            current ? 'schedule re-armed' : 'schedule armed',
          );
        }
        for (const id of [...tasks.keys()]) {
          if (!seen.has(id)) {
            await disarm(id);
            log.info({ scheduleId: id }, 'schedule disarmed');
          }
        }
      } catch (err) {
        // The database being briefly away must not stop the armed schedules.
        log.error({ err }, 'schedule reload failed; keeping the armed set');
      } finally {
        reloading = undefined;
      }
    })());

  await reload();
  const timer = setInterval(() => void reload(), opts.reloadMs ?? 5_000);
  return {
    armed: () => new Map([...tasks].map(([id, t]) => [id, t.version])),
    reload,
    async close() {
      clearInterval(timer);
      await reloading;
      for (const id of [...tasks.keys()]) await disarm(id);
    },
  };
}
