// The Availity-like multi-payer mock portal (Aetna, Cigna, Anthem): payer
// picker, login + TOTP, claim status search, remittance viewer, denial pages.
import { claimStatusTargets, eraNormalize, eraTarget, found, notFound } from '../shared/contract-targets.ts';
import { defineMockPortal } from '../shared/mock-portal.ts';
import { startPortal, type RunningPortal, type StartPortalOptions } from '../shared/start-portal.ts';
import { availityAccounts } from './data.ts';
import { buildAvailityServer } from './server.ts';
import { availityTruth, type AvailityTruth } from './truth.ts';
import { seededDisputes } from './dispute-routes.ts';
import { reconsiderationTargets, type ReconsiderationRecord } from '../shared/reconsiderations.ts';

export type AvailityPortalTruth = AvailityTruth & {
  /** Disputes the portal holds at start (the live list: GET /__admin/reconsiderations). */
  reconsiderations: ReconsiderationRecord[];
};
const truth = (seed: number): AvailityPortalTruth => ({
  ...availityTruth(seed),
  reconsiderations: seededDisputes(seed),
});

export async function startAvailityPortal(opts: StartPortalOptions = {}): Promise<RunningPortal<AvailityPortalTruth>> {
  return startPortal(
    {
      portal: 'availity',
      truth,
      build: buildAvailityServer,
      resetFaults: () => ({
        maintenance: false,
        slowMs: 0,
        latencyMs: 0,
        rateLimit: 0,
        layout: 'v1',
        uploadFails: false,
        reconsiderationDecisionMs: 0,
      }),
    },
    opts,
  );
}

export const availityPortal = defineMockPortal({
  id: 'availity',
  name: 'Availity-like multi-payer portal',
  defaultPort: 4010,
  accounts: availityAccounts,
  truth,
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
      'submit-reconsideration': (t) => availityDisputeTargets(t).submit,
      'reconsideration-status': (t) => availityDisputeTargets(t).status,
    },
    normalize: { 'era-download': eraNormalize },
  },
});

function availityDisputeTargets(t: AvailityPortalTruth) {
  const seeded = new Set(t.reconsiderations.map((r) => r.claimNumber));
  const open = t.claims.find((c) => c.scenario === 'denied' && !seeded.has(c.claimNumber));
  if (!open) throw new Error('the ground truth has no denied claim without a dispute');
  return reconsiderationTargets({
    payerOf: (n) => t.claims.find((c) => c.claimNumber === n)?.payerId ?? 'unknown',
    openClaim: open.claimNumber,
    records: t.reconsiderations,
    unknownTracking: 'DSP0000000000',
  });
}

export { buildAvailityServer } from './server.ts';
export { availityAccounts } from './data.ts';
export type { AvailityTruth, AvailityTruthClaim } from './truth.ts';
