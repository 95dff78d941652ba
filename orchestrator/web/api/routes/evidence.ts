// Evidence by id: metadata with manifest and verification, and the bytes.
import { z } from 'zod';
import { ACCESS } from '../auth/roles.ts';
import { actorOf, recordEvidenceAccess } from '../access-log.ts';
import { ErrorBody } from '../errors.ts';
import { findEvidence, readOriginal, readThumbnail, verifyEvidence } from '../../evidence-service.ts';
import type { ApiAreaPlugin } from '../plugins.ts';
import { IdParams, Timestamp } from '../schemas.ts';
import { EvidenceItem } from './claims.ts';
import { text } from '../../../platform/text.ts';

const VerificationBody = z.object({
  hashMatches: z.boolean().nullable(),
  problem: text().nullable(),
  ledger: z.object({ seq: z.number().int(), entryHash: text(), createdAt: Timestamp }).nullable(),
  lastVerifiedAt: Timestamp.nullable(),
});

export const evidencePlugin: ApiAreaPlugin = {
  name: 'evidence',
  register(app, { db, evidence: store }) {
    app.get(
      '/evidence/:id',
      {
        config: { roles: ACCESS.evidence },
        schema: {
          summary: 'One evidence item: metadata, manifest, and a fresh integrity check',
          params: IdParams,
          response: {
            200: EvidenceItem.extend({
              claimNumber: text().nullable(),
              manifest: z.unknown(),
              verification: VerificationBody,
            }),
            404: ErrorBody,
          },
        },
      },
      async (request) => {
        const row = await findEvidence(db, request.params.id);
        const verification = await verifyEvidence(db, store, row, {
          actor: actorOf(request),
          reason: 'api:evidence-metadata',
          ...(row.claim ? { claimRef: row.claim.claimNumber } : {}),
        });
        await recordEvidenceAccess(db, request, {
          action: 'metadata',
          evidenceId: row.id,
          claimId: row.claimId,
          statusCode: 200,
        });
        const { storageKey: _k, taskResultId: _t, createdAt: _c, claim, ...item } = row;
        return { ...item, claimNumber: claim?.claimNumber ?? null, verification };
      },
    );

    for (const variant of ['original', 'thumbnail'] as const) {
      app.get(
        `/evidence/:id/${variant}`,
        {
          config: { roles: ACCESS.evidence },
          schema: {
            summary:
              variant === 'original'
                ? 'The original bytes, verified against their hash of record'
                : 'A thumbnail (the derived one, or the original when not derived yet)',
            description:
              'Binary body with the stored content type. 404 when missing, 409 when the bytes fail their hash check, 503 without an evidence store.',
            params: IdParams,
          },
        },
        async (request, reply) => {
          const row = await findEvidence(db, request.params.id);
          const who = {
            actor: actorOf(request),
            reason: `api:${variant}`,
            ...(row.claim ? { claimRef: row.claim.claimNumber } : {}),
          };
          const file =
            variant === 'original' ? await readOriginal(store, row, who) : await readThumbnail(store, row, who);
          await recordEvidenceAccess(db, request, {
            action: variant,
            evidenceId: row.id,
            claimId: row.claimId,
            statusCode: 200,
          });
          reply
            .header('content-type', file.contentType)
            .header('cache-control', 'private, no-store')
            .header('x-content-type-options', 'nosniff');
          if (variant === 'original') reply.header('x-evidence-sha256', row.sha256);
          return reply.send(file.bytes);
        },
      );
    }
  },
};
