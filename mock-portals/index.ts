// Starts the mock portals for a seed, each on its assigned port (or a free
// one), built from the list in portals.ts: nothing here names a portal.
import { MOCK_PORTALS, type MockPortalId } from './portals.ts';
import { DEFAULT_SEED, type PortalAccount } from './shared/accounts.ts';
import type { FaultsInput } from './shared/faults.ts';
import type { RunningPortal } from './shared/start-portal.ts';
import { groundTruth, type GroundTruth } from './truth.ts';

/** The port the first portal (availity) gets by default; `--port N` moves them all by the same offset. */
export const DEFAULT_BASE_PORT = Math.min(...MOCK_PORTALS.map((p) => p.defaultPort));

export interface StartPortalsOptions {
  seed?: number;
  /**
   * Base port: each portal listens on basePort + (its defaultPort - DEFAULT_BASE_PORT).
   * 0 (default) picks free ports.
   */
  basePort?: number;
  host?: string;
  /** Faults applied to every portal at start. */
  faults?: FaultsInput;
}

export interface RunningPortals {
  seed: number;
  portals: Record<string, RunningPortal>;
  /** Portal id -> base URL, e.g. { availity: 'http://127.0.0.1:4010' }. */
  urls: Record<string, string>;
  /** The demo login (first seeded account) of each portal. */
  credentials: Record<MockPortalId, PortalAccount>;
  /** Every seeded account of each portal (a credential pool). */
  accounts: Record<MockPortalId, PortalAccount[]>;
  truth: GroundTruth;
  close(): Promise<void>;
}

export async function startPortals(opts: StartPortalsOptions = {}): Promise<RunningPortals> {
  const seed = opts.seed ?? DEFAULT_SEED;
  const port = (defaultPort: number) => (opts.basePort ? opts.basePort + defaultPort - DEFAULT_BASE_PORT : 0);
  const portals: Record<string, RunningPortal> = {};
  try {
    for (const p of MOCK_PORTALS) {
      portals[p.id] = await p.start({
        seed,
        port: port(p.defaultPort),
        ...(opts.host ? { host: opts.host } : {}),
        ...(opts.faults ? { faults: opts.faults } : {}),
      });
    }
  } catch (e) {
    await Promise.allSettled(Object.values(portals).map((p) => p.close()));
    throw e;
  }
  return {
    seed,
    portals,
    urls: Object.fromEntries(Object.entries(portals).map(([id, p]) => [id, p.url])),
    credentials: demoCredentials(seed),
    accounts: portalAccounts(seed),
    truth: groundTruth(seed),
    close: async () => {
      await Promise.allSettled(Object.values(portals).map((p) => p.close()));
    },
  };
}

/** Every seeded account of every portal. */
export function portalAccounts(seed: number = DEFAULT_SEED): Record<MockPortalId, PortalAccount[]> {
  return Object.fromEntries(MOCK_PORTALS.map((p) => [p.id, p.accounts(seed)])) as Record<MockPortalId, PortalAccount[]>;
}

/** The demo login (first seeded account) of each portal. */
export function demoCredentials(seed: number = DEFAULT_SEED): Record<MockPortalId, PortalAccount> {
  return Object.fromEntries(MOCK_PORTALS.map((p) => [p.id, p.accounts(seed)[0]!])) as Record<
    MockPortalId,
    PortalAccount
  >;
}

/** Human-readable index of running portals and their demo logins. */
export function portalsIndex(running: Pick<RunningPortals, 'seed' | 'urls' | 'credentials' | 'truth'>): string {
  const lines = [`Mock portals (seed ${running.seed}):`];
  for (const [id, url] of Object.entries(running.urls)) {
    const portal = MOCK_PORTALS.find((p) => p.id === id);
    const c = running.credentials[id as MockPortalId];
    const truth = running.truth.portals[id as MockPortalId];
    lines.push(`  ${id.padEnd(10)} ${url}  (${portal ? (portal.summary as (t: unknown) => string)(truth) : ''})`);
    if (c)
      lines.push(
        `             login: ${c.username} / ${c.password}${c.totpSecret ? `  TOTP secret: ${c.totpSecret}` : ''}`,
      );
    lines.push(`             admin: ${url}/__admin/stats  ${url}/__admin/truth  POST ${url}/__admin/faults`);
  }
  return lines.join('\n');
}

export function printIndex(
  running: Pick<RunningPortals, 'seed' | 'urls' | 'credentials' | 'truth'>,
  out: (s: string) => void = console.log,
): void {
  out(portalsIndex(running));
}

export { MOCK_PORTALS, type MockPortalId } from './portals.ts';
export {
  startAvailityPortal,
  availityAccounts,
  type AvailityTruth,
  type AvailityTruthClaim,
} from './availity/index.ts';
export { startUhcPortal, uhcAccounts, type UhcTruth } from './uhc/index.ts';
export { startCaqhPortal, caqhAccounts, type CaqhTruth } from './caqh/index.ts';
export { startMedicaidPortal, medicaidAccounts, type MedicaidTruth } from './medicaid/index.ts';
export type { RunningPortal, StartPortalOptions } from './shared/start-portal.ts';
export type { MockPortal, ContractTarget, ContractAdapter } from './shared/mock-portal.ts';
export { FaultsInput, parseFaultsSpec, type FaultState } from './shared/faults.ts';
export type { PortalStats } from './shared/sessions.ts';
export { DEFAULT_SEED, type PortalAccount } from './shared/accounts.ts';
export { groundTruth, type GroundTruth } from './truth.ts';
