// `portalbots apikey create|list|revoke`: API keys for the HTTP API and dashboard.
// The key is printed once at creation; only its hash is stored.
import type { Command } from 'commander';
import { z } from 'zod';
import { createApiKey, listApiKeys, revokeApiKey } from '../../web/api/auth/keys.ts';
import { Role, ROLES } from '../../web/api/auth/roles.ts';
import { action, UsageError } from '../errors.ts';
import { renderTable } from '../table.ts';
import { text } from '../../platform/text.ts';
import { withDb } from '../db.ts';

const CreateOptions = z.object({
  role: Role,
  name: text().trim().min(1, 'is required').max(80, 'must be at most 80 characters'),
  json: z.boolean().optional(),
});

export function registerApiKeyCommand(program: Command): void {
  const cmd = program.command('apikey').description('Manage API keys for the HTTP API and dashboard');

  cmd
    .command('create')
    .description('Create a key and print it once')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .requiredOption('--name <name>', 'who or what uses the key')
    .option('--json', 'print JSON')
    .action(
      action(async (raw: unknown) => {
        const opts = CreateOptions.safeParse(raw);
        if (!opts.success) {
          const issue = opts.error.issues[0]!;
          const field = String(issue.path[0]);
          throw new UsageError(
            `--${field}: ${field === 'role' ? `must be one of ${ROLES.join(', ')}` : issue.message}`,
          );
        }
        const created = await withDb((db) => createApiKey(db, { role: opts.data.role, name: opts.data.name }));
        if (opts.data.json) process.stdout.write(`${JSON.stringify(created)}\n`);
        else process.stdout.write(`${created.key}\n`);
        process.stderr.write(
          `Created key ${created.keyId} (${created.role}) for "${created.name}". Store it now: it is not shown again.\n`,
        );
      }),
    );

  cmd
    .command('list')
    .description('List keys (never the secrets)')
    .option('--json', 'print JSON')
    .action(
      action(async (opts: { json?: boolean }) => {
        const keys = await withDb(listApiKeys);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ keys })}\n`);
          return;
        }
        const rows = keys.map((k) => [
          k.id,
          k.name,
          k.role,
          k.createdAt.toISOString(),
          k.lastUsedAt?.toISOString() ?? '',
          k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active',
        ]);
        process.stdout.write(`${renderTable(['id', 'name', 'role', 'created', 'last used', 'status'], rows)}\n`);
      }),
    );

  cmd
    .command('revoke')
    .description('Revoke a key by its id (the 12 hex characters after pbk_)')
    .argument('<id>', 'key id')
    .action(
      action(async (id: string) => {
        if (!/^[0-9a-f]{12}$/.test(id))
          throw new UsageError('id: must be the 12 hex characters after "pbk_" (see portalbots apikey list)');
        const ok = await withDb((db) => revokeApiKey(db, id));
        if (!ok) throw new UsageError(`id: no active key ${id}`);
        process.stdout.write(`Revoked key ${id}\n`);
      }),
    );
}
