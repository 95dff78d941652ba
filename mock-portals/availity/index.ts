// Programmatic API of the Availity-like mock portal.
import type { AddressInfo } from 'node:net';
import { DEFAULT_SEED } from '../data/accounts.ts';
import { groundTruth, type GroundTruth } from '../data/truth.ts';
import type { FaultsInput, FaultState } from './faults.ts';
import { buildAvailityServer } from './server.ts';
import type { PortalStats } from './sessions.ts';

export interface StartPortalOptions {
  seed?: number;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  faults?: FaultsInput;
}

export interface RunningPortal {
  portal: string;
  url: string;
  port: number;
  close(): Promise<void>;
  /** Merges faults into the running portal (same as POST /__admin/faults). */
  setFaults(faults: FaultsInput): void;
  faults(): FaultState;
  stats(): PortalStats;
  /** Unlocks accounts, drops sessions, zeroes counters and clears faults. */
  reset(): void;
  truth: GroundTruth;
}

export async function startAvailityPortal(opts: StartPortalOptions = {}): Promise<RunningPortal> {
  const seed = opts.seed ?? DEFAULT_SEED;
  const host = opts.host ?? '127.0.0.1';
  const server = buildAvailityServer(seed, opts.faults ?? {});
  await server.app.listen({ port: opts.port ?? 0, host });
  const port = (server.app.server.address() as AddressInfo).port;
  return {
    portal: 'availity',
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () => server.app.close(),
    setFaults: (f) => server.applyFaults(f),
    faults: () => ({ ...server.faults }),
    stats: () => server.sessions.stats(),
    reset: () => {
      server.sessions.reset();
      server.applyFaults({ maintenance: false, slowMs: 0, rateLimit: 0, layout: 'v1' });
    },
    truth: groundTruth(seed),
  };
}

export { buildAvailityServer } from './server.ts';
export { FaultsInput, parseFaultsSpec, type FaultState } from './faults.ts';
export type { PortalStats } from './sessions.ts';
