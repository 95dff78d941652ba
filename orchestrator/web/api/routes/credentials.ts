// Portal credentials: write-only secrets. Responses carry metadata only.
import { z } from 'zod';
import {
  CredentialInput,
  deleteCredential,
  listCredentials,
  rotateCredentials,
  saveCredential,
} from '../../../accounts/vault.ts';
import { accountSummary, evaluateAccountAlerts } from '../../../platform/fleet/account-alerts.ts';
import { capacityOptionsFrom } from '../../../platform/fleet/capacity.ts';
import { HEALTH_STATUSES, listAccountHealth } from '../../../platform/fleet/health.ts';
import { ACCESS } from '../auth/roles.ts';
import { badRequest, ErrorBody, notFound, unavailable } from '../errors.ts';
import type { ApiAreaPlugin } from '../plugins.ts';
import { IdParams, PortalId, Timestamp, Uuid } from '../schemas.ts';
import { text } from '../../../platform/text.ts';

const Metadata = z.object({
  id: Uuid,
  portal: text(),
  label: text(),
  hasTotp: z.boolean(),
  keyId: text(),
  status: text(),
  statusReason: text().nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

/** One account of the fleet's credential pool (vault row or credentials-file entry) and its shared health. */
const AccountHealth = z.object({
  portal: text(),
  accountId: text(),
  label: text(),
  status: z.enum(HEALTH_STATUSES),
  reason: text().nullable(),
  since: Timestamp,
  evidenceId: text().nullable(),
  warning: text().nullable(),
  warningAt: Timestamp.nullable(),
  /** When the portal said the password expires ("expires in 5 days"). */
  passwordExpiresAt: Timestamp.nullable(),
});

/** A portal's account capacity: healthy accounts against what its schedules need (docs/OPERATIONS.md). */
const PortalAccounts = z.object({
  portal: text(),
  healthy: z.number().int(),
  total: z.number().int(),
  needed: z.number().int(),
  short: z.boolean(),
  sessionsPerAccount: z.number().int(),
  capacity: z.number().int(),
  since: Timestamp.nullable(),
});

export const credentialsPlugin: ApiAreaPlugin = {
  name: 'credentials',
  register(app, { db, keyring, bots, config }) {
    const capacity = capacityOptionsFrom(config.accounts);
    // Stored, replaced or deleted accounts change what a portal has: its low-accounts alert may flip.
    const reevaluate = (portal: string) =>
      evaluateAccountAlerts(db, { ...capacity, portal }).catch((err: unknown) =>
        app.log.error({ err, portal }, 'low-accounts alert evaluation failed'),
      );
    const needKeyring = () => {
      if (!keyring) throw unavailable('credential vault is not configured: set PORTALBOTS_CREDENTIAL_KEYS');
      return keyring;
    };

    app.post(
      '/credentials',
      {
        config: { roles: ACCESS.ops },
        schema: {
          summary: 'Store (or replace) a portal login; secrets are encrypted and never returned',
          body: CredentialInput,
          response: { 201: Metadata, 400: ErrorBody, 503: ErrorBody },
        },
      },
      async (request, reply) => {
        const k = needKeyring();
        if (!bots[request.body.portal])
          throw badRequest(
            `body.portal: unknown portal "${request.body.portal}" (known: ${Object.keys(bots).join(', ')})`,
          );
        const saved = await saveCredential(db, k, request.body);
        await reevaluate(saved.portal);
        return reply.code(201).send(saved);
      },
    );

    app.get(
      '/credentials',
      {
        config: { roles: ACCESS.ops },
        schema: {
          summary:
            'Credential metadata (never secrets), the shared health of every account workers use (`accounts`: active, locked, password_expired, needs_human, mfa_failed, disabled), and per portal the healthy accounts against what its schedules need (`portals`: `short` when fewer)',
          querystring: z.object({ portal: PortalId.optional() }).strict(),
          response: {
            200: z.object({
              credentials: z.array(Metadata),
              accounts: z.array(AccountHealth),
              portals: z.array(PortalAccounts),
            }),
          },
        },
      },
      async (request) => ({
        credentials: await listCredentials(db, request.query.portal),
        accounts: await listAccountHealth(db, request.query.portal),
        portals: await accountSummary(db, capacity, request.query.portal),
      }),
    );

    app.delete(
      '/credentials/:id',
      {
        config: { roles: ACCESS.ops },
        schema: { summary: 'Delete a credential', params: IdParams, response: { 204: z.null(), 404: ErrorBody } },
      },
      async (request, reply) => {
        const row = await db.credential.findUnique({ where: { id: request.params.id }, select: { portalId: true } });
        if (!(await deleteCredential(db, request.params.id))) throw notFound(`id: no credential ${request.params.id}`);
        if (row) await reevaluate(row.portalId);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/credentials/rotate',
      {
        config: { roles: ACCESS.ops },
        schema: {
          summary: 'Re-encrypt every credential under the current key',
          response: {
            200: z.object({ rotated: z.number().int(), alreadyCurrent: z.number().int(), currentKeyId: text() }),
            503: ErrorBody,
          },
        },
      },
      async () => {
        const k = needKeyring();
        return { ...(await rotateCredentials(db, k)), currentKeyId: k.currentKeyId };
      },
    );
  },
};
