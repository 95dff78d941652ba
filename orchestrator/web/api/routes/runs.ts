// Runs and their results.
import { z } from 'zod';
import { runResults } from '../../../platform/runs/wait.ts';
import { healthRow } from '../../../platform/worklists/export.ts';
import { principalOf } from '../auth/plugin.ts';
import { ACCESS } from '../auth/roles.ts';
import { ErrorBody, notFound } from '../errors.ts';
import type { ApiAreaPlugin } from '../plugins.ts';
import { IdParams, Limit, PortalId, Timestamp, Uuid } from '../schemas.ts';
import { text } from '../../../platform/text.ts';

const RunSummary = z.object({
  id: Uuid,
  portal: text(),
  task: text(),
  trigger: text(),
  requestedBy: text().nullable(),
  jobCount: z.number().int(),
  createdAt: Timestamp,
  outcomes: z.object({
    found: z.number().int(),
    not_found: z.number().int(),
    ambiguous_match: z.number().int(),
    failed: z.number().int(),
  }),
});

const RunResult = z.object({
  jobId: text(),
  claimNumber: text().nullable(),
  payerId: text().nullable(),
  outcome: text(),
  errorClass: text().nullable(),
  errorMessage: text().nullable(),
  data: z.unknown(),
  evidenceCount: z.number().int(),
  finishedAt: Timestamp,
});

/** What ops see of a result: run health only, no claim number, amounts or portal text (worklists/export.ts healthRow). */
const RunHealthResult = z.object({
  jobId: text(),
  payerId: text().nullable(),
  outcome: text(),
  errorClass: text().nullable(),
  evidenceCount: z.number().int(),
  finishedAt: Timestamp,
});

const RunsQuery = z
  .object({
    portal: PortalId.optional(),
    limit: Limit,
    before: z.iso.datetime({ offset: true, error: 'must be an ISO-8601 date-time' }).optional(),
  })
  .strict();

export const runsPlugin: ApiAreaPlugin = {
  name: 'runs',
  register(app, { db }) {
    async function outcomeCounts(runIds: string[]) {
      const groups = await db.taskResult.groupBy({
        by: ['runId', 'outcome'],
        where: { runId: { in: runIds } },
        _count: { _all: true },
      });
      type Counts = z.infer<typeof RunSummary>['outcomes'];
      const out = new Map<string, Counts>();
      for (const id of runIds) out.set(id, { found: 0, not_found: 0, ambiguous_match: 0, failed: 0 });
      for (const g of groups) {
        const o = out.get(g.runId)!;
        if (g.outcome in o) o[g.outcome as keyof Counts] += g._count._all;
      }
      return out;
    }
    const summary = (
      r: {
        id: string;
        portalId: string;
        task: string;
        trigger: string;
        requestedBy: string | null;
        jobCount: number;
        createdAt: Date;
      },
      counts: Map<string, z.infer<typeof RunSummary>['outcomes']>,
    ) => ({
      id: r.id,
      portal: r.portalId,
      task: r.task,
      trigger: r.trigger,
      requestedBy: r.requestedBy,
      jobCount: r.jobCount,
      createdAt: r.createdAt,
      outcomes: counts.get(r.id)!,
    });

    app.get(
      '/runs',
      {
        config: { roles: ACCESS.ops },
        schema: {
          summary: 'Recent runs, newest first',
          querystring: RunsQuery,
          response: { 200: z.object({ runs: z.array(RunSummary) }) },
        },
      },
      async (request) => {
        const q = request.query;
        const runs = await db.run.findMany({
          where: {
            ...(q.portal ? { portalId: q.portal } : {}),
            ...(q.before ? { createdAt: { lt: new Date(q.before) } } : {}),
          },
          orderBy: { createdAt: 'desc' },
          take: q.limit,
        });
        const counts = await outcomeCounts(runs.map((r) => r.id));
        return { runs: runs.map((r) => summary(r, counts)) };
      },
    );

    app.get(
      '/runs/:id',
      {
        config: { roles: ACCESS.runResults },
        schema: {
          summary: 'One run with its results (for ops: run health only, without claim numbers or financials)',
          params: IdParams,
          response: {
            200: RunSummary.extend({ results: z.array(z.union([RunResult, RunHealthResult])) }),
            404: ErrorBody,
          },
        },
      },
      async (request) => {
        const run = await db.run.findUnique({ where: { id: request.params.id } });
        if (!run) throw notFound(`id: no run ${request.params.id}`);
        const counts = await outcomeCounts([run.id]);
        const results = await runResults(db, run.id);
        // Ops watch run health; claim numbers and financials are the billing team's.
        const forOps = principalOf(request).role === 'ops';
        return { ...summary(run, counts), results: forOps ? results.map(healthRow) : results };
      },
    );
  },
};
