// Routes of the remittance viewer (ERA list, 835 downloads) and the denial
// detail pages. They sit behind the same sign-in guard and fault hook as the
// claim status pages, so maintenance, 429s, session expiry and the v2 layout
// reach them alike.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AVAILITY_PAYERS } from './data.ts';
import { availityRemittances } from './era-data.ts';
import { html } from '../shared/portal-kit.ts';
import type { FaultState } from '../shared/faults.ts';
import {
  REMITTANCE_PAGE_SIZE,
  denialPage,
  denialPageV2,
  denialSearchPage,
  noDenialPage,
  remittancePage,
  remittancePageV2,
  type RemittanceQuery,
} from './views-remittance.ts';

export interface RemittanceRouteContext {
  seed: number;
  faults: FaultState;
  guarded: { preHandler: (req: FastifyRequest, reply: FastifyReply) => Promise<void> };
}

const PAYERS = new Set(['all', ...AVAILITY_PAYERS.map((p) => p.id)]);
const ISO = /^\d{4}-\d{2}-\d{2}$/;

export function registerRemittanceRoutes(app: FastifyInstance, ctx: RemittanceRouteContext): void {
  const { eras, denials } = availityRemittances(ctx.seed);
  const byId = new Map(eras.map((e) => [e.id, e]));
  // Newest first, as the real viewer lists them.
  const newestFirst = [...eras].sort(
    (a, z) => z.paymentDate.localeCompare(a.paymentDate) || a.payerName.localeCompare(z.payerName),
  );
  const payerName = (id: string) => AVAILITY_PAYERS.find((p) => p.id === id)?.name ?? id;

  app.get('/remittance', ctx.guarded, async (req, reply) => {
    const raw = req.query as Record<string, string | undefined>;
    const q: RemittanceQuery = {
      payer: raw.payer && PAYERS.has(raw.payer) ? raw.payer : 'all',
      from: raw.from ?? '',
      to: raw.to ?? '',
      page: /^\d{1,4}$/.test(raw.page ?? '') ? Math.max(1, Number(raw.page)) : 1,
    };
    const view = ctx.faults.layout === 'v2' ? remittancePageV2 : remittancePage;
    if ((q.from && !ISO.test(q.from)) || (q.to && !ISO.test(q.to)))
      return html(reply, view(q, [], 0, 'Enter payment dates as dates.'), 400);
    if (q.from && q.to && q.from > q.to)
      return html(reply, view(q, [], 0, 'The "from" date must not be after the "to" date.'), 400);
    const hits = newestFirst.filter(
      (e) =>
        (q.payer === 'all' || e.payerId === q.payer) &&
        (!q.from || e.paymentDate >= q.from) &&
        (!q.to || e.paymentDate <= q.to),
    );
    const start = (q.page - 1) * REMITTANCE_PAGE_SIZE;
    return html(reply, view(q, hits.slice(start, start + REMITTANCE_PAGE_SIZE), hits.length));
  });

  app.get('/remittance/:id/835', ctx.guarded, async (req, reply) => {
    const era = byId.get(String((req.params as { id: string }).id));
    if (!era) return html(reply, noDenialPage().replace('No denial found', 'File not found'), 404);
    return reply
      .code(200)
      .type('application/edi-x12')
      .header('content-disposition', `attachment; filename="${era.fileName}"`)
      .header('cache-control', 'no-store')
      .send(era.text);
  });

  app.get('/claims/denials', ctx.guarded, async (_req, reply) => html(reply, denialSearchPage(ctx.faults.layout)));

  app.get('/claims/denials/search', ctx.guarded, async (req, reply) => {
    const claimNumber = String((req.query as Record<string, unknown>).claimNumber ?? '')
      .trim()
      .toUpperCase();
    if (!claimNumber) return html(reply, denialSearchPage(ctx.faults.layout, 'Enter a claim number.'), 400);
    if (!denials.has(claimNumber)) return html(reply, noDenialPage());
    return reply.redirect(`/claims/denials/${encodeURIComponent(claimNumber)}`, 303);
  });

  app.get('/claims/denials/:claimNumber', ctx.guarded, async (req, reply) => {
    const d = denials.get(String((req.params as { claimNumber: string }).claimNumber).toUpperCase());
    if (!d) return html(reply, noDenialPage(), 404);
    return html(
      reply,
      ctx.faults.layout === 'v2' ? denialPageV2(d, payerName(d.payer)) : denialPage(d, payerName(d.payer)),
    );
  });
}
