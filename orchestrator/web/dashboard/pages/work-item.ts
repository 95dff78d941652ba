// A claim's denial work item on its dashboard page: the item, its history
// (who did what, when), and for the billing team the forms that act on it:
// assign (to a person from the list of billing API keys, not free text),
// change state (only the moves the life cycle allows), note, outcome and
// write-off. Every action goes through the same work-queue functions as the
// API and CLI, with the signed-in key as the actor, then back to the claim.
import { z } from 'zod';
import {
  addNote,
  assign,
  getWorkItem,
  OUTCOMES,
  recordOutcome,
  STATES,
  TRANSITIONS,
  transition,
  type State,
  type WorkItemWithHistory,
} from '../../../denials/index.ts';
import { SUBMISSION_CHANNELS } from '../../../denials/assess.ts';
import type { Db } from '../../../platform/db/client.ts';
import { actorOf } from '../../api/access-log.ts';
import { principalOf } from '../../api/auth/plugin.ts';
import { ACCESS } from '../../api/auth/roles.ts';
import type { ApiApp, ApiDeps } from '../../api/plugins.ts';
import { IdParams } from '../../api/schemas.ts';
import { html, money, page, type Html } from '../html.ts';
import { moveToTeam, TeamForm, teamForm } from './work-item-team.ts';
import { text } from '../../../platform/text.ts';

const has = (group: readonly string[], role: string) => group.includes(role);

/** People work can be given to: the names of active billing (and admin) API keys. */
async function assignees(db: Db): Promise<string[]> {
  const keys = await db.apiKey.findMany({
    where: { revokedAt: null, role: { in: [...ACCESS.billing] } },
    select: { name: true },
    orderBy: { name: 'asc' },
  });
  return [...new Set(keys.map((k) => k.name))];
}

const options = (values: readonly string[], current?: string | null) =>
  values.map((v) => html`<option value="${v}"${v === current ? html` selected` : ''}>${v}</option>`);

function forms(w: WorkItemWithHistory, people: string[]): Html {
  const base = `/dashboard/denials/${w.id}`;
  const moves = TRANSITIONS[w.state as State].filter((s) => s !== 'resolved' && s !== 'assigned');
  const open = w.state !== 'resolved' && w.state !== 'written_off';
  return html`<div id="work-actions">
    ${
      open
        ? html`<form class="inline" id="assign-form" method="post" action="${base}/assign">
      <label>Assign to <select name="assignee">${options(people, w.assignee)}</select></label><button type="submit">Assign</button></form>`
        : ''
    }
    ${teamForm(w)}
    ${
      moves.length
        ? html`<form class="inline" id="state-form" method="post" action="${base}/transition">
      <label>New state <select name="to">${options(moves)}</select></label>
      <label>Channel (appeal/correction) <select name="channel"><option value=""></option>${options(SUBMISSION_CHANNELS)}</select></label>
      <label>Confirmation no. <input name="confirmationNumber" size="12"></label>
      <label>Note (a write-off needs one) <input name="note" size="30"></label><button type="submit">Change state</button></form>`
        : ''
    }
    <form class="inline" id="note-form" method="post" action="${base}/note">
      <label>Note <input name="note" size="50" required></label><button type="submit">Add note</button></form>
    ${
      TRANSITIONS[w.state as State].includes('resolved')
        ? html`<form class="inline" id="outcome-form" method="post" action="${base}/outcome">
      <label>Outcome <select name="outcome">${options(OUTCOMES)}</select></label>
      <label>Recovered $ <input name="recoveredAmount" size="10" inputmode="decimal"></label>
      <label>Confirmation no. <input name="confirmationNumber" size="12"></label>
      <label>Note <input name="note" size="24"></label><button type="submit">Record outcome</button></form>`
        : ''
    }
  </div>`;
}

/**
 * The work item section of a claim page; empty when the claim has no work item. `more` adds a part
 * after the forms and before the history (the portal appeal, work-item-appeal.ts).
 */
export async function workItemSection(
  db: Db,
  claimId: string,
  role: string,
  more?: (w: WorkItemWithHistory) => Promise<Html>,
): Promise<Html> {
  const row = await db.denialWorkItem.findUnique({ where: { claimId }, select: { id: true } });
  if (!row) return html``;
  const w = await getWorkItem(db, row.id);
  const acts = has(ACCESS.billing, role) ? forms(w, await assignees(db)) : html``;
  return html`<h2>Denial work item</h2>
    <table id="work-item"><tr><th>State</th><td id="work-state">${w.state}</td><th>Assignee</th><td id="work-assignee">${w.assignee ?? ''}</td><th>Team</th><td>${w.team}</td></tr>
    <tr><th>CARC</th><td title="${w.primaryCarcDescription ?? ''}">${w.primaryCarc ?? ''}</td><th>At risk</th><td>${money(w.dollarsAtRisk)}</td><th>Appeal deadline</th><td>${w.appealDeadline?.slice(0, 10) ?? ''}</td></tr>
    <tr><th>Outcome</th><td id="work-outcome">${w.outcome ?? ''}</td><th>Recovered</th><td>${money(w.recoveredAmount)}</td><th>Confirmation</th><td>${w.confirmationNumber ?? ''}</td></tr></table>
    ${acts}${more ? await more(w) : ''}
    <h3>History</h3><table id="work-history"><tr><th>When</th><th>Who</th><th>What</th><th>From</th><th>To</th><th>Note</th></tr>
    ${w.history.map((e) => html`<tr><td>${e.at.replace('T', ' ').slice(0, 19)}Z</td><td>${e.actor}</td><td>${e.kind}</td><td>${e.fromState ?? ''}</td><td>${e.toState ?? ''}</td><td>${e.note ?? ''}</td></tr>`)}</table>`;
}

const blank = (v: unknown) => (v === '' ? undefined : v);
const Text = z.preprocess(blank, text().trim().max(4000).optional());
const AssignForm = z.object({ assignee: text().trim().min(1, 'is required').max(200) });
const StateForm = z.object({
  to: z.enum(STATES),
  channel: z.preprocess(blank, z.enum(SUBMISSION_CHANNELS).optional()),
  confirmationNumber: z.preprocess(blank, text().trim().max(100).optional()),
  note: Text,
});
const NoteForm = z.object({ note: text().trim().min(1, 'is required').max(4000) });
const OutcomeForm = z.object({
  outcome: z.enum(OUTCOMES),
  recoveredAmount: z.preprocess(blank, z.coerce.number('must be an amount in dollars').min(0).optional()),
  confirmationNumber: z.preprocess(blank, text().trim().max(100).optional()),
  note: Text,
});

/** The work-queue error as an HTML page that says what to fix, with a way back. */
function errorPage(title: string, message: string, back: string, viewer: ReturnType<typeof principalOf>): string {
  return page(
    title,
    viewer,
    html`<p class="bad" id="error">${message}</p><p><a href="${back}">Back to the claim</a></p>`,
  );
}

export function registerWorkItemActions(app: ApiApp, { db }: ApiDeps): void {
  const actions = {
    assign: [AssignForm, (id: string, f: z.infer<typeof AssignForm>, actor: string) => assign(db, id, { ...f, actor })],
    team: [TeamForm, moveToTeam(db)],
    transition: [
      StateForm,
      (id: string, f: z.infer<typeof StateForm>, actor: string) => transition(db, id, f.to, { ...f, actor }),
    ],
    note: [NoteForm, (id: string, f: z.infer<typeof NoteForm>, actor: string) => addNote(db, id, { ...f, actor })],
    outcome: [
      OutcomeForm,
      (id: string, f: z.infer<typeof OutcomeForm>, actor: string) => recordOutcome(db, id, { ...f, actor }),
    ],
  } as const;
  for (const [name, [schema, run]] of Object.entries(actions)) {
    app.post(
      `/denials/:id/${name}`,
      { config: { roles: ACCESS.billing, dashboard: true }, schema: { hide: true } },
      async (request, reply) => {
        const viewer = principalOf(request);
        const params = IdParams.safeParse(request.params);
        const item = params.success
          ? await db.denialWorkItem.findUnique({ where: { id: params.data.id }, select: { id: true, claimId: true } })
          : null;
        if (!item)
          return reply
            .code(404)
            .type('text/html; charset=utf-8')
            .send(errorPage('Work item not found', 'No such work item.', '/dashboard/denials', viewer));
        const back = `/dashboard/claims/${item.claimId}`;
        const form = (schema as z.ZodType).safeParse(request.body ?? {});
        if (!form.success) {
          const issue = form.error.issues[0]!;
          return reply
            .code(400)
            .type('text/html; charset=utf-8')
            .send(errorPage('Not done', `${issue.path.join('.')}: ${issue.message}`, back, viewer));
        }
        try {
          await (run as (id: string, f: unknown, actor: string) => Promise<void>)(item.id, form.data, actorOf(request));
        } catch (e) {
          const err = e as Error;
          const status =
            err.name === 'InvalidTransitionError' ? 409 : err.name === 'WorkqueueInputError' ? 400 : undefined;
          if (!status) throw e;
          return reply
            .code(status)
            .type('text/html; charset=utf-8')
            .send(errorPage('Not done', err.message, back, viewer));
        }
        return reply.redirect(back, 303);
      },
    );
  }
}
