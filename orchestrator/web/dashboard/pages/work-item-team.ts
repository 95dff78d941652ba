// "Move to team" on a work item's dashboard page: a misrouted item goes to
// another team chosen from the known teams (a select, never free text). Kept
// apart from work-item.ts so the page's other forms can change independently;
// the POST route is the page's shared action handler (same roles, errors, redirect).
import { z } from 'zod';
import { knownTeams, reassignTeam, type WorkItemWithHistory } from '../../../denials/index.ts';
import type { Db } from '../../../platform/db/client.ts';
import { text } from '../../../platform/text.ts';
import { html, type Html } from '../html.ts';

/** The form, for open items only (a closed item stays with the team that closed it). */
export function teamForm(w: WorkItemWithHistory): Html {
  if (w.state === 'resolved' || w.state === 'written_off') return html``;
  const teams = knownTeams().filter((t) => t !== w.team);
  return html`<form class="inline" id="team-form" method="post" action="/dashboard/denials/${w.id}/team">
      <label>Move to team <select name="team">${teams.map((t) => html`<option value="${t}">${t}</option>`)}</select></label>
      <label>Why <input name="note" size="24"></label><button type="submit">Move to team</button></form>`;
}

export const TeamForm = z.object({
  team: text().trim().min(1, 'is required').max(100),
  note: z.preprocess((v) => (v === '' ? undefined : v), text().trim().max(4000).optional()),
});

export const moveToTeam = (db: Db) => (id: string, f: z.infer<typeof TeamForm>, actor: string) =>
  reassignTeam(db, id, { ...f, actor });
