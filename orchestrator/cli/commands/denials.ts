// `portalbots denials list|report`: the billing team's queue and its weekly
// numbers from the terminal. --json prints exactly what the API returns.
import type { Command } from 'commander';
import { z } from 'zod';
import { AGING_BUCKETS, denialReport, listWorkItems, workQueueToCsv } from '../../denials/index.ts';
import { STATES } from '../../denials/states.ts';
import { action } from '../errors.ts';
import { money, renderTable } from '../table.ts';
import { parseOptions, withDb } from './denials-shared.ts';
import { text } from '../../platform/text.ts';

const ListOptions = z.object({
  team: z
    .string()
    .regex(/^[a-z][a-z0-9_-]*$/, 'must be a team id like coding or front-desk-vob')
    .optional(),
  state: z.enum([...STATES, 'open', 'all']).default('open'),
  payer: text().min(1).optional(),
  overdue: z.boolean().optional(),
  escalated: z.boolean().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  json: z.boolean().optional(),
});
const ReportOptions = z.object({
  weeks: z.coerce.number().int().min(1).max(52).default(4),
  json: z.boolean().optional(),
});

export function registerDenialsCommand(program: Command): void {
  const denials = program
    .command('denials')
    .description('The denial work queue: routed, prioritized denials and their reports');
  denials
    .command('list')
    .description('List work items, highest priority first')
    .option('--team <team>', 'owning team (e.g. coding, prior-auth, front-desk-vob, denial-triage)')
    .option('--state <state>', `open (default), all, or one of ${STATES.join(', ')}`)
    .option('--payer <id>', 'payer id (e.g. aetna)')
    .option('--overdue', 'only items past their SLA')
    .option('--escalated', 'only items escalated to a team lead or the billing manager')
    .option('--limit <n>', 'at most this many rows', '50')
    .option('--json', 'print JSON')
    .action(
      action(async (raw: unknown) => {
        const o = parseOptions(ListOptions, raw);
        const items = await withDb((db) =>
          listWorkItems(db, {
            team: o.team,
            state: o.state,
            payer: o.payer,
            overdue: o.overdue,
            escalated: o.escalated,
            limit: o.limit,
          }),
        );
        if (o.json) {
          process.stdout.write(`${JSON.stringify({ items }, null, 2)}\n`);
          return;
        }
        if (items.length === 0) {
          process.stdout.write('No work items match.\n');
          return;
        }
        const rows = items.map((i) => [
          i.id.slice(0, 8),
          i.claimNumber ?? '-',
          i.assignee ?? '-',
          i.payerId,
          i.kind,
          i.primaryCarc ?? '-',
          i.rootCause,
          i.team,
          i.route,
          i.state,
          money(i.dollarsAtRisk),
          i.priorityScore.toFixed(0),
          i.appealDeadline?.slice(0, 10) ?? '-',
          `${i.slaDueAt.slice(0, 10)}${i.overdue ? ' OVERDUE' : ''}`,
        ]);
        process.stdout.write(
          `${renderTable(['id', 'claim', 'assignee', 'payer', 'kind', 'carc', 'root cause', 'team', 'route', 'state', 'at risk', 'score', 'deadline', 'sla'], rows)}\n`,
        );
      }),
    );
  denials
    .command('export')
    .description('The work queue as CSV for a practice-management import (formula-escaped)')
    .option('--team <team>', 'owning team')
    .option('--state <state>', `open (default), all, or one of ${STATES.join(', ')}`)
    .option('--payer <id>', 'payer id (e.g. aetna)')
    .option('--limit <n>', 'at most this many rows', '1000')
    .action(
      action(async (raw: unknown) => {
        const o = parseOptions(ListOptions.omit({ json: true, overdue: true, escalated: true }), raw);
        const items = await withDb((db) =>
          listWorkItems(db, { team: o.team, state: o.state, payer: o.payer, limit: o.limit }),
        );
        process.stdout.write(workQueueToCsv(items));
      }),
    );
  denials
    .command('report')
    .description('Denial rate by payer, top CARC codes, providers, appeal outcomes and the weekly root-cause summary')
    .option('--weeks <n>', 'weeks to cover, current week included (1-52)', '4')
    .option('--json', 'print JSON')
    .action(
      action(async (raw: unknown) => {
        const o = parseOptions(ReportOptions, raw);
        const r = await withDb((db) => denialReport(db, { weeks: o.weeks }));
        if (o.json) {
          process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
          return;
        }
        const out: string[] = [`Denials ${r.period.from.slice(0, 10)} to ${r.period.to.slice(0, 10)} (exclusive)`, ''];
        const pct = (x: number | null) => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);
        out.push(
          renderTable(
            ['payer', 'final claims', 'denied', 'rate', 'at risk'],
            r.denialRateByPayer.payers.map((p) => [
              p.payerId,
              p.finalClaims,
              p.deniedClaims,
              pct(p.denialRate),
              money(p.dollarsAtRisk),
            ]),
          ),
          '',
        );
        out.push(
          renderTable(
            ['carc', 'items', 'dollars', 'description'],
            r.topCarcCodes.codes.map((c) => [c.carc, c.items, money(c.dollars), c.description]),
          ),
          '',
        );
        const t = r.appealOutcomes.total;
        out.push(
          `Appeals: ${t.overturned} overturned, ${t.upheld} upheld (overturn rate ${pct(t.overturnRate)}); ${t.paid} paid after correction; recovered ${money(t.dollarsRecovered)}; written off ${r.appealOutcomes.writtenOff.items} (${money(r.appealOutcomes.writtenOff.dollars)})`,
          '',
        );
        out.push(
          `First-pass resolution ${pct(r.firstPassResolutionRate)}; days to resolution ${r.daysToResolution.average ?? '-'} (median ${r.daysToResolution.median ?? '-'}); never worked ${pct(r.neverWorkedShare)}; write-off rate ${pct(r.writeOffRate)}; denied A/R ${money(r.deniedBalance)} = ${r.daysInAR ?? '-'} days in A/R`,
          '',
          renderTable(
            ['payer', ...AGING_BUCKETS, 'items', 'at risk'],
            r.agingBuckets.byPayer.map((p) => [
              p.payerId,
              ...AGING_BUCKETS.map((b) => `${p.buckets[b].items} / ${money(p.buckets[b].dollars)}`),
              p.items,
              money(p.dollars),
            ]),
          ),
          '',
        );
        if (r.noResponse.length)
          out.push(
            `No response after the payer's usual turnaround: ${r.noResponse.length} claim(s)`,
            renderTable(
              ['claim', 'payer', 'status', 'waiting', 'usual', 'submitted', 'timely filing by'],
              r.noResponse
                .slice(0, 20)
                .map((a) => [
                  a.claimNumber,
                  a.payerId,
                  a.statusCategory ?? '-',
                  `${a.daysWaiting}d`,
                  `${a.usualTurnaroundDays}d`,
                  a.submittedDate ?? '-',
                  `${a.timelyFilingDeadline ?? '-'}${a.filedOnTime === false ? ' (missed)' : ''}`,
                ]),
            ),
            '',
          );
        for (const w of r.weeklyRootCause) {
          out.push(`${w.week} (from ${w.start}): ${w.count} denials, ${money(w.dollars)}`);
          if (w.rows.length)
            out.push(
              renderTable(
                ['root cause', 'team', 'count', 'dollars', 'Δ count', 'Δ dollars'],
                w.rows.map((x) => [
                  x.rootCause,
                  x.team,
                  x.count,
                  money(x.dollars),
                  x.deltaCount,
                  money(x.deltaDollars),
                ]),
              ),
            );
          out.push('');
        }
        process.stdout.write(`${out.join('\n')}\n`);
      }),
    );
}
