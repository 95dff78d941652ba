// `portalbots results export --run <id> --format csv|json`.
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../../platform/config.ts';
import { createDb } from '../../platform/db/client.ts';
import { exportRunResults } from '../../platform/worklists/export.ts';
import { action, UsageError } from '../errors.ts';
import { text } from '../../platform/text.ts';

const ExportOptions = z.object({
  run: z.uuid({ error: 'must be a run id (UUID)' }),
  format: z.enum(['csv', 'json'], { error: 'must be csv or json' }),
  out: text().min(1).optional(),
});

export function registerResultsCommand(program: Command): void {
  const results = program.command('results').description('Results of runs');
  results
    .command('export')
    .description('Export the results of a run as CSV (formula-safe) or JSON')
    .requiredOption('--run <id>', 'run id')
    .option('--format <fmt>', 'csv or json', 'csv')
    .option('--out <file>', 'write to a file instead of stdout')
    .action(
      action(async (raw: unknown) => {
        const o = ExportOptions.safeParse(raw);
        if (!o.success) throw new UsageError(`--${String(o.error.issues[0]!.path[0])}: ${o.error.issues[0]!.message}`);
        const config = loadConfig();
        const db = createDb(config.databaseUrl, 2);
        try {
          const text = await exportRunResults(db, o.data.run, o.data.format).catch((e: Error) => {
            throw e.message.startsWith('--run') ? new UsageError(e.message) : e;
          });
          if (o.data.out) await writeFile(o.data.out, text);
          else process.stdout.write(text);
        } finally {
          await db.$disconnect();
        }
      }),
    );
}
