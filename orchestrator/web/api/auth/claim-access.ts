// Whose evidence a key may open. Auditors and admins: every claim (auditing is
// their job). Billing: the claims in their own queue, i.e. whose denial work
// item is open and assigned to them (the work item's assignee is the key's
// name, as the dashboard's assign list and `denials assign` set it): the
// biller working a denial sees its screenshots and downloads its appeal
// packet, and nobody else's. Every read is still recorded in the access log.
import { OPEN_STATES } from '../../../denials/index.ts';
import type { Db } from '../../../platform/db/client.ts';
import type { ApiPrincipal } from './keys.ts';
import { ACCESS } from './roles.ts';

const has = (group: readonly string[], role: string) => group.includes(role);

/** Why the principal may not open this claim's evidence, or null when it may. */
export async function claimEvidenceRefusal(
  db: Db,
  principal: ApiPrincipal,
  claimId: string | null,
): Promise<string | null> {
  if (has(ACCESS.evidence, principal.role)) return null;
  if (principal.role !== 'billing') return `role "${principal.role}" may not open evidence`;
  if (!claimId) return 'evidence that belongs to no claim is for auditors';
  const item = await db.denialWorkItem.findUnique({ where: { claimId }, select: { assignee: true, state: true } });
  if (item && item.assignee === principal.name && (OPEN_STATES as readonly string[]).includes(item.state)) return null;
  return item
    ? `billing may open the evidence of claims in their own queue: this claim's work item is ${item.assignee ? `assigned to ${item.assignee}` : 'unassigned'} (state ${item.state}); assign it to yourself first`
    : 'billing may open the evidence of claims in their own queue: this claim has no denial work item';
}

export async function mayOpenClaimEvidence(db: Db, principal: ApiPrincipal, claimId: string): Promise<boolean> {
  return (await claimEvidenceRefusal(db, principal, claimId)) === null;
}
