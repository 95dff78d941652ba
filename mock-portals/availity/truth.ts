// The Availity-like portal's ground truth for a seed: its payers, accounts,
// claims with the exact claim-status output a correct bot returns, the ERA
// files its remittance viewer serves and its denial detail pages.
import type { ClaimStatusOutput } from '../../bots/index.ts';
import { AVAILITY_PAYERS, availityAccounts, availityData, expectedClaimStatus, type Scenario } from './data.ts';
import { availityEraTruth, type AvailityDenial, type AvailityEraTruthFile } from './era-data.ts';

export interface AvailityTruthClaim {
  claimNumber: string;
  payerId: string;
  scenario: Scenario;
  memberId: string;
  patient: { firstName: string; lastName: string; dateOfBirth: string };
  patientControlNumber: string;
  providerNpi: string;
  serviceDate: string;
  /** The exact ClaimStatusOutput a claim-status bot must produce. */
  expected: ClaimStatusOutput;
}

export interface AvailityTruth {
  payers: { id: string; name: string }[];
  /** Usernames only: passwords and TOTP secrets come from the portal's accounts. */
  accounts: { id: string; username: string }[];
  claims: AvailityTruthClaim[];
  /** ERA files the remittance viewer serves, with each file's expected parse. */
  remittances: AvailityEraTruthFile[];
  /** Denial detail pages: the exact DenialDetailsOutput per claim. */
  denials: AvailityDenial[];
}

export function availityTruth(seed: number): AvailityTruth {
  const data = availityData(seed);
  return {
    payers: AVAILITY_PAYERS.map((p) => ({ id: p.id, name: p.name })),
    accounts: availityAccounts(seed).map((a) => ({ id: a.id, username: a.username })),
    claims: data.claims.map((c) => ({
      claimNumber: c.claimNumber,
      payerId: c.payerId,
      scenario: c.scenario,
      memberId: c.memberId,
      patient: { ...c.patient },
      patientControlNumber: c.patientControlNumber,
      providerNpi: c.provider.npi,
      serviceDate: c.serviceDate,
      expected: expectedClaimStatus(c),
    })),
    ...availityEraTruth(seed),
  };
}
