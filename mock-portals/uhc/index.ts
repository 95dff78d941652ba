// Programmatic API of the UHC-like mock portal. Same shape as the other mock
// portals (RunningPortal), so startPortals and tests treat every portal alike.
import type { RunningPortal, StartPortalOptions } from '../availity/index.ts';
import { startPortal } from '../shared/start-portal.ts';
import { buildUhcServer, uhcDefaultFaults } from './server.ts';

export async function startUhcPortal(opts: StartPortalOptions = {}): Promise<RunningPortal> {
  return startPortal(
    {
      portal: 'uhc',
      build: buildUhcServer,
      resetFaults: () => {
        const d = uhcDefaultFaults();
        return {
          maintenance: false,
          slowMs: 0,
          rateLimit: 0,
          retryAfterSec: d.retryAfterSec,
          layout: 'v1',
          lockoutAfter: d.lockoutAfter,
          sessionTtlMs: d.sessionTtlMs,
        };
      },
    },
    opts,
  );
}

export { buildUhcServer, uhcDefaultFaults } from './server.ts';
