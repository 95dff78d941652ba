// The billing manager's weekly view: denial rate by payer, top CARCs, appeal
// outcomes and the root-cause summary (orchestrator/workqueue/reports.ts).
import { z } from 'zod';
import { ACCESS } from '../../api/auth/roles.ts';
import { principalOf } from '../../api/auth/plugin.ts';
import type { ApiApp, ApiDeps } from '../../api/plugins.ts';
import { AGING_BUCKETS, denialReport, type WorkQueueKpis } from '../../../denials/index.ts';
import { type Html, html, money, page, pct } from '../html.ts';

const BUCKET_COLORS = ['#2a9d8f', '#8ab17d', '#e9c46a', '#f4a261', '#e76f51'];

/** Stacked horizontal bars of dollars at risk per payer and age bucket (inline SVG: no script, no library). */
function agingChart(rows: WorkQueueKpis['agingBuckets']['byPayer']): Html {
  if (rows.length === 0) return html`<p>No open denials.</p>`;
  const max = Math.max(...rows.map((r) => r.dollars), 1);
  const width = 600;
  const bar = 22;
  const height = rows.length * (bar + 8) + 30;
  return html`<svg id="aging-chart" role="img" aria-label="Open denial dollars by payer and age" width="${width + 120}" height="${height}" viewBox="0 0 ${width + 120} ${height}">
    ${rows.map((r, i) => {
      let x = 110;
      const y = i * (bar + 8);
      return html`<text x="0" y="${y + 16}" font-size="12">${r.payerId}</text>${AGING_BUCKETS.map((b, j) => {
        const w = (r.buckets[b].dollars / max) * width;
        const rect = html`<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${bar}" fill="${BUCKET_COLORS[j]!}"><title>${r.payerId} ${b} days: ${money(r.buckets[b].dollars)}</title></rect>`;
        x += w;
        return rect;
      })}`;
    })}
    ${AGING_BUCKETS.map((b, j) => html`<rect x="${110 + j * 90}" y="${height - 18}" width="12" height="12" fill="${BUCKET_COLORS[j]!}"></rect><text x="${126 + j * 90}" y="${height - 8}" font-size="11">${b}</text>`)}
  </svg>`;
}

const Query = z.object({ weeks: z.coerce.number().int().min(1).max(52).catch(4).default(4) });

export function registerReportsPage(app: ApiApp, { db }: ApiDeps): void {
  app.get(
    '/reports',
    { config: { roles: ACCESS.billing, dashboard: true }, schema: { hide: true } },
    async (request, reply) => {
      const { weeks } = Query.parse(request.query ?? {});
      const r = await denialReport(db, { weeks });
      const body = html`<p>Last ${weeks} week(s), ${r.period.from.slice(0, 10)} to ${r.period.to.slice(0, 10)}. JSON: <code>GET /api/v1/reports/denials?weeks=${weeks}</code></p>
      <h2>Work queue</h2>
      <table id="kpis"><tr><th>First-pass resolution</th><th>Days to resolution (avg / median)</th><th>Never worked</th><th>Write-off rate</th><th>Denied A/R</th><th>Days in A/R</th></tr>
        <tr><td>${pct(r.firstPassResolutionRate)}</td><td>${r.daysToResolution.average ?? ''} / ${r.daysToResolution.median ?? ''}</td><td>${pct(r.neverWorkedShare)}</td><td>${pct(r.writeOffRate)}</td><td>${money(r.deniedBalance)}</td><td>${r.daysInAR ?? ''}</td></tr></table>
      <h3>A/R aging of open denials (days since submission to the payer, else since date of service)</h3>
      ${agingChart(r.agingBuckets.byPayer)}
      <table id="aging"><tr><th>Payer</th>${AGING_BUCKETS.map((b) => html`<th class="num">${b}</th>`)}<th class="num">Total</th></tr>
        ${r.agingBuckets.byPayer.map((p) => html`<tr><td>${p.payerId}</td>${AGING_BUCKETS.map((b) => html`<td class="num">${p.buckets[b].items} · ${money(p.buckets[b].dollars)}</td>`)}<td class="num">${p.items} · ${money(p.dollars)}</td></tr>`)}</table>
      <h3>Overturn rate by CARC</h3>
      <table id="overturn-carc"><tr><th>CARC</th><th>Overturned</th><th>Partially paid</th><th>Upheld</th><th>Rate</th></tr>
        ${Object.entries(r.overturnRate.byCarc).map(([carc, o]) => html`<tr><td>${carc}</td><td>${o.overturned}</td><td>${o.partiallyPaid}</td><td>${o.upheld}</td><td>${pct(o.overturnRate)}</td></tr>`)}</table>
      <h3>No response after the payer's usual turnaround</h3>
      <table id="no-response"><tr><th>Claim</th><th>Payer</th><th>Status</th><th class="num">Waiting</th><th class="num">Usual</th><th>Submitted</th><th>Timely filing by</th></tr>
        ${r.noResponse.slice(0, 50).map((a) => html`<tr><td><a href="/dashboard/claims/${a.claimId}">${a.claimNumber}</a></td><td>${a.payerId ?? ''}</td><td>${a.statusCategory ?? ''}</td><td class="num">${a.daysWaiting}d</td><td class="num">${a.usualTurnaroundDays}d</td><td>${a.submittedDate ?? ''}</td><td>${a.timelyFilingDeadline ?? ''}${a.filedOnTime === false ? ' (missed)' : ''}</td></tr>`)}
        ${r.noResponse.length === 0 ? html`<tr><td colspan="7">None.</td></tr>` : ''}</table>
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
