// The Availity-like multi-payer mock portal (Aetna, Cigna, Anthem): payer
// picker, login + TOTP, claim status search, remittance viewer, denial pages.
import { claimStatusTargets, eraNormalize, eraTarget, found, notFound } from '../shared/contract-targets.ts';
import { defineMockPortal } from '../shared/mock-portal.ts';
import { startPortal, type RunningPortal, type StartPortalOptions } from '../shared/start-portal.ts';
import { availityAccounts } from './data.ts';
import { buildAvailityServer } from './server.ts';
import { availityTruth, type AvailityTruth } from './truth.ts';

export async function startAvailityPortal(opts: StartPortalOptions = {}): Promise<RunningPortal<AvailityTruth>> {
  return startPortal(
    {
      portal: 'availity',
      truth: availityTruth,
      build: buildAvailityServer,
      resetFaults: () => ({ maintenance: false, slowMs: 0, latencyMs: 0, rateLimit: 0, layout: 'v1' }),
    },
    opts,
  );
}

export const availityPortal = defineMockPortal({
  id: 'availity',
  name: 'Availity-like multi-payer portal',
  defaultPort: 4010,
  accounts: availityAccounts,
  truth: availityTruth,
  summary: (t) => `${t.claims.length} claims, ${t.remittances.length} ERA files`,
  start: startAvailityPortal,
  contract: {
    targets: {
      'claim-status': (t, n) =>
        claimStatusTargets(
          t.claims,
          n,
          (c) => ({ payer: c.payerId, providerNpi: c.providerNpi }),
          notFound('unknown claim', { claimNumber: 'AET00000000000' }),
        ),
      'denial-details': (t, n) => [
        ...t.denials.slice(0, n).map((d) => found(d.claimNumber, { claimNumber: d.claimNumber }, d.expected)),
        notFound('unknown claim', { claimNumber: 'AET00000000000' }),
      ],
      'era-download': (t, n) =>
        eraTarget(
          t.remittances.map((f) => ({
            fileName: f.fileName,
            payer: f.payer,
            paymentDate: f.paymentDate,
            traceNumber: f.traceNumber,
            amount: f.amount,
            sha256: f.sha256,
            byteSize: f.byteSize,
          })),
          n,
        ),
    },
    normalize: { 'era-download': eraNormalize },
  },
});

export { buildAvailityServer } from './server.ts';
export { availityAccounts } from './data.ts';
export type { AvailityTruth, AvailityTruthClaim } from './truth.ts';
