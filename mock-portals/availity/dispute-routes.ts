// Routes of the Availity-like portal's claim disputes: a two-step dispute
// (details with the document upload in one multipart form, then review),
// one dispute in progress per claim, dispute status by dispute ID. Same
// semantics as the UHC-like reconsideration: PDF only, 10 MB, the
// uploadFails fault, decisions via the admin endpoint or after a delay.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import type { FaultState } from '../shared/faults.ts';
import { addDays } from '../shared/helpers.ts';
import { installMultipart, type MultipartBody } from '../shared/multipart.ts';
import { html } from '../shared/portal-kit.ts';
import { installReconsiderationAdmin } from '../shared/reconsideration-admin.ts';
import { type ReconsiderationRecord, ReconsiderationStore, trackingNumberFor } from '../shared/reconsiderations.ts';
import type { PortalSession } from '../shared/sessions.ts';
import { type AvailityClaim, availityData } from './data.ts';
import {
  AVAILITY_DISPUTE_REASONS,
  type DisputeDraft,
  disputeCenterPage,
  disputeFormPage,
  disputeInProgressPage,
  disputeNotEligiblePage,
  disputeNotFoundPage,
  disputeReviewPage,
  disputeStatusPage,
  disputeSubmittedPage,
} from './views-dispute.ts';

export const AVAILITY_TRACKING_PREFIX = 'DSP';
const MAX_BYTES = 10 * 1024 * 1024;

/** Amount a dispute is about: everything adjusted except the contractual write-off. */
export function availityDeniedCents(c: AvailityClaim): number {
  return c.adjustments.filter((a) => !(a.group === 'CO' && a.carc === '45')).reduce((s, a) => s + a.amountCents, 0);
}

/** Claims the portal lets a provider dispute: the denied ones. */
export const disputable = (c: AvailityClaim): boolean => c.scenario === 'denied';

/** Seeded history: the last two denied claims, one dispute closed upheld, one pending review. */
export function seededDisputes(seed: number): ReconsiderationRecord[] {
  return availityData(seed)
    .claims.filter(disputable)
    .slice(-2)
    .map((c, i) => {
      const submitted = addDays(c.receivedDate, 45);
      return {
        trackingNumber: trackingNumberFor(seed, 'availity', AVAILITY_TRACKING_PREFIX, c.claimNumber),
        claimNumber: c.claimNumber,
        reason: 'MNEC',
        argument: 'Clinical notes attached show the service was medically necessary.',
        correctedFields: {},
        attachments: [{ fileName: 'clinical-notes.pdf', byteSize: 51_200, sha256: '0'.repeat(64) }],
        submittedAt: `${submitted}T16:00:00.000Z`,
        submittedBy: null,
        status: i === 0 ? 'decided' : 'in_review',
        decision: i === 0 ? 'upheld' : null,
        approvedCents: i === 0 ? 0 : null,
        decidedAt: i === 0 ? `${addDays(submitted, 30)}T16:00:00.000Z` : null,
      };
    });
}

export function registerDisputeRoutes(
  app: FastifyInstance,
  ctx: {
    seed: number;
    faults: FaultState;
    guarded: RouteShorthandOptions;
    claimOf(claimNumber: string): AvailityClaim | undefined;
    usernameOf(req: FastifyRequest): string;
  },
): ReconsiderationStore {
  installMultipart(app, MAX_BYTES + 1024 * 1024);
  const store = new ReconsiderationStore({
    seed: ctx.seed,
    portal: 'availity',
    prefix: AVAILITY_TRACKING_PREFIX,
    decisionDelayMs: () => ctx.faults.reconsiderationDecisionMs,
    deniedCents: (n) => {
      const c = ctx.claimOf(n);
      return c ? availityDeniedCents(c) : 0;
    },
    seeded: seededDisputes(ctx.seed),
  });
  const drafts = new WeakMap<PortalSession, Map<string, DisputeDraft>>();
  const draftsOf = (req: FastifyRequest) => {
    const s = req.portalSession as PortalSession;
    let m = drafts.get(s);
    if (!m) drafts.set(s, (m = new Map()));
    return m;
  };
  const payerOf = (r: ReconsiderationRecord) => ctx.claimOf(r.claimNumber)?.payerName ?? 'Unknown payer';
  /** The claim if it can be disputed now; otherwise the page saying why has been sent. */
  function open(reply: FastifyReply, raw: unknown): AvailityClaim | undefined {
    const claim = ctx.claimOf(String(raw ?? '').trim());
    if (!claim) void html(reply, disputeNotEligiblePage('No claim matches that claim number.'), 404);
    else if (!disputable(claim))
      void html(reply, disputeNotEligiblePage('This claim is not eligible for dispute: it was not denied.'), 400);
    else {
      const existing = store.inProgress(claim.claimNumber);
      if (!existing) return claim;
      void html(reply, disputeInProgressPage(existing, payerOf(existing)), 409);
    }
    return undefined;
  }

  app.get('/claims/disputes', ctx.guarded, async (_req, reply) => html(reply, disputeCenterPage()));
  app.get('/claims/disputes/new', ctx.guarded, async (req, reply) => {
    const claim = open(reply, (req.query as Record<string, unknown>).claimNumber);
    return claim ? html(reply, disputeFormPage(claim, draftsOf(req).get(claim.claimNumber))) : reply;
  });

  app.post('/claims/disputes/review', ctx.guarded, async (req, reply) => {
    const body = req.body as MultipartBody | undefined;
    const claim = open(reply, body?.fields?.claimNumber);
    if (!claim) return reply;
    const f = body?.fields ?? {};
    const correctedFields: Record<string, string> = {};
    for (const name of ['procedureCode', 'billedAmount']) if (f[name]?.trim()) correctedFields[name] = f[name].trim();
    const draft: DisputeDraft = {
      reason: (f.reason ?? '').trim(),
      argument: (f.argument ?? '').trim(),
      correctedFields,
      attachments: [],
    };
    const fail = (message: string, status = 400) => html(reply, disputeFormPage(claim, draft, message), status);
    if (!(draft.reason in AVAILITY_DISPUTE_REASONS)) return fail('Choose a dispute reason.');
    if (draft.argument.length < 20 || draft.argument.length > 4000)
      return fail('Explain the dispute in 20 to 4000 characters.');
    if (correctedFields.billedAmount && !/^\d{1,7}(\.\d{2})?$/.test(correctedFields.billedAmount))
      return fail('Enter the corrected billed amount like 125.00.');
    const file = body?.files.find((x) => x.field === 'document');
    if (!file) return fail('Attach supporting documentation.');
    if (ctx.faults.uploadFails)
      return fail('We could not upload your document. The file was not attached; please try again later.', 422);
    if (!/\.pdf$/i.test(file.fileName) || file.bytes.subarray(0, 5).toString('latin1') !== '%PDF-')
      return fail('Supporting documentation must be a PDF.');
    if (file.bytes.length > MAX_BYTES) return fail('Supporting documentation must be 10 MB or smaller.', 413);
    draft.attachments.push({
      fileName: file.fileName,
      byteSize: file.bytes.length,
      sha256: createHash('sha256').update(file.bytes).digest('hex'),
    });
    draftsOf(req).set(claim.claimNumber, draft);
    return reply.redirect(`/claims/disputes/review?claimNumber=${encodeURIComponent(claim.claimNumber)}`, 303);
  });

  app.get('/claims/disputes/review', ctx.guarded, async (req, reply) => {
    const claim = open(reply, (req.query as Record<string, unknown>).claimNumber);
    if (!claim) return reply;
    const draft = draftsOf(req).get(claim.claimNumber);
    if (!draft) return reply.redirect(`/claims/disputes/new?claimNumber=${encodeURIComponent(claim.claimNumber)}`, 303);
    return html(reply, disputeReviewPage(claim, draft));
  });

  app.post('/claims/disputes/submit', ctx.guarded, async (req, reply) => {
    const claim = open(reply, (req.body as Record<string, unknown> | undefined)?.claimNumber);
    if (!claim) return reply;
    const draft = draftsOf(req).get(claim.claimNumber);
    if (!draft) return reply.redirect(`/claims/disputes/new?claimNumber=${encodeURIComponent(claim.claimNumber)}`, 303);
    const r = store.submit({ claimNumber: claim.claimNumber, ...draft, submittedBy: ctx.usernameOf(req) });
    draftsOf(req).delete(claim.claimNumber);
    if (!r.ok) return html(reply, disputeInProgressPage(r.existing, payerOf(r.existing)), 409);
    return reply.redirect(`/claims/disputes/${encodeURIComponent(r.record.trackingNumber)}/confirmation`, 303);
  });

  app.get('/claims/disputes/:id/confirmation', ctx.guarded, async (req, reply) => {
    const r = store.get(String((req.params as { id: string }).id));
    return r ? html(reply, disputeSubmittedPage(r, payerOf(r))) : html(reply, disputeNotFoundPage(), 404);
  });
  app.post('/claims/disputes/find', ctx.guarded, async (req, reply) => {
    const id = String((req.body as Record<string, unknown> | undefined)?.disputeId ?? '').trim();
    if (!/^[A-Za-z0-9-]{6,30}$/.test(id)) return html(reply, disputeCenterPage('Enter a valid dispute ID.'), 400);
    return reply.redirect(`/claims/disputes/${encodeURIComponent(id.toUpperCase())}`, 303);
  });
  app.get('/claims/disputes/:id', ctx.guarded, async (req, reply) => {
    const r = store.get(String((req.params as { id: string }).id));
    return r ? html(reply, disputeStatusPage(r, payerOf(r))) : html(reply, disputeNotFoundPage(), 404);
  });

  installReconsiderationAdmin(app, store, (n) => {
    const c = ctx.claimOf(n);
    return c ? availityDeniedCents(c) : 0;
  });
  return store;
}
