// Payer timely-filing windows and usual turnaround, as data
// (data/payer-turnaround.json), validated once at load.
import { z } from 'zod';
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
