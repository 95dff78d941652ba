// `portalbots portals ...`: serve the mock portals, or print their ground truth.
import type { Command } from 'commander';
import { z } from 'zod';
import { readVar } from '../orchestrator/platform/config.ts';
import { parseFaultsSpec } from './shared/faults.ts';
import { DEFAULT_SEED } from './shared/accounts.ts';
import { groundTruth } from './truth.ts';
import { DEFAULT_BASE_PORT, demoCredentials, MOCK_PORTALS, printIndex, startPortals } from './index.ts';

const Seed = z.coerce
  .number({ message: 'must be a number' })
  .int('must be an integer')
  .min(0, 'must be >= 0')
  .max(2 ** 32 - 1, 'must fit in 32 bits');
const Port = z.coerce
  .number({ message: 'must be a number' })
  .int('must be an integer')
  .min(0, 'must be >= 0')
  .max(65_535, 'must be <= 65535');

function fail(message: string): never {
  process.stderr.write(`portalbots portals: ${message}\n`);
  process.exit(2);
}

function option<T>(schema: z.ZodType<T>, name: string, raw: unknown): T {
  const r = schema.safeParse(raw);
  if (!r.success) fail(`${name} ${r.error.issues[0]?.message ?? 'is invalid'}`);
  return r.data;
}

export function registerPortalsCommand(program: Command): Command {
  const portals = program
    .command('portals')
    .description('Serve the mock payer portals (seeded data, fault injection) until interrupted')
    .option('--seed <n>', 'data seed', String(DEFAULT_SEED))
    .option(
      '--port <p>',
      `base port: each portal listens at its assigned offset from it (${MOCK_PORTALS.map((p) => `${p.id} +${p.defaultPort - DEFAULT_BASE_PORT}`).join(', ')}); 0 picks free ports`,
      String(DEFAULT_BASE_PORT),
    )
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--faults <spec>', 'faults as JSON or k=v list, e.g. "slowMs=200,layout=v2" (also PORTALBOTS_FAULTS)')
    .option('--json', 'print the index as JSON')
    .action(async (opts: { seed: string; port: string; host: string; faults?: string; json?: boolean }) => {
      const seed = option(Seed, '--seed', opts.seed);
      const basePort = option(Port, '--port', opts.port);
      const spec = opts.faults ?? readVar('PORTALBOTS_FAULTS');
      let faults;
      try {
        faults = spec ? parseFaultsSpec(spec) : undefined;
      } catch (e) {
        fail((e as Error).message);
      }
      const running = await startPortals({ seed, basePort, host: opts.host, ...(faults ? { faults } : {}) }).catch(
        (e: Error) => fail(`could not start: ${e.message}`),
      );
      if (opts.json) {
        process.stdout.write(
          `${JSON.stringify({ seed, urls: running.urls, credentials: running.credentials, accounts: running.accounts })}\n`,
        );
      } else {
        printIndex(running);
        console.log('Press Ctrl+C to stop.');
      }
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await running.close();
    });

  portals
    .command('credentials')
    .description('Print a credentials file (PORTALBOTS_CREDENTIALS_FILE) with the demo login of every mock portal')
    .action((_local: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<{ seed: string }>();
      const seed = option(Seed, '--seed', opts.seed);
      const file = Object.fromEntries(
        Object.entries(demoCredentials(seed)).map(([portal, a]) => [
          portal,
          {
            id: a.id,
            username: a.username,
            password: a.password,
            ...(a.totpSecret ? { totpSecret: a.totpSecret } : {}),
            securityAnswers: a.securityAnswers,
          },
        ]),
      );
      process.stdout.write(`${JSON.stringify(file, null, 2)}\n`);
    });

  portals
    .command('truth')
    .description('Print the ground truth for a seed (uses the --seed and --json options of `portals`)')
    .action((_local: unknown, cmd: Command) => {
      // --seed/--json are declared once on `portals`; commander hands them to
      // the parent even when written after `truth`, so read them merged.
      const opts = cmd.optsWithGlobals<{ seed: string; json?: boolean }>();
      const seed = option(Seed, '--seed', opts.seed);
      const truth = groundTruth(seed);
      process.stdout.write(opts.json ? `${JSON.stringify(truth)}\n` : `${JSON.stringify(truth, null, 2)}\n`);
    });
  return portals;
}
