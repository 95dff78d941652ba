// The team leads' view of escalations on the dashboard home: open work items
// the daily loop escalated (past their SLA) to a team lead or the billing
// manager, most escalated first, each linking to its claim; the denial page's
// "Escalated only" filter lists them all. Shown to the roles that work the queue.
import { ACCESS } from '../../api/auth/roles.ts';
import type { Db } from '../../../platform/db/client.ts';
import { escalationTarget, listWorkItems } from '../../../denials/index.ts';
import { type Html, html, money } from '../html.ts';

const SHOWN = 20;

export async function escalationsPanel(db: Db, role: string): Promise<Html> {
  if (!(ACCESS.billing as readonly string[]).includes(role)) return html``;
  const items = (await listWorkItems(db, { escalated: true, state: 'open', sort: 'priority', limit: 200 })).sort(
    (a, b) => b.escalationLevel - a.escalationLevel || a.slaDueAt.localeCompare(b.slaDueAt),
  );
  return html`<h2>Escalations</h2>
    <p>${items.length} open item(s) past their SLA, escalated to a team lead or the billing manager. <a href="/dashboard/denials?escalated=on">All escalated items</a></p>
    <table id="escalations"><tr><th>Claim</th><th>Team</th><th>Escalated to</th><th class="num">Level</th><th>SLA was due</th><th>State</th><th>Assignee</th><th class="num">At risk</th></tr>
    ${items.slice(0, SHOWN).map(
      (
        i,
      ) => html`<tr><td><a href="/dashboard/claims/${i.claimId}">${i.claimNumber ?? i.claimId}</a></td><td>${i.team}</td>
        <td class="bad">${escalationTarget(i.team, i.escalationLevel)}</td><td class="num">${i.escalationLevel}</td><td>${i.slaDueAt.slice(0, 10)}</td>
        <td>${i.state}</td><td>${i.assignee ?? ''}</td><td class="num">${money(i.dollarsAtRisk)}</td></tr>`,
    )}
    ${items.length === 0 ? html`<tr><td colspan="8">No escalations.</td></tr>` : ''}</table>`;
}
