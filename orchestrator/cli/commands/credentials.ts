// `portalbots credentials ...`: the health of every portal account of the
// fleet (shared in PostgreSQL), and what a person does about a stopped one.
import type { Command } from 'commander';
import { keyringFromConfig, replacePassword } from '../../accounts/index.ts';
import { loadConfig } from '../../platform/config.ts';
import { accountSummary, evaluateAccountAlerts } from '../../platform/fleet/account-alerts.ts';
import { capacityOptionsFrom } from '../../platform/fleet/capacity.ts';
import { listAccountHealth, unblockAccount } from '../../platform/fleet/health.ts';
import type { Db } from '../../platform/db/client.ts';
import { action, UsageError } from '../errors.ts';
import { renderTable } from '../table.ts';
import { text } from '../../platform/text.ts';
import { withDb } from '../db.ts';

const PortalId = text().regex(/^[a-z0-9-]{1,40}$/, 'must be a lowercase portal id');

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** A person changed an account's health: the portal's low-accounts alert may recover (sent by the orchestrator). */
async function reevaluate(db: Db, portal: string): Promise<void> {
  await evaluateAccountAlerts(db, { ...capacityOptionsFrom(loadConfig().accounts), portal });
}

export function registerCredentialsCommand(program: Command): void {
  const cmd = program
    .command('credentials')
    .description('Portal accounts of the fleet: health (active, locked, password_expired, ...), unblock, rotate');

  cmd
    .command('list')
    .description('Every portal account workers know, with its shared health')
    .option('--portal <id>', 'only this portal')
    .option('--json', 'print JSON')
    .action(
      action(async (opts: { portal?: string; json?: boolean }) => {
        const portal = opts.portal === undefined ? undefined : PortalId.safeParse(opts.portal);
        if (portal && !portal.success) throw new UsageError(`--portal ${portal.error.issues[0]!.message}`);
        const capacity = capacityOptionsFrom(loadConfig().accounts);
        const [rows, portals] = await withDb(
          (db) => Promise.all([listAccountHealth(db, portal?.data), accountSummary(db, capacity, portal?.data)]),
          2,
        );
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ credentials: rows, portals }, null, 2)}\n`);
          return;
        }
        for (const s of portals.filter((x) => x.short))
          process.stdout.write(
            `LOW ACCOUNTS: ${s.portal} has ${s.healthy} healthy account(s), its schedules need ${s.needed}\n`,
          );
        process.stdout.write(
          `${renderTable(
            ['portal', 'account', 'status', 'since', 'reason', 'warning', 'password expires'],
            rows.map((r) => [
              r.portal,
              r.label,
              r.status,
              r.since.toISOString().slice(0, 19).replace('T', ' '),
              r.reason ?? '',
              r.warning ?? '',
              r.passwordExpiresAt ? r.passwordExpiresAt.toISOString().slice(0, 10) : '',
            ]),
          )}\n`,
        );
      }),
    );

  cmd
    .command('unblock')
    .description('Put a stopped account back in the pool once a person fixed it on the portal')
    .argument('<portal>', 'portal id')
    .argument('<account>', 'account id (see `credentials list --json`)')
    .action(
      action(async (portal: string, account: string) => {
        const p = PortalId.safeParse(portal);
        if (!p.success) throw new UsageError(`portal ${p.error.issues[0]!.message}`);
        const ok = await withDb(async (db) => {
          const done = await unblockAccount(db, p.data, account);
          if (done) await reevaluate(db, p.data);
          return done;
        });
        if (!ok)
          throw new UsageError(`no account ${account} on portal ${p.data} (see \`portalbots credentials list\`)`);
        process.stdout.write(`${p.data} account ${account} is active again\n`);
      }),
    );

  cmd
    .command('rotate')
    .description(
      'Store the new password of a vault account (read from stdin) after it was changed on the portal, and put it back in the pool',
    )
    .argument('<portal>', 'portal id')
    .argument('<account>', 'vault credential id')
    .action(
      action(async (portal: string, account: string) => {
        const p = PortalId.safeParse(portal);
        if (!p.success) throw new UsageError(`portal ${p.error.issues[0]!.message}`);
        const password = await readStdin();
        if (password.length === 0) throw new UsageError('the new password is read from stdin, which was empty');
        const config = loadConfig();
        const keyring = keyringFromConfig(config);
        await withDb(async (db) => {
          if (!(await replacePassword(db, keyring, account, password)))
            throw new UsageError(
              `no vault credential ${account}: accounts from a credentials file are changed in the file, then \`credentials unblock\``,
            );
          await unblockAccount(db, p.data, account);
          await reevaluate(db, p.data);
        });
        process.stdout.write(`${p.data} account ${account}: new password stored, account active\n`);
      }),
    );
}
