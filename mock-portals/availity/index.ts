// Programmatic API of the Availity-like mock portal.
import { startPortal, type RunningPortal, type StartPortalOptions } from '../shared/start-portal.ts';
import { buildAvailityServer } from './server.ts';

export type { RunningPortal, StartPortalOptions } from '../shared/start-portal.ts';

export async function startAvailityPortal(opts: StartPortalOptions = {}): Promise<RunningPortal> {
  return startPortal(
    {
      portal: 'availity',
      build: buildAvailityServer,
      resetFaults: () => ({ maintenance: false, slowMs: 0, rateLimit: 0, layout: 'v1' }),
    },
    opts,
  );
}

export { buildAvailityServer } from './server.ts';
export { FaultsInput, parseFaultsSpec, type FaultState } from './faults.ts';
export type { PortalStats } from './sessions.ts';
