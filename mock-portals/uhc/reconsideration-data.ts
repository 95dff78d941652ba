// The UHC-like portal's reconsideration history for a seed: two earlier
// requests on the last two claims with a denial letter (one decided upheld,
// one still in review), so tracking works from the first sign-in and the
// ground truth names what a status check must read.
import { addDays } from '../shared/helpers.ts';
import { type ReconsiderationRecord, trackingNumberFor } from '../shared/reconsiderations.ts';
import { uhcData, type UhcTruth } from './data.ts';

export const UHC_TRACKING_PREFIX = 'RCN';

export type UhcPortalTruth = UhcTruth & {
  /** Reconsiderations the portal holds at start (the live list: GET /__admin/reconsiderations). */
  reconsiderations: ReconsiderationRecord[];
};

export function seededReconsiderations(seed: number): ReconsiderationRecord[] {
  const withLetters = uhcData(seed).claims.filter((c) => c.letter);
  return withLetters.slice(-2).map((c, i) => {
    const submitted = addDays(c.letter?.letterDate as string, 21);
    return {
      trackingNumber: trackingNumberFor(seed, 'uhc', UHC_TRACKING_PREFIX, c.claimNumber),
      claimNumber: c.claimNumber,
      reason: 'MEDNEC',
      argument: 'Clinical notes attached show the service was medically necessary.',
      correctedFields: {},
      attachments: [{ fileName: 'clinical-notes.pdf', byteSize: 48_213, sha256: '0'.repeat(64) }],
      submittedAt: `${submitted}T15:00:00.000Z`,
      submittedBy: null,
      status: i === 0 ? 'decided' : 'in_review',
      decision: i === 0 ? 'upheld' : null,
      approvedCents: i === 0 ? 0 : null,
      decidedAt: i === 0 ? `${addDays(submitted, 28)}T15:00:00.000Z` : null,
    };
  });
}
