// `portalbots orchestrator`: the scheduler, the results fan-out and webhook
// delivery in one long-running process (run several for availability: each
// cron slot fires on exactly one of them).
import { Queue } from 'bullmq';
import type { Command } from 'commander';
import { bots } from '../../../bots/index.ts';
import { z } from 'zod';
import { startApiService } from '../../web/service.ts';
import { startDenialsDaily } from '../../denials/daily-service.ts';
import { type Config, loadConfig, readVar } from '../../platform/config.ts';
import type { Db } from '../../platform/db/client.ts';
import type { Logger } from '../../platform/logging.ts';
import { createRedis } from '../../platform/queue/connection.ts';
import { WEBHOOK_QUEUE } from '../../platform/queue/jobs.ts';
import { portalQueues, submitLookups } from '../../platform/runs/submit.ts';
import { openServices } from '../../platform/services.ts';
import { preflight } from '../../platform/preflight.ts';
import { createLogger } from '../../platform/logging.ts';
import { startOrchestrator } from '../../platform/process.ts';
import { optionalKeyring } from '../../accounts/keyring.ts';
import { vaultSecretBox } from '../../accounts/secret-box.ts';
import { action, UsageError } from '../errors.ts';

/** The denial work queue's daily loop, queueing follow-ups through the one submit path; undefined when turned off. */
function startDailyLoop(config: Config, db: Db, logger: Logger, instanceId: string) {
  const cronExpr = readVar('PORTALBOTS_DENIALS_DAILY_CRON');
  if (cronExpr === 'off') return undefined;
  const redis = createRedis(config.redisUrl, 'producer');
  const queues = portalQueues(redis, config.queuePrefix);
  // Escalations go to the webhook endpoints that opted in (the delivery workers send them).
  const webhooks = new Queue(WEBHOOK_QUEUE, { connection: redis, prefix: config.queuePrefix });
  const service = startDenialsDaily({
    db,
    redis,
    webhooks,
    keyPrefix: config.queuePrefix,
    instanceId,
    logger,
    cron: cronExpr,
    timezone: readVar('PORTALBOTS_DENIALS_DAILY_TIMEZONE'),
    submitter: {
      supports: (portal, task) => Boolean(bots[portal]?.tasks[task]),
      submit: async (portal, task, claimNumbers) => {
        const run = await submitLookups(
          { db, queueFor: queues.queueFor, bots, jobAttempts: config.jobAttempts, queueSettings: config.queues },
          { portal, task, claimNumbers, trigger: 'schedule', requestedBy: 'schedule:denials-daily' },
        );
        return { runId: run.runId };
      },
    },
  });
  return {
    name: service.name,
    async close() {
      await service.close();
      await webhooks.close();
      await queues.close();
      await redis.quit();
    },
  };
}

export function registerOrchestratorCommand(program: Command): void {
  program
    .command('orchestrator')
    .description('Run the scheduler, results fan-out and webhook delivery until SIGTERM/SIGINT')
    .option('--no-scheduler', 'do not fire schedules here')
    .option('--no-webhooks', 'do not deliver webhooks here')
    .option('--no-api', 'do not serve the HTTP API and dashboard here')
    .option(
      '--api-host <host>',
      'address the API and dashboard listen on (default: PORTALBOTS_API_HOST, else 127.0.0.1)',
    )
    .option('--api-port <port>', 'port of the API and dashboard (default: PORTALBOTS_API_PORT, else 8080)')
    .action(
      action(
        async (opts: { scheduler: boolean; webhooks: boolean; api: boolean; apiHost?: string; apiPort?: string }) => {
          const config = loadConfig();
          const port = z.coerce
            .number()
            .int()
            .min(0)
            .max(65535)
            .safeParse(opts.apiPort ?? config.apiPort);
          if (!port.success) throw new UsageError(`--api-port: must be a port number (0-65535)`);
          const apiHost = opts.apiHost ?? config.apiHost;
          const queueSettings = config.queues;
          await preflight(config, { postgres: true, redis: true });
          const logger = createLogger({ level: config.logLevel, name: 'orchestrator' });
          const services = await openServices(config, logger);
          const db = services.db;
          // Webhook secrets are sealed with the vault keys, like credentials.
          const keyring = optionalKeyring(config);
          const orch = await startOrchestrator({
            config,
            db,
            logger,
            bots,
            queueSettings,
            ...(keyring ? { webhookSecrets: vaultSecretBox(keyring) } : {}),
            services: { scheduler: opts.scheduler, webhooks: opts.webhooks, resultsFanout: true },
          });
          if (opts.scheduler) {
            const daily = startDailyLoop(config, db, logger, orch.instanceId);
            if (daily) orch.add(daily);
          }
          if (opts.api) {
            const api = await startApiService({
              config,
              db,
              logger,
              evidence: services.evidence,
              bots,
              host: apiHost,
              port: port.data,
            });
            orch.add(api);
            process.stdout.write(
              `API ${api.url}/api/v1 (OpenAPI: ${api.url}/api/openapi.json), dashboard ${api.url}/dashboard\n`,
            );
          }
          await new Promise<void>((resolve) => {
            process.once('SIGTERM', () => resolve());
            process.once('SIGINT', () => resolve());
          });
          logger.info('shutting down');
          await orch.close();
          await services.close();
        },
      ),
    );
}
