// Per-claim reads: results history (billing) and the evidence list (auditors).
import { z } from 'zod';
import { ACCESS } from '../auth/roles.ts';
import { actorOf, recordEvidenceAccess } from '../access-log.ts';
import { packetPdf } from '../packet.ts';
import { resolveClaim } from '../claims.ts';
import { ErrorBody } from '../errors.ts';
import { listClaimEvidence } from '../../evidence-service.ts';
import type { ApiAreaPlugin } from '../plugins.ts';
import { ClaimParams, ClaimQuery, Timestamp, Uuid } from '../schemas.ts';
import { text } from '../../../platform/text.ts';

const ClaimHeader = z.object({ id: Uuid, portal: text(), claimNumber: text() });

const ResultRow = z.object({
  id: Uuid,
  runId: Uuid,
  jobId: text(),
  task: text(),
  payerId: text().nullable(),
  outcome: text(),
  errorClass: text().nullable(),
  errorMessage: text().nullable(),
  data: z.unknown(),
  botVersion: text(),
  attempts: z.number().int(),
  startedAt: Timestamp,
  finishedAt: Timestamp,
});

export const EvidenceItem = z.object({
  id: Uuid,
  kind: text(),
  label: text(),
  url: text(),
  contentType: text(),
  byteSize: z.number().int(),
  sha256: text(),
  portalId: text(),
  jobId: text(),
  runId: Uuid.nullable(),
  claimId: Uuid.nullable(),
  botVersion: text(),
  capturedAt: Timestamp,
});

export const claimsPlugin: ApiAreaPlugin = {
  name: 'claims',
  register(app, { db, evidence: store }) {
    app.get(
      '/claims/:claim/results',
      {
        config: { roles: ACCESS.billing },
        schema: {
          summary: 'Every result recorded for a claim, newest first',
          params: ClaimParams,
          querystring: ClaimQuery,
          response: {
            200: z.object({ claim: ClaimHeader, results: z.array(ResultRow) }),
            400: ErrorBody,
            404: ErrorBody,
          },
        },
      },
      async (request) => {
        const claim = await resolveClaim(db, request.params.claim, request.query.portal);
        const results = await db.taskResult.findMany({
          where: { claimId: claim.id },
          orderBy: { finishedAt: 'desc' },
          take: 500,
          select: {
            id: true,
            runId: true,
            jobId: true,
            task: true,
            payerId: true,
            outcome: true,
            errorClass: true,
            errorMessage: true,
            data: true,
            botVersion: true,
            attempts: true,
            startedAt: true,
            finishedAt: true,
          },
        });
        return { claim: { id: claim.id, portal: claim.portalId, claimNumber: claim.claimNumber }, results };
      },
    );

    app.get(
      '/claims/:claim/evidence',
      {
        config: { roles: ACCESS.evidence },
        schema: {
          summary: 'Evidence captured for a claim, oldest first',
          params: ClaimParams,
          querystring: ClaimQuery,
          response: {
            200: z.object({ claim: ClaimHeader, evidence: z.array(EvidenceItem) }),
            400: ErrorBody,
            404: ErrorBody,
          },
        },
      },
      async (request) => {
        const claim = await resolveClaim(db, request.params.claim, request.query.portal);
        const evidence = await listClaimEvidence(db, claim.id);
        await recordEvidenceAccess(db, request, { action: 'list', claimId: claim.id, statusCode: 200 });
        return { claim: { id: claim.id, portal: claim.portalId, claimNumber: claim.claimNumber }, evidence };
      },
    );

    app.get(
      '/claims/:claim/packet',
      {
        config: { roles: ACCESS.evidence },
        schema: {
          summary: 'Appeal evidence packet (PDF with the originals and proofs attached)',
          description: 'application/pdf body. 404 when the claim has no captures; 503 without an evidence store.',
          params: ClaimParams,
          querystring: ClaimQuery,
        },
      },
      async (request, reply) => {
        const claim = await resolveClaim(db, request.params.claim, request.query.portal);
        const { pdf, fileName } = await packetPdf(db, store, claim, { actor: actorOf(request), reason: 'api:packet' });
        await recordEvidenceAccess(db, request, { action: 'packet', claimId: claim.id, statusCode: 200 });
        return reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', `attachment; filename="${fileName}"`)
          .header('cache-control', 'private, no-store')
          .send(pdf);
      },
    );
  },
};
