// Starts every mock portal for a seed. Today: the Availity-like portal; the
// UHC-like, Medicaid-like and CAQH-like portals are added here as they land
// (each one a folder with its own server and a data module under data/).
import { DEFAULT_SEED, demoCredentials, type PortalAccount } from './data/accounts.ts';
import { groundTruth, type GroundTruth } from './data/truth.ts';
import { startAvailityPortal, type RunningPortal } from './availity/index.ts';
import { startCaqhPortal } from './caqh/index.ts';
import { startUhcPortal } from './uhc/index.ts';
import { startMedicaidPortal } from './medicaid/index.ts';
import type { FaultsInput } from './availity/faults.ts';

export interface StartPortalsOptions {
  seed?: number;
  /** First port; portal i listens on basePort + i. 0 (default) picks free ports. */
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
  credentials: Record<string, PortalAccount>;
  truth: GroundTruth;
  close(): Promise<void>;
}

export async function startPortals(opts: StartPortalsOptions = {}): Promise<RunningPortals> {
  const seed = opts.seed ?? DEFAULT_SEED;
  const port = (i: number) => (opts.basePort ? opts.basePort + i : 0);
  const availity = await startAvailityPortal({
    seed,
    port: port(0),
    ...(opts.host ? { host: opts.host } : {}),
    ...(opts.faults ? { faults: opts.faults } : {}),
  });
  const portals: Record<string, RunningPortal> = { availity };
  portals.caqh = await startCaqhPortal({
    seed,
    port: port(3),
    ...(opts.host ? { host: opts.host } : {}),
    ...(opts.faults ? { faults: opts.faults } : {}),
  });
  portals.uhc = await startUhcPortal({
    seed,
    port: port(1),
    ...(opts.host ? { host: opts.host } : {}),
    ...(opts.faults ? { faults: opts.faults } : {}),
  });
  portals.medicaid = await startMedicaidPortal({
    seed,
    port: port(2),
    ...(opts.host ? { host: opts.host } : {}),
    ...(opts.faults ? { faults: opts.faults } : {}),
  });
  return {
    seed,
    portals,
    urls: Object.fromEntries(Object.entries(portals).map(([id, p]) => [id, p.url])),
    credentials: demoCredentials(seed),
    truth: groundTruth(seed),
    close: async () => {
      await Promise.allSettled(Object.values(portals).map((p) => p.close()));
    },
  };
}

/** Human-readable index of running portals and their demo logins. */
export function portalsIndex(running: Pick<RunningPortals, 'seed' | 'urls' | 'credentials' | 'truth'>): string {
  const lines = [`Mock portals (seed ${running.seed}):`];
  for (const [id, url] of Object.entries(running.urls)) {
    const c = running.credentials[id as keyof typeof running.credentials];
    const claims = id === 'availity' ? running.truth.portals.availity.claims.length : 0;
    lines.push(`  ${id.padEnd(10)} ${url}  (${claims} claims)`);
    if (c) lines.push(`             login: ${c.username} / ${c.password}  TOTP secret: ${c.totpSecret}`);
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

export { startAvailityPortal, type RunningPortal, type StartPortalOptions } from './availity/index.ts';
export { FaultsInput, parseFaultsSpec, type FaultState } from './availity/faults.ts';
export type { PortalStats } from './availity/sessions.ts';
export { DEFAULT_SEED, demoCredentials, availityAccounts, type PortalAccount } from './data/accounts.ts';
export { groundTruth, type GroundTruth, type AvailityTruthClaim } from './data/truth.ts';
