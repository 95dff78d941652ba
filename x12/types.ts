// The `portalbots era parse --json` contract (DESIGN.md), as TypeScript types.
// Contract fields come first in each interface; fields marked "extra" are
// additions the contract allows (it says "keep every contract field").
// Amounts are JSON numbers exact to the cent: the parser does its arithmetic in
// integer cents and divides by 100 only when filling these objects.

export interface Adjustment {
  /** CAS01 group code: CO, PR, OA, PI, CR. */
  group: string;
  /** CARC (claim adjustment reason code). */
  reason: string;
  amount: number;
  /** Adjusted units/quantity; null when the payer sent none. */
  quantity: number | null;
}

export interface Procedure {
  /** SVC01-1 product/service id qualifier, e.g. HC (CPT/HCPCS), NU, AD, N4. */
  qualifier: string;
  code: string;
  modifiers: string[];
}

export interface ServiceLine {
  procedure: Procedure;
  chargeAmount: number;
  paidAmount: number;
  /** SVC05; the TR3 says a missing value means 1. */
  units: number;
  adjustments: Adjustment[];
  /** LQ*HE remark codes (RARC). */
  remarkCodes: string[];
  /** extra: DTM*472 (or DTM*150 period start), YYYY-MM-DD. */
  serviceDate: string | null;
  /** extra: AMT*B6 allowed amount; needed to spot silent denials (paid < allowed). */
  allowedAmount: number | null;
  /** extra: REF*6R line item control number, to match lines back to the claim. */
  lineItemControlNumber: string | null;
}

export interface Claim {
  patientControlNumber: string;
  /** CLP02: 1,2,3,4,19,20,21,22 (reversal),23,25. */
  statusCode: string;
  chargeAmount: number;
  paidAmount: number;
  patientResponsibility: number;
  payerClaimControlNumber: string | null;
  adjustments: Adjustment[];
  serviceLines: ServiceLine[];
  /** extra: CLP06 claim filing indicator (MC, CI, MB, ...). */
  claimFilingIndicator: string | null;
  /** extra: claim-level remark codes from MOA03-07 / MIA05, MIA20-23. */
  remarkCodes: string[];
}

export interface ProviderAdjustment {
  /** PLB03-1 etc.: WO, L6, FB, 72, CS, J1, ... */
  reason: string;
  /** PLB03-2 etc.: the payer's reference (often the original claim's ICN). */
  reference: string | null;
  /** Positive decreases the payment, negative increases it (X12 sign rule). */
  amount: number;
}

export type BalanceScope = 'payment' | 'claim';

export interface BalanceProblem {
  scope: BalanceScope;
  /** Claim problems only: CLP01 and the claim's 0-based index in `claims`. */
  patientControlNumber?: string;
  claimIndex?: number;
  expected: number;
  actual: number;
  message: string;
}

export interface Transaction {
  /** ST02. */
  controlNumber: string;
  payer: { name: string | null; id: string | null };
  payee: { name: string | null; npi: string | null; taxId: string | null };
  payment: {
    amount: number;
    /** BPR04: ACH, CHK, NON, FWT, BOP. */
    method: string;
    /** BPR16 as YYYY-MM-DD, null when absent or malformed. */
    date: string | null;
    traceNumber: string | null;
  };
  claims: Claim[];
  providerAdjustments: ProviderAdjustment[];
  balance: { ok: boolean; problems: BalanceProblem[] };
}

export type WarningCode =
  | 'SE_COUNT'
  | 'SE_CONTROL'
  | 'GE_COUNT'
  | 'GE_CONTROL'
  | 'IEA_COUNT'
  | 'IEA_CONTROL'
  | 'MISSING_PAYER'
  | 'MISSING_PAYEE';

/** Recoverable problems: the data is still usable, but a person should know. */
export interface ParseWarning {
  code: WarningCode;
  message: string;
  segment: string;
  /** 1-based segment index in the file. */
  position: number;
  /** 0-based byte offset of the segment in the file. */
  offset: number;
}

export interface Era835Result {
  transactions: Transaction[];
  warnings: ParseWarning[];
}
