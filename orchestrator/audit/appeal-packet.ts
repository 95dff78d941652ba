// The appeal packet a reconsideration attaches: the same signed PDF that
// `evidence packet` exports (cover, exhibits, verification page, originals
// attached), built in a private temp dir and returned as bytes. Every file it
// packages is recorded in the evidence store's access log under `who`.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { EvidenceStore } from '../../evidence-store/index.ts';
import type { Db } from '../platform/db/client.ts';
import { findClaim } from './claim-lookup.ts';
import type { ArgumentDrafter } from './packet-cover.ts';
import { exportClaimPacket } from './packet-export.ts';

export async function appealPacketBytes(
  db: Db,
  store: EvidenceStore,
  claim: { id: string; claimNumber: string },
  who: { actor: string; reason: string },
  cover: { draftArgument: ArgumentDrafter; appealReason?: string },
): Promise<{ pdf: Buffer; fileName: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'portalbots-appeal-'));
  try {
    const record = await findClaim(db, claim.id);
    const out = path.join(dir, 'packet.pdf');
    await exportClaimPacket(db, store, record, out, { who, ...cover });
    // Portals take plain file names: letters, digits, dashes.
    const safe = claim.claimNumber.replace(/[^A-Za-z0-9-]/g, '');
    return { pdf: await readFile(out), fileName: `${safe}-appeal-packet.pdf` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
