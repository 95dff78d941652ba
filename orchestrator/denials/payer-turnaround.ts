// Payer timely-filing windows and usual turnaround, as data
// (data/payer-turnaround.json), validated once at load, and the rules that
// read them. The clock of a claim waiting on its payer (the no-response alert,
// A/R aging) starts the day it was submitted (claims.submitted_date: intake's
// submission date, else the 835's received date DTM*050) when that is known,
// else at what was known before (when we first tracked the claim; its date of
// service). Timely filing: the claim must reach the payer within the payer's
// timelyFilingDays of the date of service; the submission date says whether it did.
import { z } from 'zod';
import { addDays } from './calendar.ts';
import turnaroundJson from './data/payer-turnaround.json' with { type: 'json' };
import { inputError } from './errors.ts';
import { text } from '../platform/text.ts';

const Turnaround = z.object({
  timelyFilingDays: z.number().int().positive(),
  responseDays: z.number().int().positive(),
});
export type Turnaround = z.infer<typeof Turnaround>;

const TurnaroundFile = z.object({
  _comment: text().optional(),
  default: Turnaround,
  payers: z.record(text().regex(/^[a-z][a-z0-9_-]*$/, 'must be a payer id like aetna'), Turnaround),
});

function load(): z.infer<typeof TurnaroundFile> {
  const p = TurnaroundFile.safeParse(turnaroundJson);
  if (!p.success) throw inputError('orchestrator/denials/data/payer-turnaround.json', p.error.issues[0]);
  return p.data;
}

const TABLE = load();

/** The payer's windows, or the default for a payer not in the table. */
export function payerTurnaround(payerId: string | null): Turnaround {
  return (payerId && TABLE.payers[payerId]) || TABLE.default;
}

/**
 * When a claim's clock starts for aging and the no-response alert: the day
 * it was submitted to the payer when known, else `fallback`.
 */
export function submittedOr(claim: { submittedDate: Date | null }, fallback: Date): Date {
  return claim.submittedDate ?? fallback;
}

/** The timely-filing deadline of a claim (date of service + the payer's window) and whether its submission met it. */
export function timelyFiling(claim: { payerId: string | null; serviceDate: Date | null; submittedDate: Date | null }): {
  deadline: string | null;
  filedOnTime: boolean | null;
} {
  if (!claim.serviceDate) return { deadline: null, filedOnTime: null };
  const deadline = addDays(claim.serviceDate, payerTurnaround(claim.payerId).timelyFilingDays)
    .toISOString()
    .slice(0, 10);
  const submitted = claim.submittedDate?.toISOString().slice(0, 10);
  return { deadline, filedOnTime: submitted === undefined ? null : submitted <= deadline };
}
