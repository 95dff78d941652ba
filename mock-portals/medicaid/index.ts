// Programmatic API of the State Medicaid-like legacy portal.
import type { AddressInfo } from 'node:net';
import { DEFAULT_SEED } from '../data/accounts.ts';
import { groundTruth } from '../data/truth.ts';
import type { FaultsInput } from '../availity/faults.ts';
import type { RunningPortal, StartPortalOptions } from '../availity/index.ts';
import { buildMedicaidServer } from './server.ts';
import type { MedicaidStats } from './sessions.ts';

export interface RunningMedicaidPortal extends RunningPortal {
  stats(): MedicaidStats;
}

export async function startMedicaidPortal(opts: StartPortalOptions = {}): Promise<RunningMedicaidPortal> {
  const seed = opts.seed ?? DEFAULT_SEED;
  const host = opts.host ?? '127.0.0.1';
  const server = buildMedicaidServer(seed, opts.faults ?? {});
  await server.app.listen({ port: opts.port ?? 0, host });
  const port = (server.app.server.address() as AddressInfo).port;
  return {
    portal: 'medicaid',
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () => server.app.close(),
    setFaults: (f: FaultsInput) => server.applyFaults(f),
    faults: () => ({ ...server.faults }),
    stats: () => server.sessions.stats(),
    reset: () => {
      server.sessions.reset();
      server.applyFaults({ maintenance: false, slowMs: 0, rateLimit: 0, layout: 'v1' });
    },
    truth: groundTruth(seed),
  };
}

export { buildMedicaidServer, MEDICAID_DEFAULT_SESSION_TTL_MS } from './server.ts';
export { medicaidRaFiles, type RaFile } from './remits.ts';
export type { MedicaidStats } from './sessions.ts';
