import type { Command } from 'commander';
import { z } from 'zod';
import { bots } from '../../bots/index.ts';
import { DEFAULT_SEED, demoCredentials } from '../../mock-portals/index.ts';
import { startAvailityPortal } from '../../mock-portals/availity/index.ts';
import { loadConfig, type Config } from '../../orchestrator/platform/config.ts';
import { checkBrowser, checkPostgres, redactUrl } from '../../orchestrator/platform/preflight.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';
import { staticCredentials } from '../../orchestrator/accounts/file.ts';
import { migrate } from '../../orchestrator/platform/db/migrate.ts';
import { freePort, provisionRedis } from './infra.ts';
import { startApiService } from '../../orchestrator/web/service.ts';
import { createApiKey } from '../../orchestrator/web/api/auth/keys.ts';
import { createLogger } from '../../orchestrator/platform/logging.ts';
import { createRedis } from '../../orchestrator/platform/queue/connection.ts';
import { portalQueues, submitLookups } from '../../orchestrator/platform/runs/submit.ts';
import { waitForRun } from '../../orchestrator/platform/runs/wait.ts';
import { openServices } from '../../orchestrator/platform/services.ts';
import { startWorker } from '../../orchestrator/platform/worker/worker.ts';
import { action, UsageError } from '../../orchestrator/cli/errors.ts';
import { formatResults } from '../../orchestrator/cli/format/results.ts';
import { RESULT_FOLLOW_UPS, TASK_INPUTS } from '../../orchestrator/cli/wiring.ts';

const DemoOptions = z.object({
  seed: z.coerce.number().int().nonnegative().default(DEFAULT_SEED),
  claims: z.coerce.number().int().min(1).max(200).default(8),
  keepRunning: z.boolean().optional(),
  exit: z.boolean().optional(),
});

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('Run the whole system locally: mock portal, migrations, a worker and a claim-status sweep')
    .option('--seed <n>', 'seed of the mock portal data', String(DEFAULT_SEED))
    .option('--claims <n>', 'how many claims to look up', '8')
    .option('--keep-running', 'keep portal, worker and dashboard running after the sweep (default on a terminal)')
    .option('--exit', 'exit after the sweep (default when not on a terminal)')
    .action(
      action(async (raw: unknown) => {
        const opts = DemoOptions.safeParse(raw);
        if (!opts.success)
          throw new UsageError(`--${String(opts.error.issues[0]!.path[0])}: ${opts.error.issues[0]!.message}`);
        await demo(opts.data);
      }),
    );
}

async function demo(opts: z.infer<typeof DemoOptions>): Promise<void> {
  const say = (s: string) => process.stdout.write(`${s}\n`);
  const env = loadConfig();
  await checkBrowser(env);
  const redis = await provisionRedis(env.redisUrlSet ? env.redisUrl : undefined);
  // DATABASE_URL when set (it must answer); otherwise a PostgreSQL of the demo's own.
  const postgres = await (env.databaseUrlSet
    ? checkPostgres(env.databaseUrl).then(() => ({
        url: env.databaseUrl,
        note: 'PostgreSQL from DATABASE_URL',
        stop: async () => {},
      }))
    : startEmbeddedPostgres(env.dataDir)
  ).catch(async (e: Error) => {
    await redis.stop();
    throw e;
  });
  say(`- ${redis.note}`);
  say(`- ${postgres.note}`);
  const migrated = await migrate(postgres.url);
  say(`- database migrated (${migrated.applied.length} applied, ${migrated.alreadyApplied.length} already applied)`);

  const portal = await startAvailityPortal({ seed: opts.seed });
  say(`- Availity-like mock portal on ${portal.url} (seed ${opts.seed})`);

  const config: Config = {
    ...env,
    databaseUrl: postgres.url,
    redisUrl: redis.url,
    portalUrls: { ...env.portalUrls, availity: portal.url },
  };
  const logger = createLogger({ level: env.logLevel === 'info' ? 'warn' : env.logLevel, name: 'demo' });
  const services = await openServices(config, logger);
  const producer = createRedis(config.redisUrl, 'producer');
  const queues = portalQueues(producer, config.queuePrefix);
  const worker = await startWorker({
    followUps: RESULT_FOLLOW_UPS,
    taskInputs: TASK_INPUTS,
    config,
    db: services.db,
    evidence: services.evidence,
    credentials: staticCredentials(demoCredentials(opts.seed)),
    bots,
    logger,
  });
  say(`- worker started (concurrency ${config.workerConcurrency})`);
  const api = await startApiService({
    config,
    db: services.db,
    logger,
    evidence: services.evidence,
    bots,
    host: '127.0.0.1',
    port: await freePort(),
  });
  const key = await createApiKey(services.db, { role: 'admin', name: `demo ${new Date().toISOString()}` });
  say(`- API and dashboard on ${api.url}`);

  const stop = async () => {
    await api.close();
    await worker.close();
    await queues.close();
    producer.disconnect();
    await services.close();
    await portal.close();
    await redis.stop();
    await postgres.stop();
  };
  try {
    const claimNumbers = pickClaims(portal.truth.claims, opts.claims);
    claimNumbers.push('AET000000001'); // a claim the payer has never seen: "not found" is a result
    say(`- looking up ${claimNumbers.length} claims...`);
    const started = Date.now();
    const run = await submitLookups(
      {
        db: services.db,
        queueFor: queues.queueFor,
        bots,
        jobAttempts: config.jobAttempts,
        queueSettings: config.queues,
      },
      { portal: 'availity', task: 'claim-status', claimNumbers, trigger: 'demo', requestedBy: 'demo' },
    );
    const rows = await waitForRun(services.db, run.runId, claimNumbers.length, { timeoutMs: 300_000 });
    say('');
    say(formatResults('claim-status', rows));
    say('');
    const stats = (await worker.runners.stats()).availity;
    const evidenceCount = await services.db.evidence.count({ where: { runId: run.runId } });
    say(
      `Run ${run.runId}: ${rows.length} results in ${((Date.now() - started) / 1000).toFixed(1)} s, ${stats?.logins ?? 0} portal login(s).`,
    );
    say(`Evidence: ${evidenceCount} screenshots, content-addressed by SHA-256 under ${config.evidenceDir}`);
    say(`Results are in PostgreSQL (${redactUrl(postgres.url)}), table task_results.`);
    // On a terminal the demo stays up so the dashboard can be explored;
    // scripts and CI get a demo that ends by itself.
    const keep = opts.keepRunning ?? (!opts.exit && process.stdin.isTTY === true);
    say('');
    if (!keep) {
      say('The demo has ended. Run `npx portalbots demo --keep-running` to keep the portal, worker and dashboard up.');
    } else {
      say(`Dashboard: ${api.url}/dashboard  (log in with this admin API key; it is shown once)`);
      say(`API key:   ${key.key}`);
      say(`API:       ${api.url}/api/v1  (OpenAPI: ${api.url}/api/openapi.json)`);
      say(`Portal:    ${portal.url}`);
      say('Press Ctrl-C to stop.');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
    }
  } finally {
    await stop();
  }
}

/** A spread of scenarios (paid, denied, pending...) rather than the first N. */
function pickClaims(claims: { claimNumber: string; scenario: string }[], n: number): string[] {
  const byScenario = new Map<string, string[]>();
  for (const c of claims) byScenario.set(c.scenario, [...(byScenario.get(c.scenario) ?? []), c.claimNumber]);
  const picked: string[] = [];
  for (let i = 0; picked.length < n && i < claims.length; i++) {
    for (const list of byScenario.values()) if (list[i] && picked.length < n) picked.push(list[i]!);
  }
  return picked;
}
