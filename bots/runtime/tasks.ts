// The task contracts every bot implements (DESIGN.md "Tasks"). Inputs are
// validated before a bot sees them; outputs are validated before anything
// downstream trusts them, so a portal that renders something unexpected
// becomes a classified error instead of a wrong value.
import { z } from 'zod';
import {
  ReconsiderationStatusInput,
  ReconsiderationStatusOutput,
  SubmitReconsiderationInput,
  SubmitReconsiderationOutput,
} from './tasks-reconsideration.ts';

export * from './tasks-reconsideration.ts';

export const TASK_NAMES = [
  'claim-status',
  'era-download',
  'denial-details',
  'credentialing-status',
  'eligibility',
  'prior-auth-status',
  'submit-reconsideration',
  'reconsideration-status',
] as const;
export const TaskName = z.enum(TASK_NAMES);
export type TaskName = z.infer<typeof TaskName>;

/** Money is carried as integer cents internally would be safer, but the
 * contract is JSON numbers exact to the cent: we validate two decimals. */
export const Money = z
  .number()
  .refine((n) => Number.isFinite(n) && Math.round(n * 100) === Number((n * 100).toFixed(6)), {
    message: 'must be an amount exact to the cent',
  });
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD');

/** Payer claim numbers and our claim ids: letters, digits and dashes, 5-30 long. */
export const ClaimNumber = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9-]{5,30}$/, 'must be 5-30 letters, digits or dashes');
export const MemberId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]{6,20}$/, 'must be 6-20 letters or digits');
export const Npi = z.string().regex(/^\d{10}$/, 'must be a 10-digit NPI');

/** 277 claim status category codes (X12 507). */
export const StatusCategory = z
  .string()
  .regex(/^(A[0-8]|P[0-5]|F[0-4]|R[0-9]{0,2}|E[0-4]?|D0)$/, 'must be a 277 claim status category code');

/** The practice's account number for a claim (CLM01): 1-38 letters, digits or dashes. */
export const PatientControlNumber = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9-]{1,38}$/, 'must be 1-38 letters, digits or dashes');
export const Tin = z.string().regex(/^\d{9}$/, 'must be a 9-digit TIN');

/**
 * A claim known only by what the practice has: member, birth date, dates of
 * service, and what picks one claim out of a member's list (billed amount,
 * service date, patient control number). Portals differ in what they need
 * (Availity-like: payer + NPI; UHC-like: TIN); a bot names the missing field.
 */
export const MemberClaimSearch = z
  .object({
    memberId: MemberId,
    dateOfBirth: IsoDate.optional(),
    serviceDateFrom: IsoDate,
    serviceDateTo: IsoDate,
    billedAmount: Money.optional(),
    patientControlNumber: PatientControlNumber.optional(),
    providerNpi: Npi.optional(),
    tin: Tin.optional(),
    payer: z
      .string()
      .regex(/^[a-z0-9-]{1,40}$/, 'must be a payer id')
      .optional(),
  })
  .strict();
export type MemberClaimSearch = z.infer<typeof MemberClaimSearch>;

export const ClaimStatusInput = z.union([z.object({ claimNumber: ClaimNumber }).strict(), MemberClaimSearch]);
export type ClaimStatusInput = z.infer<typeof ClaimStatusInput>;

export const GroupCode = z.enum(['CO', 'PR', 'OA', 'PI', 'CR']);
export const Adjustment = z.object({
  group: GroupCode,
  carc: z.string().regex(/^[A-Z]?\d{1,3}$/, 'must be a CARC code'),
  amount: Money,
});
export type Adjustment = z.infer<typeof Adjustment>;

/** One service line as the portal lists it, with its own status (PAID, DENIED, ...). */
export const ServiceLine = z.object({
  line: z.number().int().positive(),
  procedureCode: z.string().min(1),
  billedAmount: Money,
  paidAmount: Money,
  status: z.string().min(1),
});
export type ServiceLine = z.infer<typeof ServiceLine>;

export const ClaimStatusOutput = z.object({
  claimNumber: ClaimNumber,
  payer: z.string().min(1),
  statusCategory: StatusCategory,
  statusCode: z.string().optional(),
  statusText: z.string().min(1),
  serviceDate: IsoDate.optional(),
  billedAmount: Money,
  allowedAmount: Money.nullable(),
  paidAmount: Money,
  patientResponsibility: Money,
  checkNumber: z.string().nullable(),
  paymentDate: IsoDate.nullable(),
  adjustments: z.array(Adjustment),
  remarkCodes: z.array(z.string().regex(/^[A-Z]{1,2}\d{1,3}$/, 'must be a RARC code')),
  /** Line-level statuses, on portals that show them. */
  serviceLines: z.array(ServiceLine).optional(),
});
export type ClaimStatusOutput = z.infer<typeof ClaimStatusOutput>;

// ---- denial-details: claim number -> codes with descriptions, rationale, deadline
export const DenialDetailsInput = z.object({ claimNumber: ClaimNumber }).strict();
export type DenialDetailsInput = z.infer<typeof DenialDetailsInput>;
export const DenialDetailsOutput = z.object({
  claimNumber: ClaimNumber,
  payer: z.string().min(1),
  carcCodes: z.array(
    z.object({
      code: z.string().regex(/^[A-Z]?\d{1,3}$/, 'must be a CARC code'),
      group: GroupCode.optional(),
      amount: Money.optional(),
      description: z.string().min(1),
    }),
  ),
  remarkCodes: z.array(
    z.object({ code: z.string().regex(/^[A-Z]{1,2}\d{1,3}$/, 'must be a RARC code'), description: z.string().min(1) }),
  ),
  rationale: z.string().max(4000).nullable(),
  /** The appeal deadline as the portal shows it, when it shows one. */
  appealDeadline: IsoDate.nullable(),
  denialDate: IsoDate.nullable(),
  billedAmount: Money.nullable(),
  deniedAmount: Money.nullable(),
});
export type DenialDetailsOutput = z.infer<typeof DenialDetailsOutput>;

// ---- credentialing-status: provider NPI -> enrollment per payer, attestation dates
export const CredentialingStatusInput = z.object({ npi: Npi }).strict();
export type CredentialingStatusInput = z.infer<typeof CredentialingStatusInput>;
export const CredentialingState = z.enum([
  'initial_profile_complete',
  'reattestation_due',
  'expired',
  'in_progress',
  'approved',
  'denied',
  'terminated',
]);
export const CredentialingStatusOutput = z.object({
  npi: Npi,
  providerName: z.string().min(1),
  /** CAQH-like profile status. */
  profileStatus: CredentialingState,
  lastAttestationDate: IsoDate.nullable(),
  /** Re-attestation due (CAQH: every 120 days). */
  reattestationDueDate: IsoDate.nullable(),
  enrollments: z.array(
    z.object({
      payer: z.string().min(1),
      status: CredentialingState,
      effectiveDate: IsoDate.nullable(),
      expiryDate: IsoDate.nullable(),
    }),
  ),
});
export type CredentialingStatusOutput = z.infer<typeof CredentialingStatusOutput>;

// ---- era-download: date range -> the 835 files themselves (stored as evidence)
export const EraDownloadInput = z
  .object({ from: IsoDate, to: IsoDate, payer: z.string().min(1).optional() })
  .strict()
  .refine((v) => v.from <= v.to, { message: 'from must not be after to', path: ['from'] });
export type EraDownloadInput = z.infer<typeof EraDownloadInput>;
export const EraDownloadOutput = z.object({
  files: z.array(
    z.object({
      fileName: z.string().min(1),
      payer: z.string().min(1).nullable(),
      paymentDate: IsoDate.nullable(),
      /** Check/EFT trace number as listed by the portal. */
      traceNumber: z.string().nullable(),
      amount: Money.nullable(),
      /** Evidence id and SHA-256 of the stored original. */
      evidenceId: z.string().min(1),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      byteSize: z.number().int().nonnegative(),
    }),
  ),
  /**
   * Other files of the remittance stored as evidence but not 835s (never
   * ingested): PDF remittance advice, and ZIP archives the 835s came in.
   */
  documents: z
    .array(
      z.object({
        kind: z.enum(['remittance-advice-pdf', 'archive']),
        fileName: z.string().min(1),
        paymentDate: IsoDate.nullable(),
        traceNumber: z.string().nullable(),
        evidenceId: z.string().min(1),
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
        byteSize: z.number().int().nonnegative(),
      }),
    )
    .optional(),
});
export type EraDownloadOutput = z.infer<typeof EraDownloadOutput>;

// ---- eligibility (beyond core)
export const EligibilityInput = z.object({ memberId: MemberId, dateOfBirth: IsoDate, date: IsoDate }).strict();
export const EligibilityOutput = z.object({
  payer: z.string().min(1),
  active: z.boolean(),
  plan: z.string().nullable(),
  effectiveDate: IsoDate.nullable(),
  terminationDate: IsoDate.nullable(),
});

// ---- prior-auth-status (beyond core)
export const PriorAuthInput = z.union([
  z.object({ authNumber: z.string().regex(/^[A-Za-z0-9-]{5,30}$/, 'must be 5-30 letters, digits or dashes') }).strict(),
  z.object({ memberId: MemberId, dateOfBirth: IsoDate }).strict(),
]);
export const PriorAuthOutput = z.object({
  authNumber: z.string().min(1),
  payer: z.string().min(1),
  status: z.enum(['approved', 'pending', 'denied', 'partially_approved', 'expired', 'cancelled']),
  approvedUnits: z.number().int().nonnegative().nullable(),
  validFrom: IsoDate.nullable(),
  validTo: IsoDate.nullable(),
});

export const TaskInputs = {
  'claim-status': ClaimStatusInput,
  'denial-details': DenialDetailsInput,
  'credentialing-status': CredentialingStatusInput,
  'era-download': EraDownloadInput,
  eligibility: EligibilityInput,
  'prior-auth-status': PriorAuthInput,
  'submit-reconsideration': SubmitReconsiderationInput,
  'reconsideration-status': ReconsiderationStatusInput,
} as const;
export const TaskOutputs = {
  'claim-status': ClaimStatusOutput,
  'denial-details': DenialDetailsOutput,
  'credentialing-status': CredentialingStatusOutput,
  'era-download': EraDownloadOutput,
  eligibility: EligibilityOutput,
  'prior-auth-status': PriorAuthOutput,
  'submit-reconsideration': SubmitReconsiderationOutput,
  'reconsideration-status': ReconsiderationStatusOutput,
} as const;
