// The HTTP API and dashboard as a long-running service of the orchestrator
// process: it opens its own producer queues and closes them with itself.
import type { BotDefinition } from '../../bots/index.ts';
import type { EvidenceStore } from '../../evidence-store/index.ts';
import { buildApiServer } from './api/server.ts';
import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/db/client.ts';
import type { Logger } from '../platform/logging.ts';
import type { RunningService } from '../platform/process.ts';
import { createRedis } from '../platform/queue/connection.ts';
import { portalQueues } from '../platform/runs/submit.ts';
import { optionalKeyring } from '../accounts/keyring.ts';

export interface ApiServiceOptions {
  config: Config;
  db: Db;
  logger: Logger;
  evidence: EvidenceStore;
  bots: Record<string, BotDefinition>;
  host: string;
  port: number;
}

export async function startApiService(opts: ApiServiceOptions): Promise<RunningService & { url: string }> {
  const redis = createRedis(opts.config.redisUrl, 'producer');
  const queues = portalQueues(redis, opts.config.queuePrefix);
  const keyring = optionalKeyring(opts.config);
  const app = await buildApiServer(
    {
      config: opts.config,
      db: opts.db,
      logger: opts.logger,
      queues,
      bots: opts.bots,
      evidence: opts.evidence,
      ...(keyring ? { keyring } : {}),
    },
    { dashboard: true },
  );
  const address = await app.listen({ host: opts.host, port: opts.port });
  opts.logger.info({ address }, 'API and dashboard listening');
  return {
    name: 'api',
    url: address.replace('0.0.0.0', '127.0.0.1').replace('[::]', '127.0.0.1'),
    async close() {
      await app.close();
      await queues.close();
      redis.disconnect();
    },
  };
}
