// bull-board (queue inspector) at /dashboard/queues. Ops may look; only admin
// may change anything (add, retry, clean, empty, obliterate, update-data...):
// a job added here would run as if the system had queued it. The routes come
// from the adapter, so the role declaration is stamped onto each of them as it
// is registered, by method: reads are ops, every other method admin.
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { ACCESS } from '../api/auth/roles.ts';
import type { ApiApp, ApiDeps } from '../api/plugins.ts';

export const QUEUES_PATH = '/dashboard/queues';

export async function registerBullBoard(app: ApiApp, deps: ApiDeps): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(QUEUES_PATH);
  createBullBoard({
    queues: Object.keys(deps.bots).map((portal) => new BullMQAdapter(deps.queues.queueFor(portal))),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'portalbots queues' } },
  });
  await app.register(
    async (scope) => {
      scope.addHook('onRoute', (route) => {
        const methods = [route.method].flat();
        const readOnly = methods.every((m) => m === 'GET' || m === 'HEAD');
        route.config = { ...(route.config ?? {}), roles: readOnly ? ACCESS.ops : ACCESS.admin, dashboard: true };
        route.schema = { ...(route.schema ?? {}), hide: true };
      });
      await scope.register(serverAdapter.registerPlugin());
    },
    { prefix: '/queues' },
  );
}
