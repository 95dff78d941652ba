// Which accounts may run a job: an account tagged with TINs, NPIs or payers
// only sees those, so a job naming one of them goes to an account that lists it.
import type { AccountScope } from '../worker/credentials.ts';

const FIELDS = [
  ['tin', 'tins'],
  ['npi', 'npis'],
  ['payer', 'payers'],
] as const;

export function accountCanSee(scope: AccountScope | undefined, input: unknown): boolean {
  if (!scope || !input || typeof input !== 'object') return true;
  const job = input as Record<string, unknown>;
  for (const [field, list] of FIELDS) {
    const wanted = job[field];
    const allowed = scope[list];
    if (typeof wanted === 'string' && allowed && !allowed.includes(wanted)) return false;
  }
  return true;
}
