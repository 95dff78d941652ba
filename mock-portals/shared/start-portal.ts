// Listens a built mock portal on host/port and wraps it in the RunningPortal
// shape every portal exposes, so startPortals and tests treat them alike.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { FaultsInput, FaultState } from '../availity/faults.ts';
import type { PortalStats } from '../availity/sessions.ts';
import { DEFAULT_SEED } from '../data/accounts.ts';
import { groundTruth, type GroundTruth } from '../data/truth.ts';

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

/** What startPortal needs from a portal's build<X>Server result. */
export interface BuiltPortal<Stats extends PortalStats> {
  app: FastifyInstance;
  faults: FaultState;
  sessions: { stats(): Stats; reset(): void };
  applyFaults(input: FaultsInput): void;
}

export interface PortalDefinition<Stats extends PortalStats> {
  portal: string;
  build(seed: number, initial: FaultsInput): BuiltPortal<Stats>;
  /** Faults RunningPortal.reset() re-applies (after dropping sessions). */
  resetFaults(): FaultsInput;
}

export async function startPortal<Stats extends PortalStats>(
  def: PortalDefinition<Stats>,
  opts: StartPortalOptions = {},
): Promise<RunningPortal & { stats(): Stats }> {
  const seed = opts.seed ?? DEFAULT_SEED;
  const host = opts.host ?? '127.0.0.1';
  const server = def.build(seed, opts.faults ?? {});
  await server.app.listen({ port: opts.port ?? 0, host });
  const port = (server.app.server.address() as AddressInfo).port;
  return {
    portal: def.portal,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () => server.app.close(),
    setFaults: (f) => server.applyFaults(f),
    faults: () => ({ ...server.faults }),
    stats: () => server.sessions.stats(),
    reset: () => {
      server.sessions.reset();
      server.applyFaults(def.resetFaults());
    },
    truth: groundTruth(seed),
  };
}
