// packet.json: the machine-readable half of an appeal packet. Everything a verifier
// needs without our database: manifests, file hashes and paths, the ledger slice
// from the first included entry up to a signed checkpoint, and that checkpoint.
import { z } from 'zod';
import { captureManifestSchema, utcIso } from '../manifest.ts';
import { checkpointSchema } from '../ledger/checkpoint.ts';

const sha = z.string().regex(/^[0-9a-f]{64}$/);
const money = z.number().finite();

export const claimSchema = z.object({
  claimNumber: z.string().min(1),
  payer: z.string().min(1),
  patientControlNumber: z.string().optional(),
  denialCodes: z
    .array(z.object({ group: z.string(), code: z.string(), description: z.string(), amount: money }))
    .default([]),
  amounts: z.object({ billed: money, allowed: money, paid: money, patientResponsibility: money }),
  deadlines: z.array(z.object({ label: z.string(), date: z.string() })).default([]),
  // What a payer needs on an appeal's cover (all optional: older packets have none). PHI by necessity:
  // the packet goes to the payer; the store never logs it.
  patient: z
    .object({ name: z.string().optional(), dateOfBirth: z.string().optional(), memberId: z.string().optional() })
    .optional(),
  /** YYYY-MM-DD, or "YYYY-MM-DD to YYYY-MM-DD" for a period. */
  serviceDate: z.string().optional(),
  billingProvider: z
    .object({ name: z.string().optional(), npi: z.string().optional(), tin: z.string().optional() })
    .optional(),
  deniedAmount: money.optional(),
  /** Why the practice appeals (the exporter's --reason). */
  appealReason: z.string().optional(),
  /** The payer's own stated rationale (denial letter or portal), verbatim. */
  payerRationale: z.string().optional(),
  /** The argument drafted from the CARC and the payer's rationale, one string per paragraph. */
  argument: z.array(z.string()).optional(),
});
export type PacketClaim = z.input<typeof claimSchema>;

export const packetFileSchema = z.object({
  role: z.string(),
  sha256: sha,
  byteSize: z.number().int().nonnegative(),
  contentType: z.string(),
  /** Relative to the packet directory: originals/<sha256>.<ext>. */
  path: z.string().regex(/^originals\/[0-9a-f]{64}\.[a-z0-9]+$/),
});

export const packetLinkSchema = z.object({
  seq: z.number().int().positive(),
  prevHash: sha,
  bodyHash: sha,
  entryHash: sha,
  /** Present for this claim's entries; absent for unrelated entries, which travel as bare links. */
  body: z.record(z.string(), z.unknown()).optional(),
});

/** A document enclosed with the appeal (the denial letter PDF, the claim's slice of the 835), hashed like originals. */
export const packetDocumentSchema = packetFileSchema.extend({ label: z.string() });

/** The key that signed packet.json (packet.sig): the same Ed25519 key that signs ledger checkpoints. */
export const packetSignerSchema = z.object({
  publicKey: z.string(),
  keyId: z.string(),
  /** fingerprintOf(publicKey): printed on the cover, to compare with the key the organisation publishes. */
  fingerprint: z.string(),
});

/** Detached Ed25519 signature (raw 64 bytes) over the exact bytes of packet.json, next to it and in the PDF. */
export const PACKET_SIGNATURE_FILE = 'packet.sig';

export const packetSchema = z.object({
  /** 2: packet.json is signed as a whole (packet.sig), so the claim summary the PDF states is covered too. */
  packetVersion: z.literal(2),
  createdAt: utcIso,
  claim: claimSchema,
  hashing: z.object({
    file: z.literal('sha256'),
    canonicalJson: z.literal('RFC 8785 (JCS) subset: sorted keys, no whitespace'),
    bodyHash: z.literal('sha256(canonicalJson(body))'),
    entryHash: z.literal('sha256(canonicalJson({v:1, seq, prevHash, bodyHash}))'),
    checkpointSignature: z.literal('Ed25519 over canonicalJson({v:1, chain, size, headHash, time, keyId})'),
    packetSignature: z.literal('Ed25519 over the exact bytes of packet.json, raw 64 bytes in packet.sig'),
  }),
  signer: packetSignerSchema,
  captures: z.array(
    z.object({
      manifest: captureManifestSchema,
      manifestSha256: sha,
      ledgerSeq: z.number().int().positive(),
      files: z.array(packetFileSchema),
    }),
  ),
  ledgerSlice: z.array(packetLinkSchema),
  checkpoint: checkpointSchema,
  /** Enclosures: signed through packet.json (their hashes), not chained in the ledger themselves. */
  documents: z.array(packetDocumentSchema).default([]),
});
export type Packet = z.infer<typeof packetSchema>;

export const HASHING: Packet['hashing'] = {
  file: 'sha256',
  canonicalJson: 'RFC 8785 (JCS) subset: sorted keys, no whitespace',
  bodyHash: 'sha256(canonicalJson(body))',
  entryHash: 'sha256(canonicalJson({v:1, seq, prevHash, bodyHash}))',
  checkpointSignature: 'Ed25519 over canonicalJson({v:1, chain, size, headHash, time, keyId})',
  packetSignature: 'Ed25519 over the exact bytes of packet.json, raw 64 bytes in packet.sig',
};

export const packetVerifyReportSchema = z.object({
  ok: z.boolean(),
  claimNumber: z.string().nullable(),
  /** The claim summary as signed (compare it with what the PDF's cover shows); null when the packet is unreadable. */
  claim: claimSchema.nullable(),
  /** Who signed packet.json, and whether that key is a trust anchor at the packet's creation time. */
  signer: z
    .object({
      keyId: z.string(),
      fingerprint: z.string(),
      signatureValid: z.boolean(),
      keyTrusted: z.boolean(),
    })
    .nullable(),
  /** False when the verifier was given no trusted key at all: then nothing is proven about who made the packet. */
  trustAnchor: z.boolean(),
  filesChecked: z.number().int(),
  entriesChecked: z.number().int(),
  checkpoint: z
    .object({
      size: z.number().int(),
      time: z.string(),
      keyId: z.string(),
      signatureValid: z.boolean(),
      keyTrusted: z.boolean(),
    })
    .nullable(),
  problems: z.array(
    z.object({ type: z.string(), message: z.string(), path: z.string().optional(), seq: z.number().int().optional() }),
  ),
});
export type PacketVerifyReport = z.infer<typeof packetVerifyReportSchema>;
