// Test and demo controls of a portal's reconsiderations (not part of the
// mocked portal): list them, and issue the payer's decision.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ReconsiderationStore } from './reconsiderations.ts';

export const DecideBody = z
  .object({
    decision: z.enum(['overturned', 'upheld', 'partially_paid']),
    /** Dollars; default: the claim's denied amount (overturned) or half of it (partially paid). */
    amount: z.number().nonnegative().optional(),
  })
  .strict();

export function installReconsiderationAdmin(
  app: FastifyInstance,
  store: ReconsiderationStore,
  deniedCents: (claimNumber: string) => number,
): void {
  app.get('/__admin/reconsiderations', async () => ({ reconsiderations: store.list() }));
  app.post('/__admin/reconsiderations/:tracking/decide', async (req, reply) => {
    const parsed = DecideBody.safeParse(req.body ?? {});
    if (!parsed.success)
      return reply
        .code(400)
        .send({ error: `${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}` });
    const tracking = String((req.params as { tracking: string }).tracking);
    const known = store.get(tracking);
    if (!known) return reply.code(404).send({ error: `no reconsideration ${tracking}` });
    const denied = deniedCents(known.claimNumber);
    const cents =
      parsed.data.amount !== undefined
        ? Math.round(parsed.data.amount * 100)
        : parsed.data.decision === 'partially_paid'
          ? Math.round(denied / 2)
          : denied;
    return { reconsideration: store.decide(tracking, parsed.data.decision, cents) };
  });
}
