// The orchestrator process: the scheduler, the results fan-out and webhook
// delivery today; the API server is added as one more service. Each service
// is started here and handed back so the caller (CLI, tests, demo) can stop
// them in reverse order.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Redis } from 'ioredis';
import type { BotDefinition } from '../../bots/index.ts';
import type { Config } from './config.ts';
import type { Db } from './db/client.ts';
import type { Logger } from './logging.ts';
import { createRedis } from './queue/connection.ts';
import type { QueueSettings } from './queue/settings.ts';
import { portalQueues } from './runs/submit.ts';
import { startScheduler, type Scheduler } from './schedules/scheduler.ts';
import { fireSchedule } from './schedules/sweep.ts';
import type { WebhookRetry } from './webhooks/deliver.ts';
import { startWebhookDelivery } from './webhooks/deliver.ts';
import type { SecretBox } from './webhooks/secret-box.ts';
import { startResultsFanout, type ResultsFanout } from './webhooks/fanout.ts';
import { type AccountAlertLoop, startAccountAlertLoop } from './fleet/alert-loop.ts';
import { DEFAULT_ACCOUNT_POOL } from './config.ts';

export interface OrchestratorOptions {
  config: Pick<Config, 'redisUrl' | 'queuePrefix' | 'jobAttempts' | 'workerConcurrency' | 'queues'> &
    Partial<Pick<Config, 'accounts'>>;
  db: Db;
  logger: Logger;
  bots: Record<string, BotDefinition>;
  /** Which services to run; all by default. */
  services?: { scheduler?: boolean; resultsFanout?: boolean; webhooks?: boolean; accountAlerts?: boolean };
  queueSettings?: QueueSettings;
  scheduleReloadMs?: number;
  webhookRetry?: WebhookRetry;
  /** Opens sealed webhook secrets (the vault's cipher, accounts/secret-box.ts). */
  webhookSecrets?: SecretBox;
  instanceId?: string;
}

export interface RunningService {
  name: string;
  close(): Promise<void>;
}

export interface Orchestrator {
  instanceId: string;
  scheduler: Scheduler | undefined;
  fanout: ResultsFanout | undefined;
  /** The low-accounts alert and ops-event dispatch loop (runs with the results fan-out). */
  accountAlerts: AccountAlertLoop | undefined;
  /** Started services, in start order; close() stops them in reverse. */
  services: RunningService[];
  /** Adds a service started elsewhere (e.g. the API server) so close() stops it too. */
  add(service: RunningService): void;
  close(): Promise<void>;
}

export async function startOrchestrator(opts: OrchestratorOptions): Promise<Orchestrator> {
  const instanceId = opts.instanceId ?? `${os.hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const logger = opts.logger.child({ instance: instanceId });
  const want = { scheduler: true, resultsFanout: true, webhooks: true, accountAlerts: true, ...opts.services };
  const settings = opts.queueSettings ?? opts.config.queues;
  const connections: Redis[] = [];
  const connect = (role: 'worker' | 'producer') => {
    const c = createRedis(opts.config.redisUrl, role);
    connections.push(c);
    return c;
  };
  const services: RunningService[] = [];
  const orchestrator: Orchestrator = {
    instanceId,
    scheduler: undefined,
    fanout: undefined,
    accountAlerts: undefined,
    services,
    add: (s) => void services.push(s),
    async close() {
      for (const s of [...services].reverse()) {
        await s
          .close()
          .catch((err: unknown) => logger.error({ err, service: s.name }, 'service did not close cleanly'));
      }
      services.length = 0;
      await Promise.allSettled(connections.map((c) => c.quit()));
      logger.info('orchestrator stopped');
    },
  };
  try {
    if (want.scheduler) {
      const producer = connect('producer');
      const queues = portalQueues(producer, opts.config.queuePrefix);
      services.push({ name: 'portal-queues', close: () => queues.close() });
      const scheduler = await startScheduler({
        db: opts.db,
        redis: producer,
        keyPrefix: opts.config.queuePrefix,
        instanceId,
        logger,
        ...(opts.scheduleReloadMs ? { reloadMs: opts.scheduleReloadMs } : {}),
        fire: (scheduleId, slot) =>
          fireSchedule(
            {
              db: opts.db,
              logger,
              instanceId,
              submit: {
                queueFor: queues.queueFor,
                bots: opts.bots,
                jobAttempts: opts.config.jobAttempts,
                queueSettings: settings,
              },
            },
            scheduleId,
            slot,
          ),
      });
      orchestrator.scheduler = scheduler;
      services.push({ name: 'scheduler', close: () => scheduler.close() });
    }
    if (want.webhooks) {
      const delivery = await startWebhookDelivery({
        db: opts.db,
        connection: connect('worker'),
        prefix: opts.config.queuePrefix,
        logger,
        ...(opts.webhookSecrets ? { secrets: opts.webhookSecrets } : {}),
      });
      services.push({ name: 'webhook-delivery', close: delivery.close });
    }
    if (want.resultsFanout) {
      const fanout = await startResultsFanout({
        db: opts.db,
        connection: connect('worker'),
        producer: connect('producer'),
        prefix: opts.config.queuePrefix,
        logger,
        ...(opts.webhookRetry ? { webhookRetry: opts.webhookRetry } : {}),
      });
      orchestrator.fanout = fanout;
      services.push({ name: 'results-fanout', close: fanout.close });
      if (want.accountAlerts) {
        const pool = opts.config.accounts ?? DEFAULT_ACCOUNT_POOL;
        const loop = startAccountAlertLoop({
          db: opts.db,
          webhooks: fanout.webhooks,
          capacity: { sessionsPerAccount: pool.sessionsPerAccount, minHealthyAccounts: pool.minHealthyAccounts ?? {} },
          intervalMs: pool.alertIntervalMs ?? 30_000,
          logger,
          ...(opts.webhookRetry ? { webhookRetry: opts.webhookRetry } : {}),
        });
        orchestrator.accountAlerts = loop;
        services.push({ name: 'account-alerts', close: loop.close });
      }
    }
  } catch (e) {
    await orchestrator.close();
    throw e;
  }
  logger.info({ services: services.map((s) => s.name) }, 'orchestrator started');
  return orchestrator;
}
