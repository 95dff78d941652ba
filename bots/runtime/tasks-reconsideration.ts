// Task contracts of the write tasks: submitting a reconsideration (UHC
// calls it reconsideration, Availity a claim dispute) and reading its
// decision. Submitting changes the payer's records, so the input carries an
// explicit dryRun: in a dry run the bot fills every step and stops on the
// review page, before the one click that submits.
import { z } from 'zod';

const ClaimNumberField = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9-]{5,30}$/, 'must be 5-30 letters, digits or dashes');
const IsoDateField = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD');
const MoneyField = z
  .number()
  .refine((n) => Number.isFinite(n) && Math.round(n * 100) === Number((n * 100).toFixed(6)), {
    message: 'must be an amount exact to the cent',
  });

/** Why the claim should be reconsidered; each portal maps these to its own reason list. */
export const RECONSIDERATION_REASONS = [
  'corrected_claim',
  'medical_necessity',
  'prior_authorization',
  'timely_filing',
  'coordination_of_benefits',
  'not_duplicate',
  'coding',
  'underpayment',
  'other',
] as const;
export const ReconsiderationReason = z.enum(RECONSIDERATION_REASONS);
export type ReconsiderationReason = z.infer<typeof ReconsiderationReason>;

/** A PDF to attach, carried as bytes (base64): the worker reads it from PostgreSQL, never from Redis. */
export const Attachment = z
  .object({
    fileName: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,80}\.pdf$/i, 'must be a file name ending in .pdf (letters, digits, . _ -)'),
    contentBase64: z.string().min(8).max(14_000_000, 'must be at most 10 MB'),
  })
  .strict();
export type Attachment = z.infer<typeof Attachment>;

export const SubmitReconsiderationInput = z
  .object({
    claimNumber: ClaimNumberField,
    reason: ReconsiderationReason,
    argument: z.string().trim().min(20, 'must be at least 20 characters').max(4000),
    correctedFields: z
      .object({
        procedureCode: z
          .string()
          .regex(/^[A-Z0-9]{5}$/, 'must be a 5-character procedure code')
          .optional(),
        diagnosisCode: z
          .string()
          .regex(/^[A-Z][0-9A-Z]{2}\.?[0-9A-Z]{0,4}$/, 'must be an ICD-10 code')
          .optional(),
        billedAmount: MoneyField.optional(),
      })
      .strict()
      .default({}),
    attachments: z.array(Attachment).min(1, 'must attach at least one PDF').max(5),
    dryRun: z.boolean(),
  })
  .strict();
export type SubmitReconsiderationInput = z.infer<typeof SubmitReconsiderationInput>;

export const SubmitReconsiderationOutput = z.object({
  claimNumber: ClaimNumberField,
  payer: z.string().min(1),
  /**
   * dry_run: every step filled, stopped on the review page, nothing sent;
   * submitted: the portal confirmed it; already_in_progress: the portal
   * refused a second one and named the tracking number of the first.
   */
  status: z.enum(['dry_run', 'submitted', 'already_in_progress']),
  trackingNumber: z
    .string()
    .regex(/^[A-Za-z0-9-]{6,30}$/, 'must be a tracking number')
    .nullable(),
  submittedDate: IsoDateField.nullable(),
  /** File names the portal lists as attached. */
  attachments: z.array(z.string().min(1)),
});
export type SubmitReconsiderationOutput = z.infer<typeof SubmitReconsiderationOutput>;

export const ReconsiderationStatusInput = z
  .object({
    trackingNumber: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9-]{6,30}$/, 'must be a tracking number'),
  })
  .strict();
export type ReconsiderationStatusInput = z.infer<typeof ReconsiderationStatusInput>;

export const ReconsiderationStatusOutput = z.object({
  trackingNumber: z.string().min(1),
  claimNumber: ClaimNumberField,
  payer: z.string().min(1),
  status: z.enum(['in_review', 'decided']),
  decision: z.enum(['overturned', 'upheld', 'partially_paid']).nullable(),
  /** What the payer approved on the decision (0 when upheld). */
  approvedAmount: MoneyField.nullable(),
  submittedDate: IsoDateField.nullable(),
  decisionDate: IsoDateField.nullable(),
});
export type ReconsiderationStatusOutput = z.infer<typeof ReconsiderationStatusOutput>;
