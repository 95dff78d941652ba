// Listens a built mock portal on host/port and wraps it in the RunningPortal
// shape every portal exposes, so startPortals and tests treat them alike.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { FaultsInput, FaultState } from './faults.ts';
import type { PortalStats } from './sessions.ts';
import { DEFAULT_SEED } from './accounts.ts';

export interface StartPortalOptions {
  seed?: number;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  faults?: FaultsInput;
}

export interface RunningPortal<Truth = unknown> {
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
  /** This portal's section of the ground truth for its seed. */
  truth: Truth;
}

/** What startPortal needs from a portal's build<X>Server result. */
export interface BuiltPortal<Stats extends PortalStats> {
  app: FastifyInstance;
  faults: FaultState;
  sessions: { stats(): Stats; reset(): void };
  applyFaults(input: FaultsInput): void;
}

export interface PortalDefinition<Stats extends PortalStats, Truth> {
  portal: string;
  truth(seed: number): Truth;
  build(seed: number, initial: FaultsInput): BuiltPortal<Stats>;
  /** Faults RunningPortal.reset() re-applies (after dropping sessions). */
  resetFaults(): FaultsInput;
}

export async function startPortal<Stats extends PortalStats, Truth>(
  def: PortalDefinition<Stats, Truth>,
  opts: StartPortalOptions = {},
): Promise<RunningPortal<Truth> & { stats(): Stats }> {
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
    truth: def.truth(seed),
  };
}
