// Denial reports for billing managers (orchestrator/workqueue/reports.ts),
// CSV worklists through the one enqueue path, and run result exports.
import { z } from 'zod';
import { TaskName } from '../../../../bots/index.ts';
import { Prisma } from '../../../platform/db/client.ts';
import { SubmitError } from '../../../platform/runs/submit.ts';
import { parseWorklist, WorklistError } from '../../../platform/worklists/csv.ts';
import { exportRunResults } from '../../../platform/worklists/export.ts';
import { submitWorklist } from '../../../platform/worklists/submit.ts';
import { denialReport } from '../../../denials/index.ts';
import { ACCESS } from '../auth/roles.ts';
import { principalOf } from '../auth/plugin.ts';
import { badRequest, ErrorBody, notFound } from '../errors.ts';
import { submitDeps, type ApiAreaPlugin } from '../plugins.ts';
import { IdParams, PortalId, Uuid } from '../schemas.ts';
import { text } from '../../../platform/text.ts';

const ReportQuery = z
  .object({ weeks: z.coerce.number().int().min(1, 'must be at least 1').max(52, 'must be at most 52').default(4) })
  .strict();

const WorklistRequest = z
  .object({
    portal: PortalId,
    task: TaskName,
    /**
     * The CSV export itself: rows keyed by patient_control_number (claim_number optional), with
     * member_id, date_of_birth, service_date (or service_date_from/_to), billed_amount, payer,
     * provider_npi, tin as the portal's member search needs, and an optional submission_date (aliases such
     * as "Date Submitted" or "Bill Date"; docs/CONTRACTS.md "Worklists").
     */
    csv: text().min(1, 'must be the CSV text').max(5_000_000, 'at most 5 MB'),
  })
  .strict();
const WorklistResponse = z.object({
  runId: Uuid.nullable(),
  accepted: z.number().int(),
  rejected: z.array(z.object({ line: z.number().int(), field: text(), message: text() })),
  jobs: z.array(z.object({ jobId: text(), claimId: Uuid, claimNumber: text() })),
  /** Rows without a claim number: one member-search job each. */
  worklistJobs: z.array(z.object({ jobId: text(), worklistItemId: Uuid })).optional(),
});

const ExportQuery = z.object({ format: z.enum(['csv', 'json']).default('json') }).strict();

export const reportsPlugin: ApiAreaPlugin = {
  name: 'reports',
  register(app, deps) {
    app.get(
      '/reports/denials',
      {
        config: { roles: ACCESS.billing },
        schema: {
          summary: 'Denial rate by payer, top CARCs, by provider, appeal outcomes, weekly root causes',
          querystring: ReportQuery,
          response: {
            200: z.looseObject({ generatedAt: text(), period: z.object({ from: text(), to: text() }) }),
            400: ErrorBody,
          },
        },
      },
      async (request) => denialReport(deps.db, { weeks: request.query.weeks }),
    );

    app.post(
      '/worklists',
      {
        config: { roles: ACCESS.billing },
        schema: {
          summary: 'Run a CSV worklist: bad rows are reported by line, good rows are queued',
          body: WorklistRequest,
          response: { 202: WorklistResponse, 400: ErrorBody },
        },
      },
      async (request, reply) => {
        const p = principalOf(request);
        // Everything is checked before anything is written: the portal and task, then every row.
        const bot = deps.bots[request.body.portal];
        if (!bot) throw badRequest(`body.portal: unknown portal "${request.body.portal}"`);
        if (!bot.tasks[request.body.task])
          throw badRequest(`body.task: portal "${request.body.portal}" does not support "${request.body.task}"`);
        let worklist;
        try {
          worklist = parseWorklist(request.body.csv, { portal: bot });
        } catch (e) {
          if (e instanceof WorklistError) throw badRequest(`body.csv: ${e.message}`);
          throw e;
        }
        if (worklist.rows.length === 0) {
          const first = worklist.errors[0];
          throw badRequest(
            first ? `body.csv: line ${first.line}: ${first.field}: ${first.message}` : 'body.csv: no claim rows',
          );
        }
        try {
          const run = await submitWorklist(submitDeps(deps), {
            portal: request.body.portal,
            task: request.body.task,
            worklist,
            requestedBy: `apikey:${p.keyId}`,
          });
          return reply.code(202).send({
            runId: run.runId,
            accepted: worklist.rows.length,
            rejected: worklist.errors,
            jobs: run.jobs.map(({ jobId, claimId, claimNumber }) => ({ jobId, claimId, claimNumber })),
            ...(run.worklistJobs ? { worklistJobs: run.worklistJobs } : {}),
          });
        } catch (e) {
          if (e instanceof SubmitError) throw badRequest(`body.${e.message}`);
          // A row the database refuses (a constraint) is the caller's input, not a server fault.
          if (e instanceof Prisma.PrismaClientKnownRequestError && /^P20/.test(e.code))
            throw badRequest(`body.csv: refused by the database (${e.code}); nothing was written`);
          throw e;
        }
      },
    );

    app.get(
      '/runs/:id/export',
      // No response schema: the body is the export file itself (CSV or JSON text).
      {
        config: { roles: ACCESS.runResults },
        schema: {
          summary:
            "A run's results as CSV (formula-safe) or JSON; for ops only run health (no claim numbers or amounts)",
          params: IdParams,
          querystring: ExportQuery,
        },
      },
      async (request, reply) => {
        if (!(await deps.db.run.findUnique({ where: { id: request.params.id }, select: { id: true } })))
          throw notFound('id: no such run');
        // Ops watch run health; claim numbers and financials are the billing team's.
        const view = principalOf(request).role === 'ops' ? 'health' : 'full';
        const body = await exportRunResults(deps.db, request.params.id, request.query.format, view);
        return reply
          .type(request.query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
          .send(body);
      },
    );
  },
};
