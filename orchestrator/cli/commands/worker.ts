import type { Command } from 'commander';
import { bots } from '../../../bots/index.ts';
import { loadConfig } from '../../platform/config.ts';
import { credentialsFromFile } from '../../accounts/file.ts';
import { credentialProviderFromDb } from '../../accounts/vault.ts';
import { optionalKeyring } from '../../accounts/keyring.ts';
import { createLogger } from '../../platform/logging.ts';
import { openServices } from '../../platform/services.ts';
import { preflight } from '../../platform/preflight.ts';
import { workerMetrics } from '../../platform/metrics.ts';
import { serveMetrics } from '../../platform/metrics-server.ts';
import { startWorker } from '../../platform/worker/worker.ts';
import { action, UsageError } from '../errors.ts';
import { RESULT_FOLLOW_UPS, TASK_INPUTS } from '../wiring.ts';

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('Run bots for queued jobs until SIGTERM/SIGINT (then finish or hand back active jobs)')
    .option('--portal <id...>', 'serve only these portals (default: all)')
    .action(
      action(async (opts: { portal?: string[] }) => {
        const config = loadConfig();
        for (const p of opts.portal ?? []) if (!bots[p]) throw new UsageError(`--portal: unknown portal "${p}"`);
        // Portal logins: a JSON file kept outside the repo when one is named,
        // else the encrypted vault (credentials added through the API).
        const keyring = optionalKeyring(config);
        if (!config.credentialsFile && !keyring) {
          throw new UsageError(
            'PORTALBOTS_CREDENTIAL_KEYS (credential vault) or PORTALBOTS_CREDENTIALS_FILE (JSON file) must be set for portal logins',
          );
        }
        await preflight(config, { postgres: true, redis: true, browser: true });
        const logger = createLogger({ level: config.logLevel, name: 'worker' });
        const services = await openServices(config, logger);
        const credentials = config.credentialsFile
          ? await credentialsFromFile(config.credentialsFile)
          : credentialProviderFromDb(services.db, keyring!, {
              rotatePasswords: config.accounts?.rotatePasswords ?? [],
            });
        const worker = await startWorker({
          followUps: RESULT_FOLLOW_UPS,
          taskInputs: TASK_INPUTS,
          config,
          db: services.db,
          evidence: services.evidence,
          credentials,
          bots,
          logger,
          ...(opts.portal ? { portals: opts.portal } : {}),
        });
        const metrics = config.workerMetrics
          ? await serveMetrics(
              workerMetrics({
                runnerStats: () => worker.runners.stats(),
                inFlight: () => worker.inFlight(),
                deriveBacklog: () => services.evidence.pendingDerivations(),
              }),
              config.workerMetrics,
            )
          : undefined;
        if (metrics) logger.info({ url: metrics.url }, 'worker metrics');
        await new Promise<void>((resolve) => {
          const stop = (signal: string) => {
            logger.info({ signal }, 'shutting down');
            resolve();
          };
          process.once('SIGTERM', () => stop('SIGTERM'));
          process.once('SIGINT', () => stop('SIGINT'));
        });
        await metrics?.close();
        await worker.close();
        await services.close();
      }),
    );
}
