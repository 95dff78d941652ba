// Home: claim search for everyone; escalated work items for the billing team's leads; run health and recent runs for ops.
import { ACCESS } from '../../api/auth/roles.ts';
import { principalOf } from '../../api/auth/plugin.ts';
import { portalHealth } from '../../api/health.ts';
import type { ApiApp, ApiDeps } from '../../api/plugins.ts';
import { html, page, pct, when } from '../html.ts';
import { escalationsPanel } from './escalations.ts';
import { accountSummary } from '../../../platform/fleet/account-alerts.ts';
import { capacityOptionsFrom } from '../../../platform/fleet/capacity.ts';
import { lowAccountsBanner } from './accounts.ts';

const HEALTH_DAYS = 7;

export function registerHomePage(app: ApiApp, { db, config }: ApiDeps): void {
  const capacity = capacityOptionsFrom(config.accounts);
  app.get('/', { config: { roles: ACCESS.any, dashboard: true }, schema: { hide: true } }, async (request, reply) => {
    const viewer = principalOf(request);
    const search = html`<form class="inline" method="get" action="/dashboard/claims">
        <label>Claim number <input name="claim" required pattern="[A-Za-z0-9-]{5,40}"></label>
        <label>Portal (optional) <input name="portal" size="10"></label><button type="submit">Open claim</button></form>`;
    let ops = html``;
    if ((ACCESS.ops as readonly string[]).includes(viewer.role)) {
      const since = new Date(Date.now() - HEALTH_DAYS * 86_400_000);
      const [health, runs, accounts] = await Promise.all([
        portalHealth(db, since),
        db.run.findMany({
          orderBy: { createdAt: 'desc' },
          take: 20,
          include: { _count: { select: { results: true } } },
        }),
        accountSummary(db, capacity),
      ]);
      ops = html`${lowAccountsBanner(accounts)}<h2>Run health, last ${HEALTH_DAYS} days</h2>
        <table id="health"><tr><th>Portal</th><th class="num">Lookups</th><th class="num">Success</th><th class="num">Failed</th><th>Failures by class</th><th class="num">p50 ms</th><th class="num">p95 ms</th></tr>
        ${health.map(
          (
            h,
          ) => html`<tr><td>${h.portal}</td><td class="num">${h.total}</td><td class="num">${pct(h.successRate)}</td><td class="num ${h.failed ? 'bad' : ''}">${h.failed}</td>
            <td>${Object.entries(h.failuresByClass).map(([c, n]) => html`${c}: ${n}<br>`)}</td><td class="num">${h.latencyP50Ms ?? ''}</td><td class="num">${h.latencyP95Ms ?? ''}</td></tr>`,
        )}
        ${health.length === 0 ? html`<tr><td colspan="7">No lookups in this period.</td></tr>` : ''}</table>
        <h2>Recent runs</h2>
        <table id="runs"><tr><th>Created</th><th>Portal</th><th>Task</th><th>Trigger</th><th class="num">Jobs</th><th class="num">Results</th></tr>
        ${runs.map((r) => html`<tr><td>${when(r.createdAt)}</td><td>${r.portalId}</td><td>${r.task}</td><td>${r.trigger}</td><td class="num">${r.jobCount}</td><td class="num">${r._count.results}</td></tr>`)}
        </table>`;
    }
    const escalations = await escalationsPanel(db, viewer.role);
    return reply.type('text/html; charset=utf-8').send(page('Dashboard', viewer, html`${search}${escalations}${ops}`));
  });
}
