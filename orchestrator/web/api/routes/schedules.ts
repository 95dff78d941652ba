// Schedules (orchestrator/platform/schedules) for ops: list with next run,
// set, remove, pause, resume, fire now, and each schedule's fire history.
import { z } from 'zod';
import { TaskName } from '../../../../bots/index.ts';
import { nextRun } from '../next-run.ts';
import { runScheduleNow, scheduleFires, setSchedulePaused } from '../../../platform/schedules/control.ts';
import { listSchedules, removeSchedule, setSchedule } from '../../../platform/schedules/store.ts';
import { principalOf } from '../auth/plugin.ts';
import { ACCESS } from '../auth/roles.ts';
import { badRequest, ErrorBody, notFound } from '../errors.ts';
import { submitDeps, type ApiAreaPlugin } from '../plugins.ts';
import { PortalId, Timestamp, Uuid } from '../schemas.ts';
import { json, text } from '../../../platform/text.ts';

const Spec = z.object({
  id: Uuid,
  portal: text(),
  task: text(),
  cron: text(),
  timezone: text(),
  enabled: z.boolean(),
  targetSelection: z.record(text(), json()),
  maintenanceWindows: z.array(json()),
  updatedAt: Timestamp,
  nextRunAt: Timestamp.nullable(),
});

// Detailed checks (cron syntax, timezone, target selection per task) live in
// orchestrator/schedules/validate.ts; its messages name the field.
const SetBody = z
  .object({
    portal: PortalId,
    task: TaskName,
    cron: text().min(1).max(120),
    timezone: text().min(1).max(64).optional(),
    enabled: z.boolean().optional(),
    targetSelection: z.record(text(), json()).optional(),
    maintenanceWindows: z.array(json()).optional(),
  })
  .strict();

function withNext<T extends { cron: string; timezone: string; enabled: boolean }>(s: T) {
  return { ...s, nextRunAt: s.enabled ? nextRun(s.cron, s.timezone).next : null };
}

export const schedulesPlugin: ApiAreaPlugin = {
  name: 'schedules',
  register(app, deps) {
    const { db, bots, logger } = deps;
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
    const Params = z.object({ portal: PortalId, task: TaskName }).strict();
    /** A missing schedule is a 404; anything else propagates. */
    const orNotFound = (e: unknown): never => {
      if ((e as Error).name === 'ScheduleValidationError') throw notFound((e as Error).message);
      throw e;
    };
    for (const [verb, paused] of [
      ['pause', true],
      ['resume', false],
    ] as const) {
      app.post(
        `/schedules/:portal/:task/${verb}`,
        {
          config: { roles: ACCESS.ops },
          schema: {
            summary: `${paused ? 'Pause' : 'Resume'} a schedule`,
            params: Params,
            response: { 204: z.null(), 404: ErrorBody },
          },
        },
        async (request, reply) => {
          await setSchedulePaused(db, request.params.portal, request.params.task, paused).catch(orNotFound);
          request.log.info(
            { portal: request.params.portal, task: request.params.task, paused },
            'schedule paused/resumed',
          );
          return reply.code(204).send(null);
        },
      );
    }

    app.post(
      '/schedules/:portal/:task/run-now',
      {
        config: { roles: ACCESS.ops },
        schema: {
          summary: 'Fire a schedule now (even when paused; maintenance windows still hold)',
          params: Params,
          response: {
            200: z.object({
              outcome: text(),
              runId: text().optional(),
              targetCount: z.number().int().optional(),
              detail: text().optional(),
            }),
            404: ErrorBody,
          },
        },
      },
      async (request) => {
        const who = principalOf(request);
        return runScheduleNow(
          {
            db,
            logger,
            instanceId: `api:${who.keyId}`,
            submit: submitDeps(deps),
          },
          request.params.portal,
          request.params.task,
          `${who.name} (${who.keyId})`,
        ).catch(orNotFound);
      },
    );

    app.get(
      '/schedules/:portal/:task/fires',
      {
        config: { roles: ACCESS.ops },
        schema: {
          summary: 'The latest fires of a schedule, newest first',
          params: Params,
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(20) }).strict(),
          response: {
            200: z.object({
              fires: z.array(
                z.object({
                  at: Timestamp,
                  slot: Timestamp,
                  outcome: text(),
                  runId: text().nullable(),
                  targetCount: z.number().int(),
                  instance: text(),
                  detail: text().nullable(),
                }),
              ),
            }),
            404: ErrorBody,
          },
        },
      },
      async (request) => ({
        fires: await scheduleFires(db, request.params.portal, request.params.task, request.query.limit).catch(
          orNotFound,
        ),
      }),
    );
  },
};
