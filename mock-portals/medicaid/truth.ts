// Ground-truth section of the Medicaid-like portal: every claim's exact
// claim-status output, and every RA file's listing (the era-download output
// minus the evidence id) with the parse its 835 must produce.
import type { ClaimStatusOutput, EraDownloadOutput } from '../../bots/index.ts';
import type { Transaction } from '../../x12/types.ts';
import { toDollars } from '../shared/helpers.ts';
import {
  expectedMedicaidClaimStatus,
  MEDICAID_PAYER,
  medicaidAccounts,
  medicaidData,
  type MedicaidScenario,
} from './data.ts';
import { medicaidRaFiles } from './remits.ts';

type EraFileOutput = EraDownloadOutput['files'][number];

export interface MedicaidTruthClaim {
  icn: string;
  scenario: MedicaidScenario;
  memberId: string;
  patient: { firstName: string; lastName: string; dateOfBirth: string };
  patientControlNumber: string;
  /** Rendering provider and the billing provider's TIN the claim was filed under. */
  providerNpi: string;
  tin: string;
  serviceDate: string;
  /** The exact ClaimStatusOutput a claim-status bot must produce for { claimNumber: icn }. */
  expected: ClaimStatusOutput;
}

export interface MedicaidTruthRaFile {
  paymentDate: string;
  method: 'ACH' | 'CHK' | 'NON';
  claimCount: number;
  /** The era-download output entry for this file, without evidenceId (it comes from the evidence sink). */
  expected: Omit<EraFileOutput, 'evidenceId'>;
  /** What parse835Text(downloaded bytes).transactions must equal. */
  transactions: Transaction[];
  /** The RA as a PDF, stored by era-download next to the 835. */
  pdfFileName: string;
}

export interface MedicaidTruth {
  payer: { id: string; name: string };
  /** Provider ids only: passwords come from demoCredentials(seed) / medicaidAccounts(seed). */
  accounts: { id: string; username: string }[];
  claims: MedicaidTruthClaim[];
  /** Oldest first. */
  raFiles: MedicaidTruthRaFile[];
}

export function medicaidTruth(seed: number): MedicaidTruth {
  const data = medicaidData(seed);
  return {
    payer: { id: MEDICAID_PAYER.id, name: MEDICAID_PAYER.name },
    accounts: medicaidAccounts(seed).map((a) => ({ id: a.id, username: a.username })),
    claims: data.claims.map((c) => ({
      icn: c.icn,
      scenario: c.scenario,
      memberId: c.memberId,
      patient: { ...c.patient },
      patientControlNumber: c.patientControlNumber,
      providerNpi: c.provider.npi,
      tin: data.billingProvider.taxId,
      serviceDate: c.serviceDate,
      expected: expectedMedicaidClaimStatus(data, c),
    })),
    raFiles: medicaidRaFiles(seed).map((f) => ({
      paymentDate: f.paymentDate,
      method: f.method,
      claimCount: f.claimCount,
      expected: {
        fileName: f.fileName,
        payer: MEDICAID_PAYER.id,
        paymentDate: f.paymentDate,
        traceNumber: f.traceNumber,
        amount: toDollars(f.amountCents),
        sha256: f.sha256,
        byteSize: f.byteSize,
      },
      transactions: f.transactions,
      pdfFileName: f.pdfFileName,
    })),
  };
}
