// Programmatic API of the CAQH-like credentialing mock portal. Same shape as
// the other mock portals (RunningPortal), so startPortals and tests treat
// every portal alike.
import type { RunningPortal, StartPortalOptions } from '../availity/index.ts';
import { startPortal } from '../shared/start-portal.ts';
import { buildCaqhServer, caqhDefaultFaults } from './server.ts';

export async function startCaqhPortal(opts: StartPortalOptions = {}): Promise<RunningPortal> {
  return startPortal(
    {
      portal: 'caqh',
      build: buildCaqhServer,
      resetFaults: () => {
        const d = caqhDefaultFaults();
        return {
          maintenance: false,
          slowMs: 0,
          rateLimit: 0,
          layout: 'v1',
          lockoutAfter: d.lockoutAfter,
          sessionTtlMs: d.sessionTtlMs,
        };
      },
    },
    opts,
  );
}

export { buildCaqhServer, caqhDefaultFaults, searchRoster, ROSTER_PAGE_SIZE } from './server.ts';
