// Routes of the UHC-like portal's reconsideration request and tracking. The
// request is a draft kept in the signed-in session until the final submit;
// attachments are PDF only, 10 MB at most (fault `uploadFails`: every upload
// fails with the portal's error message); a claim with a reconsideration in
// review cannot get a second one. Admin endpoints (not part of the mocked
// portal) list submissions and issue decisions.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import type { FaultState } from '../shared/faults.ts';
import { installMultipart, type MultipartBody } from '../shared/multipart.ts';
import { html } from '../shared/portal-kit.ts';
import { installReconsiderationAdmin } from '../shared/reconsideration-admin.ts';
import type { ReconsiderationStore } from '../shared/reconsiderations.ts';
import type { PortalSession } from '../shared/sessions.ts';
import type { UhcClaim, UhcTin } from './data.ts';
import * as v1 from './views.ts';
import {
  attachmentsPage,
  confirmationPage,
  inProgressPage,
  MAX_ATTACHMENT_BYTES,
  reasonPage,
  type ReconsiderationDraft,
  reviewPage,
  statusPage,
  trackingNotFoundPage,
  trackingSearchPage,
  UHC_CORRECTED_FIELDS,
  UHC_RECONSIDERATION_REASONS,
} from './views-reconsideration.ts';

export interface ReconsiderationRouteContext {
  store: ReconsiderationStore;
  faults: FaultState;
  claimOf(claimNumber: string): UhcClaim | undefined;
  withTin: RouteShorthandOptions;
  session(req: FastifyRequest): PortalSession;
  tinOf(req: FastifyRequest): UhcTin;
  usernameOf(req: FastifyRequest): string;
}

export function installReconsiderationRoutes(
  app: FastifyInstance,
  ctx: ReconsiderationRouteContext,
  deniedCents: (c: UhcClaim) => number,
): void {
  // Room above the 10 MB limit so an over-size file gets the portal's own message, not a bare 413.
  installMultipart(app, MAX_ATTACHMENT_BYTES + 1024 * 1024);
  const drafts = new WeakMap<PortalSession, Map<string, ReconsiderationDraft>>();
  const draftsOf = (req: FastifyRequest) => {
    let m = drafts.get(ctx.session(req));
    if (!m) drafts.set(ctx.session(req), (m = new Map()));
    return m;
  };

  /** The claim under the selected TIN, or a 404 page. */
  function claimFor(req: FastifyRequest, reply: FastifyReply): UhcClaim | undefined {
    const claim = ctx.claimOf(String((req.params as { claimNumber: string }).claimNumber));
    if (!claim || claim.tin !== ctx.tinOf(req).tin) {
      void html(reply, v1.notFoundPage(true), 404);
      return undefined;
    }
    return claim;
  }
  /** Refuses to start or continue a request while one is in review for the claim. */
  function refuseDuplicate(req: FastifyRequest, reply: FastifyReply, claim: UhcClaim): boolean {
    const existing = ctx.store.inProgress(claim.claimNumber);
    if (!existing) return false;
    draftsOf(req).delete(claim.claimNumber);
    void html(reply, inProgressPage(existing, ctx.tinOf(req)), 409);
    return true;
  }
  const path = (c: UhcClaim, step = '') => `/claims/${encodeURIComponent(c.claimNumber)}/reconsideration${step}`;

  app.get('/claims/:claimNumber/reconsideration', ctx.withTin, async (req, reply) => {
    const claim = claimFor(req, reply);
    if (!claim || refuseDuplicate(req, reply, claim)) return reply;
    return html(reply, reasonPage(claim, ctx.tinOf(req), draftsOf(req).get(claim.claimNumber)));
  });

  app.post('/claims/:claimNumber/reconsideration/reason', ctx.withTin, async (req, reply) => {
    const claim = claimFor(req, reply);
    if (!claim || refuseDuplicate(req, reply, claim)) return reply;
    const b = (req.body ?? {}) as Record<string, string | undefined>;
    const reason = (b.reason ?? '').trim();
    const argument = (b.argument ?? '').trim();
    const correctedFields: Record<string, string> = {};
    for (const name of Object.keys(UHC_CORRECTED_FIELDS)) {
      const value = (b[name] ?? '').trim();
      if (value) correctedFields[name] = value;
    }
    const previous = draftsOf(req).get(claim.claimNumber);
    const draft: ReconsiderationDraft = { reason, argument, correctedFields, attachments: previous?.attachments ?? [] };
    const error = !(reason in UHC_RECONSIDERATION_REASONS)
      ? 'Select a reconsideration reason.'
      : argument.length < 20
        ? 'Explain why the claim should be reconsidered (at least 20 characters).'
        : argument.length > 4000
          ? 'The explanation must be 4000 characters or fewer.'
          : correctedFields.billedAmount && !/^\d{1,7}(\.\d{2})?$/.test(correctedFields.billedAmount)
            ? 'Enter the corrected billed amount as dollars and cents, e.g. 125.00.'
            : undefined;
    if (error) return html(reply, reasonPage(claim, ctx.tinOf(req), draft, error), 400);
    draftsOf(req).set(claim.claimNumber, draft);
    return reply.redirect(path(claim, '/attachments'), 302);
  });

  /** A draft with its reason step done, or a redirect back to step 1. */
  function draftFor(req: FastifyRequest, reply: FastifyReply, claim: UhcClaim): ReconsiderationDraft | undefined {
    const draft = draftsOf(req).get(claim.claimNumber);
    if (!draft) void reply.redirect(path(claim), 302);
    return draft;
  }

  app.get('/claims/:claimNumber/reconsideration/attachments', ctx.withTin, async (req, reply) => {
    const claim = claimFor(req, reply);
    if (!claim || refuseDuplicate(req, reply, claim)) return reply;
    const draft = draftFor(req, reply, claim);
    return draft ? html(reply, attachmentsPage(claim, ctx.tinOf(req), draft)) : reply;
  });

  app.post('/claims/:claimNumber/reconsideration/attachments', ctx.withTin, async (req, reply) => {
    const claim = claimFor(req, reply);
    if (!claim || refuseDuplicate(req, reply, claim)) return reply;
    const draft = draftFor(req, reply, claim);
    if (!draft) return reply;
    const fail = (message: string, status = 400) =>
      html(reply, attachmentsPage(claim, ctx.tinOf(req), draft, message), status);
    const body = req.body as MultipartBody | undefined;
    const file = body?.files?.find((f) => f.field === 'document');
    if (!body?.files || !file) return fail('Choose a file to upload.');
    if (ctx.faults.uploadFails)
      return fail(
        'Upload failed: the document service is unavailable. Your file was not attached. Try again later.',
        422,
      );
    if (!/\.pdf$/i.test(file.fileName) || file.bytes.subarray(0, 5).toString('latin1') !== '%PDF-')
      return fail('Only PDF documents can be attached.');
    if (file.bytes.length > MAX_ATTACHMENT_BYTES) return fail('Documents must be 10 MB or smaller.', 413);
    if (draft.attachments.length >= 5) return fail('At most 5 documents can be attached.');
    draft.attachments.push({
      fileName: file.fileName,
      byteSize: file.bytes.length,
      sha256: createHash('sha256').update(file.bytes).digest('hex'),
    });
    return reply.redirect(path(claim, '/attachments'), 302);
  });

  app.post('/claims/:claimNumber/reconsideration/attachments/done', ctx.withTin, async (req, reply) => {
    const claim = claimFor(req, reply);
    if (!claim || refuseDuplicate(req, reply, claim)) return reply;
    const draft = draftFor(req, reply, claim);
    if (!draft) return reply;
    if (draft.attachments.length === 0)
      return html(reply, attachmentsPage(claim, ctx.tinOf(req), draft, 'Attach at least one document.'), 400);
    return reply.redirect(path(claim, '/review'), 302);
  });

  app.get('/claims/:claimNumber/reconsideration/review', ctx.withTin, async (req, reply) => {
    const claim = claimFor(req, reply);
    if (!claim || refuseDuplicate(req, reply, claim)) return reply;
    const draft = draftFor(req, reply, claim);
    if (!draft) return reply;
    if (draft.attachments.length === 0) return reply.redirect(path(claim, '/attachments'), 302);
    return html(reply, reviewPage(claim, ctx.tinOf(req), draft));
  });

  app.post('/claims/:claimNumber/reconsideration/submit', ctx.withTin, async (req, reply) => {
    const claim = claimFor(req, reply);
    if (!claim || refuseDuplicate(req, reply, claim)) return reply;
    const draft = draftFor(req, reply, claim);
    if (!draft) return reply;
    if (draft.attachments.length === 0) return reply.redirect(path(claim, '/attachments'), 302);
    const r = ctx.store.submit({
      claimNumber: claim.claimNumber,
      reason: draft.reason,
      argument: draft.argument,
      correctedFields: { ...draft.correctedFields },
      attachments: [...draft.attachments],
      submittedBy: ctx.usernameOf(req),
    });
    draftsOf(req).delete(claim.claimNumber);
    if (!r.ok) return html(reply, inProgressPage(r.existing, ctx.tinOf(req)), 409);
    // Post/redirect/get: a reload of the confirmation cannot submit again.
    return reply.redirect(`/reconsiderations/${encodeURIComponent(r.record.trackingNumber)}/confirmation`, 303);
  });

  app.get('/reconsiderations/:tracking/confirmation', ctx.withTin, async (req, reply) => {
    const r = ctx.store.get(String((req.params as { tracking: string }).tracking));
    if (!r) return html(reply, trackingNotFoundPage(ctx.tinOf(req)), 404);
    return html(reply, confirmationPage(r, ctx.tinOf(req)));
  });

  app.get('/reconsiderations', ctx.withTin, async (req, reply) => html(reply, trackingSearchPage(ctx.tinOf(req))));
  app.post('/reconsiderations/search', ctx.withTin, async (req, reply) => {
    const tracking = String((req.body as Record<string, unknown> | undefined)?.trackingNumber ?? '').trim();
    if (!/^[A-Za-z0-9-]{6,30}$/.test(tracking))
      return html(reply, trackingSearchPage(ctx.tinOf(req), 'Enter a valid tracking number.'), 400);
    return reply.redirect(`/reconsiderations/${encodeURIComponent(tracking.toUpperCase())}`, 302);
  });
  app.get('/reconsiderations/:tracking', ctx.withTin, async (req, reply) => {
    const r = ctx.store.get(String((req.params as { tracking: string }).tracking));
    if (!r) return html(reply, trackingNotFoundPage(ctx.tinOf(req)), 404);
    return html(reply, statusPage(r, ctx.tinOf(req)));
  });

  installReconsiderationAdmin(app, ctx.store, (n) => {
    const claim = ctx.claimOf(n);
    return claim ? deniedCents(claim) : 0;
  });
}
