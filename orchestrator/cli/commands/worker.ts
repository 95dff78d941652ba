import type { Command } from 'commander';
import { bots } from '../../../bots/registry.ts';
import { loadConfig } from '../../config.ts';
import { credentialsFromFile } from '../../credentials.ts';
import { createLogger } from '../../logging.ts';
import { openServices } from '../../services.ts';
import { startWorker } from '../../worker/worker.ts';
import { action, UsageError } from '../errors.ts';

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('Run bots for queued jobs until SIGTERM/SIGINT (then finish or hand back active jobs)')
    .option('--portal <id...>', 'serve only these portals (default: all)')
    .action(
      action(async (opts: { portal?: string[] }) => {
        const config = loadConfig();
        for (const p of opts.portal ?? []) if (!bots[p]) throw new UsageError(`--portal: unknown portal "${p}"`);
        if (!config.credentialsFile) throw new UsageError('PORTALBOTS_CREDENTIALS_FILE must name the JSON file with portal logins');
        const credentials = await credentialsFromFile(config.credentialsFile);
        const logger = createLogger({ level: config.logLevel, name: 'worker' });
        const services = await openServices(config, logger);
        const worker = await startWorker({ config, db: services.db, evidence: services.evidence, credentials, bots, logger, ...(opts.portal ? { portals: opts.portal } : {}) });
        await new Promise<void>((resolve) => {
          const stop = (signal: string) => {
            logger.info({ signal }, 'shutting down');
            resolve();
          };
          process.once('SIGTERM', () => stop('SIGTERM'));
          process.once('SIGINT', () => stop('SIGINT'));
        });
        await worker.close();
        await services.close();
      }),
    );
}
