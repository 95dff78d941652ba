// Schedules with their next run time (computed from the cron in its timezone)
// and latest fire, with pause / resume / run-now for ops. The forms post to
// /dashboard (the session cookie is SameSite=Strict, so another site cannot
// post them on a user's behalf).
import { z } from 'zod';
import { TaskName } from '../../../../bots/index.ts';
import { runScheduleNow, setSchedulePaused } from '../../../platform/schedules/control.ts';
import { ACCESS } from '../../api/auth/roles.ts';
import { principalOf } from '../../api/auth/plugin.ts';
import { nextRun } from '../../api/next-run.ts';
import { submitDeps, type ApiApp, type ApiDeps } from '../../api/plugins.ts';
import { PortalId } from '../../api/schemas.ts';
import { html, page, when } from '../html.ts';

const Action = z.object({ portal: PortalId, task: TaskName, action: z.enum(['pause', 'resume', 'run-now']) }).strict();

export function registerSchedulesPage(app: ApiApp, deps: ApiDeps): void {
  const { db } = deps;
  app.get(
    '/schedules',
    { config: { roles: ACCESS.ops, dashboard: true }, schema: { hide: true } },
    async (request, reply) => {
      const schedules = await db.schedule.findMany({ orderBy: [{ portalId: 'asc' }, { task: 'asc' }] });
      const lastFires = await Promise.all(
        schedules.map((s) =>
          db.scheduleFire.findFirst({ where: { scheduleId: s.id }, orderBy: { createdAt: 'desc' } }),
        ),
      );
      const notice = (request.query as Record<string, unknown>).done;
      const body = html`${typeof notice === 'string' ? html`<p class="ok" role="status">${notice}</p>` : ''}
      <table id="schedules"><tr><th>Portal</th><th>Task</th><th>Cron</th><th>Timezone</th><th>Enabled</th><th>Next run</th><th>Last fire</th><th></th></tr>
      ${schedules.map((s, i) => {
        const n = s.enabled ? nextRun(s.cron, s.timezone) : { next: null, error: null };
        const last = lastFires[i];
        const button = (action: string, label: string) =>
          html`<form method="post" action="/dashboard/schedules/${s.portalId}/${s.task}/${action}" class="inline"><button type="submit">${label}</button></form>`;
        return html`<tr><td>${s.portalId}</td><td>${s.task}</td><td><code>${s.cron}</code></td><td>${s.timezone}</td><td>${s.enabled ? 'yes' : 'no'}</td>
          <td>${n.error ? html`<span class="bad">invalid cron: ${n.error}</span>` : s.enabled ? when(n.next) : 'paused'}</td>
          <td>${last ? html`${when(last.createdAt)} ${last.outcome}${last.targetCount ? ` (${last.targetCount})` : ''}` : 'never'}</td>
          <td>${s.enabled ? button('pause', 'Pause') : button('resume', 'Resume')} ${button('run-now', 'Run now')}</td></tr>`;
      })}
      ${schedules.length === 0 ? html`<tr><td colspan="8">No schedules. Add one with <code>portalbots schedule set</code>.</td></tr>` : ''}</table>`;
      return reply.type('text/html; charset=utf-8').send(page('Schedules', principalOf(request), body));
    },
  );

  app.post(
    '/schedules/:portal/:task/:action',
    { config: { roles: ACCESS.ops, dashboard: true }, schema: { hide: true } },
    async (request, reply) => {
      const a = Action.safeParse(request.params);
      if (!a.success)
        return reply
          .code(400)
          .type('text/plain')
          .send(`${a.error.issues[0]!.path.join('.')}: invalid`);
      const { portal, task, action } = a.data;
      const who = principalOf(request);
      let done: string;
      try {
        if (action === 'run-now') {
          const r = await runScheduleNow(
            {
              db,
              logger: deps.logger,
              instanceId: `dashboard:${who.keyId}`,
              submit: submitDeps(deps),
            },
            portal,
            task,
            `${who.name} (${who.keyId})`,
          );
          done = `${portal} ${task} fired: ${r.outcome}${r.targetCount ? `, ${r.targetCount} target(s)` : ''}`;
        } else {
          await setSchedulePaused(db, portal, task, action === 'pause');
          done = `${portal} ${task} ${action === 'pause' ? 'paused' : 'resumed'}`;
        }
      } catch (e) {
        if ((e as Error).name !== 'ScheduleValidationError') throw e;
        return reply
          .code(404)
          .type('text/plain')
          .send((e as Error).message);
      }
      request.log.info({ portal, task, action, keyId: who.keyId }, 'schedule action from the dashboard');
      return reply.redirect(`/dashboard/schedules?done=${encodeURIComponent(done)}`, 303);
    },
  );
}
