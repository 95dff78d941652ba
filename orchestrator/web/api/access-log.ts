// Records API reads of evidence (metadata and bytes) in api_access_log. Byte
// reads are additionally chained by the evidence store's own access log; this
// table also covers listings and manifests, which never touch the store.
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db/client.ts';
import { principalOf } from './auth/plugin.ts';

export type EvidenceAction = 'list' | 'metadata' | 'original' | 'thumbnail' | 'packet';

export async function recordEvidenceAccess(
  db: Db,
  request: FastifyRequest,
  entry: { action: EvidenceAction; evidenceId?: string | null; claimId?: string | null; statusCode: number },
): Promise<void> {
  const p = principalOf(request);
  // Awaited, not fire-and-forget: an access we could not record is an access we do not serve.
  await db.apiAccessLogEntry.create({
    data: {
      apiKeyId: p.keyId,
      role: p.role,
      method: request.method,
      route: request.routeOptions.url ?? request.url,
      action: entry.action,
      evidenceId: entry.evidenceId ?? null,
      claimId: entry.claimId ?? null,
      statusCode: entry.statusCode,
    },
  });
}

/** What the evidence store's chained access log records as the actor. */
export function actorOf(request: FastifyRequest): string {
  const p = principalOf(request);
  return `apikey:${p.keyId}:${p.name}`;
}
