// Standalone packet verification: needs only the packet (a directory, its zip, or the
// PDF alone: no database, no store). Checks packet.json's signature (packet.sig) by a
// trusted key, re-hashes the originals, checks that manifests name them, that each
// capture's ledger entry commits to them, that the slice links up to the checkpoint
// head, and that the checkpoint is signed by a key trusted at the checkpoint's time.
// Without a trust anchor it fails: anyone can re-sign a forged packet with a new key.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { canonicalJson, sha256Hex } from '../canonical.ts';
import { walkChain } from '../ledger/chain.ts';
import { checkCheckpoint, verifyBytes } from '../ledger/checkpoint.ts';
import { fingerprintOf, isTrustedAt, toTrustedKeys, type TrustedKey } from '../trust.ts';
import { readPdfAttachments } from './pdf-attachments.ts';
import {
  PACKET_SIGNATURE_FILE,
  packetSchema,
  packetVerifyReportSchema,
  type Packet,
  type PacketVerifyReport,
} from './schema.ts';
import { readZip } from './zip.ts';

type Problem = PacketVerifyReport['problems'][number];

type ReadFn = (rel: string) => Promise<Buffer | null>;

/** A packet directory, its packet.json, a `.zip` of the directory, or a packet PDF (read from its attachments alone). */
async function openPacket(p: string): Promise<ReadFn> {
  if (p.toLowerCase().endsWith('.pdf')) {
    // The PDF carries packet.json, packet.sig and the originals (flat, by file name): nothing next to it is read.
    const files = readPdfAttachments(await fs.readFile(p));
    return async (rel) => files.get(path.posix.basename(rel)) ?? null;
  }
  if (p.toLowerCase().endsWith('.zip')) {
    const files = await readZip(p);
    // Accept both a zip of the directory's contents and a zip of the directory itself.
    const prefix = files.has('packet.json')
      ? ''
      : ([...files.keys()].find((k) => k.endsWith('/packet.json'))?.slice(0, -'packet.json'.length) ?? '');
    return async (rel) => files.get(prefix + rel) ?? null;
  }
  const dir = await resolveDir(p);
  return (rel) => fs.readFile(path.join(dir, rel)).catch(() => null);
}

async function resolveDir(p: string): Promise<string> {
  const st = await fs.stat(p).catch(() => null);
  if (st?.isDirectory()) return p;
  if (p.toLowerCase().endsWith('.json')) return path.dirname(p);
  throw new Error(`not a packet directory: ${p}`);
}

export interface VerifyPacketOptions {
  /**
   * Trust anchors: the keys the sender publishes (base64, PEM, `KEY@FROM..UNTIL` or TrustedKey).
   * Required: without one the report fails with `no_trust_anchor`.
   */
  trustedPublicKeys?: ReadonlyArray<string | TrustedKey>;
}

export async function verifyPacket(dirOrZip: string, opts: VerifyPacketOptions = {}): Promise<PacketVerifyReport> {
  const problems: Problem[] = [];
  const trusted = toTrustedKeys(opts.trustedPublicKeys ?? []);
  let packet: Packet;
  let read: ReadFn;
  let json: Buffer | null;
  try {
    read = await openPacket(dirOrZip);
    json = await read('packet.json');
    if (!json) throw new Error('not found');
    packet = packetSchema.parse(JSON.parse(json.toString('utf8')));
  } catch (err) {
    return packetVerifyReportSchema.parse({
      ok: false,
      claimNumber: null,
      claim: null,
      signer: null,
      trustAnchor: trusted.length > 0,
      filesChecked: 0,
      entriesChecked: 0,
      checkpoint: null,
      problems: [
        {
          type: 'packet_unreadable',
          message: `packet unreadable (zip damaged, or packet.json missing/invalid): ${(err as Error).message}`,
        },
      ],
    });
  }

  if (trusted.length === 0)
    problems.push({
      type: 'no_trust_anchor',
      message:
        "no trusted public key: pass the sender's published key (--trust) or configure trusted keys; anyone can re-sign a forged packet with a key of their own",
    });
  // packet.json as a whole (claim summary, amounts, deadlines, codes, manifests, chain slice, checkpoint) is signed.
  const sig = await read(PACKET_SIGNATURE_FILE);
  const signatureValid = !!sig && verifyBytes(packet.signer.publicKey, json, sig);
  const signerTrusted = isTrustedAt(trusted, packet.signer.publicKey, packet.createdAt);
  if (!sig)
    problems.push({
      type: 'packet_unsigned',
      message: `${PACKET_SIGNATURE_FILE} is missing: packet.json is not signed`,
    });
  else if (!signatureValid || fingerprintOf(packet.signer.publicKey) !== packet.signer.fingerprint)
    problems.push({
      type: 'packet_bad_signature',
      message: 'packet.json does not match its signature: the claim summary, manifests or proofs were edited',
    });
  if (trusted.length > 0 && !signerTrusted)
    problems.push({
      type: 'packet_untrusted_key',
      message: `packet.json is signed by key ${packet.signer.keyId} (${packet.signer.fingerprint}), which is not trusted at ${packet.createdAt}`,
    });

  let filesChecked = 0;
  const slice = new Map(packet.ledgerSlice.map((l) => [l.seq, l]));
  for (const cap of packet.captures) {
    for (const f of cap.files) {
      filesChecked++;
      const bytes = await read(f.path);
      if (!bytes)
        problems.push({
          type: 'file_missing',
          path: f.path,
          seq: cap.ledgerSeq,
          message: `${f.path} (${f.role}) is missing from the packet`,
        });
      else if (sha256Hex(bytes) !== f.sha256)
        problems.push({
          type: 'file_changed',
          path: f.path,
          seq: cap.ledgerSeq,
          message: `${f.path} (${f.role}) does not match its SHA-256 ${f.sha256}: bytes were changed`,
        });
      else if (f.role === 'manifest' && sha256Hex(canonicalJson(cap.manifest)) !== f.sha256) {
        problems.push({
          type: 'manifest_mismatch',
          path: f.path,
          seq: cap.ledgerSeq,
          message: `the manifest in packet.json differs from the hashed manifest file ${f.path}`,
        });
      }
    }
    const byRole = new Map(cap.files.map((f) => [f.role, f.sha256]));
    for (const role of ['png', 'html', 'aria'] as const) {
      if (byRole.get(role) !== cap.manifest.files[role].sha256)
        problems.push({
          type: 'manifest_mismatch',
          seq: cap.ledgerSeq,
          message: `capture at seq ${cap.ledgerSeq}: ${role} file is not the one its manifest names`,
        });
    }
    if (byRole.get('manifest') !== cap.manifestSha256)
      problems.push({
        type: 'manifest_mismatch',
        seq: cap.ledgerSeq,
        message: `capture at seq ${cap.ledgerSeq}: manifest file hash differs from manifestSha256`,
      });
    // The ledger entry must commit to exactly these files.
    const entry = slice.get(cap.ledgerSeq);
    const files = (entry?.body as { files?: Array<{ sha256: string }> } | undefined)?.files;
    if (!entry || !files) {
      problems.push({
        type: 'entry_missing',
        seq: cap.ledgerSeq,
        message: `ledger entry ${cap.ledgerSeq} for this capture is not in the packet's chain slice`,
      });
    } else {
      const committed = new Set(files.map((f) => f.sha256));
      for (const f of cap.files)
        if (!committed.has(f.sha256))
          problems.push({
            type: 'entry_mismatch',
            seq: cap.ledgerSeq,
            path: f.path,
            message: `ledger entry ${cap.ledgerSeq} does not commit to ${f.path}`,
          });
    }
  }

  // Enclosures (denial letter, 835 slice): their hashes are in the signed packet.json.
  for (const d of packet.documents) {
    filesChecked++;
    const bytes = await read(d.path);
    if (!bytes)
      problems.push({
        type: 'file_missing',
        path: d.path,
        message: `${d.path} (${d.role}) is missing from the packet`,
      });
    else if (sha256Hex(bytes) !== d.sha256)
      problems.push({
        type: 'file_changed',
        path: d.path,
        message: `${d.path} (${d.role}) does not match its SHA-256 ${d.sha256}: bytes were changed`,
      });
  }

  for (const p of walkChain(packet.ledgerSlice, { fromGenesis: false, name: 'packet chain' })) {
    problems.push({ type: `chain_${p.type}`, seq: 'seq' in p ? p.seq : undefined, message: p.detail });
  }
  const cp = packet.checkpoint;
  const last = packet.ledgerSlice[packet.ledgerSlice.length - 1];
  if (!last || last.seq !== cp.size || last.entryHash !== cp.headHash) {
    problems.push({
      type: 'checkpoint_mismatch',
      seq: cp.size,
      message: `the chain slice does not end at the checkpoint head (size ${cp.size})`,
    });
  }
  const check = checkCheckpoint(cp, trusted);
  if (!check.signatureValid || !check.keyIdMatches)
    problems.push({
      type: 'checkpoint_bad_signature',
      seq: cp.size,
      message: 'checkpoint signature is invalid: forged or edited checkpoint',
    });
  if (trusted.length > 0 && !check.keyTrusted)
    problems.push({
      type: 'checkpoint_untrusted_key',
      seq: cp.size,
      message: `checkpoint signed by key ${cp.keyId}, which is not trusted at ${cp.time}`,
    });

  return packetVerifyReportSchema.parse({
    ok: problems.length === 0,
    claimNumber: packet.claim.claimNumber,
    claim: packet.claim,
    signer: {
      keyId: packet.signer.keyId,
      fingerprint: packet.signer.fingerprint,
      signatureValid,
      keyTrusted: signerTrusted,
    },
    trustAnchor: trusted.length > 0,
    filesChecked,
    entriesChecked: packet.ledgerSlice.length,
    checkpoint: {
      size: cp.size,
      time: cp.time,
      keyId: cp.keyId,
      signatureValid: check.signatureValid,
      keyTrusted: trusted.length > 0 && check.keyTrusted,
    },
    problems,
  });
}
