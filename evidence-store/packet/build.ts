// Appeal packet builder. Layout (a directory, documented in evidence-store/README.md):
//   <dir>/packet.pdf    cover, one exhibit per screenshot with its manifest, verification page;
//                       packet.json and every original are also embedded as PDF attachments
//   <dir>/packet.json   machine-readable packet (packet/schema.ts): everything the PDF states
//   <dir>/packet.sig    Ed25519 signature over the exact bytes of packet.json (raw 64 bytes)
//   <dir>/originals/<sha256>.<ext>  the original bytes, named by hash only (no PHI in file names);
//                       enclosed documents (denial letter PDF, 835 slice) too, listed in packet.json documents
//   <dir>.zip           optional: the same directory as one file (verifyPacket reads it directly)
// buildPacket is pure with respect to the store: it takes bytes and proofs, not a database.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { sha256Hex } from '../canonical.ts';
import type { CaptureManifest } from '../manifest.ts';
import type { ChainLink } from '../ledger/chain.ts';
import type { Checkpoint } from '../ledger/checkpoint.ts';
import { zipDirectory } from './zip.ts';
import { fingerprintOf } from '../trust.ts';
import { writePdf } from './pdf.ts';
import { claimSchema, HASHING, PACKET_SIGNATURE_FILE, packetSchema, type Packet, type PacketClaim } from './schema.ts';

export interface PacketFileInput {
  role: string;
  sha256: string;
  contentType: string;
  bytes: Uint8Array;
  /** Used only for the file extension. */
  storageKey?: string;
}

export interface PacketCaptureInput {
  manifest: CaptureManifest;
  manifestSha256: string;
  ledgerSeq: number;
  files: PacketFileInput[];
}

/** A document enclosed with the appeal: bytes the caller read (through the store's logged reads). */
export interface PacketDocumentInput {
  role: string;
  label: string;
  contentType: string;
  bytes: Uint8Array;
  /** File extension in originals/ (no dot). */
  ext: string;
}

export interface PacketInput {
  claim: PacketClaim;
  /** Enclosures (denial letter, 835 slice), in the order the cover lists them. */
  documents?: PacketDocumentInput[];
  captures: PacketCaptureInput[];
  /** Contiguous ledger slice ending at checkpoint.size; this claim's entries carry their body. */
  ledgerProofs: Array<ChainLink & { body?: unknown }>;
  checkpoint: Checkpoint;
}

/** Signs packet.json: the store's checkpoint key (EvidenceStore.packetSigner()). */
export interface PacketSigner {
  publicKey: string;
  keyId: string;
  sign(bytes: Uint8Array): Buffer;
}

export interface BuiltPacket {
  dir: string;
  /** `<dir>.zip` when buildPacket was asked for one. */
  zipPath: string | null;
  pdfPath: string;
  jsonPath: string;
  packet: Packet;
}

/** `out` may be a directory or a `.pdf` path; `x/claim-1.pdf` becomes the directory `x/claim-1/`. */
export function packetDir(out: string): string {
  return out.toLowerCase().endsWith('.pdf') ? out.slice(0, -4) : out;
}

const EXT: Record<string, string> = {
  'image/png': 'png',
  'text/html': 'html',
  'text/yaml': 'yml',
  'application/json': 'json',
  'image/webp': 'webp',
};

function extOf(f: PacketFileInput): string {
  const fromKey = f.storageKey ? /\.([a-z0-9]+)$/.exec(f.storageKey)?.[1] : undefined;
  return fromKey ?? EXT[f.contentType.split(';')[0]!.trim()] ?? 'bin';
}

export async function buildPacket(
  input: PacketInput,
  out: string,
  opts: { zip?: boolean; signer: PacketSigner },
): Promise<BuiltPacket> {
  const dir = packetDir(out);
  await fs.mkdir(path.join(dir, 'originals'), { recursive: true });
  const captures: Packet['captures'] = [];
  const originals: Array<{ rel: string; bytes: Uint8Array; contentType: string }> = [];
  for (const c of input.captures) {
    const files: Packet['captures'][number]['files'] = [];
    for (const f of c.files) {
      // Refuse to package bytes that don't match their claimed hash: a packet must never launder tampering.
      if (sha256Hex(f.bytes) !== f.sha256)
        throw new Error(`packet: ${f.role} of capture at seq ${c.ledgerSeq} does not match its sha256`);
      const rel = `originals/${f.sha256}.${extOf(f)}`;
      files.push({
        role: f.role,
        sha256: f.sha256,
        byteSize: f.bytes.byteLength,
        contentType: f.contentType,
        path: rel,
      });
      originals.push({ rel, bytes: f.bytes, contentType: f.contentType });
    }
    captures.push({ manifest: c.manifest, manifestSha256: c.manifestSha256, ledgerSeq: c.ledgerSeq, files });
  }
  const documents: Packet['documents'] = [];
  for (const d of input.documents ?? []) {
    if (!/^[a-z0-9]{1,8}$/.test(d.ext)) throw new Error(`packet: document ${d.role} has a bad extension "${d.ext}"`);
    const sha256 = sha256Hex(d.bytes);
    const rel = `originals/${sha256}.${d.ext}`;
    documents.push({
      role: d.role,
      label: d.label,
      sha256,
      byteSize: d.bytes.byteLength,
      contentType: d.contentType,
      path: rel,
    });
    originals.push({ rel, bytes: d.bytes, contentType: d.contentType });
  }
  const packet = packetSchema.parse({
    packetVersion: 2,
    createdAt: new Date().toISOString(),
    claim: claimSchema.parse(input.claim),
    hashing: HASHING,
    signer: {
      publicKey: opts.signer.publicKey,
      keyId: opts.signer.keyId,
      fingerprint: fingerprintOf(opts.signer.publicKey),
    },
    captures,
    ledgerSlice: input.ledgerProofs,
    checkpoint: input.checkpoint,
    documents,
  });
  for (const o of originals) await fs.writeFile(path.join(dir, o.rel), o.bytes);
  const jsonPath = path.join(dir, 'packet.json');
  const json = JSON.stringify(packet, null, 2);
  await fs.writeFile(jsonPath, json);
  // The signature covers packet.json byte for byte: the claim summary, amounts, deadlines and codes the
  // cover shows, the manifests, the chain slice and the checkpoint. Verifiers need no canonicalization.
  const signature = opts.signer.sign(Buffer.from(json));
  await fs.writeFile(path.join(dir, PACKET_SIGNATURE_FILE), signature);
  const pdfPath = path.join(dir, 'packet.pdf');
  await writePdf(packet, input, originals, json, signature, pdfPath);
  let zipPath: string | null = null;
  if (opts.zip) {
    zipPath = `${dir}.zip`;
    await zipDirectory(dir, zipPath);
  }
  return { dir, zipPath, pdfPath, jsonPath, packet };
}
