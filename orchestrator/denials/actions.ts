// What people (and the SLA sweep) do to work items. Every change writes one
// history event (who, when, from -> to, note) in the same transaction, and
// uses the version column so two people acting at once cannot both win.
import { z } from 'zod';
import type { DenialWorkItem, Prisma } from '../../prisma/generated/client.ts';
import type { Db } from '../platform/db/client.ts';
import { followUpDate, slaDueAt, SUBMISSION_CHANNELS } from './assess.ts';
import { daysBetween } from './calendar.ts';
import { InvalidTransitionError, inputError, WorkItemNotFoundError, WorkqueueInputError } from './errors.ts';
import type { Route } from './policy-data.ts';
import { priorityScore } from './priority.ts';
import { money, num } from './rows.ts';
import {
  checkOutcome,
  checkTransition,
  isOpen,
  OPEN_STATES,
  OUTCOMES,
  STATES,
  TRANSITIONS,
  type State,
} from './states.ts';
import { knownTeams } from './teams.ts';
import { text } from '../platform/text.ts';

const Actor = text().trim().min(1, 'is required (who is acting)').max(200);

export const TransitionInput = z.object({
  to: z.enum(STATES),
  actor: Actor,
  note: text().trim().max(4000).optional(),
  assignee: text().trim().min(1).max(200).optional(),
  channel: z.enum(SUBMISSION_CHANNELS).optional(),
  confirmationNumber: text().trim().min(1).max(100).optional(),
  now: z.date().optional(),
});
export type TransitionInput = z.input<typeof TransitionInput>;

async function load(db: Db, itemId: string): Promise<DenialWorkItem> {
  if (!z.uuid().safeParse(itemId).success)
    throw new WorkqueueInputError(`itemId: "${itemId}" is not a work item id (uuid)`);
  const row = await db.denialWorkItem.findUnique({ where: { id: itemId } });
  if (!row) throw new WorkItemNotFoundError(itemId);
  return row;
}

/** Applies `data` if nobody changed the row since we read it; records the event. */
async function commit(
  db: Db,
  row: DenialWorkItem,
  data: Prisma.DenialWorkItemUpdateManyMutationInput,
  event: Omit<Prisma.DenialWorkEventUncheckedCreateInput, 'workItemId'>,
): Promise<void> {
  await db.$transaction(async (tx) => {
    const n = await tx.denialWorkItem.updateMany({
      where: { id: row.id, version: row.version },
      data: { ...data, version: { increment: 1 } },
    });
    if (n.count === 0)
      throw new InvalidTransitionError(
        row.state,
        String(event.toState ?? row.state),
        [],
        `Work item ${row.id} changed while this action was being applied; reload it and try again`,
      );
    await tx.denialWorkEvent.create({ data: { ...event, workItemId: row.id } });
  });
}

export async function transition(db: Db, itemId: string, to: string, opts: Omit<TransitionInput, 'to'>): Promise<void> {
  const p = TransitionInput.safeParse({ ...opts, to });
  if (!p.success) throw inputError('transition', p.error.issues[0]);
  const i = p.data;
  const now = i.now ?? new Date();
  const row = await load(db, itemId);
  const from = row.state as State;
  if (i.to === 'resolved') {
    throw new InvalidTransitionError(
      from,
      'resolved',
      TRANSITIONS[from],
      'Resolving needs an outcome: use recordOutcome (overturned, upheld or paid)',
    );
  }
  checkTransition(from, i.to);
  const data: Prisma.DenialWorkItemUpdateManyMutationInput = { state: i.to };
  let followUpAt = row.followUpAt;
  if (i.to === 'assigned') {
    if (!i.assignee) throw new WorkqueueInputError('assignee: is required to assign a work item');
    data.assignee = i.assignee;
  } else if (i.assignee) data.assignee = i.assignee;
  if (i.to === 'appealed' || i.to === 'corrected') {
    if (!i.channel)
      throw new WorkqueueInputError(
        `channel: say how the ${i.to === 'appealed' ? 'appeal' : 'corrected claim'} went out (portal or mail); it sets the follow-up date`,
      );
    followUpAt = followUpDate(now, i.channel);
    Object.assign(data, {
      submissionChannel: i.channel,
      confirmationNumber: i.confirmationNumber ?? null,
      submittedAt: now,
      followUpAt,
    });
  }
  if (i.to === 'written_off' && !i.note) throw new WorkqueueInputError('note: a write-off needs a reason');
  if (i.to === 'written_off') data.resolvedAt = now;
  const sla = slaDueAt({
    state: i.to,
    kind: row.kind as never,
    denialType: row.denialType as never,
    route: row.route as Route,
    firstDeniedAt: row.firstDeniedAt,
    appealDeadline: row.appealDeadline,
    followUpAt,
  });
  if (sla) data.slaDueAt = sla;
  await commit(db, row, data, {
    kind: 'transition',
    actor: i.actor,
    fromState: from,
    toState: i.to,
    note: i.note ?? null,
    at: now,
    details: {
      ...(i.assignee ? { assignee: i.assignee } : {}),
      ...(i.channel ? { channel: i.channel, followUpAt: followUpAt?.toISOString() } : {}),
      ...(i.confirmationNumber ? { confirmationNumber: i.confirmationNumber } : {}),
    },
  });
}

export const OutcomeInput = z
  .object({
    outcome: z.enum(OUTCOMES),
    recoveredAmount: z.number().min(0).max(100_000_000).optional(),
    /** The payer's reference for its decision (a reconsideration tracking or decision number). */
    confirmationNumber: text().trim().min(1).max(100).optional(),
    actor: Actor,
    note: text().trim().max(4000).optional(),
    now: z.date().optional(),
  })
  .refine((o) => o.outcome === 'upheld' || o.recoveredAmount !== undefined, {
    message: 'is required for overturned, paid or partially paid outcomes',
    path: ['recoveredAmount'],
  });
export type OutcomeInput = z.input<typeof OutcomeInput>;

/** Records the payer's final answer and resolves the item. */
export async function recordOutcome(db: Db, itemId: string, opts: OutcomeInput): Promise<void> {
  const p = OutcomeInput.safeParse(opts);
  if (!p.success) throw inputError('outcome', p.error.issues[0]);
  const o = p.data;
  const now = o.now ?? new Date();
  const row = await load(db, itemId);
  checkOutcome(row.state as State, o.outcome);
  const recovered = o.outcome === 'upheld' ? 0 : o.recoveredAmount!;
  await commit(
    db,
    row,
    {
      state: 'resolved',
      outcome: o.outcome,
      recoveredAmount: money(recovered),
      resolvedAt: now,
      ...(o.confirmationNumber && !row.confirmationNumber ? { confirmationNumber: o.confirmationNumber } : {}),
    },
    {
      kind: 'outcome',
      actor: o.actor,
      fromState: row.state,
      toState: 'resolved',
      note: o.note ?? null,
      at: now,
      details: {
        outcome: o.outcome,
        recoveredAmount: recovered,
        ...(o.confirmationNumber ? { confirmationNumber: o.confirmationNumber } : {}),
      },
    },
  );
}

export const AssignInput = z.object({
  assignee: text().trim().min(1, 'is required (who works the item)').max(200),
  actor: Actor,
  note: text().trim().max(4000).optional(),
  now: z.date().optional(),
});
export type AssignInput = z.input<typeof AssignInput>;

/**
 * Gives an open item to someone. A new item moves to `assigned`; an item
 * already being worked (or waiting on the payer) keeps its state and changes hands.
 */
export async function assign(db: Db, itemId: string, opts: AssignInput): Promise<void> {
  const p = AssignInput.safeParse(opts);
  if (!p.success) throw inputError('assign', p.error.issues[0]);
  const a = p.data;
  const row = await load(db, itemId);
  const from = row.state as State;
  if (!isOpen(from))
    throw new InvalidTransitionError(
      from,
      'assigned',
      TRANSITIONS[from],
      `Work item ${row.id} is ${from}; reopen it (state in_progress) before assigning it`,
    );
  if (from === 'new') {
    await transition(db, itemId, 'assigned', { actor: a.actor, assignee: a.assignee, note: a.note, now: a.now });
    return;
  }
  await commit(
    db,
    row,
    { assignee: a.assignee },
    {
      kind: 'assign',
      actor: a.actor,
      fromState: from,
      toState: from,
      note: a.note ?? null,
      at: a.now ?? new Date(),
      details: { assignee: a.assignee, previousAssignee: row.assignee },
    },
  );
}

export const TeamInput = z.object({
  team: text().trim().min(1, 'is required (the team that owns the item)').max(100),
  actor: Actor,
  note: text().trim().max(4000).optional(),
  /** Omitted: the assignee stays. A name: hand it over too. null: unassign (the person is not on the new team). */
  assignee: text().trim().min(1).max(200).nullable().optional(),
  now: z.date().optional(),
});
export type TeamInput = z.input<typeof TeamInput>;

/**
 * Moves a misrouted open item to another team (one of knownTeams()). The state
 * and SLA due date stay (they depend on the denial, not the team); escalations
 * follow the new team because escalationTarget reads the item's team. The
 * assignee stays unless the caller passes `assignee` (a name or null).
 */
export async function reassignTeam(db: Db, itemId: string, opts: TeamInput): Promise<void> {
  const p = TeamInput.safeParse(opts);
  if (!p.success) throw inputError('team', p.error.issues[0]);
  const t = p.data;
  const teams = knownTeams();
  if (!teams.includes(t.team))
    throw new WorkqueueInputError(`team: "${t.team}" is not a known team; use one of ${teams.join(', ')}`);
  const row = await load(db, itemId);
  const state = row.state as State;
  if (!isOpen(state))
    throw new InvalidTransitionError(
      state,
      state,
      TRANSITIONS[state],
      `Work item ${row.id} is ${state}; reopen it (state in_progress) before moving it to another team`,
    );
  if (row.team === t.team) throw new WorkqueueInputError(`team: the item is already owned by ${t.team}`);
  if (state === 'new' && t.assignee)
    throw new WorkqueueInputError('assignee: a new item is given to someone with assign (it moves to assigned)');
  const handOver = t.assignee !== undefined && t.assignee !== row.assignee;
  await commit(
    db,
    row,
    { team: t.team, ...(handOver ? { assignee: t.assignee } : {}) },
    {
      kind: 'team',
      actor: t.actor,
      fromState: state,
      toState: state,
      // The team change is in the note too, so every history view (CLI table, dashboard) shows it.
      note: `Moved from team ${row.team} to ${t.team}${t.note ? `: ${t.note}` : ''}`,
      at: t.now ?? new Date(),
      details: {
        fromTeam: row.team,
        toTeam: t.team,
        ...(t.note ? { reason: t.note } : {}),
        ...(handOver ? { assignee: t.assignee, previousAssignee: row.assignee } : {}),
      },
    },
  );
}

export const NoteInput = z.object({
  note: text().trim().min(1, 'is required').max(4000),
  actor: Actor,
  now: z.date().optional(),
});
export type NoteInput = z.input<typeof NoteInput>;

/** A note on the item's history (a call with the payer, what the clinic said); the state does not change. */
export async function addNote(db: Db, itemId: string, opts: NoteInput): Promise<void> {
  const p = NoteInput.safeParse(opts);
  if (!p.success) throw inputError('note', p.error.issues[0]);
  const row = await load(db, itemId);
  await commit(
    db,
    row,
    {},
    {
      kind: 'note',
      actor: p.data.actor,
      fromState: row.state,
      toState: row.state,
      note: p.data.note,
      at: p.data.now ?? new Date(),
      details: {},
    },
  );
}

export interface Escalation {
  itemId: string;
  level: number;
  escalatedTo: string;
  slaDueAt: string;
}

/** Who hears about an overdue item: the owning team's lead first, then the billing manager. */
export function escalationTarget(team: string, level: number): string {
  return level <= 1 && team !== 'billing-manager' ? `${team}-lead` : 'billing-manager';
}

/**
 * Marks every open item whose SLA passed before `now` as escalated, once per
 * SLA due date (running the sweep twice escalates nothing new; an item whose
 * SLA moved and passed again escalates one level higher).
 */
export async function escalateOverdue(db: Db, now: Date = new Date(), actor = 'system:sla'): Promise<Escalation[]> {
  const overdue = await db.denialWorkItem.findMany({
    where: { state: { in: [...OPEN_STATES] }, slaDueAt: { lt: now } },
    orderBy: { slaDueAt: 'asc' },
  });
  const out: Escalation[] = [];
  for (const row of overdue) {
    if (row.escalatedForDueAt && row.escalatedForDueAt.getTime() === row.slaDueAt.getTime()) continue;
    const level = row.escalationLevel + 1;
    const escalatedTo = escalationTarget(row.team, level);
    const hours = Math.floor(daysBetween(row.slaDueAt, now) * 24);
    try {
      await commit(
        db,
        row,
        { escalationLevel: level, escalatedAt: now, escalatedForDueAt: row.slaDueAt },
        {
          kind: 'escalation',
          actor,
          fromState: row.state,
          toState: row.state,
          at: now,
          note: `SLA due ${row.slaDueAt.toISOString()} passed ${hours}h ago in state ${row.state}; escalated to ${escalatedTo} (level ${level})`,
          details: { level, escalatedTo, slaDueAt: row.slaDueAt.toISOString(), team: row.team },
        },
      );
      out.push({ itemId: row.id, level, escalatedTo, slaDueAt: row.slaDueAt.toISOString() });
    } catch (e) {
      if (!(e instanceof InvalidTransitionError)) throw e; // changed concurrently: the next sweep sees it
    }
  }
  return out;
}

/** Urgency depends on today's date: refresh scores of open items (run daily, e.g. with the SLA sweep). */
export async function rescoreOpenItems(db: Db, now: Date = new Date()): Promise<number> {
  const rows = await db.denialWorkItem.findMany({ where: { state: { in: [...OPEN_STATES] } } });
  let changed = 0;
  for (const row of rows) {
    const daysLeft = row.appealDeadline ? daysBetween(now, row.appealDeadline) : null;
    const { urgency, score } = priorityScore({
      dollarsAtRisk: num(row.dollarsAtRisk)!,
      daysLeft,
      recoverability: row.recoverability,
    });
    if (Math.abs(score - num(row.priorityScore)!) < 0.005) continue;
    const n = await db.denialWorkItem.updateMany({
      where: { id: row.id, version: row.version },
      data: { urgency, priorityScore: money(score)! },
    });
    changed += n.count;
  }
  return changed;
}
