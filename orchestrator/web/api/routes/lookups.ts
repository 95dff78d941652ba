// POST /lookups: the API door to the one enqueue path (orchestrator/runs/submit.ts).
import { z } from 'zod';
import { ClaimNumber, TaskName } from '../../../../bots/index.ts';
import { SubmitError, submitLookups } from '../../../platform/runs/submit.ts';
import { ACCESS } from '../auth/roles.ts';
import { principalOf } from '../auth/plugin.ts';
import { badRequest, ErrorBody } from '../errors.ts';
import { submitDeps, type ApiAreaPlugin } from '../plugins.ts';
import { PortalId, Uuid } from '../schemas.ts';
import { text } from '../../../platform/text.ts';

const LookupRequest = z
  .object({
    portal: PortalId,
    task: TaskName,
    claims: z
      .array(ClaimNumber)
      .min(1, 'must list at least one claim number')
      .max(1000, 'at most 1000 claims per request'),
  })
  .strict();

const LookupResponse = z.object({
  runId: Uuid,
  jobs: z.array(z.object({ jobId: text(), claimId: Uuid, claimNumber: text() })),
});

export const lookupsPlugin: ApiAreaPlugin = {
  name: 'lookups',
  register(app, deps) {
    app.post(
      '/lookups',
      {
        config: { roles: ACCESS.billing },
        schema: {
          summary: 'Queue one lookup per claim on a portal',
          body: LookupRequest,
          response: { 202: LookupResponse, 400: ErrorBody },
        },
      },
      async (request, reply) => {
        const p = principalOf(request);
        try {
          const run = await submitLookups(submitDeps(deps), {
            portal: request.body.portal,
            task: request.body.task,
            claimNumbers: request.body.claims,
            trigger: 'api',
            requestedBy: `apikey:${p.keyId}`,
          });
          return reply.code(202).send(run);
        } catch (e) {
          // SubmitError messages start with the field they are about (portal:, task:, claim[i]).
          if (e instanceof SubmitError) throw badRequest(`body.${e.message}`);
          throw e;
        }
      },
    );
  },
};
