// Standalone packet verification: needs only the packet directory (no database, no
// store). Re-hashes the originals, checks that manifests name them, that each capture's
// ledger entry commits to them, that the slice links up to the checkpoint head, and
// that the checkpoint signature is valid (and by a trusted key, when one is given).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { canonicalJson, sha256Hex } from '../canonical.ts';
import { walkChain } from '../ledger/chain.ts';
import { checkCheckpoint } from '../ledger/checkpoint.ts';
import { packetSchema, packetVerifyReportSchema, type Packet, type PacketVerifyReport } from './schema.ts';
import { readZip } from './zip.ts';

type Problem = PacketVerifyReport['problems'][number];

type ReadFn = (rel: string) => Promise<Buffer | null>;

/** A packet directory, a file inside it, the `.pdf` path given to buildPacket, or a `.zip` of the directory. */
async function openPacket(p: string): Promise<ReadFn> {
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
  if (p.toLowerCase().endsWith('.pdf') || p.toLowerCase().endsWith('.json')) {
    // packet.pdf / packet.json inside the directory, or the `x.pdf` name buildPacket was given.
    const sibling = p.slice(0, p.lastIndexOf('.'));
    const sst = await fs.stat(sibling).catch(() => null);
    return sst?.isDirectory() ? sibling : path.dirname(p);
  }
  throw new Error(`not a packet directory: ${p}`);
}

export async function verifyPacket(
  dirOrZip: string,
  opts: { trustedPublicKeys?: string[] } = {},
): Promise<PacketVerifyReport> {
  const problems: Problem[] = [];
  let packet: Packet;
  let read: ReadFn;
  try {
    read = await openPacket(dirOrZip);
    const json = await read('packet.json');
    if (!json) throw new Error('not found');
    packet = packetSchema.parse(JSON.parse(json.toString('utf8')));
  } catch (err) {
    return packetVerifyReportSchema.parse({
      ok: false,
      claimNumber: null,
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
  const check = checkCheckpoint(cp, opts.trustedPublicKeys);
  if (!check.signatureValid || !check.keyIdMatches)
    problems.push({
      type: 'checkpoint_bad_signature',
      seq: cp.size,
      message: 'checkpoint signature is invalid: forged or edited checkpoint',
    });
  if (!check.keyTrusted)
    problems.push({
      type: 'checkpoint_untrusted_key',
      seq: cp.size,
      message: `checkpoint signed by key ${cp.keyId}, which is not in the trusted list`,
    });

  return packetVerifyReportSchema.parse({
    ok: problems.length === 0,
    claimNumber: packet.claim.claimNumber,
    filesChecked,
    entriesChecked: packet.ledgerSlice.length,
    checkpoint: {
      size: cp.size,
      time: cp.time,
      keyId: cp.keyId,
      signatureValid: check.signatureValid,
      keyTrusted: check.keyTrusted,
    },
    problems,
  });
}
