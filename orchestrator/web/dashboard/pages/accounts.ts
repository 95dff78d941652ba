// Accounts: each portal's healthy accounts against what its schedules need
// (a banner when a portal is short: the same state as the `accounts.low`
// webhook), every account's shared health, and the latest ops events.
import { accountSummary, type PortalAccountSummary } from '../../../platform/fleet/account-alerts.ts';
import { capacityOptionsFrom } from '../../../platform/fleet/capacity.ts';
import { listAccountHealth } from '../../../platform/fleet/health.ts';
import { recentOpsEvents } from '../../../platform/webhooks/ops-events.ts';
import { ACCESS } from '../../api/auth/roles.ts';
import { principalOf } from '../../api/auth/plugin.ts';
import type { ApiApp, ApiDeps } from '../../api/plugins.ts';
import { html, page, when, type Html } from '../html.ts';

/** The low-accounts banner (also shown on the home page); empty when no portal is short. */
export function lowAccountsBanner(portals: PortalAccountSummary[]): Html {
  const short = portals.filter((p) => p.short);
  if (short.length === 0) return html``;
  return html`<div class="bad" role="alert" id="low-accounts"><strong>Low healthy accounts:</strong>
    ${short.map(
      (p) =>
        html`<br>${p.portal}: ${p.healthy} healthy of ${p.total}, its schedules need ${p.needed}${p.since ? ` (since ${when(p.since)})` : ''}. `,
    )}
    Unblock or add accounts (<a href="/dashboard/accounts">Accounts</a>, docs/OPERATIONS.md).</div>`;
}

export function registerAccountsPage(app: ApiApp, { db, config }: ApiDeps): void {
  const capacity = capacityOptionsFrom(config.accounts);
  app.get(
    '/accounts',
    { config: { roles: ACCESS.ops, dashboard: true }, schema: { hide: true } },
    async (request, reply) => {
      const [portals, accounts, events] = await Promise.all([
        accountSummary(db, capacity),
        listAccountHealth(db),
        recentOpsEvents(db, { take: 20 }),
      ]);
      const body = html`${lowAccountsBanner(portals)}
      <h2>Capacity per portal</h2>
      <table id="portal-accounts"><tr><th>Portal</th><th class="num">Healthy</th><th class="num">Accounts</th><th class="num">Needed</th><th class="num">Sessions / account</th><th class="num">Capacity (sessions)</th><th>State</th></tr>
      ${portals.map(
        (
          p,
        ) => html`<tr><td>${p.portal}</td><td class="num">${p.healthy}</td><td class="num">${p.total}</td><td class="num">${p.needed}</td>
          <td class="num">${p.sessionsPerAccount}</td><td class="num">${p.capacity}</td>
          <td class="${p.short ? 'bad' : 'ok'}">${p.short ? 'SHORT' : 'ok'}</td></tr>`,
      )}
      ${portals.length === 0 ? html`<tr><td colspan="7">No accounts yet: add them to the vault or the credentials file.</td></tr>` : ''}</table>
      <h2>Accounts</h2>
      <table id="accounts"><tr><th>Portal</th><th>Account</th><th>Status</th><th>Since</th><th>Reason</th><th>Warning</th></tr>
      ${accounts.map(
        (
          a,
        ) => html`<tr><td>${a.portal}</td><td>${a.label}</td><td class="${a.status === 'active' ? 'ok' : 'bad'}">${a.status}</td>
          <td>${when(a.since)}</td><td>${a.reason ?? ''}</td><td>${a.warning ?? ''}</td></tr>`,
      )}</table>
      <h2>Recent ops events</h2>
      <table id="ops-events"><tr><th>When</th><th>Event</th><th>Portal</th><th>Detail</th></tr>
      ${events.map(
        (e) =>
          html`<tr><td>${when(e.occurredAt)}</td><td>${e.event}</td><td>${e.portal}</td><td><code>${JSON.stringify(e.data)}</code></td></tr>`,
      )}
      ${events.length === 0 ? html`<tr><td colspan="4">None.</td></tr>` : ''}</table>`;
      return reply.type('text/html; charset=utf-8').send(page('Accounts', principalOf(request), body));
    },
  );
}
