// The UHC-like portal's whole ground truth: claims, letters and TINs (data.ts)
// plus the payments and their remittance files (remits.ts), so tests can
// assert what an era-download must store and what ingesting it must match.
import type { PortalAccount } from '../shared/accounts.ts';
import { uhcTruth, type UhcTruth } from './data.ts';
import { uhcPaymentTruth, type UhcPaymentTruth } from './remits.ts';

export interface UhcTruthWithPayments extends UhcTruth {
  /** Every payment, oldest first, with the era-download entry of each of its 835s. */
  payments: UhcPaymentTruth[];
}

export function uhcTruthWithPayments(seed: number, accounts: readonly PortalAccount[]): UhcTruthWithPayments {
  return { ...uhcTruth(seed, accounts), payments: uhcPaymentTruth(seed) };
}
