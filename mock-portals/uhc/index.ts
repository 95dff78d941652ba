// The UHC-like mock portal: TIN picker after login, claim search by claim
// number or member + DOS, paginated results, claim detail, document library.
import { claimStatusTargets, eraNormalize, eraTarget, found, notFound } from '../shared/contract-targets.ts';
import { reconsiderationTargets } from '../shared/reconsiderations.ts';
import { defineMockPortal } from '../shared/mock-portal.ts';
import { startPortal, type RunningPortal, type StartPortalOptions } from '../shared/start-portal.ts';
import { uhcAccounts } from './data.ts';
import { seededReconsiderations, type UhcPortalTruth } from './reconsideration-data.ts';
import { buildUhcServer, uhcDefaultFaults } from './server.ts';
import { uhcTruthWithPayments, type UhcTruthWithPayments } from './truth.ts';

/** The portal's ground truth: claims and accounts, the payments page, and reconsiderations already on file. */
const truth = (seed: number): UhcPortalTruth & UhcTruthWithPayments => ({
  ...uhcTruthWithPayments(seed, uhcAccounts(seed)),
  reconsiderations: seededReconsiderations(seed),
});

export async function startUhcPortal(
  opts: StartPortalOptions = {},
): Promise<RunningPortal<UhcPortalTruth & UhcTruthWithPayments>> {
  return startPortal(
    {
      portal: 'uhc',
      truth,
      build: buildUhcServer,
      resetFaults: () => {
        const d = uhcDefaultFaults();
        return {
          maintenance: false,
          slowMs: 0,
          latencyMs: 0,
          rateLimit: 0,
          retryAfterSec: d.retryAfterSec,
          layout: 'v1',
          lockoutAfter: d.lockoutAfter,
          sessionTtlMs: d.sessionTtlMs,
          uploadFails: false,
          reconsiderationDecisionMs: 0,
        };
      },
    },
    opts,
  );
}

export const uhcPortal = defineMockPortal({
  id: 'uhc',
  name: 'UHC-like payer portal',
  defaultPort: 4011,
  accounts: uhcAccounts,
  truth,
  summary: (t) => `${t.claims.length} claims on ${t.tins.length} TINs, ${t.payments.length} payments`,
  start: startUhcPortal,
  contract: {
    targets: {
      'claim-status': (t, n) =>
        claimStatusTargets(
          t.claims,
          n,
          (c) => ({ tin: c.tin }),
          notFound('unknown claim', { claimNumber: 'ZZ00000000' }),
        ),
      'denial-details': (t, n) => [
        ...t.claims
          .filter((c) => c.denial)
          .slice(0, n)
          .map((c) => found(c.claimNumber, { claimNumber: c.claimNumber }, c.denial)),
        notFound('unknown claim', { claimNumber: 'ZZ00000000' }),
      ],
      'era-download': (t, n) =>
        eraTarget(
          t.payments.flatMap((p) => p.files.map((f) => f.expected)),
          n,
        ),
      'submit-reconsideration': (t) => uhcReconsiderationTargets(t).submit,
      'reconsideration-status': (t) => uhcReconsiderationTargets(t).status,
    },
    normalize: { 'era-download': eraNormalize },
  },
});

function uhcReconsiderationTargets(t: UhcPortalTruth) {
  const seeded = new Set(t.reconsiderations.map((r) => r.claimNumber));
  const open = t.claims.find((c) => c.denial && !seeded.has(c.claimNumber));
  if (!open) throw new Error('the ground truth has no denied claim without a reconsideration');
  return reconsiderationTargets({
    payerOf: () => 'uhc',
    openClaim: open.claimNumber,
    records: t.reconsiderations,
    unknownTracking: 'RCN0000000000',
  });
}

export { buildUhcServer, uhcDefaultFaults } from './server.ts';
export { uhcAccounts } from './data.ts';
export type { UhcTruth, UhcTruthClaim } from './data.ts';
export type { UhcTruthWithPayments } from './truth.ts';
export type { UhcPaymentTruth } from './remits.ts';
