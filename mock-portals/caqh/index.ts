// The CAQH-like credentialing mock portal: provider roster, profile and
// attestation status, authorized plans.
import { found, notFound } from '../shared/contract-targets.ts';
import { defineMockPortal } from '../shared/mock-portal.ts';
import { startPortal, type RunningPortal, type StartPortalOptions } from '../shared/start-portal.ts';
import { caqhAccounts, caqhTruth, type CaqhTruth } from './data.ts';
import { buildCaqhServer, caqhDefaultFaults } from './server.ts';

const truth = (seed: number): CaqhTruth => caqhTruth(seed, caqhAccounts(seed));

export async function startCaqhPortal(opts: StartPortalOptions = {}): Promise<RunningPortal<CaqhTruth>> {
  return startPortal(
    {
      portal: 'caqh',
      truth,
      build: buildCaqhServer,
      resetFaults: () => {
        const d = caqhDefaultFaults();
        return {
          maintenance: false,
          slowMs: 0,
          latencyMs: 0,
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

export const caqhPortal = defineMockPortal({
  id: 'caqh',
  name: 'CAQH-like credentialing portal',
  defaultPort: 4013,
  accounts: caqhAccounts,
  truth,
  summary: (t) => `${t.providers.length} providers`,
  start: startCaqhPortal,
  contract: {
    targets: {
      'credentialing-status': (t, n) => [
        ...t.providers.slice(0, n).map((p) => found(p.npi, { npi: p.npi }, p.expected)),
        notFound('unknown NPI', { npi: '1999999999' }),
      ],
    },
  },
});

export { buildCaqhServer, caqhDefaultFaults, searchRoster, ROSTER_PAGE_SIZE } from './server.ts';
export { caqhAccounts } from './data.ts';
export type { CaqhTruth } from './data.ts';
