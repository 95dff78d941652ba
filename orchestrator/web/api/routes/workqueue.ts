// The denial work queue (orchestrator/workqueue) for billing: list with
// filters, one item with history, transitions and outcomes. The actor of every
// change is the API key, never a client-supplied name.
import { z } from 'zod';
import {
  getWorkItem,
  listWorkItems,
  knownTeams,
  OUTCOMES,
  reassignTeam,
  recordOutcome,
  SORTS,
  STATES,
  transition,
  workQueueToCsv,
} from '../../../denials/index.ts';
import { ROUTES } from '../../../denials/policy-data.ts';
import { SUBMISSION_CHANNELS } from '../../../denials/assess.ts';
import { actorOf } from '../access-log.ts';
import { ACCESS } from '../auth/roles.ts';
import { ApiError, badRequest, ErrorBody, notFound } from '../errors.ts';
import type { ApiAreaPlugin } from '../plugins.ts';
import { IdParams } from '../schemas.ts';
import { text } from '../../../platform/text.ts';

/** The work queue's classified errors as HTTP statuses (see orchestrator/workqueue/errors.ts). */
function mapError(e: unknown, prefix: string): never {
  const err = e as Error;
  if (err.name === 'WorkqueueInputError') throw badRequest(`${prefix}${err.message}`);
  if (err.name === 'WorkItemNotFoundError') throw notFound(`id: ${err.message}`);
  if (err.name === 'InvalidTransitionError') throw new ApiError(409, err.message);
  throw e;
}

const bool = z.enum(['true', 'false'], 'must be true or false').transform((v) => v === 'true');
const ListQuery = z
  .object({
    team: z
      .string()
      .regex(/^[a-z][a-z0-9_-]*$/, 'must be a team id like coding or front-desk-vob')
      .optional(),
    state: z
      .string()
      .regex(/^[a-z_]+(,[a-z_]+)*$/, `must be open, all, or a comma list of ${STATES.join(', ')}`)
      .optional(),
    payer: text().min(1).max(40).optional(),
    route: z.enum(ROUTES).optional(),
    rootCause: text().min(1).max(60).optional(),
    minScore: z.coerce.number().min(0, 'must be at least 0').optional(),
    overdue: bool.optional(),
    sort: z.enum(SORTS).default('priority'),
    limit: z.coerce.number().int().min(1, 'must be at least 1').max(1000, 'must be at most 1000').default(100),
    offset: z.coerce.number().int().min(0, 'must be at least 0').default(0),
  })
  .strict();

// The item shape is owned by orchestrator/workqueue (WorkItemDto); documented loosely here.
const Item = z.looseObject({
  id: z.uuid(),
  claimId: z.uuid(),
  state: text(),
  team: text(),
  priorityScore: z.number(),
});
type Item = z.output<typeof Item>;
// WorkItemDto is an interface (no index signature); the serializer still checks the declared fields.
const asItem = <T extends object>(dto: T) => dto as unknown as Item;
const asItemWithHistory = <T extends object>(dto: T) => dto as unknown as Item & { history: { kind: string }[] };

const TransitionBody = z
  .object({
    to: z.enum(STATES),
    note: text().trim().max(4000).optional(),
    assignee: text().trim().min(1).max(200).optional(),
    channel: z.enum(SUBMISSION_CHANNELS).optional(),
    confirmationNumber: text().trim().min(1).max(100).optional(),
  })
  .strict();
const OutcomeBody = z
  .object({
    outcome: z.enum(OUTCOMES),
    recoveredAmount: z.number().min(0).max(100_000_000).optional(),
    note: text().trim().max(4000).optional(),
  })
  .strict();

const TeamBody = z
  .object({
    team: text().trim().min(1).max(100),
    note: text().trim().max(4000).optional(),
    /** A name hands the item over with the move; null unassigns it; omitted keeps the assignee. */
    assignee: text().trim().min(1).max(200).nullable().optional(),
  })
  .strict();

export const workqueuePlugin: ApiAreaPlugin = {
  name: 'workqueue',
  register(app, { db }) {
    app.get(
      '/workqueue',
      {
        config: { roles: ACCESS.billing },
        schema: {
          summary: 'Denial work items, filtered and sorted (default: open, by priority)',
          querystring: ListQuery,
          response: { 200: z.object({ items: z.array(Item) }), 400: ErrorBody },
        },
      },
      async (request) => {
        const { state, ...q } = request.query;
        const states = state?.split(',');
        const stateFilter = !states
          ? undefined
          : states.length === 1 && (states[0] === 'open' || states[0] === 'all')
            ? states[0]
            : states;
        try {
          return {
            items: (await listWorkItems(db, { ...q, ...(stateFilter ? { state: stateFilter as never } : {}) })).map(
              asItem,
            ),
          };
        } catch (e) {
          return mapError(e, 'querystring.');
        }
      },
    );

    app.get(
      '/workqueue.csv',
      {
        config: { roles: ACCESS.billing },
        schema: {
          summary:
            'The work queue as CSV for a practice-management import (same filters as /workqueue; formula-escaped)',
          querystring: ListQuery,
        },
      },
      // No response schema: the body is the CSV file itself.
      async (request, reply) => {
        const { state, ...q } = request.query;
        const states = state?.split(',');
        const stateFilter = !states
          ? undefined
          : states.length === 1 && (states[0] === 'open' || states[0] === 'all')
            ? states[0]
            : states;
        try {
          const items = await listWorkItems(db, { ...q, ...(stateFilter ? { state: stateFilter as never } : {}) });
          return reply
            .type('text/csv; charset=utf-8')
            .header('content-disposition', 'attachment; filename="workqueue.csv"')
            .send(workQueueToCsv(items));
        } catch (e) {
          return mapError(e, 'querystring.');
        }
      },
    );

    app.get(
      '/workqueue/:id',
      {
        config: { roles: ACCESS.billing },
        schema: {
          summary: 'One work item with its history',
          params: IdParams,
          response: { 200: Item.extend({ history: z.array(z.looseObject({ kind: text() })) }), 404: ErrorBody },
        },
      },
      async (request) => {
        try {
          return asItemWithHistory(await getWorkItem(db, request.params.id));
        } catch (e) {
          return mapError(e, 'params.');
        }
      },
    );

    app.post(
      '/workqueue/:id/transition',
      {
        config: { roles: ACCESS.billing },
        schema: {
          summary: 'Move a work item to another state',
          params: IdParams,
          body: TransitionBody,
          response: { 200: Item, 400: ErrorBody, 404: ErrorBody, 409: ErrorBody },
        },
      },
      async (request) => {
        const { to, ...rest } = request.body;
        try {
          await transition(db, request.params.id, to, { ...rest, actor: actorOf(request) });
          return asItem(await getWorkItem(db, request.params.id));
        } catch (e) {
          return mapError(e, 'body.');
        }
      },
    );

    app.post(
      '/workqueue/:id/outcome',
      {
        config: { roles: ACCESS.billing },
        schema: {
          summary: "Record the payer's final answer and resolve the item",
          params: IdParams,
          body: OutcomeBody,
          response: { 200: Item, 400: ErrorBody, 404: ErrorBody, 409: ErrorBody },
        },
      },
      async (request) => {
        try {
          await recordOutcome(db, request.params.id, { ...request.body, actor: actorOf(request) });
          return asItem(await getWorkItem(db, request.params.id));
        } catch (e) {
          return mapError(e, 'body.');
        }
      },
    );

    app.post(
      '/workqueue/:id/team',
      {
        config: { roles: ACCESS.billing },
        schema: {
          summary: `Move a misrouted open item to another team (${knownTeams().join(', ')})`,
          params: IdParams,
          body: TeamBody,
          response: { 200: Item, 400: ErrorBody, 404: ErrorBody, 409: ErrorBody },
        },
      },
      async (request) => {
        try {
          await reassignTeam(db, request.params.id, { ...request.body, actor: actorOf(request) });
          return asItem(await getWorkItem(db, request.params.id));
        } catch (e) {
          return mapError(e, 'body.');
        }
      },
    );
  },
};
