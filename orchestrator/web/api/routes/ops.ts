// Ops: queue depths per portal and run health.
import { z } from 'zod';
import { ACCESS } from '../auth/roles.ts';
import { portalHealth } from '../health.ts';
import type { ApiAreaPlugin } from '../plugins.ts';
import { text } from '../../../platform/text.ts';

const Counts = z.object({
  waiting: z.number().int(),
  active: z.number().int(),
  delayed: z.number().int(),
  failed: z.number().int(),
  completed: z.number().int(),
});

export const opsPlugin: ApiAreaPlugin = {
  name: 'ops',
  register(app, { db, queues, bots }) {
    app.get(
      '/ops/queues',
      {
        config: { roles: ACCESS.ops },
        schema: {
          summary: 'Job counts per portal queue',
          response: {
            200: z.object({
              queues: z.array(z.object({ portal: text(), name: text(), isPaused: z.boolean(), counts: Counts })),
            }),
          },
        },
      },
      async () => ({
        queues: await Promise.all(
          Object.keys(bots).map(async (portal) => {
            const q = queues.queueFor(portal);
            const c = await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
            return {
              portal,
              name: q.name,
              isPaused: await q.isPaused(),
              counts: {
                waiting: c.waiting ?? 0,
                active: c.active ?? 0,
                delayed: c.delayed ?? 0,
                failed: c.failed ?? 0,
                completed: c.completed ?? 0,
              },
            };
          }),
        ),
      }),
    );

    app.get(
      '/ops/health',
      {
        config: { roles: ACCESS.ops },
        schema: {
          summary: 'Per-portal success rate, failures by error class and latency',
          querystring: z
            .object({
              days: z.coerce.number().int().min(1, 'must be at least 1').max(90, 'must be at most 90').default(7),
            })
            .strict(),
          response: {
            200: z.object({
              since: text(),
              portals: z.array(
                z.object({
                  portal: text(),
                  total: z.number().int(),
                  found: z.number().int(),
                  notFound: z.number().int(),
                  ambiguousMatch: z.number().int(),
                  failed: z.number().int(),
                  successRate: z.number().nullable(),
                  latencyP50Ms: z.number().nullable(),
                  latencyP95Ms: z.number().nullable(),
                  failuresByClass: z.record(text(), z.number().int()),
                }),
              ),
            }),
          },
        },
      },
      async (request) => {
        const since = new Date(Date.now() - request.query.days * 86_400_000);
        return { since: since.toISOString(), portals: await portalHealth(db, since) };
      },
    );
  },
};
