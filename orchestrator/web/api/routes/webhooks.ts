// Webhook endpoints: where results are POSTed, signed. Admin only: an endpoint
// receives result data (claims, amounts) outside this system. The signing
// secret is made by the server, returned once by POST and stored sealed with
// the vault keys; listings never carry it.
import { z } from 'zod';
import { vaultSecretBox } from '../../../accounts/secret-box.ts';
import {
  addEndpoint,
  EndpointInput,
  EventFilter,
  listEndpoints,
  removeEndpoint,
  WebhookConfigError,
} from '../../../platform/webhooks/store.ts';
import { ACCESS } from '../auth/roles.ts';
import { badRequest, ErrorBody, notFound, unavailable } from '../errors.ts';
import type { ApiAreaPlugin } from '../plugins.ts';
import { IdParams, Timestamp, Uuid } from '../schemas.ts';
import { text } from '../../../platform/text.ts';

const Endpoint = z.object({
  id: Uuid,
  url: text(),
  enabled: z.boolean(),
  eventFilter: EventFilter,
  createdAt: Timestamp,
});

export const webhooksPlugin: ApiAreaPlugin = {
  name: 'webhooks',
  register(app, { db, keyring }) {
    app.post(
      '/webhooks',
      {
        config: { roles: ACCESS.admin },
        schema: {
          summary: 'Add an endpoint (https:// only; http:// only to localhost). The signing secret is returned once',
          body: EndpointInput,
          response: { 201: Endpoint.extend({ secret: text() }), 400: ErrorBody, 503: ErrorBody },
        },
      },
      async (request, reply) => {
        if (!keyring)
          throw unavailable('webhook secrets are sealed with the vault keys: set PORTALBOTS_CREDENTIAL_KEYS');
        try {
          return reply.code(201).send(await addEndpoint(db, vaultSecretBox(keyring), request.body));
        } catch (e) {
          if (e instanceof WebhookConfigError) throw badRequest(`body.${e.message}`);
          throw e;
        }
      },
    );

    app.get(
      '/webhooks',
      {
        config: { roles: ACCESS.admin },
        schema: {
          summary: 'Endpoints (never their secrets)',
          response: { 200: z.object({ webhooks: z.array(Endpoint) }) },
        },
      },
      async () => ({ webhooks: await listEndpoints(db) }),
    );

    app.delete(
      '/webhooks/:id',
      {
        config: { roles: ACCESS.admin },
        schema: {
          summary: 'Remove an endpoint and its delivery log',
          params: IdParams,
          response: { 204: z.null(), 404: ErrorBody },
        },
      },
      async (request, reply) => {
        if (!(await removeEndpoint(db, request.params.id))) throw notFound(`id: no webhook ${request.params.id}`);
        return reply.code(204).send(null);
      },
    );
  },
};
