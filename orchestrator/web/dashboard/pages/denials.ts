// The denial work queue (orchestrator/workqueue), filtered by team, payer,
// route and state, sorted by priority, deadline, dollars or age.
import { z } from 'zod';
import { ACCESS } from '../../api/auth/roles.ts';
import { principalOf } from '../../api/auth/plugin.ts';
import type { ApiApp, ApiDeps } from '../../api/plugins.ts';
import { escalationTarget, listWorkItems, SORTS } from '../../../denials/index.ts';
import { ROUTES } from '../../../denials/policy-data.ts';
import { html, money, page } from '../html.ts';

// Form fields: an empty or malformed value means "no filter" rather than an error page.
const Filters = z.object({
  team: z
    .string()
    .regex(/^[a-z][a-z0-9_-]*$/)
    .optional()
    .catch(undefined),
  payer: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}$/)
    .optional()
    .catch(undefined),
  route: z.enum(ROUTES).optional().catch(undefined),
  state: z.enum(['open', 'all']).default('open').catch('open'),
  sort: z.enum(SORTS).default('priority').catch('priority'),
  overdue: z.literal('on').optional().catch(undefined),
  escalated: z.literal('on').optional().catch(undefined),
});

const option = (value: string, current: string | undefined, label = value) =>
  html`<option value="${value}"${current === value ? html` selected` : ''}>${label}</option>`;

export function registerDenialsPage(app: ApiApp, { db }: ApiDeps): void {
  app.get(
    '/denials',
    { config: { roles: ACCESS.billing, dashboard: true }, schema: { hide: true } },
    async (request, reply) => {
      const f = Filters.parse(request.query ?? {});
      const items = await listWorkItems(db, {
        state: f.state,
        sort: f.sort,
        limit: 200,
        ...(f.team ? { team: f.team } : {}),
        ...(f.payer ? { payer: f.payer } : {}),
        ...(f.route ? { route: f.route } : {}),
        ...(f.overdue ? { overdue: true } : {}),
        ...(f.escalated ? { escalated: true } : {}),
      });
      const claims = new Map(
        (
          await db.claim.findMany({
            where: { id: { in: items.map((i) => i.claimId) } },
            select: { id: true, claimNumber: true, portalId: true },
          })
        ).map((c) => [c.id, c]),
      );
      // Teams to filter by: those that own work items (a list, not free text).
      const teams = (
        await db.denialWorkItem.findMany({ distinct: ['team'], select: { team: true }, orderBy: { team: 'asc' } })
      ).map((r) => r.team);
      const body = html`<form class="inline" method="get" action="/dashboard/denials">
        <label>Team <select name="team">${option('', f.team, 'any')}${teams.map((t) => option(t, f.team))}</select></label>
        <label>Payer <input name="payer" value="${f.payer ?? ''}" size="10"></label>
        <label>Route <select name="route">${option('', f.route, 'any')}${ROUTES.map((r) => option(r, f.route))}</select></label>
        <label>State <select name="state">${option('open', f.state)}${option('all', f.state)}</select></label>
        <label>Sort <select name="sort">${SORTS.map((s) => option(s, f.sort))}</select></label>
        <label>Overdue only <input type="checkbox" name="overdue" value="on"${f.overdue ? html` checked` : ''}></label>
        <label>Escalated only <input type="checkbox" name="escalated" value="on"${f.escalated ? html` checked` : ''}></label>
        <button type="submit">Filter</button></form>
      <table id="denials"><tr><th>Claim</th><th>Payer</th><th>Kind</th><th>CARC</th><th>Team</th><th>Route</th><th>State</th><th class="num">At risk</th><th class="num">Priority</th><th>Appeal deadline</th><th>SLA</th><th>Escalated to</th><th>Assignee</th></tr>
      ${items.map((i) => {
        const c = claims.get(i.claimId);
        return html`<tr><td><a href="/dashboard/claims/${i.claimId}">${c?.claimNumber ?? i.claimId}</a></td><td>${i.payerId ?? ''}</td><td>${i.kind}</td>
          <td title="${i.primaryCarcDescription ?? ''}">${i.primaryCarc ?? ''}</td><td>${i.team}</td><td>${i.route}</td><td>${i.state}</td>
          <td class="num">${money(i.dollarsAtRisk)}</td><td class="num">${i.priorityScore.toFixed(2)}</td><td>${i.appealDeadline?.slice(0, 10) ?? ''}</td>
          <td class="${i.overdue ? 'bad' : ''}">${i.overdue ? 'overdue' : i.slaDueAt.slice(0, 10)}</td>
          <td class="${i.escalationLevel > 0 ? 'bad' : ''}">${i.escalationLevel > 0 ? escalationTarget(i.team, i.escalationLevel) : ''}</td><td>${i.assignee ?? ''}</td></tr>`;
      })}
      ${items.length === 0 ? html`<tr><td colspan="13">No work items match.</td></tr>` : ''}</table>`;
      return reply.type('text/html; charset=utf-8').send(page('Denial work queue', principalOf(request), body));
    },
  );
}
