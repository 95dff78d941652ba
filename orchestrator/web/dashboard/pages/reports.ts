// The billing manager's weekly view: denial rate by payer, top CARCs, appeal
// outcomes and the root-cause summary (orchestrator/workqueue/reports.ts).
import { z } from 'zod';
import { ACCESS } from '../../api/auth/roles.ts';
import { principalOf } from '../../api/auth/plugin.ts';
import type { ApiApp, ApiDeps } from '../../api/plugins.ts';
import { denialReport } from '../../../denials/index.ts';
import { html, money, page, pct } from '../html.ts';

const Query = z.object({ weeks: z.coerce.number().int().min(1).max(52).catch(4).default(4) });

export function registerReportsPage(app: ApiApp, { db }: ApiDeps): void {
  app.get(
    '/reports',
    { config: { roles: ACCESS.billing, dashboard: true }, schema: { hide: true } },
    async (request, reply) => {
      const { weeks } = Query.parse(request.query ?? {});
      const r = await denialReport(db, { weeks });
      const body = html`<p>Last ${weeks} week(s), ${r.period.from.slice(0, 10)} to ${r.period.to.slice(0, 10)}. JSON: <code>GET /api/v1/reports/denials?weeks=${weeks}</code></p>
      <h2>Denial rate by payer</h2>
      <table id="denial-rate"><tr><th>Payer</th><th>Final claims</th><th>Denied</th><th>Rate</th><th>Dollars at risk</th></tr>
        ${r.denialRateByPayer.payers.map((p) => html`<tr><td>${p.payerId}</td><td>${p.finalClaims}</td><td>${p.deniedClaims}</td><td>${pct(p.denialRate)}</td><td>${money(p.dollarsAtRisk)}</td></tr>`)}
        <tr><th>All</th><th>${r.denialRateByPayer.total.finalClaims}</th><th>${r.denialRateByPayer.total.deniedClaims}</th><th>${pct(r.denialRateByPayer.total.denialRate)}</th><th>${money(r.denialRateByPayer.total.dollarsAtRisk)}</th></tr></table>
      <h2>Top CARC codes</h2>
      <table id="top-carcs"><tr><th>CARC</th><th>Description</th><th>Items</th><th>Dollars</th></tr>
        ${r.topCarcCodes.codes.map((c) => html`<tr><td>${c.carc}</td><td>${c.description}</td><td>${c.items}</td><td>${money(c.dollars)}</td></tr>`)}</table>
      <h2>Appeal outcomes</h2>
      <table id="outcomes"><tr><th>Overturned</th><th>Upheld</th><th>Paid</th><th>Overturn rate</th><th>Recovered</th><th>Written off</th></tr>
        <tr><td>${r.appealOutcomes.total.overturned}</td><td>${r.appealOutcomes.total.upheld}</td><td>${r.appealOutcomes.total.paid}</td><td>${pct(r.appealOutcomes.total.overturnRate)}</td><td>${money(r.appealOutcomes.total.dollarsRecovered)}</td><td>${r.appealOutcomes.writtenOff.items} (${money(r.appealOutcomes.writtenOff.dollars)})</td></tr></table>
      <h2>Root causes by week</h2>
      ${r.weeklyRootCause.map(
        (w) => html`<h3>${w.week} (${w.count} items, ${money(w.dollars)})</h3>
          <table class="root-causes"><tr><th>Root cause</th><th>Team</th><th>Items</th><th>Dollars</th><th>Change</th></tr>
          ${w.rows.map((row) => html`<tr><td>${row.rootCause}</td><td>${row.team}</td><td>${row.count}</td><td>${money(row.dollars)}</td><td>${row.deltaCount >= 0 ? '+' : ''}${row.deltaCount}</td></tr>`)}</table>`,
      )}`;
      return reply.type('text/html; charset=utf-8').send(page('Denial reports', principalOf(request), body));
    },
  );
}
