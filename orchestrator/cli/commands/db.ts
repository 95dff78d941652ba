import type { Command } from 'commander';
import { loadConfig } from '../../platform/config.ts';
import { migrate } from '../../platform/db/migrate.ts';
import { action } from '../errors.ts';

export function registerDbCommands(program: Command): void {
  const db = program.command('db').description('Database administration');
  db.command('migrate')
    .description("Apply pending SQL migrations (keeps Prisma's _prisma_migrations bookkeeping)")
    .option('--json', 'print JSON')
    .action(
      action(async (opts: { json?: boolean }) => {
        const config = loadConfig();
        const result = await migrate(config.databaseUrl);
        if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
        else {
          for (const name of result.applied) process.stdout.write(`applied ${name}\n`);
          process.stdout.write(
            `Database is up to date (${result.applied.length} applied, ${result.alreadyApplied.length} already applied).\n`,
          );
        }
      }),
    );
}
