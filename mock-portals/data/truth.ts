// Ground truth for a seed: what every mock portal holds and what a correct bot
// must return. JSON-able, so `portalbots portals truth --json` and
// `GET /__admin/truth` can serve it as is. One section per portal; portals
// added later register their own section here.
import type { ClaimStatusOutput } from '../../bots/runtime/tasks.ts';
import { availityAccounts } from './accounts.ts';
import { caqhAccounts } from './accounts.ts';
import { caqhTruth, type CaqhTruth } from './caqh.ts';
import { AVAILITY_PAYERS, availityData, expectedClaimStatus, type Scenario } from './availity.ts';
import { availityEraTruth, type AvailityEraTruthFile, type AvailityDenial } from './availity-era.ts';
import { uhcAccounts } from './accounts.ts';
import { uhcTruth, type UhcTruth } from './uhc.ts';
import { medicaidTruth, type MedicaidTruth } from '../medicaid/truth.ts';

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

export interface GroundTruth {
  schemaVersion: 1;
  seed: number;
  portals: {
    availity: {
      payers: { id: string; name: string }[];
      /** Usernames only: passwords and TOTP secrets come from demoCredentials(seed). */
      accounts: { id: string; username: string }[];
      claims: AvailityTruthClaim[];
      /** ERA files the remittance viewer serves, with each file's expected parse. */
      remittances: AvailityEraTruthFile[];
      /** Denial detail pages: the exact DenialDetailsOutput per claim. */
      denials: AvailityDenial[];
    };
    caqh: CaqhTruth;
    uhc: UhcTruth;
    medicaid: MedicaidTruth;
  };
}

export function groundTruth(seed: number): GroundTruth {
  const data = availityData(seed);
  return {
    schemaVersion: 1,
    seed,
    portals: {
      availity: {
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
      },
      caqh: caqhTruth(seed, caqhAccounts(seed)),
      uhc: uhcTruth(seed, uhcAccounts(seed)),
      medicaid: medicaidTruth(seed),
    },
  };
}
