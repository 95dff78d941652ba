// Programmatic API of the State Medicaid-like legacy portal.
import type { RunningPortal, StartPortalOptions } from '../availity/index.ts';
import { startPortal } from '../shared/start-portal.ts';
import { buildMedicaidServer } from './server.ts';
import type { MedicaidStats } from './sessions.ts';

export interface RunningMedicaidPortal extends RunningPortal {
  stats(): MedicaidStats;
}

export async function startMedicaidPortal(opts: StartPortalOptions = {}): Promise<RunningMedicaidPortal> {
  return startPortal(
    {
      portal: 'medicaid',
      build: buildMedicaidServer,
      resetFaults: () => ({ maintenance: false, slowMs: 0, rateLimit: 0, layout: 'v1' }),
    },
    opts,
  );
}

export { buildMedicaidServer, MEDICAID_DEFAULT_SESSION_TTL_MS } from './server.ts';
export { medicaidRaFiles, type RaFile } from './remits.ts';
export type { MedicaidStats } from './sessions.ts';
