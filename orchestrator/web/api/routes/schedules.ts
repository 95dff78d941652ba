// Schedules (orchestrator/schedules) for ops: list with next run, set, remove.
import { z } from 'zod';
import { TaskName } from '../../../../bots/index.ts';
import { nextRun } from '../next-run.ts';
import { listSchedules, removeSchedule, setSchedule } from '../../../platform/schedules/store.ts';
import { ACCESS } from '../auth/roles.ts';
import { badRequest, ErrorBody, notFound } from '../errors.ts';
import type { ApiAreaPlugin } from '../plugins.ts';
import { PortalId, Timestamp, Uuid } from '../schemas.ts';

const Spec = z.object({
  id: Uuid,
  portal: z.string(),
  task: z.string(),
  cron: z.string(),
  timezone: z.string(),
  enabled: z.boolean(),
  targetSelection: z.record(z.string(), z.unknown()),
  maintenanceWindows: z.array(z.unknown()),
  updatedAt: Timestamp,
  nextRunAt: Timestamp.nullable(),
});

// Detailed checks (cron syntax, timezone, target selection per task) live in
// orchestrator/schedules/validate.ts; its messages name the field.
const SetBody = z
  .object({
    portal: PortalId,
    task: TaskName,
    cron: z.string().min(1).max(120),
    timezone: z.string().min(1).max(64).optional(),
    enabled: z.boolean().optional(),
    targetSelection: z.record(z.string(), z.unknown()).optional(),
    maintenanceWindows: z.array(z.unknown()).optional(),
  })
  .strict();

function withNext<T extends { cron: string; timezone: string; enabled: boolean }>(s: T) {
  return { ...s, nextRunAt: s.enabled ? nextRun(s.cron, s.timezone).next : null };
}

export const schedulesPlugin: ApiAreaPlugin = {
  name: 'schedules',
  register(app, { db, bots }) {
    app.get(
      '/schedules',
      {
        config: { roles: ACCESS.ops },
        schema: {
          summary: 'Recurring sweeps with their next run time',
          response: { 200: z.object({ schedules: z.array(Spec) }) },
        },
      },
      async () => ({ schedules: (await listSchedules(db)).map(withNext) }),
    );

    app.put(
      '/schedules',
      {
        config: { roles: ACCESS.ops },
        schema: {
          summary: 'Create or replace the schedule of a portal x task',
          body: SetBody,
          response: { 200: Spec, 400: ErrorBody },
        },
      },
      async (request) => {
        try {
          return withNext(await setSchedule(db, request.body as Parameters<typeof setSchedule>[1], bots));
        } catch (e) {
          if ((e as Error).name === 'ScheduleValidationError') throw badRequest(`body.${(e as Error).message}`);
          throw e;
        }
      },
    );

    app.delete(
      '/schedules/:portal/:task',
      {
        config: { roles: ACCESS.ops },
        schema: {
          summary: 'Remove a schedule',
          params: z.object({ portal: PortalId, task: TaskName }).strict(),
          response: { 204: z.null(), 404: ErrorBody },
        },
      },
      async (request, reply) => {
        if (!(await removeSchedule(db, request.params.portal, request.params.task)))
          throw notFound(`no schedule for ${request.params.portal} ${request.params.task}`);
        return reply.code(204).send(null);
      },
    );
  },
};
