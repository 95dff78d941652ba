// `evidence packet`: gathers the claim, prepares the store's packet (proofs and
// originals, every exported file recorded in the access log) and writes it.
// The user asked for FILE.pdf, so FILE.pdf is what they get (self-contained:
// packet.json and originals are PDF attachments); the verifiable directory sits
// next to it as FILE.packet/ (and FILE.packet.zip with `zip`). The cover names
// the patient, provider, denial, appeal reason and a drafted argument, and the
// denial letter and 835 slice are enclosed (packet-cover.ts); all of it is in
// the signed packet.json.
import { copyFile, rm, stat } from 'node:fs/promises';
import { buildPacket, type AccessContext, type EvidenceStore } from '../../evidence-store/index.ts';
import type { Db } from '../platform/db/client.ts';
import type { ClaimRecord } from './claim-lookup.ts';
import { packetClaimFor, PacketDataError, type PacketClaimInfo } from './packet-claim.ts';
import { type ArgumentDrafter, packetCoverFor } from './packet-cover.ts';

export interface PacketPaths {
  pdf: string;
  dir: string;
  json: string;
  zip: string | null;
}

export function packetPaths(outPdf: string): { pdf: string; dir: string } {
  if (!/\.pdf$/i.test(outPdf)) throw new PacketDataError(`--out "${outPdf}": must name a .pdf file`);
  return { pdf: outPdf, dir: `${outPdf.slice(0, -4)}.packet` };
}

export interface ExportedPacket extends PacketPaths {
  captures: number;
  checkpoint: { size: number; time: string; keyId: string; publicKey: string };
  sources: PacketClaimInfo['sources'] & { cover: Record<string, string> };
}

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

export async function exportClaimPacket(
  db: Db,
  store: EvidenceStore,
  claim: ClaimRecord,
  outPdf: string,
  opts: {
    who: Required<Pick<AccessContext, 'actor' | 'reason'>>;
    /** Why the practice appeals, printed on the cover (the CLI's --reason). */
    appealReason?: string;
    /** Drafts the cover's argument from the CARC and the payer's rationale (denials' draftAppealArgument). */
    draftArgument: ArgumentDrafter;
    zip?: boolean;
    force?: boolean;
  },
): Promise<ExportedPacket> {
  const paths = packetPaths(outPdf);
  const targets = [paths.pdf, paths.dir, ...(opts.zip ? [`${paths.dir}.zip`] : [])];
  for (const t of targets) {
    if (!(await exists(t))) continue;
    if (!opts.force) throw new PacketDataError(`--out: ${t} already exists (pass --force to replace it)`);
    await rm(t, { recursive: true, force: true });
  }
  const info = await packetClaimFor(db, claim);
  let input;
  try {
    input = await store.preparePacket(info.claim, { ...opts.who, claimRef: claim.claimNumber });
  } catch (e) {
    if ((e as Error).message === 'no captures are chained for this claim')
      throw new PacketDataError(`--claim "${claim.claimNumber}": no captures are stored for this claim`);
    throw e;
  }
  // The ledger links captures by claim number, unique per portal only: keep this portal's captures
  // and let any other portal's entries travel as bare links (no content), like unrelated claims'.
  const dropped = new Set(input.captures.filter((c) => c.manifest.portal !== claim.portalId).map((c) => c.ledgerSeq));
  if (dropped.size === input.captures.length)
    throw new PacketDataError(
      `--claim "${claim.claimNumber}": no captures are stored for this claim on portal ${claim.portalId}`,
    );
  // Exhibits in the order the screens were seen (the ledger holds them in the order they were stored).
  input.captures = input.captures
    .filter((c) => !dropped.has(c.ledgerSeq))
    .sort((a, b) => a.manifest.capturedAt.localeCompare(b.manifest.capturedAt) || a.ledgerSeq - b.ledgerSeq);
  input.ledgerProofs = input.ledgerProofs.map((l) =>
    dropped.has(l.seq) ? { seq: l.seq, prevHash: l.prevHash, bodyHash: l.bodyHash, entryHash: l.entryHash } : l,
  );
  const cover = await packetCoverFor(db, store, claim, info.claim, {
    who: opts.who,
    draftArgument: opts.draftArgument,
    ...(opts.appealReason ? { appealReason: opts.appealReason } : {}),
  });
  input.claim = { ...input.claim, ...cover.fields };
  input.documents = cover.documents;
  const built = await buildPacket(input, paths.dir, { zip: opts.zip ?? false, signer: store.packetSigner() });
  await copyFile(built.pdfPath, paths.pdf);
  return {
    pdf: paths.pdf,
    dir: built.dir,
    json: built.jsonPath,
    zip: built.zipPath,
    captures: built.packet.captures.length,
    checkpoint: {
      size: built.packet.checkpoint.size,
      time: built.packet.checkpoint.time,
      keyId: built.packet.checkpoint.keyId,
      publicKey: built.packet.checkpoint.publicKey,
    },
    sources: { ...info.sources, cover: cover.sources },
  };
}
