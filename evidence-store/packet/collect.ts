// Gathers a claim's captures, proofs and checkpoint from the store for buildPacket,
// logging every exported file in the access log.
import type { StoreCore } from '../store.ts';
import { recordAccess } from '../access-log.ts';
import { checkCheckpoint, type Checkpoint } from '../ledger/checkpoint.ts';
import { LEDGER, readChain } from '../ledger/tables.ts';
import { assertSegmentIntact } from '../ledger/segment.ts';
import { requireDb, type AccessContext } from '../context.ts';
import type { PacketCaptureInput, PacketInput } from './build.ts';
import type { PacketClaim } from './schema.ts';

export async function preparePacket(
  core: StoreCore,
  claim: PacketClaim,
  who: AccessContext & { claimRef?: string } = {},
): Promise<PacketInput> {
  const ctx = core.ctx;
  const db = requireDb(ctx, 'packets');
  const claimRef = who.claimRef ?? claim.claimNumber;
  const stored = await core.listCaptures(claimRef);
  if (stored.length === 0) throw new Error('no captures are chained for this claim');
  const maxSeq = Math.max(...stored.map((s) => s.ledger.seq));
  const minSeq = Math.min(...stored.map((s) => s.ledger.seq));

  // Reuse the newest genuine checkpoint covering the captures; sign a fresh one otherwise.
  const all = await core.checkpoints('ledger');
  const cps = all.filter((c) => {
    const chk = checkCheckpoint(c, ctx.trustedKeys);
    return c.size >= maxSeq && chk.signatureValid && chk.keyTrusted;
  });
  let checkpoint: Checkpoint | undefined = cps[cps.length - 1];
  if (!checkpoint) checkpoint = (await core.checkpoint()).ledger;
  // Walk what the packet will vouch for, from a trusted checkpoint at or before its first capture.
  await assertSegmentIntact(db.pool, LEDGER, all, ctx.trustedKeys, {
    from: minSeq - 1,
    to: checkpoint.size,
    headHash: checkpoint.headHash,
  });

  const wanted = new Set(stored.map((s) => s.ledger.seq));
  const rows = await readChain(db.pool, LEDGER, { from: minSeq, to: checkpoint.size });
  // Other claims' entries travel as bare links: verifiable, but without their content.
  const ledgerProofs = rows.map((r) =>
    wanted.has(r.seq)
      ? {
          seq: r.seq,
          prevHash: r.prevHash,
          bodyHash: r.bodyHash,
          entryHash: r.entryHash,
          body: r.body as unknown as Record<string, unknown>,
        }
      : { seq: r.seq, prevHash: r.prevHash, bodyHash: r.bodyHash, entryHash: r.entryHash },
  );

  const captures: PacketCaptureInput[] = [];
  for (const s of stored) {
    const m = s.manifest;
    const refs = [
      { role: 'png', ...m.files.png },
      { role: 'html', ...m.files.html },
      { role: 'aria', ...m.files.aria },
      {
        role: 'manifest',
        sha256: s.manifestSha256,
        storageKey: s.manifestStorageKey,
        contentType: 'application/json',
        byteSize: 0,
      },
    ];
    const files = [];
    for (const r of refs) {
      const bytes = await core.readVerified(r.storageKey);
      await recordAccess(
        ctx,
        { ...who, claimRef },
        { action: 'export', outcome: 'ok', storageKey: r.storageKey, sha256: r.sha256, details: { packet: true } },
      );
      files.push({ role: r.role, sha256: r.sha256, contentType: r.contentType, storageKey: r.storageKey, bytes });
    }
    captures.push({ manifest: m, manifestSha256: s.manifestSha256, ledgerSeq: s.ledger.seq, files });
  }
  return { claim, captures, ledgerProofs, checkpoint };
}
