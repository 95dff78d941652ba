// The challenge queue over HTTP: what parked logins are asking a person (a
// code sent by SMS or e-mail, a CAPTCHA), the page they saw, and the answer.
// Answering releases the waiting login; a challenge whose time is up is
// expired and takes no answer.
import { z } from 'zod';
import {
  answerChallenge,
  CHALLENGE_KINDS,
  CHALLENGE_STATUSES,
  challengeScreenshot,
  getChallenge,
  listChallenges,
} from '../../../platform/challenges/store.ts';
import { principalOf } from '../auth/plugin.ts';
import { ACCESS } from '../auth/roles.ts';
import { conflict, ErrorBody, notFound } from '../errors.ts';
import type { ApiAreaPlugin } from '../plugins.ts';
import { IdParams, Limit, PortalId, Timestamp, Uuid } from '../schemas.ts';
import { text } from '../../../platform/text.ts';

export const Challenge = z.object({
  id: Uuid,
  kind: z.enum(CHALLENGE_KINDS),
  portal: text(),
  credentialId: text(),
  prompt: text(),
  /** GET /api/v1/challenges/{id}/screenshot serves the page the bot saw. */
  hasScreenshot: z.boolean(),
  evidenceId: text().nullable(),
  status: z.enum(CHALLENGE_STATUSES),
  createdAt: Timestamp,
  expiresAt: Timestamp,
  answeredAt: Timestamp.nullable(),
  answeredBy: text().nullable(),
});

export const AnswerBody = z
  .object({ answer: text().trim().min(1, 'is required').max(200, 'must be at most 200 characters') })
  .strict();

export const challengesPlugin: ApiAreaPlugin = {
  name: 'challenges',
  register(app, { db }) {
    app.get(
      '/challenges',
      {
        config: { roles: ACCESS.ops },
        schema: {
          summary: 'Questions parked logins wait on (codes sent by SMS or e-mail, CAPTCHAs), newest first',
          querystring: z
            .object({ status: z.enum(CHALLENGE_STATUSES).optional(), portal: PortalId.optional(), limit: Limit })
            .strict(),
          response: { 200: z.object({ challenges: z.array(Challenge) }) },
        },
      },
      async (request) => ({
        challenges: await listChallenges(db, {
          ...(request.query.status ? { status: request.query.status } : {}),
          ...(request.query.portal ? { portal: request.query.portal } : {}),
          limit: request.query.limit,
        }),
      }),
    );

    app.get(
      '/challenges/:id/screenshot',
      {
        config: { roles: ACCESS.ops },
        schema: {
          summary: 'The page the bot saw when it asked (PNG)',
          description: 'Binary PNG body. 404 when the challenge or its screenshot does not exist.',
          params: IdParams,
        },
      },
      async (request, reply) => {
        const png = await challengeScreenshot(db, request.params.id);
        if (!png) throw notFound(`id: no screenshot for challenge ${request.params.id}`);
        return reply
          .header('content-type', 'image/png')
          .header('cache-control', 'private, no-store')
          .header('x-content-type-options', 'nosniff')
          .send(png);
      },
    );

    app.post(
      '/challenges/:id',
      {
        config: { roles: ACCESS.ops },
        schema: {
          summary: 'Answer a pending challenge: the parked login goes on with the answer',
          params: IdParams,
          body: AnswerBody,
          response: { 200: Challenge, 404: ErrorBody, 409: ErrorBody },
        },
      },
      async (request) => {
        const who = principalOf(request);
        const outcome = await answerChallenge(db, request.params.id, request.body.answer, `${who.name} (${who.keyId})`);
        if (outcome === 'not_found') throw notFound(`id: no challenge ${request.params.id}`);
        const c = await getChallenge(db, request.params.id);
        if (outcome === 'not_pending')
          throw conflict(`id: challenge ${request.params.id} is ${c?.status ?? 'gone'}, not pending`);
        request.log.info({ challengeId: request.params.id, keyId: who.keyId }, 'challenge answered');
        return c;
      },
    );
  },
};
