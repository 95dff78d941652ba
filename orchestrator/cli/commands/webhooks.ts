// `portalbots webhooks add|list|remove`: where results are POSTed, signed.
// The signing secret is made here, printed once, and stored sealed with the
// vault keys (PORTALBOTS_CREDENTIAL_KEYS), like portal credentials.
import type { Command } from 'commander';
import { z } from 'zod';
import { TaskName } from '../../../bots/index.ts';
import { keyringFromConfig } from '../../accounts/keyring.ts';
import { vaultSecretBox } from '../../accounts/secret-box.ts';
import { loadConfig } from '../../platform/config.ts';
import { text } from '../../platform/text.ts';
import { WEBHOOK_EVENTS } from '../../platform/webhooks/event-names.ts';
import { addEndpoint, listEndpoints, removeEndpoint, WebhookConfigError } from '../../platform/webhooks/store.ts';
import { action, UsageError } from '../errors.ts';
import { renderTable } from '../table.ts';
import { withDb } from '../db.ts';

const AddOptions = z.object({
  url: text().min(1, 'is required'),
  portal: z.array(text().regex(/^[a-z0-9-]{1,40}$/, 'must be a portal id')).optional(),
  task: z.array(TaskName).optional(),
  outcome: z.array(z.enum(['found', 'not_found', 'ambiguous_match', 'failed'])).optional(),
  event: z.array(z.enum(WEBHOOK_EVENTS)).optional(),
  disabled: z.boolean().optional(),
  json: z.boolean().optional(),
});

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerWebhooksCommand(program: Command): void {
  const cmd = program.command('webhooks').description('Manage webhook endpoints that receive signed results');

  cmd
    .command('add')
    .description('Add an endpoint and print its signing secret once (https:// only; http:// only to localhost)')
    .requiredOption('--url <url>', 'where results are POSTed')
    .option('--portal <id>', 'only results of this portal (repeatable)', collect)
    .option('--task <task>', 'only results of this task (repeatable)', collect)
    .option('--outcome <outcome>', 'only found, not_found, ambiguous_match or failed (repeatable)', collect)
    .option(
      '--event <event>',
      `what to receive, repeatable: ${WEBHOOK_EVENTS.join(', ')} (default: result only; every other kind is opt-in)`,
      collect,
    )
    .option('--disabled', 'add it disabled')
    .option('--json', 'print JSON')
    .action(
      action(async (raw: unknown) => {
        const opts = AddOptions.safeParse(raw);
        if (!opts.success) {
          const issue = opts.error.issues[0]!;
          throw new UsageError(`--${String(issue.path[0])}: ${issue.message}`);
        }
        const o = opts.data;
        const config = loadConfig();
        const box = vaultSecretBox(keyringFromConfig(config));
        const eventFilter = {
          ...(o.portal ? { portals: o.portal } : {}),
          ...(o.task ? { tasks: o.task } : {}),
          ...(o.outcome ? { outcomes: o.outcome } : {}),
          ...(o.event ? { events: o.event } : {}),
        };
        let added;
        try {
          added = await withDb((db) => addEndpoint(db, box, { url: o.url, enabled: !o.disabled, eventFilter }));
        } catch (e) {
          if (e instanceof WebhookConfigError) throw new UsageError(`--${e.message}`);
          throw e;
        }
        if (o.json) process.stdout.write(`${JSON.stringify(added)}\n`);
        else process.stdout.write(`${added.secret}\n`);
        process.stderr.write(
          `Added webhook ${added.id} -> ${added.url}. The line above is its signing secret: store it with the receiver now, it is not shown again.\n`,
        );
      }),
    );

  cmd
    .command('list')
    .description('List endpoints (never their secrets)')
    .option('--json', 'print JSON')
    .action(
      action(async (opts: { json?: boolean }) => {
        const webhooks = await withDb(listEndpoints);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ webhooks })}\n`);
          return;
        }
        const rows = webhooks.map((w) => [
          w.id,
          w.url,
          w.enabled ? 'enabled' : 'disabled',
          JSON.stringify(w.eventFilter),
          w.createdAt.toISOString(),
        ]);
        process.stdout.write(`${renderTable(['id', 'url', 'status', 'filter', 'created'], rows)}\n`);
      }),
    );

  cmd
    .command('remove')
    .description('Remove an endpoint (and its delivery log) by id')
    .argument('<id>', 'endpoint id (see portalbots webhooks list)')
    .action(
      action(async (id: string) => {
        if (!z.uuid().safeParse(id).success)
          throw new UsageError('id: must be an endpoint id (see portalbots webhooks list)');
        if (!(await withDb((db) => removeEndpoint(db, id)))) throw new UsageError(`id: no webhook ${id}`);
        process.stdout.write(`Removed webhook ${id}\n`);
      }),
    );
}
