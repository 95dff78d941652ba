// What an 835 tells us about our claim's dates, for claims that lack them:
// the date the payer received the claim (DTM*050) becomes its submission date
// and the claim's service dates (DTM*232 statement period, else the earliest
// service line date) its date of service. Intake's own dates always win, so
// these only ever fill an empty column (bulk.ts fillClaimDates).
import type { Claim } from '../../x12/types.ts';
import type { Match } from './match.ts';

/** One matched claim's dates from the remittance (YYYY-MM-DD), for fillClaimDates. */
export interface ClaimDatesRow {
  claimId: string;
  receivedDate: string | null;
  serviceDate: string | null;
}

/**
 * A calendar date PostgreSQL takes. The parser checks digits and ranges only
 * (it would pass 2026-02-30), and one bad cell must not fail a whole file.
 */
function realDate(d: string | null | undefined): string | null {
  if (!d || !/^(19|2\d)\d{2}-\d{2}-\d{2}$/.test(d)) return null;
  const t = new Date(`${d}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().startsWith(d) ? d : null;
}

const earliest = (a: string | null, b: string | null): string | null => (a === null || (b !== null && b < a) ? b : a);

/** The first day of service the remittance gives for the claim, or null. */
export function remittanceServiceDate(c: Claim): string | null {
  const statement = realDate(c.statementFromDate);
  if (statement) return statement;
  let first: string | null = null;
  for (const l of c.serviceLines) first = earliest(first, realDate(l.serviceStartDate ?? l.serviceDate));
  return first;
}

/**
 * One row per matched claim that the remittance gives a date for. A claim
 * named more than once in a batch (a reversal and its correction, a
 * resubmission) keeps the earliest of each date: timely filing counts from
 * the first time the claim reached the payer.
 */
export function claimDatesRows(claims: readonly Claim[], matches: readonly Match[]): ClaimDatesRow[] {
  const byClaim = new Map<string, ClaimDatesRow>();
  for (const [i, c] of claims.entries()) {
    const claimId = matches[i]?.claimId;
    if (!claimId) continue;
    const receivedDate = realDate(c.receivedDate);
    const serviceDate = remittanceServiceDate(c);
    if (receivedDate === null && serviceDate === null) continue;
    const had = byClaim.get(claimId);
    byClaim.set(
      claimId,
      had
        ? {
            claimId,
            receivedDate: earliest(had.receivedDate, receivedDate),
            serviceDate: earliest(had.serviceDate, serviceDate),
          }
        : { claimId, receivedDate, serviceDate },
    );
  }
  return [...byClaim.values()];
}
