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
  // The fields below are present only when the file sends them (see docs/ERA.md).
  /** SVC04 NUBC revenue code (institutional lines). */
  revenueCode?: string;
  /** SVC06: the procedure as submitted, when the payer adjudicated a different one (paid-as-different-code). */
  originalProcedure?: Procedure;
  /** SVC07 units as submitted, when they differ from the paid units. */
  originalUnits?: number;
  /** DTM*150 service period start (when a period, not a single date, was sent). */
  serviceStartDate?: string;
  /** DTM*151 service period end. */
  serviceEndDate?: string;
  /** Every line-level REF (6R, LU, 1S, APC, 0K, rendering provider ids, ...) except SSN-like qualifiers. */
  references?: References;
  /** Every line-level AMT by qualifier (B6 allowed, KH late filing reduction, T tax, ZK-ZO, ...). */
  amounts?: Record<string, number>;
  /** Every line-level QTY by qualifier (ZK-ZO, ...). */
  quantities?: Record<string, number>;
  /** LQ*RX pharmacy (NCPDP) reject reason codes. */
  pharmacyRejectCodes?: string[];
}

/**
 * REF segments of one loop: REF01 qualifier -> REF02 value. The TR3 gives each
 * qualifier once per loop; should a payer repeat one, the later values are kept
 * as "<qualifier>#2", "<qualifier>#3", ... so nothing is lost.
 */
export type References = Record<string, string>;

/** An entity named by NM1 that is not a person's PHI (a provider or a payer). */
export interface Party {
  /** NM103 organisation or last name; omitted for the rendering provider (people's names stay out). */
  name?: string;
  /** NM108 id qualifier: XX (NPI), FI (tax id), PI/XV (payer id), ... */
  idQualifier: string | null;
  /** NM109. */
  id: string | null;
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
  // The fields below are present only when the file sends them (see docs/ERA.md).
  /** LX01 of the header-number loop this claim sits in (groups claims by provider/bill type). */
  lxNumber?: string;
  /** CLP08 facility type (place of service or bill type first two digits). */
  facilityType?: string;
  /** CLP09 claim frequency code: 1 original, 7 replacement, 8 void. */
  frequencyCode?: string;
  /** CLP11 DRG code. */
  drgCode?: string;
  /** CLP12 DRG weight. */
  drgWeight?: number;
  /** CLP13 discharge fraction (percent). */
  dischargeFraction?: number;
  /** REF*F8: the payer claim number of the claim this one corrects or reverses. */
  originalReferenceNumber?: string;
  /** Every claim-level REF (F8, EA, 1L, CE, 9A, G1, 28, 6P, IG, rendering ids, ...) except member id/SSN qualifiers (1W, SY). */
  references?: References;
  /** DTM*232 statement period start. */
  statementFromDate?: string;
  /** DTM*233 statement period end. */
  statementToDate?: string;
  /** DTM*050 date the payer received the claim. */
  receivedDate?: string;
  /** DTM*036 coverage expiration date. */
  coverageExpirationDate?: string;
  /** Every claim-level AMT by qualifier: AU coverage, I interest, D8 discount, F5 patient paid, ZK-ZO, NL, T, T2, DY. */
  amounts?: Record<string, number>;
  /** Every claim-level QTY by qualifier: CA covered days, CD co-insured days, LA lifetime reserve, ZK-ZO, ... */
  quantities?: Record<string, number>;
  /** MIA (inpatient adjudication): every non-remark element by its X12 reference, e.g. { "MIA01": 3, "MIA04": 1200 }. */
  inpatient?: Record<string, number>;
  /** MOA (outpatient adjudication): every non-remark element by its X12 reference, e.g. { "MOA02": 80.5 }. */
  outpatient?: Record<string, number>;
  /** NM1*82 rendering provider (NPI when NM108 = XX); the name is left out. */
  renderingProvider?: Party;
  /** NM1*TT crossover carrier (the claim was forwarded to this payer). */
  crossoverCarrier?: Party;
  /** NM1*PR corrected priority payer (the claim should have gone to this payer). */
  correctedPayer?: Party;
  /** PER*CX claim contact: PER02 name and the PER03/04 ... 07/08 communication numbers. */
  contact?: Contact;
}

export interface Contact {
  name: string | null;
  numbers: { qualifier: string; value: string }[];
}

/** TS3 provider summary (institutional): per LX, the payer's totals for one provider. */
export interface ProviderSummary {
  lxNumber: string | null;
  /** TS301 provider identifier (usually the NPI). */
  providerId: string;
  /** TS302 facility type code. */
  facilityType: string;
  /** TS303 fiscal period end, YYYY-MM-DD. */
  fiscalPeriodDate: string | null;
  /** TS304 total claim count. */
  claimCount: number | null;
  /** TS305 total claim charge amount. */
  totalChargeAmount: number | null;
  /** Every other TS3 amount by its X12 reference (TS313, TS315, TS317, ...) and, when a TS2 follows, every TS2 amount (TS201 ... TS219). */
  amounts: Record<string, number>;
}

/** Interchange and functional group the transaction came in. */
export interface Envelope {
  /** ISA15: P production, T test. Test files are parsed but not ingested as real payments unless forced. */
  usage: string;
  /** ISA06 / ISA08, trimmed. */
  senderId: string;
  receiverId: string;
  /** ISA13. */
  interchangeControlNumber: string;
  /** GS02 / GS03 application sender and receiver codes. */
  groupSenderId: string;
  groupReceiverId: string;
  /** GS08 version, e.g. 005010X221A1 or 004010X091A1. */
  version: string;
}

export interface ProviderAdjustment {
  /** PLB03-1 etc.: WO, L6, FB, 72, CS, J1, ... */
  reason: string;
  /** PLB03-2 etc.: the payer's reference (often the original claim's ICN). */
  reference: string | null;
  /** Positive decreases the payment, negative increases it (X12 sign rule). */
  amount: number;
  /** extra: PLB01 provider identifier (NPI or tax id) and PLB02 fiscal period date, YYYY-MM-DD. */
  providerId?: string;
  fiscalPeriodDate?: string;
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
  payer: {
    name: string | null;
    id: string | null;
    /** extra: where `id` came from: N1*PR03 (XV, PI), 2U (REF*2U) or FI (the EIN in TRN03 after its leading "1"). */
    idQualifier?: string;
    /** extra: every REF in the payer loop (2U, EO, HI, NF). */
    references?: References;
  };
  payee: {
    name: string | null;
    npi: string | null;
    taxId: string | null;
    /** extra: N1*PE03 id qualifier (XX, FI, XV). */
    idQualifier?: string;
    /** extra: every REF in the payee loop (TJ, PQ, 0B, D3). */
    references?: References;
  };
  payment: {
    /** Signed: negative when BPR03 = D (a debit: the payer takes money back). */
    amount: number;
    /** extra: BPR03, C (credit, money to the provider) or D (debit). */
    creditDebit: 'C' | 'D';
    /** extra: BPR01 transaction handling code: I remittance with payment, H notification only, C payment and data, ... */
    handlingCode: string;
    /** BPR04: ACH, CHK, NON, FWT, BOP. */
    method: string;
    /** BPR16 as YYYY-MM-DD, null when absent or malformed. */
    date: string | null;
    traceNumber: string | null;
    /** extra: TRN04 originating company supplemental code (a payer division). */
    traceSupplementalCode?: string;
    /** extra: DTM*405 production date. */
    productionDate?: string;
  };
  /** extra: the interchange and group this transaction came in. */
  envelope: Envelope;
  /** extra: header REFs (EV receiver id, F2 version code). */
  references?: References;
  /** extra: TS3/TS2 provider summaries, in file order. */
  providerSummaries?: ProviderSummary[];
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
  | 'MISSING_PAYEE'
  | 'SKIPPED_TRANSACTION_SET';

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
