// Turns observations into work items: one per claim, created on the first
// denial signal and updated (never duplicated) as more arrives. Concurrent
// ingests of the same claim are serialized by the unique claim_id (create
// race) and the version column (update race): the loser re-reads and merges.
import { randomUUID } from 'node:crypto';
import type { DenialWorkItem } from '../../prisma/generated/client.ts';
import type { Db } from '../platform/db/client.ts';
import type { Logger } from '../platform/logging.ts';
import { assess, slaDueAt } from './assess.ts';
import { WorkqueueInputError } from './errors.ts';
import { detectDenial, factsFromObservation, mergeObservation, type DenialFacts, type DenialSignal } from './facts.ts';
import { fromClaimStatus, fromDenialDetails, fromEraClaim, type DenialObservation } from './observation.ts';
import type { Route, WorkqueuePolicy } from './policy-data.ts';
import { loadPolicy } from './policy-store.ts';
import { factColumns, factsFromRow, money, signalFromRow } from './rows.ts';
import { isOpen, type State } from './states.ts';

export interface IngestOptions {
  organizationId?: string;
  now?: Date;
  logger?: Logger;
}

export type IngestAction = 'created' | 'updated' | 'unchanged' | 'resolved' | 'ignored';
export interface IngestResult {
  action: IngestAction;
  itemId: string | null;
}

export const ingestClaimStatusResult = (db: Db, input: unknown, opts?: IngestOptions) =>
  ingestObservation(db, fromClaimStatus(input), opts);
export const ingestDenialDetailsResult = (db: Db, input: unknown, opts?: IngestOptions) =>
  ingestObservation(db, fromDenialDetails(input), opts);
export const ingestEraClaim = (db: Db, input: unknown, opts?: IngestOptions) =>
  ingestObservation(db, fromEraClaim(input), opts);

const MAX_ATTEMPTS = 5;
const FINAL_277 = /^F[0-4]$/;
const FINAL_835 = new Set(['1', '2', '3', '19', '20', '21']);

export async function ingestObservation(
  db: Db,
  obs: DenialObservation,
  opts: IngestOptions = {},
): Promise<IngestResult> {
  const now = opts.now ?? new Date();
  const claim = await db.claim.findUnique({ where: { id: obs.claimId }, select: { payerId: true } });
  if (!claim) throw new WorkqueueInputError(`claimId: claim ${obs.claimId} does not exist`);
  const observation = { ...obs, payerId: obs.payerId ?? claim.payerId };
  const policy = await loadPolicy(db, opts.organizationId ?? 'default');
  const nonDenial = policy.handling.nonDenialCarcs;
  const ownSignal = detectDenial(factsFromObservation(observation), nonDenial);

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const existing = await db.denialWorkItem.findUnique({ where: { claimId: obs.claimId } });
    let result: IngestResult | null;
    if (!existing) {
      if (!ownSignal) return { action: 'ignored', itemId: null };
      result = await create(db, observation, ownSignal, policy, opts.organizationId ?? 'default', now);
    } else {
      const facts = mergeObservation(factsFromRow(existing), observation);
      const newer = observation.observedAt >= existing.lastObservedAt;
      const paidNow = !ownSignal && newer && isOpen(existing.state as State) && isFinalPayment(observation);
      result = paidNow
        ? await resolveAsPaid(db, existing, facts, observation, now)
        : await update(db, existing, facts, detectDenial(facts, nonDenial) ?? signalFromRow(existing), policy, now);
    }
    if (result) {
      opts.logger?.info(
        { claimId: obs.claimId, itemId: result.itemId, action: result.action, source: obs.source },
        'denial work item ingest',
      );
      return result;
    }
  }
  throw new Error(
    `Work item for claim ${obs.claimId} kept changing under concurrent ingests; gave up after ${MAX_ATTEMPTS} attempts`,
  );
}

function isFinalPayment(o: DenialObservation): boolean {
  return (
    o.paid !== null &&
    ((o.statusCategory !== null && FINAL_277.test(o.statusCategory)) ||
      (o.eraStatusCode !== null && FINAL_835.has(o.eraStatusCode)))
  );
}

function decided(facts: DenialFacts, signal: DenialSignal, policy: WorkqueuePolicy, now: Date) {
  const a = assess(facts, signal, policy, now);
  return {
    a,
    columns: {
      kind: signal.kind,
      silent: signal.silent,
      primaryCarc: signal.primaryCarc,
      rootCause: a.rootCause,
      team: a.team,
      denialType: a.denialType,
      route: a.route,
      dollarsAtRisk: money(a.dollarsAtRisk)!,
      recoverability: a.recoverability,
      urgency: a.urgency,
      priorityScore: money(a.priorityScore)!,
      appealDeadline: a.appealDeadline,
      deadlineSource: a.deadlineSource,
    },
  };
}

async function create(
  db: Db,
  o: DenialObservation,
  signal: DenialSignal,
  policy: WorkqueuePolicy,
  organizationId: string,
  now: Date,
): Promise<IngestResult | null> {
  const facts = factsFromObservation(o);
  const { a, columns } = decided(facts, signal, policy, now);
  const sla = slaDueAt({
    state: 'new',
    kind: signal.kind,
    denialType: a.denialType,
    route: a.route,
    firstDeniedAt: facts.firstDeniedAt,
    appealDeadline: a.appealDeadline,
    followUpAt: null,
  })!;
  const id = randomUUID();
  try {
    await db.$transaction([
      db.denialWorkItem.create({
        data: {
          id,
          claimId: o.claimId,
          organizationId,
          state: 'new',
          ...factColumns(facts),
          ...columns,
          slaDueAt: sla,
        },
      }),
      db.denialWorkEvent.create({
        data: {
          workItemId: id,
          kind: 'created',
          actor: 'system',
          toState: 'new',
          at: now,
          note: `${signal.kind}${signal.silent ? ' (silent)' : ''} from ${o.source}: ${a.rootCause} -> ${a.team}, ${a.route}`,
          details: {
            source: o.source,
            resultId: o.resultId,
            dollarsAtRisk: a.dollarsAtRisk,
            primaryCarc: signal.primaryCarc,
          },
        },
      }),
    ]);
    return { action: 'created', itemId: id };
  } catch (e) {
    if ((e as { code?: string }).code === 'P2002') return null; // another ingest created it first: merge into theirs
    throw e;
  }
}

/** Fields whose change is worth a history entry. */
const TRACKED = [
  'kind',
  'primaryCarc',
  'rootCause',
  'team',
  'route',
  'dollarsAtRisk',
  'appealDeadline',
  'statusCategory',
  'paidAmount',
  'rationale',
  'adjustments',
  'remarkCodes',
  'sources',
] as const;

const MONEY = new Set(['dollarsAtRisk', 'paidAmount']);

function changes(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  // Decimals come back as Decimal objects ("25"), go in as strings ("25.00"): compare as numbers.
  const norm = (k: string, v: unknown): unknown =>
    v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : MONEY.has(k) ? Number(String(v)) : v;
  for (const k of TRACKED) {
    const [b, a] = [norm(k, before[k]), norm(k, after[k])];
    if (JSON.stringify(b) !== JSON.stringify(a)) out[k] = { from: b, to: a };
  }
  return out;
}

async function update(
  db: Db,
  row: DenialWorkItem,
  facts: DenialFacts,
  signal: DenialSignal,
  policy: WorkqueuePolicy,
  now: Date,
): Promise<IngestResult | null> {
  const { a, columns } = decided(facts, signal, policy, now);
  const state = row.state as State;
  // Once a person moved the item on, new information updates the facts but not its routing.
  const keepRouting = state !== 'new' ? { team: row.team, route: row.route } : {};
  const route = (keepRouting.route ?? a.route) as Route;
  const sla =
    slaDueAt({
      state,
      kind: signal.kind,
      denialType: a.denialType,
      route,
      firstDeniedAt: facts.firstDeniedAt,
      appealDeadline: a.appealDeadline,
      followUpAt: row.followUpAt,
    }) ?? row.slaDueAt;
  const data = { ...factColumns(facts), ...columns, ...keepRouting, slaDueAt: sla };
  const diff = changes(row as unknown as Record<string, unknown>, data);
  if (Object.keys(diff).length === 0) return { action: 'unchanged', itemId: row.id };
  return db.$transaction(async (tx) => {
    const n = await tx.denialWorkItem.updateMany({
      where: { id: row.id, version: row.version },
      data: { ...data, version: { increment: 1 } },
    });
    if (n.count === 0) return null;
    await tx.denialWorkEvent.create({
      data: {
        workItemId: row.id,
        kind: 'updated',
        actor: 'system',
        fromState: state,
        toState: state,
        at: now,
        note: `new information: ${Object.keys(diff).join(', ')}`,
        details: diff as object,
      },
    });
    return { action: 'updated' as const, itemId: row.id };
  });
}

/** The payer now reports the claim paid: an appeal was overturned, or a correction/reprocessing paid it. */
async function resolveAsPaid(
  db: Db,
  row: DenialWorkItem,
  facts: DenialFacts,
  o: DenialObservation,
  now: Date,
): Promise<IngestResult | null> {
  const outcome = row.state === 'appealed' ? 'overturned' : 'paid';
  const before = row.paidAmount === null ? 0 : Number(row.paidAmount.toString());
  const recovered = Math.max(0, Math.round((o.paid! - before) * 100) / 100);
  return db.$transaction(async (tx) => {
    const n = await tx.denialWorkItem.updateMany({
      where: { id: row.id, version: row.version },
      data: {
        ...factColumns(facts),
        state: 'resolved',
        outcome,
        recoveredAmount: money(recovered),
        resolvedAt: now,
        version: { increment: 1 },
      },
    });
    if (n.count === 0) return null;
    await tx.denialWorkEvent.create({
      data: {
        workItemId: row.id,
        kind: 'outcome',
        actor: 'system',
        fromState: row.state,
        toState: 'resolved',
        at: now,
        note: `${o.source} reports the claim paid (${o.statusCategory ?? `CLP02 ${o.eraStatusCode}`}): ${outcome}, recovered ${recovered.toFixed(2)}`,
        details: { outcome, recoveredAmount: recovered, source: o.source, resultId: o.resultId },
      },
    });
    return { action: 'resolved' as const, itemId: row.id };
  });
}
