// What ops do to a schedule besides editing it: pause and resume it, fire it
// now (outside its cron, through the same sweep, recorded in the same fire
// log), and read its fire history.
import type { Db } from '../db/client.ts';
import { fireSchedule, type FireResult, type SweepDeps } from './sweep.ts';
import { ScheduleValidationError } from './validate.ts';

export interface ScheduleFireRow {
  at: Date;
  slot: Date;
  outcome: string;
  runId: string | null;
  targetCount: number;
  instance: string;
  detail: string | null;
}

async function scheduleId(db: Db, portal: string, task: string): Promise<string> {
  const row = await db.schedule.findUnique({
    where: { portalId_task: { portalId: portal, task } },
    select: { id: true },
  });
  if (!row) throw new ScheduleValidationError(`schedule: there is no ${task} schedule for ${portal}`);
  return row.id;
}

/** Pauses (enabled = false) or resumes a schedule; a running orchestrator follows within seconds. */
export async function setSchedulePaused(db: Db, portal: string, task: string, paused: boolean): Promise<void> {
  await db.schedule.update({ where: { id: await scheduleId(db, portal, task) }, data: { enabled: !paused } });
}

/**
 * Fires a schedule now, paused or not (an operator asked for it), through the
 * ordinary sweep: maintenance windows still hold, the fire is logged with
 * `instance` naming who asked.
 */
export async function runScheduleNow(
  deps: SweepDeps,
  portal: string,
  task: string,
  requestedBy: string,
): Promise<FireResult> {
  const id = await scheduleId(deps.db, portal, task);
  return fireSchedule({ ...deps, instanceId: `manual:${requestedBy}` }, id, deps.now?.() ?? new Date(), {
    evenIfPaused: true,
  });
}

/** The schedule's latest fires, newest first. */
export async function scheduleFires(db: Db, portal: string, task: string, limit = 20): Promise<ScheduleFireRow[]> {
  const rows = await db.scheduleFire.findMany({
    where: { scheduleId: await scheduleId(db, portal, task) },
    orderBy: { createdAt: 'desc' },
    take: limit,
  });
  return rows.map((r) => ({
    at: r.createdAt,
    slot: r.slot,
    outcome: r.outcome,
    runId: r.runId,
    targetCount: r.targetCount,
    instance: r.instance,
    detail: r.detail,
  }));
}
