// What a schedule may contain, checked before it is stored (CLI/API edge) and
// again when it is loaded (a row edited by hand must not crash the scheduler).
import { z } from 'zod';
import { TaskName } from '../../../bots/index.ts';
import { CronExpression, TimeZone } from './cron.ts';
import { MaintenanceWindow } from './maintenance.ts';
import { json, text } from '../text.ts';

export { CronExpression, TimeZone };

const ClaimSweep = z
  .object({
    /** Claims not checked for this many hours are due. */
    maxAgeHours: z
      .number()
      .positive()
      .max(24 * 365)
      .default(24),
    /** At most this many jobs per firing (the oldest-checked first). */
    maxTargets: z.number().int().positive().max(100_000).default(500),
    /** Limit to these payers (ids); default all of the portal's payers. */
    payers: z.array(text().min(1)).optional(),
  })
  .strict();

/** Target selection per task; unknown keys are an error so a typo is not silently ignored. */
export const TargetSelectionByTask = {
  'claim-status': ClaimSweep,
  'denial-details': ClaimSweep,
  'era-download': z
    .object({
      /** Pull from the day after the last successful pull; never more than this many days back. */
      maxLookbackDays: z.number().int().positive().max(365).default(30),
    })
    .strict(),
  'credentialing-status': z
    .object({
      npis: z
        .array(text().regex(/^\d{10}$/, 'must be a 10-digit NPI'))
        .min(1)
        .optional(),
    })
    .strict(),
  eligibility: z.object({}).strict(),
  'prior-auth-status': z.object({}).strict(),
  // A schedule never submits to a payer: reconsiderations are submitted by a
  // person (`denials appeal`) and their status checks are queued by the work
  // queue's daily loop for the items that carry a tracking number.
  'submit-reconsideration': z
    .object({})
    .strict()
    .refine(() => false, { message: 'submit-reconsideration cannot be scheduled: it submits to the payer' }),
  'reconsideration-status': z.object({}).strict(),
} satisfies Record<TaskName, z.ZodType>;

export type ClaimSweepSelection = z.infer<typeof ClaimSweep>;

export function parseTargetSelection(task: TaskName, raw: unknown): Record<string, unknown> {
  const r = TargetSelectionByTask[task].safeParse(raw ?? {});
  if (!r.success) {
    const i = r.error.issues[0]!;
    const where = i.path.length ? i.path.join('.') : ((i as { keys?: string[] }).keys ?? []).join(',');
    throw new ScheduleValidationError(`targetSelection${where ? `.${where}` : ''}: ${i.message}`);
  }
  return r.data as Record<string, unknown>;
}

export class ScheduleValidationError extends Error {
  override name = 'ScheduleValidationError';
}

export const ScheduleInput = z.object({
  portal: text().regex(/^[a-z0-9-]{1,40}$/, 'must be a portal id'),
  task: TaskName,
  cron: CronExpression,
  timezone: TimeZone.default('UTC'),
  enabled: z.boolean().default(true),
  targetSelection: z.record(text(), json()).default({}),
  maintenanceWindows: z.array(MaintenanceWindow).default([]),
});
export type ScheduleInput = z.input<typeof ScheduleInput>;

/** A stored schedule, parsed. */
export interface ScheduleSpec {
  id: string;
  portal: string;
  task: TaskName;
  cron: string;
  timezone: string;
  enabled: boolean;
  targetSelection: Record<string, unknown>;
  maintenanceWindows: MaintenanceWindow[];
  updatedAt: Date;
}
