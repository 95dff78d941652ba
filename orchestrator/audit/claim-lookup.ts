// Finds the claim an evidence command is about, by the payer's claim number (as
// the ledger links it) or by our claim id. Claim numbers are unique per portal
// only, so an ambiguous number asks for --portal instead of guessing.
import { z } from 'zod';
import type { Db } from '../platform/db/client.ts';

export class ClaimLookupError extends Error {
  override name = 'ClaimLookupError';
  constructor(
    readonly field: 'claim' | 'portal',
    message: string,
  ) {
    super(message);
  }
}

export const ClaimRef = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9-]{1,64}$/, 'must be a claim number (letters, digits, dashes) or a claim id');

const claimSelect = {
  id: true,
  portalId: true,
  payerId: true,
  claimNumber: true,
  patientControlNumber: true,
  billedAmount: true,
  statusCategory: true,
  payer: { select: { id: true, name: true, appealWindowDays: true } },
} as const;

export async function findClaim(db: Db, ref: string, portal?: string) {
  const parsed = ClaimRef.safeParse(ref);
  if (!parsed.success) throw new ClaimLookupError('claim', `--claim "${ref}": ${parsed.error.issues[0]!.message}`);
  const value = parsed.data;
  const byId = z.uuid().safeParse(value).success
    ? await db.claim.findUnique({ where: { id: value }, select: claimSelect })
    : null;
  if (byId && (!portal || byId.portalId === portal)) return byId;
  const rows = await db.claim.findMany({
    where: { claimNumber: value, ...(portal ? { portalId: portal } : {}) },
    select: claimSelect,
    take: 5,
  });
  if (rows.length === 1) return rows[0]!;
  if (rows.length > 1) {
    throw new ClaimLookupError(
      'portal',
      `--claim "${value}" exists on several portals (${rows.map((r) => r.portalId).join(', ')}): add --portal`,
    );
  }
  throw new ClaimLookupError('claim', `--claim "${value}": no such claim${portal ? ` on portal ${portal}` : ''}`);
}

export type ClaimRecord = Awaited<ReturnType<typeof findClaim>>;
