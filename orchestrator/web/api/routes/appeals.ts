// POST /denials/:id/appeal: submit a reconsideration for a work item through
// its portal (denials/appeals.ts). A dry run unless `submit` is true AND the
// portal is enabled for submission; idempotent by item (an item with a
// tracking number, or with a request in flight, queues nothing: 200 with
// what is already there; a new request: 202).
import { z } from 'zod';
import { RECONSIDERATION_REASONS } from '../../../../bots/index.ts';
import { requestAppeal } from '../../../denials/appeals.ts';
import { text } from '../../../platform/text.ts';
import { appealDeps } from '../../appeal-deps.ts';
import { actorOf } from '../access-log.ts';
import { ACCESS } from '../auth/roles.ts';
import { ApiError, badRequest, ErrorBody, notFound, unavailable } from '../errors.ts';
import type { ApiAreaPlugin } from '../plugins.ts';

const Params = z
  .object({
    id: text().regex(/^[A-Za-z0-9:-]{1,80}$/, 'must be a work item id or a claim number (portal:claimNumber)'),
  })
  .strict();

const AppealBody = z
  .object({
    reason: z.enum(RECONSIDERATION_REASONS).optional(),
    argument: text().trim().min(20).max(4000).optional(),
    correctedFields: z
      .object({
        procedureCode: text().optional(),
        diagnosisCode: text().optional(),
        billedAmount: z.number().min(0).optional(),
      })
      .strict()
      .optional(),
    submit: z.boolean().default(false),
  })
  .strict();

const AppealResponse = z.looseObject({
  status: z.enum(['queued', 'already_submitted', 'in_flight']),
  itemId: z.uuid(),
  claimNumber: text(),
  portal: text(),
  dryRun: z.boolean().optional(),
  runId: z.uuid().nullable().optional(),
  jobId: text().nullable().optional(),
  trackingNumber: text().optional(),
});

export const appealsPlugin: ApiAreaPlugin = {
  name: 'appeals',
  register(app, deps) {
    app.post(
      '/denials/:id/appeal',
      {
        config: { roles: ACCESS.billing },
        schema: {
          summary: 'Submit a reconsideration for a work item through its portal (dry run unless submit and enabled)',
          params: Params,
          body: AppealBody,
          response: { 200: AppealResponse, 202: AppealResponse, 400: ErrorBody, 404: ErrorBody, 503: ErrorBody },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const appeal = appealDeps({
          db: deps.db,
          evidence: deps.evidence,
          queueFor: deps.queues.queueFor,
          bots: deps.bots,
          config: deps.config,
          trigger: 'api',
          requestedBy: actor,
        });
        try {
          const r = await requestAppeal(deps.db, appeal, request.params.id, { ...request.body, actor });
          return reply.code(r.status === 'queued' ? 202 : 200).send(r);
        } catch (e) {
          const err = e as Error;
          if (err instanceof ApiError) throw err;
          if (err.name === 'WorkqueueInputError') throw badRequest(`body.${err.message}`);
          if (err.name === 'WorkItemNotFoundError') throw notFound(`params.id: ${err.message}`);
          if (err.name === 'EvidenceUnavailableError') throw unavailable(err.message);
          if (err.name === 'PacketDataError')
            throw notFound(`params.id: ${err.message.replace(/^--\w+\s*("[^"]*")?:?\s*/, '')}`);
          throw e;
        }
      },
    );
  },
};
