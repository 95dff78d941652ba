// "Appeal through the portal" on a claim's work item: for items whose portal
// has the submit-reconsideration task, the billing team picks a reason the bot
// accepts, edits the drafted argument, and asks for a dry run or a real
// submission. The post goes through requestAppeal with the same deps as the
// API route and CLI verb (appeal-deps.ts), so idempotency and the per-portal
// dry-run switch are that logic's, not the page's. The section also shows the
// item's appeal_submissions row and the steps the bot captured.
import { z } from 'zod';
import { RECONSIDERATION_REASONS } from '../../../../bots/index.ts';
import { APPEAL_TASK, defaultReason, draftArgument, requestAppeal } from '../../../denials/appeals.ts';
import type { WorkItemWithHistory } from '../../../denials/index.ts';
import { text } from '../../../platform/text.ts';
import { appealDeps } from '../../appeal-deps.ts';
import { actorOf } from '../../api/access-log.ts';
import { principalOf } from '../../api/auth/plugin.ts';
import { ACCESS } from '../../api/auth/roles.ts';
import type { ApiApp, ApiDeps } from '../../api/plugins.ts';
import { IdParams } from '../../api/schemas.ts';
import { html, page, when, type Html } from '../html.ts';

/** The states requestAppeal accepts a new request from (an appealed item only answers with its tracking number). */
const OPEN_FOR_APPEAL = ['new', 'assigned', 'in_progress'];

const has = (group: readonly string[], role: string) => group.includes(role);

/** The env switch ops set to allow real submission on a portal (config.ts submitReconsideration). */
export const submitSwitch = (portal: string) =>
  `PORTALBOTS_PORTAL_${portal.toUpperCase().replace(/-/g, '_')}_SUBMIT_APPEALS`;

/** What the appeal_submissions row means once its job is known (a failed job leaves the row queued). */
async function appealStatus(deps: ApiDeps, jobId: string | null, status: string): Promise<string> {
  if (status !== 'queued' || !jobId) return status;
  const result = await deps.db.taskResult.findUnique({
    where: { jobId },
    select: { outcome: true, errorClass: true },
  });
  if (!result) return 'queued (in flight)';
  return result.outcome === 'failed' ? `failed${result.errorClass ? `: ${result.errorClass}` : ''}` : status;
}

/**
 * The appeal part of a work item's section: the request's state, the captured steps (linked when the
 * viewer may open the claim's evidence) and, while the item is open, the form. Empty when the portal
 * has no reconsideration task or the role may not appeal.
 */
export async function appealSection(
  deps: ApiDeps,
  w: WorkItemWithHistory,
  role: string,
  mayOpenEvidence: boolean,
): Promise<Html> {
  const { db } = deps;
  if (!has(ACCESS.billing, role)) return html``;
  const claim = await db.claim.findUniqueOrThrow({
    where: { id: w.claimId },
    select: { claimNumber: true, portalId: true, payerId: true, serviceDate: true },
  });
  if (!deps.bots[claim.portalId]?.tasks[APPEAL_TASK]) return html``;
  const row = await db.appealSubmission.findUnique({ where: { workItemId: w.id } });
  const steps =
    row?.jobId && mayOpenEvidence
      ? await db.evidence.findMany({
          where: { jobId: row.jobId },
          orderBy: { capturedAt: 'asc' },
          select: { id: true, label: true },
        })
      : [];
  const status = row
    ? html`<table id="appeal-status"><tr><th>Status</th><td id="appeal-state">${await appealStatus(deps, row.jobId, row.status)}</td>
      <th>Dry run</th><td id="appeal-dry">${row.dryRun ? 'yes' : 'no'}</td><th>Tracking</th><td id="appeal-tracking">${row.trackingNumber ?? ''}</td></tr>
      <tr><th>Reason</th><td>${row.reason}</td><th>Requested by</th><td id="appeal-by">${row.requestedBy}</td><th>Requested at</th><td>${when(row.requestedAt)}</td></tr>
      <tr><th>Finished</th><td>${when(row.finishedAt)}</td><th>Decision</th><td>${row.decision ?? ''}</td><th>Packet</th><td><code>${row.packetSha256.slice(0, 16)}</code></td></tr></table>
      ${steps.length ? html`<ol id="appeal-steps">${steps.map((s) => html`<li><a href="/dashboard/evidence/${s.id}">${s.label}</a></li>`)}</ol>` : ''}`
    : html`<p id="appeal-state">No reconsideration requested yet.</p>`;
  const enabled = (deps.config.submitReconsideration ?? []).includes(claim.portalId);
  const reason = (row?.reason as string | undefined) ?? defaultReason(w.rootCause);
  const argument =
    row?.argument ?? draftArgument({ primaryCarc: w.primaryCarc, rationale: w.rationale ?? null }, claim);
  const form =
    OPEN_FOR_APPEAL.includes(w.state) && !row?.trackingNumber
      ? html`<form id="appeal-form" method="post" action="/dashboard/denials/${w.id}/appeal">
      <p><label>Reason <select name="reason">${RECONSIDERATION_REASONS.map((r) => html`<option value="${r}"${r === reason ? html` selected` : ''}>${r.replace(/_/g, ' ')}</option>`)}</select></label></p>
      <p><label>Argument (optional: the drafted one is sent when empty)<br><textarea name="argument" rows="8" cols="90" maxlength="4000">${argument}</textarea></label></p>
      <p><button type="submit" name="mode" value="dry_run" id="appeal-dry-run">Dry run</button>
      <button type="submit" name="mode" value="submit" id="appeal-submit"${enabled ? '' : html` disabled`}>Submit</button></p>
      ${enabled ? '' : html`<p id="appeal-note">Submissions on ${claim.portalId} are dry runs (the bot stops on the review page) until ops set <code>${submitSwitch(claim.portalId)}=true</code>.</p>`}
    </form>`
      : '';
  return html`<h3>Appeal through the portal</h3><div id="appeal">${status}${form}</div>`;
}

const AppealForm = z.object({
  reason: z.enum(RECONSIDERATION_REASONS),
  argument: z.preprocess((v) => (v === '' ? undefined : v), text().trim().max(4000).optional()),
  mode: z.enum(['dry_run', 'submit']),
});

/** The outcome of a post, or what to fix, as a page with a way back to the claim. */
function resultPage(
  title: string,
  message: string,
  back: string,
  viewer: ReturnType<typeof principalOf>,
  cls = 'bad',
): string {
  return page(
    title,
    viewer,
    html`<p class="${cls}" id="${cls === 'bad' ? 'error' : 'appeal-result'}">${message}</p><p><a href="${back}">Back to the claim</a></p>`,
  );
}

/** The requestAppeal errors a person can act on, and the status each is shown with. */
const USER_ERRORS: Record<string, number> = {
  WorkqueueInputError: 400,
  WorkItemNotFoundError: 404,
  PacketDataError: 404,
  EvidenceUnavailableError: 503,
};

export function registerAppealAction(app: ApiApp, deps: ApiDeps): void {
  const { db } = deps;
  app.post(
    '/denials/:id/appeal',
    // The API route's roles (routes/appeals.ts).
    { config: { roles: ACCESS.billing, dashboard: true }, schema: { hide: true } },
    async (request, reply) => {
      const viewer = principalOf(request);
      const html = (code: number, body: string) => reply.code(code).type('text/html; charset=utf-8').send(body);
      const params = IdParams.safeParse(request.params);
      const item = params.success
        ? await db.denialWorkItem.findUnique({ where: { id: params.data.id }, select: { id: true, claimId: true } })
        : null;
      if (!item)
        return html(404, resultPage('Work item not found', 'No such work item.', '/dashboard/denials', viewer));
      const back = `/dashboard/claims/${item.claimId}`;
      const form = AppealForm.safeParse(request.body ?? {});
      if (!form.success) {
        const issue = form.error.issues[0]!;
        return html(400, resultPage('Not done', `${issue.path.join('.')}: ${issue.message}`, back, viewer));
      }
      const actor = actorOf(request);
      const appeal = appealDeps({
        db,
        evidence: deps.evidence,
        queueFor: deps.queues.queueFor,
        bots: deps.bots,
        config: deps.config,
        trigger: 'api',
        requestedBy: actor,
      });
      try {
        const r = await requestAppeal(db, appeal, item.id, {
          reason: form.data.reason,
          ...(form.data.argument ? { argument: form.data.argument } : {}),
          submit: form.data.mode === 'submit',
          actor,
        });
        if (r.status === 'queued') return reply.redirect(`${back}#appeal`, 303);
        const message =
          r.status === 'already_submitted'
            ? `Already submitted (tracking ${r.trackingNumber}): nothing was sent again.`
            : 'A reconsideration for this item is in flight: nothing was queued again.';
        return html(200, resultPage('Appeal', message, back, viewer, 'ok'));
      } catch (e) {
        const err = e as Error;
        const status = USER_ERRORS[err.name];
        if (!status) throw e;
        return html(status, resultPage('Not done', err.message, back, viewer));
      }
    },
  );
}
