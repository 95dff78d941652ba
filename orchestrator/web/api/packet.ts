// Appeal evidence packets over HTTP: the evidence module's exporter writes the
// PDF (and its verifiable directory) to a private temp dir; we send the PDF and
// delete the rest. Every file it packages is recorded in the store's access log.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { EvidenceStore } from '../../../evidence-store/index.ts';
import type { Db } from '../../platform/db/client.ts';
import { findClaim } from '../../audit/claim-lookup.ts';
import { exportClaimPacket } from '../../audit/packet-export.ts';
import { draftAppealArgument } from '../../denials/index.ts';
import type { ClaimRef } from './claims.ts';
import { badRequest, notFound, unavailable } from './errors.ts';

export async function packetPdf(
  db: Db,
  store: EvidenceStore | undefined,
  claim: ClaimRef,
  who: { actor: string; reason: string },
  appealReason?: string,
): Promise<{ pdf: Buffer; fileName: string }> {
  if (!store) throw unavailable('the evidence store is not configured on this server');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'portalbots-packet-'));
  try {
    const record = await findClaim(db, claim.id);
    const out = path.join(dir, `${claim.claimNumber}.pdf`);
    try {
      await exportClaimPacket(db, store, record, out, {
        who,
        draftArgument: draftAppealArgument,
        ...(appealReason ? { appealReason } : {}),
      });
    } catch (e) {
      const err = e as Error;
      if (err.name !== 'PacketDataError') throw e;
      if (/no captures/.test(err.message))
        throw notFound(`claim: no captures are stored for claim ${claim.claimNumber}`);
      // The exporter speaks in CLI flags; the field at fault here is the claim.
      throw badRequest(`claim: ${err.message.replace(/^--\w+\s*("[^"]*")?:?\s*/, '')}`);
    }
    return { pdf: await readFile(out), fileName: `${claim.claimNumber}-appeal-packet.pdf` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
