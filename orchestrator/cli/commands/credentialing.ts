import type { Command } from 'commander';
import { z } from 'zod';
import { IsoDate } from '../../../bots/index.ts';
import { DEFAULT_ALERT_WINDOW_DAYS } from '../../credentialing/alerts.ts';
import { providerStatuses } from '../../credentialing/roster.ts';
import { loadConfig } from '../../platform/config.ts';
import { createDb } from '../../platform/db/client.ts';
import { action, UsageError } from '../errors.ts';
import { renderTable } from '../table.ts';

const AlertOptions = z.object({
  within: z.coerce.number().int().min(0).max(365).default(DEFAULT_ALERT_WINDOW_DAYS),
  today: IsoDate.optional(),
  all: z.boolean().optional(),
  json: z.boolean().optional(),
});

export function registerCredentialingCommand(program: Command): void {
  const cmd = program
    .command('credentialing')
    .description('Provider credentialing status from the last credentialing-status lookups');
  cmd
    .command('alerts')
    .description('Providers whose re-attestation or payer enrollment is due or expires within the window')
    .option('--within <days>', 'alert window in days', String(DEFAULT_ALERT_WINDOW_DAYS))
    .option('--today <date>', 'evaluate as of this date (YYYY-MM-DD; default today, UTC)')
    .option('--all', 'list providers without alerts too')
    .option('--json', 'print JSON')
    .action(
      action(async (raw: unknown) => {
        const opts = AlertOptions.safeParse(raw);
        if (!opts.success)
          throw new UsageError(`--${String(opts.error.issues[0]!.path[0])}: ${opts.error.issues[0]!.message}`);
        const today = opts.data.today ?? new Date().toISOString().slice(0, 10);
        const db = createDb(loadConfig().databaseUrl);
        try {
          const statuses = (await providerStatuses(db, { today, windowDays: opts.data.within })).filter(
            (s) => opts.data.all || s.alerts.length > 0,
          );
          if (opts.data.json) {
            process.stdout.write(
              `${JSON.stringify({ today, withinDays: opts.data.within, providers: statuses }, null, 2)}\n`,
            );
            return;
          }
          process.stdout.write(
            `${renderTable(
              ['npi', 'provider', 'profile', 'checked', 'alerts'],
              statuses.map((s) => [
                s.npi,
                s.status.providerName,
                s.status.profileStatus,
                s.checkedAt.toISOString().slice(0, 10),
                s.alerts.map((a) => a.message).join('; '),
              ]),
            )}\n`,
          );
        } finally {
          await db.$disconnect();
        }
      }),
    );
}
