// The task contracts every bot implements (DESIGN.md "Tasks"). Inputs are
// validated before a bot sees them; outputs are validated before anything
// downstream trusts them, so a portal that renders something unexpected
// becomes a classified error instead of a wrong value.
import { z } from 'zod';

export const TASK_NAMES = [
  'claim-status',
  'era-download',
  'denial-details',
  'credentialing-status',
  'eligibility',
  'prior-auth-status',
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

export const ClaimStatusInput = z.union([
  z.object({ claimNumber: ClaimNumber }).strict(),
  z
    .object({
      memberId: MemberId,
      dateOfBirth: IsoDate.optional(),
      serviceDateFrom: IsoDate,
      serviceDateTo: IsoDate,
    })
    .strict(),
]);
export type ClaimStatusInput = z.infer<typeof ClaimStatusInput>;

export const GroupCode = z.enum(['CO', 'PR', 'OA', 'PI', 'CR']);
export const Adjustment = z.object({
  group: GroupCode,
  carc: z.string().regex(/^[A-Z]?\d{1,3}$/, 'must be a CARC code'),
  amount: Money,
});
export type Adjustment = z.infer<typeof Adjustment>;

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
});
export type ClaimStatusOutput = z.infer<typeof ClaimStatusOutput>;

export const TaskInputs = {
  'claim-status': ClaimStatusInput,
} as const;
export const TaskOutputs = {
  'claim-status': ClaimStatusOutput,
} as const;
