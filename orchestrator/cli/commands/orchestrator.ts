// `portalbots orchestrator`: the scheduler, the results fan-out and webhook
// delivery in one long-running process (run several for availability: each
// cron slot fires on exactly one of them).
import type { Command } from 'commander';
import { bots } from '../../../bots/registry.ts';
import { syncCatalog } from '../../catalog.ts';
import { loadConfig } from '../../config.ts';
import { createDb } from '../../db/client.ts';
import { createLogger } from '../../logging.ts';
import { startOrchestrator } from '../../orchestrator.ts';
import { loadQueueSettings } from '../../queue/settings.ts';
import { action } from '../errors.ts';

export function registerOrchestratorCommand(program: Command): void {
  program
    .command('orchestrator')
    .description('Run the scheduler, results fan-out and webhook delivery until SIGTERM/SIGINT')
    .option('--no-scheduler', 'do not fire schedules here')
    .option('--no-webhooks', 'do not deliver webhooks here')
    .action(
      action(async (opts: { scheduler: boolean; webhooks: boolean }) => {
        const config = loadConfig();
        const queueSettings = loadQueueSettings(process.env, config.workerConcurrency);
        const logger = createLogger({ level: config.logLevel, name: 'orchestrator' });
        const db = createDb(config.databaseUrl);
        await syncCatalog(db, Object.values(bots), config.portalUrls);
        const orch = await startOrchestrator({
          config,
          db,
          logger,
          bots,
          queueSettings,
          services: { scheduler: opts.scheduler, webhooks: opts.webhooks, resultsFanout: true },
        });
        await new Promise<void>((resolve) => {
          process.once('SIGTERM', () => resolve());
          process.once('SIGINT', () => resolve());
        });
        logger.info('shutting down');
        await orch.close();
        await db.$disconnect();
      }),
    );
}
