// One firing of one schedule: re-read it (an edit or disable since the cron
// task was armed wins), claim the slot in the fire log (unique per schedule
// and slot, a second line of defence behind the Redis election), honour the
// maintenance windows, pick targets and enqueue them through the one submit
// path with trigger 'schedule'.
import { Prisma } from '../../../prisma/generated/client.ts';
import type { Db } from '../db/client.ts';
import type { Logger } from '../logging.ts';
import { submitTargets } from '../runs/submit-targets.ts';
import { submitLookups, type SubmitDeps } from '../runs/submit.ts';
import { inMaintenance } from './maintenance.ts';
import { toSpec } from './store.ts';
import { pickTargets } from './targets.ts';

export type FireOutcome =
  | 'enqueued'
  | 'no_targets'
  | 'suppressed_maintenance'
  | 'unsupported_task'
  | 'failed'
  | 'skipped_disabled'
  | 'duplicate';

export interface FireResult {
  outcome: FireOutcome;
  runId?: string;
  targetCount?: number;
  detail?: string;
}

export interface SweepDeps {
  db: Db;
  submit: Omit<SubmitDeps, 'db'>;
  logger: Logger;
  instanceId: string;
  now?: () => Date;
}

export async function fireSchedule(
  deps: SweepDeps,
  scheduleId: string,
  slot: Date,
  opts: { evenIfPaused?: boolean } = {},
): Promise<FireResult> {
  const { db } = deps;
  const row = await db.schedule.findUnique({ where: { id: scheduleId } });
  if (!row || (!row.enabled && !opts.evenIfPaused)) return { outcome: 'skipped_disabled' };
  const schedule = toSpec(row);
  const log = deps.logger.child({ scheduleId, portal: schedule.portal, task: schedule.task, slot: slot.toISOString() });

  let fireId: string;
  try {
    fireId = (
      await db.scheduleFire.create({
        data: { scheduleId, slot, outcome: 'running', instance: deps.instanceId },
        select: { id: true },
      })
    ).id;
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') {
      log.debug('slot already fired elsewhere');
      return { outcome: 'duplicate' };
    }
    throw e;
  }
  const finish = async (r: FireResult): Promise<FireResult> => {
    await db.scheduleFire.update({
      where: { id: fireId },
      data: {
        outcome: r.outcome,
        runId: r.runId ?? null,
        targetCount: r.targetCount ?? 0,
        detail: r.detail?.slice(0, 1000) ?? null,
      },
    });
    log.info({ outcome: r.outcome, runId: r.runId, targets: r.targetCount }, 'schedule fired');
    return r;
  };

  try {
    const window = inMaintenance(slot, schedule.timezone, schedule.maintenanceWindows);
    if (window)
      return await finish({
        outcome: 'suppressed_maintenance',
        detail: `maintenance window ${window.spec} (${schedule.timezone})`,
      });
    const targets = await pickTargets(db, schedule, deps.now?.() ?? new Date());
    if (targets.kind !== 'claims') {
      const list =
        targets.kind === 'date-range' ? [{ from: targets.from, to: targets.to }] : targets.npis.map((npi) => ({ npi }));
      if (list.length === 0) return await finish({ outcome: 'no_targets' });
      const run = await submitTargets(
        { db, ...deps.submit },
        {
          portal: schedule.portal,
          task: schedule.task,
          targets: list,
          trigger: 'schedule',
          requestedBy: `schedule:${scheduleId}`,
        },
      );
      return await finish({ outcome: 'enqueued', runId: run.runId, targetCount: run.jobs.length });
    }
    const rows = targets.worklistItemIds ?? [];
    if (targets.claimNumbers.length === 0 && rows.length === 0) return await finish({ outcome: 'no_targets' });
    const run = await submitLookups(
      { db, ...deps.submit },
      {
        portal: schedule.portal,
        task: schedule.task,
        claimNumbers: targets.claimNumbers,
        ...(rows.length > 0 ? { worklistItemIds: rows } : {}),
        trigger: 'schedule',
        requestedBy: `schedule:${scheduleId}`,
      },
    );
    return await finish({
      outcome: 'enqueued',
      runId: run.runId,
      targetCount: run.jobs.length + (run.worklistJobs?.length ?? 0),
    });
  } catch (e) {
    log.error({ err: e }, 'schedule firing failed');
    return finish({ outcome: 'failed', detail: e instanceof Error ? e.message : String(e) });
  }
}
