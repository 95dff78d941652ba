// Extension point: each product area adds its endpoints as one plugin under
// /api/v1. The built-in areas are listed in server.ts; areas built elsewhere
// (work queue, schedules, webhooks, worklists) are passed in by whoever starts
// the server, so this package does not depend on them.
import type { Queue } from 'bullmq';
import type {
  FastifyInstance,
  FastifyBaseLogger,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { BotDefinition } from '../../../bots/index.ts';
import type { EvidenceStore } from '../../../evidence-store/index.ts';
import type { Config } from '../../platform/config.ts';
import type { Db } from '../../platform/db/client.ts';
import type { Logger } from '../../platform/logging.ts';
import type { SubmitDeps } from '../../platform/runs/submit.ts';
import type { Keyring } from '../../accounts/keyring.ts';

export interface ApiDeps {
  config: Config;
  db: Db;
  logger: Logger;
  /** Producer side of the per-portal queues (orchestrator/runs/submit.ts portalQueues). */
  queues: { queueFor(portal: string): Queue };
  /** The bots the deployment ships (bots/registry.ts), for validating lookups and listing queues. */
  bots: Record<string, BotDefinition>;
  /** Without it, evidence bytes are unavailable (503) but metadata still lists. */
  evidence?: EvidenceStore;
  /** Credential vault keys (PORTALBOTS_CREDENTIAL_KEYS). Without them, credential writes answer 503. */
  keyring?: Keyring;
  /** Further areas (work queue, schedules, ...). */
  plugins?: ApiAreaPlugin[];
}

export type ApiApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface ApiAreaPlugin {
  /** Also the OpenAPI tag of its routes. */
  name: string;
  register(app: ApiApp, deps: ApiDeps): void | Promise<void>;
}

/** What the one submit path (platform/runs/submit.ts) needs, from the server's dependencies. */
export function submitDeps(deps: Pick<ApiDeps, 'db' | 'queues' | 'bots' | 'config'>): SubmitDeps {
  return {
    db: deps.db,
    queueFor: deps.queues.queueFor,
    bots: deps.bots,
    jobAttempts: deps.config.jobAttempts,
    queueSettings: deps.config.queues,
  };
}
