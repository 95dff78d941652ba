// Schedules with their next run time, computed from the cron in its timezone.
import { ACCESS } from '../../api/auth/roles.ts';
import { principalOf } from '../../api/auth/plugin.ts';
import { nextRun } from '../../api/next-run.ts';
import type { ApiApp, ApiDeps } from '../../api/plugins.ts';
import { html, page, when } from '../html.ts';

export function registerSchedulesPage(app: ApiApp, { db }: ApiDeps): void {
  app.get(
    '/schedules',
    { config: { roles: ACCESS.ops, dashboard: true }, schema: { hide: true } },
    async (request, reply) => {
      const schedules = await db.schedule.findMany({ orderBy: [{ portalId: 'asc' }, { task: 'asc' }] });
      const body = html`<table id="schedules"><tr><th>Portal</th><th>Task</th><th>Cron</th><th>Timezone</th><th>Enabled</th><th>Next run</th></tr>
      ${schedules.map((s) => {
        const n = s.enabled ? nextRun(s.cron, s.timezone) : { next: null, error: null };
        return html`<tr><td>${s.portalId}</td><td>${s.task}</td><td><code>${s.cron}</code></td><td>${s.timezone}</td><td>${s.enabled ? 'yes' : 'no'}</td>
          <td>${n.error ? html`<span class="bad">invalid cron: ${n.error}</span>` : s.enabled ? when(n.next) : 'paused'}</td></tr>`;
      })}
      ${schedules.length === 0 ? html`<tr><td colspan="6">No schedules. Add one with <code>portalbots schedule set</code>.</td></tr>` : ''}</table>`;
      return reply.type('text/html; charset=utf-8').send(page('Schedules', principalOf(request), body));
    },
  );
}
