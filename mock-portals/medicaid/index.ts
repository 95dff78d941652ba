// The State Medicaid-like legacy mock portal: frames, nested tables, a terms
// interstitial, a short-lived session cookie and an RA (835) download area.
import { claimStatusTargets, eraNormalize, eraTarget, notFound } from '../shared/contract-targets.ts';
import { defineMockPortal } from '../shared/mock-portal.ts';
import { startPortal, type RunningPortal, type StartPortalOptions } from '../shared/start-portal.ts';
import { medicaidAccounts } from './data.ts';
import { buildMedicaidServer } from './server.ts';
import type { MedicaidStats } from './sessions.ts';
import { medicaidTruth, type MedicaidTruth } from './truth.ts';

export interface RunningMedicaidPortal extends RunningPortal<MedicaidTruth> {
  stats(): MedicaidStats;
}

export async function startMedicaidPortal(opts: StartPortalOptions = {}): Promise<RunningMedicaidPortal> {
  return startPortal(
    {
      portal: 'medicaid',
      truth: medicaidTruth,
      build: buildMedicaidServer,
      resetFaults: () => ({ maintenance: false, slowMs: 0, latencyMs: 0, rateLimit: 0, layout: 'v1' }),
    },
    opts,
  );
}

export const medicaidPortal = defineMockPortal({
  id: 'medicaid',
  name: 'State Medicaid-like legacy portal',
  defaultPort: 4012,
  accounts: medicaidAccounts,
  truth: medicaidTruth,
  summary: (t) => `${t.claims.length} claims, ${t.raFiles.length} RA files`,
  start: startMedicaidPortal,
  contract: {
    targets: {
      'claim-status': (t, n) =>
        claimStatusTargets(t.claims, n, () => ({}), notFound('unknown ICN', { claimNumber: '9999999999999' })),
      'era-download': (t, n) =>
        eraTarget(
          t.raFiles.map((f) => f.expected),
          n,
        ),
    },
    normalize: { 'era-download': eraNormalize },
  },
});

export { buildMedicaidServer, MEDICAID_DEFAULT_SESSION_TTL_MS } from './server.ts';
export { medicaidRaFiles, type RaFile } from './remits.ts';
export { medicaidAccounts } from './data.ts';
export type { MedicaidStats } from './sessions.ts';
export type { MedicaidTruth } from './truth.ts';
