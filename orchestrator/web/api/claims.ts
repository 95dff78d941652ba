// Finding a claim from a path segment that is either its UUID or a claim number.
import type { Db } from '../../platform/db/client.ts';
import { badRequest, notFound } from './errors.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ClaimRef {
  id: string;
  portalId: string;
  claimNumber: string;
}

export async function resolveClaim(db: Db, claim: string, portal?: string): Promise<ClaimRef> {
  const select = { id: true, portalId: true, claimNumber: true } as const;
  if (UUID.test(claim)) {
    const byId = await db.claim.findUnique({ where: { id: claim }, select });
    if (byId) return byId;
  }
  const rows = await db.claim.findMany({
    where: { claimNumber: claim, ...(portal ? { portalId: portal } : {}) },
    select,
    take: 10,
  });
  if (rows.length === 0) throw notFound(`claim: no claim "${claim}"${portal ? ` on portal "${portal}"` : ''}`);
  if (rows.length > 1) {
    throw badRequest(
      `portal: claim number "${claim}" exists on several portals (${rows.map((r) => r.portalId).join(', ')}); add ?portal=`,
    );
  }
  return rows[0]!;
}
