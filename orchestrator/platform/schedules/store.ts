// Schedules in PostgreSQL (core table `schedules`, unique per portal x task).
// Writes are validated here, so the CLI and a future API share one check.
import { TaskName, type BotDefinition } from '../../../bots/index.ts';
import type { Db } from '../db/client.ts';
import { MaintenanceWindow } from './maintenance.ts';
import { parseTargetSelection, ScheduleInput, ScheduleValidationError, type ScheduleSpec } from './validate.ts';
import { z } from 'zod';

function issueText(e: z.ZodError): string {
  const i = e.issues[0]!;
  return `${i.path.join('.') || 'schedule'}: ${i.message}`;
}

/** Validates and stores a schedule; `bots` are the deployment's bots (a task none implements is refused). */
export async function setSchedule(
  db: Db,
  input: ScheduleInput,
  bots: Record<string, BotDefinition>,
): Promise<ScheduleSpec> {
  const parsed = ScheduleInput.safeParse(input);
  if (!parsed.success) throw new ScheduleValidationError(issueText(parsed.error));
  const s = parsed.data;
  const targetSelection = parseTargetSelection(s.task, s.targetSelection);
  const portal = await db.portal.findUnique({ where: { id: s.portal }, select: { id: true } });
  if (!portal) throw new ScheduleValidationError(`portal: unknown portal "${s.portal}"`);
  // A schedule for a task no bot of the portal implements would fire into jobs that can only fail.
  const tasks = Object.keys(bots[s.portal]?.tasks ?? {});
  if (!tasks.includes(s.task)) {
    throw new ScheduleValidationError(
      `task: the ${s.portal} bot does not implement ${s.task} (it does: ${tasks.join(', ') || 'nothing'})`,
    );
  }
  const fields = {
    cron: s.cron,
    timezone: s.timezone,
    enabled: s.enabled,
    targetSelection: targetSelection as object,
    maintenanceWindows: s.maintenanceWindows as object[],
  };
  const row = await db.schedule.upsert({
    where: { portalId_task: { portalId: s.portal, task: s.task } },
    create: { portalId: s.portal, task: s.task, ...fields },
    update: fields,
  });
  return toSpec(row);
}

export async function removeSchedule(db: Db, portal: string, task: string): Promise<boolean> {
  const r = await db.schedule.deleteMany({ where: { portalId: portal, task } });
  return r.count > 0;
}

type Row = Awaited<ReturnType<Db['schedule']['findFirstOrThrow']>>;

/** Parses a stored row; throws ScheduleValidationError naming the field if it was edited into nonsense. */
export function toSpec(row: Row): ScheduleSpec {
  const task = TaskName.safeParse(row.task);
  if (!task.success) throw new ScheduleValidationError(`schedule ${row.id}: task "${row.task}" is not a known task`);
  const parsed = ScheduleInput.safeParse({
    portal: row.portalId,
    task: row.task,
    cron: row.cron,
    timezone: row.timezone,
    enabled: row.enabled,
    targetSelection: row.targetSelection,
    maintenanceWindows: row.maintenanceWindows,
  });
  if (!parsed.success) throw new ScheduleValidationError(`schedule ${row.id}: ${issueText(parsed.error)}`);
  return {
    id: row.id,
    portal: row.portalId,
    task: task.data,
    cron: parsed.data.cron,
    timezone: parsed.data.timezone,
    enabled: row.enabled,
    targetSelection: parseTargetSelection(task.data, row.targetSelection),
    maintenanceWindows: z.array(MaintenanceWindow).parse(row.maintenanceWindows),
    updatedAt: row.updatedAt,
  };
}

export async function listSchedules(db: Db): Promise<ScheduleSpec[]> {
  const rows = await db.schedule.findMany({ orderBy: [{ portalId: 'asc' }, { task: 'asc' }] });
  return rows.map(toSpec);
}
