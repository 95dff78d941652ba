// Reading the queue: filtered, sorted lists for the dashboard/CLI and one
// item with its full history.
import { z } from 'zod';
import type { Prisma } from '../../prisma/generated/client.ts';
import type { Db } from '../platform/db/client.ts';
import { inputError, WorkItemNotFoundError, WorkqueueInputError } from './errors.ts';
import { ROUTES } from './policy-data.ts';
import { type ClaimRef, eventDto, toDto, type WorkEventDto, type WorkItemDto } from './rows.ts';
import { OPEN_STATES, STATES } from './states.ts';
import { text } from '../platform/text.ts';

export const SORTS = ['priority', 'deadline', 'dollars', 'age'] as const;

export const ListFilters = z.object({
  team: z
    .string()
    .regex(/^[a-z][a-z0-9_-]*$/, 'must be a team id like coding or front-desk-vob')
    .optional(),
  /** One state, several, or 'open' (default) / 'all'. */
  state: z.union([z.enum([...STATES, 'open', 'all']), z.array(z.enum(STATES)).min(1)]).default('open'),
  payer: text().min(1).optional(),
  route: z.enum(ROUTES).optional(),
  rootCause: text().min(1).optional(),
  minScore: z.number().min(0).optional(),
  overdue: z.boolean().optional(),
  /** Only items escalated to a team lead or the billing manager (escalation level 1 or more). */
  escalated: z.boolean().optional(),
  sort: z.enum(SORTS).default('priority'),
  limit: z.number().int().min(1).max(1000).default(100),
  offset: z.number().int().min(0).default(0),
  now: z.date().optional(),
});
export type ListFilters = z.input<typeof ListFilters>;

const ORDER: Record<(typeof SORTS)[number], Prisma.DenialWorkItemOrderByWithRelationInput[]> = {
  priority: [{ priorityScore: 'desc' }, { appealDeadline: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }],
  deadline: [{ appealDeadline: { sort: 'asc', nulls: 'last' } }, { priorityScore: 'desc' }, { id: 'asc' }],
  dollars: [{ dollarsAtRisk: 'desc' }, { id: 'asc' }],
  age: [{ firstDeniedAt: 'asc' }, { id: 'asc' }],
};

export async function listWorkItems(db: Db, filters: ListFilters = {}): Promise<WorkItemDto[]> {
  const p = ListFilters.safeParse(filters);
  if (!p.success) throw inputError('work item filters', p.error.issues[0]);
  const f = p.data;
  const now = f.now ?? new Date();
  const states =
    f.state === 'open'
      ? [...OPEN_STATES]
      : f.state === 'all'
        ? undefined
        : Array.isArray(f.state)
          ? f.state
          : [f.state];
  const where: Prisma.DenialWorkItemWhereInput = {
    ...(states ? { state: { in: states } } : {}),
    ...(f.team ? { team: f.team } : {}),
    ...(f.payer ? { payerId: f.payer } : {}),
    ...(f.route ? { route: f.route } : {}),
    ...(f.rootCause ? { rootCause: f.rootCause } : {}),
    ...(f.minScore !== undefined ? { priorityScore: { gte: f.minScore.toFixed(2) } } : {}),
    ...(f.escalated === true ? { escalationLevel: { gt: 0 } } : {}),
  };
  if (f.overdue === true) where.AND = [{ state: { in: [...OPEN_STATES] } }, { slaDueAt: { lt: now } }];
  if (f.overdue === false) where.OR = [{ state: { notIn: [...OPEN_STATES] } }, { slaDueAt: { gte: now } }];
  const rows = await db.denialWorkItem.findMany({ where, orderBy: ORDER[f.sort], take: f.limit, skip: f.offset });
  const claims = await claimRefs(
    db,
    rows.map((r) => r.claimId),
  );
  return rows.map((r) => toDto(r, now, claims.get(r.claimId)));
}

/** Claim numbers and PCNs of the given claims (work items keep only the claim id). */
export async function claimRefs(db: Db, claimIds: string[]): Promise<Map<string, ClaimRef>> {
  if (claimIds.length === 0) return new Map();
  const rows = await db.claim.findMany({
    where: { id: { in: [...new Set(claimIds)] } },
    select: {
      id: true,
      claimNumber: true,
      portalId: true,
      patientControlNumber: true,
      serviceDate: true,
      submittedDate: true,
    },
  });
  return new Map(rows.map(({ id, ...ref }) => [id, ref]));
}

/**
 * The work item a person means by `ref`: its id, or the claim number they see
 * on the portal (`portal:claimNumber` when the same number exists on two portals).
 */
export async function resolveWorkItemRef(db: Db, ref: string): Promise<string> {
  const r = ref.trim();
  if (!r || r.length > 200) throw new WorkqueueInputError('item: give a work item id or a claim number');
  if (z.uuid().safeParse(r).success) {
    const byId = await db.denialWorkItem.findUnique({ where: { id: r }, select: { id: true } });
    if (byId) return byId.id;
    const byClaim = await db.denialWorkItem.findUnique({ where: { claimId: r }, select: { id: true } });
    if (byClaim) return byClaim.id;
    throw new WorkItemNotFoundError(r);
  }
  const sep = r.indexOf(':');
  const [portalId, claimNumber] = sep > 0 ? [r.slice(0, sep), r.slice(sep + 1)] : [undefined, r];
  const claims = await db.claim.findMany({
    where: { claimNumber, ...(portalId ? { portalId } : {}) },
    select: { id: true, portalId: true },
  });
  const items = await db.denialWorkItem.findMany({
    where: { claimId: { in: claims.map((c) => c.id) } },
    select: { id: true, claimId: true },
  });
  if (items.length === 0) throw new WorkItemNotFoundError(r, `No work item for claim number ${r}`);
  if (items.length > 1) {
    const portals = items.map((i) => claims.find((c) => c.id === i.claimId)?.portalId).join(', ');
    throw new WorkqueueInputError(
      `item: claim number ${claimNumber} has work items on several portals (${portals}); write portal:${claimNumber}`,
    );
  }
  return items[0]!.id;
}

export interface WorkItemWithHistory extends WorkItemDto {
  history: WorkEventDto[];
}

export async function getWorkItem(db: Db, itemId: string, now: Date = new Date()): Promise<WorkItemWithHistory> {
  if (!z.uuid().safeParse(itemId).success)
    throw new WorkqueueInputError(`itemId: "${itemId}" is not a work item id (uuid)`);
  const row = await db.denialWorkItem.findUnique({
    where: { id: itemId },
    include: { events: { orderBy: { id: 'asc' } } },
  });
  if (!row) throw new WorkItemNotFoundError(itemId);
  const claims = await claimRefs(db, [row.claimId]);
  return { ...toDto(row, now, claims.get(row.claimId)), history: row.events.map(eventDto) };
}

export async function getWorkItemByClaim(
  db: Db,
  claimId: string,
  now: Date = new Date(),
): Promise<WorkItemWithHistory | null> {
  if (!z.uuid().safeParse(claimId).success)
    throw new WorkqueueInputError(`claimId: "${claimId}" is not a claim id (uuid)`);
  const row = await db.denialWorkItem.findUnique({ where: { claimId }, select: { id: true } });
  return row ? getWorkItem(db, row.id, now) : null;
}
