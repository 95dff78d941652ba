// `portalbots denials show|assign|team|update|note|outcome|write-off`: working one
// item from the terminal, by its id or by the claim number people see on the
// portal. Every action is recorded in the item's history with who (--actor,
// default $USER) and when; a move the life cycle forbids exits 1 naming the
// states the item can go to.
import type { Command } from 'commander';
import { z } from 'zod';
import { SUBMISSION_CHANNELS } from '../../denials/assess.ts';
import {
  addNote,
  assign,
  getWorkItem,
  historyEntry,
  knownTeams,
  type HistoryEntry,
  OUTCOMES,
  reassignTeam,
  recordOutcome,
  resolveWorkItemRef,
  STATES,
  transition,
  type WorkItemWithHistory,
} from '../../denials/index.ts';
import { loadConfig } from '../../platform/config.ts';
import type { Db } from '../../platform/db/client.ts';
import { action } from '../errors.ts';
import { money, renderTable } from '../table.ts';
import { parseOptions, withDb } from './denials-shared.ts';
import { text } from '../../platform/text.ts';

const Actor = text().trim().min(1).max(200).optional();
const Note = text().trim().min(1).max(4000).optional();
const ShowOptions = z.object({ json: z.boolean().optional() });
const AssignOptions = z.object({ actor: Actor, note: Note });
const UpdateOptions = z.object({
  state: z.enum(STATES, `must be one of ${STATES.join(', ')}`),
  note: Note,
  actor: Actor,
  channel: z.enum(SUBMISSION_CHANNELS, `must be ${SUBMISSION_CHANNELS.join(' or ')}`).optional(),
  confirmation: text().trim().min(1).max(100).optional(),
});
const NoteOptions = z.object({ actor: Actor });
const TeamOptions = z.object({ actor: Actor, note: Note, unassign: z.boolean().optional() });
const OutcomeOptions = z.object({
  recovered: z.coerce.number('must be an amount in dollars').min(0).max(100_000_000).optional(),
  confirmation: text().trim().min(1).max(100).optional(),
  note: Note,
  actor: Actor,
});
const WriteOffOptions = z.object({ reason: text().trim().min(1, 'is required').max(4000), actor: Actor });

const OUTCOME_ARG = z.enum(OUTCOMES, `must be one of ${OUTCOMES.join(', ')}`);

/** `{item, history}`: the contract of `denials show --json` (docs/CONTRACTS.md). */
export function showJson(w: WorkItemWithHistory): {
  item: Omit<WorkItemWithHistory, 'history'>;
  history: HistoryEntry[];
} {
  const { history, ...item } = w;
  return { item, history: history.map(historyEntry) };
}

function renderShow(w: WorkItemWithHistory): string {
  const lines = [
    `Work item ${w.id}  claim ${w.claimNumber ?? w.claimId}${w.portalId ? ` (${w.portalId})` : ''}`,
    `  state ${w.state}  assignee ${w.assignee ?? '-'}  team ${w.team}  payer ${w.payerId ?? '-'}`,
    `  ${w.kind} CARC ${w.primaryCarc ?? '-'}${w.primaryCarcDescription ? ` (${w.primaryCarcDescription})` : ''}  at risk ${money(w.dollarsAtRisk)}  priority ${w.priorityScore.toFixed(0)}`,
    `  appeal deadline ${w.appealDeadline?.slice(0, 10) ?? '-'}  SLA ${w.slaDueAt.slice(0, 10)}${w.overdue ? ' OVERDUE' : ''}  follow-up ${w.followUpAt?.slice(0, 10) ?? '-'}`,
    `  service ${w.serviceDate ?? '-'}  submitted ${w.submittedDate ?? '-'}  timely filing by ${w.timelyFilingDeadline ?? '-'}${w.filedOnTime === null ? '' : w.filedOnTime ? ' (met)' : ' (MISSED)'}`,
  ];
  if (w.outcome)
    lines.push(
      `  outcome ${w.outcome}  recovered ${money(w.recoveredAmount)}  confirmation ${w.confirmationNumber ?? '-'}`,
    );
  lines.push(
    '',
    renderTable(
      ['at', 'by', 'what', 'from', 'to', 'note'],
      w.history.map((e) => [e.at.slice(0, 16).replace('T', ' '), e.actor, e.kind, e.fromState, e.toState, e.note]),
    ),
  );
  return `${lines.join('\n')}\n`;
}

/** Resolves the reference, acts, and prints the item's new state in one line. */
async function act(ref: string, fn: (db: Db, id: string) => Promise<void>) {
  const w = await withDb(async (db) => {
    const id = await resolveWorkItemRef(db, ref);
    await fn(db, id);
    return getWorkItem(db, id);
  });
  process.stdout.write(
    `${w.claimNumber ?? w.id}: ${w.state}${w.assignee ? `, assigned to ${w.assignee}` : ''}${w.outcome ? `, ${w.outcome}` : ''}\n`,
  );
}

export function registerDenialsWorkCommands(program: Command): void {
  const denials =
    program.commands.find((c) => c.name() === 'denials') ??
    program.command('denials').description('The denial work queue: routed, prioritized denials and their reports');
  const who = (o: { actor?: string }) => o.actor ?? loadConfig().operator;

  denials
    .command('show')
    .description('One work item and its history (who did what, when)')
    .argument('<item>', 'work item id or claim number (portal:claimNumber when ambiguous)')
    .option('--json', 'print {item, history}')
    .action(
      action(async (ref: string, raw: unknown) => {
        const o = parseOptions(ShowOptions, raw);
        const w = await withDb(async (db) => getWorkItem(db, await resolveWorkItemRef(db, ref)));
        process.stdout.write(o.json ? `${JSON.stringify(showJson(w), null, 2)}\n` : renderShow(w));
      }),
    );

  denials
    .command('assign')
    .description('Give an item to someone (a new item moves to assigned)')
    .argument('<item>', 'work item id or claim number')
    .argument('<assignee>', 'who works it')
    .option('--note <text>', 'a note for the history')
    .option('--actor <name>', 'who is assigning (default: $USER)')
    .action(
      action(async (ref: string, assignee: string, raw: unknown) => {
        const o = parseOptions(AssignOptions, raw);
        await act(ref, (db, id) => assign(db, id, { assignee, actor: who(o), note: o.note }));
      }),
    );

  denials
    .command('team')
    .description('Move a misrouted item to another team (the state and SLA stay; escalations go to the new team)')
    .argument('<item>', 'work item id or claim number')
    .argument('<team>', `the new team: ${knownTeams().join(', ')}`)
    .option('--note <text>', 'why it moves (kept in the history)')
    .option('--unassign', 'also take it off its assignee (default: the assignee stays)')
    .option('--actor <name>', 'who is moving it (default: $USER)')
    .action(
      action(async (ref: string, team: string, raw: unknown) => {
        const o = parseOptions(TeamOptions, raw);
        const w = await withDb(async (db) => {
          const id = await resolveWorkItemRef(db, ref);
          await reassignTeam(db, id, { team, actor: who(o), note: o.note, ...(o.unassign ? { assignee: null } : {}) });
          return getWorkItem(db, id);
        });
        process.stdout.write(
          `${w.claimNumber ?? w.id}: team ${w.team}, ${w.state}${w.assignee ? `, assigned to ${w.assignee}` : ''}\n`,
        );
      }),
    );

  denials
    .command('update')
    .description(`Move an item to another state (${STATES.filter((s) => s !== 'resolved').join(', ')})`)
    .argument('<item>', 'work item id or claim number')
    .requiredOption('--state <state>', 'the new state')
    .option('--note <text>', 'why (required for written_off)')
    .option('--channel <channel>', `how an appeal or corrected claim went out: ${SUBMISSION_CHANNELS.join(' or ')}`)
    .option('--confirmation <number>', "the payer's confirmation or tracking number for the submission")
    .option('--actor <name>', 'who is acting (default: $USER)')
    .action(
      action(async (ref: string, raw: unknown) => {
        const o = parseOptions(UpdateOptions, raw);
        await act(ref, (db, id) =>
          transition(db, id, o.state, {
            actor: who(o),
            note: o.note,
            channel: o.channel,
            confirmationNumber: o.confirmation,
          }),
        );
      }),
    );

  denials
    .command('note')
    .description('Add a note to an item’s history (the state does not change)')
    .argument('<item>', 'work item id or claim number')
    .argument('<text>', 'the note')
    .option('--actor <name>', 'who is writing (default: $USER)')
    .action(
      action(async (ref: string, text: string, raw: unknown) => {
        const o = parseOptions(NoteOptions, raw);
        await act(ref, (db, id) => addNote(db, id, { note: text, actor: who(o) }));
      }),
    );

  denials
    .command('outcome')
    .description('Record the payer’s answer and resolve the item: overturned, upheld, paid or partially_paid')
    .argument('<item>', 'work item id or claim number')
    .argument('<outcome>', OUTCOMES.join(' | '))
    .option('--recovered <dollars>', 'amount recovered (required unless upheld)')
    .option('--confirmation <number>', "the payer's decision or confirmation number")
    .option('--note <text>', 'a note for the history')
    .option('--actor <name>', 'who is recording (default: $USER)')
    .action(
      action(async (ref: string, outcome: string, raw: unknown) => {
        const out = parseOptions(z.object({ outcome: OUTCOME_ARG }), { outcome });
        const o = parseOptions(OutcomeOptions, raw);
        await act(ref, (db, id) =>
          recordOutcome(db, id, {
            outcome: out.outcome,
            recoveredAmount: o.recovered,
            confirmationNumber: o.confirmation,
            note: o.note,
            actor: who(o),
          }),
        );
      }),
    );

  denials
    .command('write-off')
    .description('Write an item off (closes it for good), with the reason')
    .argument('<item>', 'work item id or claim number')
    .requiredOption('--reason <text>', 'why the money is not worth chasing')
    .option('--actor <name>', 'who decides (default: $USER)')
    .action(
      action(async (ref: string, raw: unknown) => {
        const o = parseOptions(WriteOffOptions, raw);
        await act(ref, (db, id) => transition(db, id, 'written_off', { actor: who(o), note: o.reason }));
      }),
    );
}
