// A claim's results history and evidence thumbnails; an evidence page with the
// full screenshot, its manifest and a fresh integrity check; and the image
// bytes themselves (cookie-authenticated, logged like the API's). Evidence is
// for auditors and admins, and for the biller whose queue holds the claim
// (auth/claim-access.ts); a refused attempt is logged too.
import { z } from 'zod';
import { ACCESS } from '../../api/auth/roles.ts';
import { principalOf } from '../../api/auth/plugin.ts';
import { actorOf, type EvidenceAction, recordEvidenceAccess } from '../../api/access-log.ts';
import { claimEvidenceRefusal, mayOpenClaimEvidence } from '../../api/auth/claim-access.ts';
import { resolveClaim } from '../../api/claims.ts';
import { ApiError, badRequest } from '../../api/errors.ts';
import {
  findEvidence,
  listClaimEvidence,
  readOriginal,
  readThumbnail,
  verifyEvidence,
} from '../../evidence-service.ts';
import { packetPdf } from '../../api/packet.ts';
import type { ApiApp, ApiDeps } from '../../api/plugins.ts';
import { ClaimParams, ClaimQuery, IdParams } from '../../api/schemas.ts';
import { html, money, page, when } from '../html.ts';
import { timelyFiling } from '../../../denials/index.ts';
import { text } from '../../../platform/text.ts';
import { workItemSection } from './work-item.ts';
import { appealSection } from './work-item-appeal.ts';

const CLAIM_ROLES = ['billing', 'auditor', 'admin'] as const;
/** The appeal reason printed on the packet's cover (the claim page's packet form). */
const PacketQuery = z.object({ reason: text().trim().max(500).optional() });
const has = (group: readonly string[], role: string) => group.includes(role);

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value ?? {});
  if (!r.success) throw badRequest(`${r.error.issues[0]!.path.join('.') || 'request'}: ${r.error.issues[0]!.message}`);
  return r.data;
}

export function registerClaimPages(app: ApiApp, deps: ApiDeps): void {
  const { db, evidence: store } = deps;
  /** Refuses (403, recorded in the access log) a principal who may not open this claim's evidence. */
  const guard = async (
    request: Parameters<typeof principalOf>[0],
    action: EvidenceAction,
    claimId: string | null,
    evidenceId: string | null = null,
  ) => {
    const refusal = await claimEvidenceRefusal(db, principalOf(request), claimId);
    if (!refusal) return;
    await recordEvidenceAccess(db, request, { action, evidenceId, claimId, statusCode: 403 });
    throw new ApiError(403, refusal);
  };

  const pageOpts = (roles: readonly ('billing' | 'auditor' | 'ops' | 'admin')[]) => ({
    config: { roles, dashboard: true },
    schema: { hide: true },
  });

  app.get('/claims', pageOpts(CLAIM_ROLES), async (request, reply) => {
    const q = parse(
      z.object({ claim: ClaimParams.shape.claim, portal: ClaimQuery.shape.portal.or(z.literal('')) }),
      request.query,
    );
    const claim = await resolveClaim(db, q.claim, q.portal || undefined);
    return reply.redirect(`/dashboard/claims/${claim.id}`, 303);
  });

  app.get('/claims/:claim', pageOpts(CLAIM_ROLES), async (request, reply) => {
    const viewer = principalOf(request);
    const params = parse(ClaimParams, request.params);
    const claim = await resolveClaim(db, params.claim, parse(ClaimQuery, request.query).portal);
    let results = html``;
    let dates = html``;
    if (has(ACCESS.billing, viewer.role)) {
      const facts = await db.claim.findUniqueOrThrow({
        where: { id: claim.id },
        select: { payerId: true, serviceDate: true, submittedDate: true },
      });
      const filing = timelyFiling(facts);
      const verdict = filing.filedOnTime === null ? '' : filing.filedOnTime ? ' (met)' : ' (missed)';
      dates = html`<p id="claim-dates">Date of service <strong id="service-date">${facts.serviceDate?.toISOString().slice(0, 10) ?? 'unknown'}</strong> · submitted to payer <strong id="submitted-date">${facts.submittedDate?.toISOString().slice(0, 10) ?? 'unknown'}</strong> · timely filing by <strong id="timely-filing">${filing.deadline ?? 'unknown'}${verdict}</strong></p>`;
      const rows = await db.taskResult.findMany({
        where: { claimId: claim.id },
        orderBy: { finishedAt: 'desc' },
        take: 100,
      });
      results = html`<h2>Results</h2><table id="results"><tr><th>Finished</th><th>Task</th><th>Payer</th><th>Outcome</th><th>Status</th><th class="num">Billed</th><th class="num">Paid</th><th>Codes</th></tr>
        ${rows.map((r) => {
          const d = (r.data ?? {}) as {
            statusCategory?: string;
            statusText?: string;
            billedAmount?: number;
            paidAmount?: number;
            adjustments?: { group: string; carc: string }[];
          };
          return html`<tr><td>${when(r.finishedAt)}</td><td>${r.task}</td><td>${r.payerId ?? ''}</td>
            <td class="${r.outcome === 'failed' ? 'bad' : ''}">${r.outcome}${r.errorClass ? `: ${r.errorClass}` : ''}</td>
            <td>${d.statusCategory ?? ''} ${d.statusText ?? ''}</td><td class="num">${money(d.billedAmount)}</td><td class="num">${money(d.paidAmount)}</td>
            <td>${(d.adjustments ?? []).map((a) => `${a.group}-${a.carc}`).join(' ')}</td></tr>`;
        })}
        ${rows.length === 0 ? html`<tr><td colspan="8">No results yet.</td></tr>` : ''}</table>`;
    }
    let evidence = html``;
    const mayOpenEvidence = await mayOpenClaimEvidence(db, viewer, claim.id);
    if (mayOpenEvidence) {
      const items = await listClaimEvidence(db, claim.id);
      await recordEvidenceAccess(db, request, { action: 'list', claimId: claim.id, statusCode: 200 });
      evidence = html`<h2>Evidence</h2><div class="thumbs" id="evidence">
        ${items.map(
          (e) => html`<div class="thumb"><a href="/dashboard/evidence/${e.id}">
            ${e.kind === 'screenshot' ? html`<img src="/dashboard/evidence/${e.id}/thumbnail" alt="${e.label}" loading="lazy">` : html`<span>${e.label} (${e.contentType})</span>`}</a>
            <div>${e.label}</div><div>${when(e.capturedAt)}</div><div><code>${e.sha256.slice(0, 16)}…</code></div></div>`,
        )}
        ${items.length === 0 ? html`<p>No evidence captured for this claim.</p>` : ''}</div>`;
    }
    const packet = mayOpenEvidence
      ? html` · <a id="packet" href="/dashboard/claims/${claim.id}/packet">Appeal evidence packet (PDF)</a>`
      : '';
    const packetForm = mayOpenEvidence
      ? html`<form class="inline" id="packet-form" method="get" action="/dashboard/claims/${claim.id}/packet">
        <label>Reason for appeal (printed on the cover) <input name="reason" size="50" maxlength="500"></label><button type="submit">Appeal packet with reason</button></form>`
      : '';
    const work = has(ACCESS.billing, viewer.role)
      ? await workItemSection(db, claim.id, viewer.role, (w) => appealSection(deps, w, viewer.role, mayOpenEvidence))
      : html``;
    const body = html`<p>Portal <strong>${claim.portalId}</strong> · claim number <strong id="claim-number">${claim.claimNumber}</strong>${packet}</p>${dates}${packetForm}${work}${results}${evidence}`;
    return reply.type('text/html; charset=utf-8').send(page(`Claim ${claim.claimNumber}`, viewer, body));
  });

  app.get('/claims/:claim/packet', pageOpts(ACCESS.claimEvidence), async (request, reply) => {
    const claim = await resolveClaim(db, parse(ClaimParams, request.params).claim);
    await guard(request, 'packet', claim.id);
    const { reason } = parse(PacketQuery, request.query);
    const { pdf, fileName } = await packetPdf(
      db,
      store,
      claim,
      { actor: actorOf(request), reason: 'dashboard:packet' },
      reason || undefined,
    );
    await recordEvidenceAccess(db, request, { action: 'packet', claimId: claim.id, statusCode: 200 });
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="${fileName}"`)
      .header('cache-control', 'private, no-store')
      .send(pdf);
  });

  app.get('/evidence/:id', pageOpts(ACCESS.claimEvidence), async (request, reply) => {
    const { id } = parse(IdParams, request.params);
    const row = await findEvidence(db, id);
    await guard(request, 'metadata', row.claimId, row.id);
    const claimRef = row.claim?.claimNumber;
    const v = await verifyEvidence(db, store, row, {
      actor: actorOf(request),
      reason: 'dashboard:evidence-page',
      ...(claimRef ? { claimRef } : {}),
    });
    await recordEvidenceAccess(db, request, {
      action: 'metadata',
      evidenceId: row.id,
      claimId: row.claimId,
      statusCode: 200,
    });
    const status =
      v.hashMatches && !v.problem
        ? html`<span class="ok" id="verification">Verified: the stored file matches its sha256 and is chained at ledger entry #${v.ledger?.seq ?? ''}</span>`
        : html`<span class="bad" id="verification">Not verified: ${v.problem ?? 'unknown'}</span>`;
    const body = html`<p>${status}</p>
      <table><tr><th>Label</th><td>${row.label}</td></tr><tr><th>Captured</th><td>${when(row.capturedAt)}</td></tr><tr><th>URL</th><td><code>${row.url}</code></td></tr>
      <tr><th>Bot version</th><td>${row.botVersion}</td></tr><tr><th>SHA-256</th><td><code>${row.sha256}</code></td></tr>
      <tr><th>Claim</th><td>${row.claimId ? html`<a href="/dashboard/claims/${row.claimId}">${claimRef ?? row.claimId}</a>` : ''}</td></tr>
      <tr><th>Ledger entry</th><td>${v.ledger ? html`#${v.ledger.seq} <code>${v.ledger.entryHash}</code>` : 'none'}</td></tr></table>
      ${row.contentType.startsWith('image/') ? html`<p><img id="full" src="/dashboard/evidence/${row.id}/original" alt="${row.label}" style="max-width:100%;border:1px solid #ccc"></p>` : html`<p><a href="/dashboard/evidence/${row.id}/original">Download ${row.contentType}</a></p>`}
      <h2>Manifest</h2><pre id="manifest">${JSON.stringify(row.manifest, null, 2)}</pre>`;
    return reply.type('text/html; charset=utf-8').send(page(`Evidence: ${row.label}`, principalOf(request), body));
  });

  for (const variant of ['original', 'thumbnail'] as const) {
    app.get(`/evidence/:id/${variant}`, pageOpts(ACCESS.claimEvidence), async (request, reply) => {
      const { id } = parse(IdParams, request.params);
      const row = await findEvidence(db, id);
      await guard(request, variant, row.claimId, row.id);
      const who = {
        actor: actorOf(request),
        reason: `dashboard:${variant}`,
        ...(row.claim ? { claimRef: row.claim.claimNumber } : {}),
      };
      const file = variant === 'original' ? await readOriginal(store, row, who) : await readThumbnail(store, row, who);
      await recordEvidenceAccess(db, request, {
        action: variant,
        evidenceId: row.id,
        claimId: row.claimId,
        statusCode: 200,
      });
      return reply
        .header('content-type', file.contentType)
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(file.bytes);
    });
  }
}
