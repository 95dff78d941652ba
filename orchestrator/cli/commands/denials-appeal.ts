// `portalbots denials appeal <item>`: submit a reconsideration for a work item
// through its portal. Builds the appeal packet, queues the bot, and (with
// --wait) prints what the portal answered. A dry run unless --submit is given
// AND the portal is enabled for submission (PORTALBOTS_PORTAL_<ID>_SUBMIT_APPEALS):
// a dry run fills every step and stops on the review page. Idempotent by item:
// an item with a tracking number, or with a request in flight, queues nothing.
import type { Command } from 'commander';
import { z } from 'zod';
import { bots, RECONSIDERATION_REASONS } from '../../../bots/index.ts';
import { openEvidenceContext } from '../../audit/open.ts';
import { type AppealRequestResult, requestAppeal } from '../../denials/appeals.ts';
import { WorkqueueInputError } from '../../denials/index.ts';
import { syncCatalog } from '../../platform/catalog.ts';
import { loadConfig } from '../../platform/config.ts';
import { createRedis } from '../../platform/queue/connection.ts';
import { portalQueues } from '../../platform/runs/submit.ts';
import { waitForRun } from '../../platform/runs/wait.ts';
import { text } from '../../platform/text.ts';
import { appealDeps } from '../../web/appeal-deps.ts';
import { action, UsageError } from '../errors.ts';
import { parseOptions } from './denials-shared.ts';

const AppealOptions = z.object({
  reason: z.enum(RECONSIDERATION_REASONS, `must be one of ${RECONSIDERATION_REASONS.join(', ')}`).optional(),
  argument: text().trim().min(20, 'must be at least 20 characters').max(4000).optional(),
  procedureCode: text().optional(),
  diagnosisCode: text().optional(),
  billedAmount: z.coerce.number('must be an amount in dollars').min(0).optional(),
  submit: z.boolean().optional(),
  wait: z.boolean().optional(),
  timeout: z.coerce.number().int().positive().max(86_400).default(300),
  actor: text().trim().min(1).max(200).optional(),
  json: z.boolean().optional(),
});

function describe(r: AppealRequestResult): string {
  switch (r.status) {
    case 'queued':
      return `${r.claimNumber}: reconsideration ${r.dryRun ? 'DRY RUN' : 'submission'} queued on ${r.portal} (run ${r.runId})${r.dryRunReason ? `; ${r.dryRunReason}` : ''}`;
    case 'already_submitted':
      return `${r.claimNumber}: already submitted on ${r.portal}, tracking ${r.trackingNumber}; nothing queued`;
    case 'in_flight':
      return `${r.claimNumber}: a reconsideration request is already in flight (job ${r.jobId ?? 'being queued'}); nothing queued`;
  }
}

export function registerDenialsAppealCommand(program: Command): void {
  const denials =
    program.commands.find((c) => c.name() === 'denials') ??
    program.command('denials').description('The denial work queue: routed, prioritized denials and their reports');
  denials
    .command('appeal')
    .description(
      'Submit a reconsideration through the portal (dry run unless --submit and the portal is enabled for submission)',
    )
    .argument('<item>', 'work item id or claim number (portal:claimNumber when ambiguous)')
    .option('--reason <reason>', `one of ${RECONSIDERATION_REASONS.join(', ')} (default: from the denial's root cause)`)
    .option(
      '--argument <text>',
      'why the claim should be paid (default: drafted from the CARC and the payer rationale)',
    )
    .option('--procedure-code <code>', 'corrected procedure code')
    .option('--diagnosis-code <code>', 'corrected diagnosis code')
    .option('--billed-amount <dollars>', 'corrected billed amount')
    .option('--submit', 'really submit (only where PORTALBOTS_PORTAL_<ID>_SUBMIT_APPEALS=true)')
    .option('--wait', 'wait for the portal’s answer and print it')
    .option('--timeout <seconds>', 'with --wait: give up after this many seconds', '300')
    .option('--actor <name>', 'who is asking (default: $USER)')
    .option('--json', 'print JSON')
    .action(
      action(async (ref: string, raw: unknown) => {
        const o = parseOptions(AppealOptions, raw);
        const config = loadConfig();
        const ctx = await openEvidenceContext(config);
        const redis = createRedis(config.redisUrl, 'producer');
        const queues = portalQueues(redis, config.queuePrefix);
        try {
          await syncCatalog(ctx.db, Object.values(bots), config.portalUrls);
          const actor = o.actor ?? config.operator;
          const corrected = {
            ...(o.procedureCode ? { procedureCode: o.procedureCode } : {}),
            ...(o.diagnosisCode ? { diagnosisCode: o.diagnosisCode } : {}),
            ...(o.billedAmount !== undefined ? { billedAmount: o.billedAmount } : {}),
          };
          const deps = appealDeps({
            db: ctx.db,
            evidence: ctx.store,
            queueFor: queues.queueFor,
            bots,
            config,
            trigger: 'cli',
            requestedBy: actor,
          });
          const r = await requestAppeal(ctx.db, deps, ref, {
            actor,
            submit: o.submit ?? false,
            ...(o.reason ? { reason: o.reason } : {}),
            ...(o.argument ? { argument: o.argument } : {}),
            ...(Object.keys(corrected).length > 0 ? { correctedFields: corrected } : {}),
          }).catch((e: Error) => {
            throw e instanceof WorkqueueInputError || e.name === 'WorkItemNotFoundError' || e.name === 'PacketDataError'
              ? new UsageError(e.message)
              : e;
          });
          if (!o.wait || r.status !== 'queued') {
            process.stdout.write(o.json ? `${JSON.stringify(r)}\n` : `${describe(r)}\n`);
            return;
          }
          process.stderr.write(`${describe(r)}\n`);
          const [result] = await waitForRun(ctx.db, r.runId, 1, { timeoutMs: o.timeout * 1000 });
          const item = await ctx.db.denialWorkItem.findUniqueOrThrow({ where: { id: r.itemId } });
          const answer = {
            ...r,
            outcome: result?.outcome ?? null,
            data: result?.data ?? null,
            error: result?.errorClass ? { class: result.errorClass, message: result.errorMessage } : null,
            item: { state: item.state, confirmationNumber: item.confirmationNumber },
          };
          if (o.json) process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
          else {
            const d = (result?.data ?? {}) as { status?: string; trackingNumber?: string | null };
            process.stdout.write(
              result?.outcome === 'found'
                ? `${r.claimNumber}: ${d.status}${d.trackingNumber ? `, tracking ${d.trackingNumber}` : ''}; item ${item.state}\n`
                : `${r.claimNumber}: ${result?.outcome ?? 'no result'}${result?.errorClass ? ` (${result.errorClass}: ${result.errorMessage})` : ''}\n`,
            );
          }
          if (result?.outcome !== 'found') process.exitCode = 1;
        } finally {
          await queues.close();
          redis.disconnect();
          await ctx.close();
        }
      }),
    );
}
