import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import {
  openEvidenceStore,
  generateSigningKey,
  verifyPacket,
  packetSchema,
  bodyHashOf,
  canonicalJson,
  fingerprintOf,
  linkHashOf,
  sha256Hex,
  PACKET_SIGNATURE_FILE,
  publicKeyPem,
  readPdfAttachments,
  type EvidenceStore,
  type Packet,
  type PacketClaim,
} from '../../evidence-store/index.ts';
import {
  parseSigningKey as parseSigningKeyForTest,
  signBytes as signBytesForTest,
  signCheckpoint as signCheckpointForTest,
} from '../../evidence-store/ledger/checkpoint.ts';
import { createTestDb, ctxFor, makeCapture, portalPng, tempDir, type TestDb } from './helpers.ts';

let db: TestDb;
let dir: string;
let out: string;
let store: EvidenceStore;
const key = generateSigningKey();
const trust = { trustedPublicKeys: [key.publicKeyBase64] };

const claim: PacketClaim = {
  claimNumber: 'CLM-9001',
  payer: 'Aetna',
  patientControlNumber: 'PCN-77',
  denialCodes: [
    {
      group: 'CO',
      code: '197',
      description: 'Precertification/authorization/notification/pre-treatment absent.',
      amount: 412.5,
    },
    { group: 'PR', code: '1', description: 'Deductible amount.', amount: 50 },
  ],
  amounts: { billed: 1250, allowed: 462.5, paid: 0, patientResponsibility: 50 },
  deadlines: [{ label: 'Aetna appeal (180 days from EOB)', date: '2027-05-19' }],
};

beforeAll(async () => {
  db = await createTestDb('packet');
  dir = await tempDir();
  out = await tempDir('ev-packet-');
  store = await openEvidenceStore({ dir, db: db.pool, signingKey: key.seedBase64 });
  await store.storeCapture(await makeCapture('CLM-9001 search'), ctxFor('CLM-9001', 1));
  await store.storeCapture(await makeCapture('CLM-OTHER'), ctxFor('CLM-OTHER', 1)); // unrelated claim in between
  await store.storeCapture(
    await makeCapture('CLM-9001 denial detail', { capturedAt: new Date('2026-11-20T15:05:00.000Z') }),
    ctxFor('CLM-9001', 2),
  );
  await store.whenIdle();
});
afterAll(async () => {
  await store.close();
  await db.drop();
  await fs.rm(dir, { recursive: true, force: true });
  if (!process.env.EV_ARTIFACTS) await fs.rm(out, { recursive: true, force: true });
});

describe('appeal packet', () => {
  it('builds packet.pdf + packet.json + originals/ that verify standalone, and logs the export', async () => {
    const target = path.join(process.env.EV_ARTIFACTS ?? out, 'claim-9001.pdf');
    const built = await store.exportPacket(claim, target, { actor: 'appeals@clinic', reason: 'appeal CLM-9001' });
    expect(built.dir).toBe(target.slice(0, -4));
    const pdf = await fs.readFile(built.pdfPath);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.includes(Buffer.from('/EmbeddedFile'))).toBe(true);
    const packet = packetSchema.parse(JSON.parse(await fs.readFile(built.jsonPath, 'utf8')));
    expect(packet.captures).toHaveLength(2);
    expect((await fs.readdir(path.join(built.dir, 'originals'))).length).toBe(8);
    // The unrelated claim's entry is in the slice only as a bare link: no content, no claim number.
    const other = packet.ledgerSlice.find((l) => !packet.captures.some((c) => c.ledgerSeq === l.seq));
    expect(other).toBeDefined();
    expect(other!.body).toBeUndefined();
    expect(JSON.stringify(packet)).not.toContain('CLM-OTHER');

    // Verified with nothing but the directory (the store is not consulted).
    const report = await verifyPacket(built.dir, { trustedPublicKeys: [key.publicKeyBase64] });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({
      ok: true,
      claimNumber: 'CLM-9001',
      filesChecked: 8,
      checkpoint: { signatureValid: true, keyTrusted: true },
    });
    // The PDF alone verifies from its attachments (packet.json, packet.sig, originals).
    const lone = path.join(out, 'lone', 'appeal.pdf');
    await fs.mkdir(path.dirname(lone), { recursive: true });
    await fs.copyFile(built.pdfPath, lone);
    const fromPdf = await verifyPacket(lone, { trustedPublicKeys: [key.publicKeyBase64] });
    expect(fromPdf.problems).toEqual([]);
    expect(fromPdf).toMatchObject({ ok: true, filesChecked: 8, claim: { amounts: { billed: 1250 } } });

    const log = await store.accessLog({ actor: 'appeals@clinic' });
    expect(log).toHaveLength(8);
    expect(log.every((l) => l.action === 'export' && l.reason === 'appeal CLM-9001' && l.claimRef === 'CLM-9001')).toBe(
      true,
    );
  });

  it('travels as a zip: our zip and a system `zip -r` of the directory both verify; a damaged zip does not', async () => {
    const built = await store.exportPacket(claim, path.join(out, 'zipped'), { actor: 'z', reason: 'zip', zip: true });
    expect(built.zipPath).toBe(`${built.dir}.zip`);
    expect((await verifyPacket(built.zipPath!, trust)).ok).toBe(true);
    execFileSync('unzip', ['-tq', built.zipPath!]); // standard tools accept it
    const sys = path.join(out, 'system.zip');
    execFileSync('zip', ['-qr', sys, 'zipped'], { cwd: out });
    expect((await verifyPacket(sys, trust)).ok).toBe(true);
    const bytes = await fs.readFile(built.zipPath!);
    bytes[400] = bytes[400]! ^ 0xff;
    const bad = path.join(out, 'bad.zip');
    await fs.writeFile(bad, bytes);
    const r = await verifyPacket(bad, trust);
    expect(r.ok).toBe(false);
  });

  it('fails after a byte flip in an original, a forged checkpoint or an untrusted key', async () => {
    const built = await store.exportPacket(claim, path.join(out, 'tampered'), { actor: 't', reason: 't' });
    const original = await fs.readFile(built.jsonPath);
    const packet = packetSchema.parse(JSON.parse(original.toString('utf8')));
    const png = packet.captures[1]!.files.find((f) => f.role === 'png')!;
    const file = path.join(built.dir, png.path);
    const bytes = await fs.readFile(file);
    bytes[200] = bytes[200]! ^ 0x80;
    await fs.writeFile(file, bytes);
    let r = await verifyPacket(built.dir, trust);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([
      expect.objectContaining({ type: 'file_changed', path: png.path, seq: packet.captures[1]!.ledgerSeq }),
    ]);

    bytes[200] = bytes[200]! ^ 0x80; // restore, then forge the checkpoint instead
    await fs.writeFile(file, bytes);
    expect((await verifyPacket(built.dir, trust)).ok).toBe(true);
    const forged = { ...packet, checkpoint: { ...packet.checkpoint, size: packet.checkpoint.size + 1 } };
    await fs.writeFile(built.jsonPath, JSON.stringify(forged));
    r = await verifyPacket(built.dir, trust);
    expect(r.problems.map((p) => p.type)).toEqual(
      expect.arrayContaining(['packet_bad_signature', 'checkpoint_bad_signature', 'checkpoint_mismatch']),
    );

    await fs.writeFile(built.jsonPath, original);
    r = await verifyPacket(built.dir, { trustedPublicKeys: [generateSigningKey().publicKeyBase64] });
    expect(r.problems.map((p) => p.type)).toEqual(['packet_untrusted_key', 'checkpoint_untrusted_key']);

    // Editing a manifest field in packet.json (e.g. the URL) is caught against the hashed manifest file.
    const edited = structuredClone(packet);
    edited.captures[0]!.manifest.finalUrl = 'https://elsewhere.example/';
    await fs.writeFile(built.jsonPath, JSON.stringify(edited));
    r = await verifyPacket(built.dir, trust);
    expect(r.problems.map((p) => p.type)).toEqual(['packet_bad_signature', 'manifest_mismatch']);
  });

  it('fails without a trust anchor, even when everything is intact', async () => {
    const built = await store.exportPacket(claim, path.join(out, 'anchorless'), { actor: 't', reason: 't' });
    const r = await verifyPacket(built.pdfPath);
    expect(r.ok).toBe(false);
    expect(r.trustAnchor).toBe(false);
    expect(r.problems.map((p) => p.type)).toEqual(['no_trust_anchor']);
  });

  it("a forger's packet fails: screenshot changed, every hash, manifest, chain and checkpoint recomputed, re-signed with a fresh key", async () => {
    const built = await store.exportPacket(claim, path.join(out, 'forged'), { actor: 't', reason: 't' });
    const packet = packetSchema.parse(JSON.parse(await fs.readFile(built.jsonPath, 'utf8')));
    const forger = parseSigningKeyForTest(generateSigningKey().seedBase64);
    // New screenshot bytes for exhibit 1, and everything that commits to them recomputed.
    const cap = packet.captures[0]!;
    const fake = await portalPng('doctored screen');
    const fakeSha = sha256Hex(fake);
    await fs.writeFile(path.join(built.dir, `originals/${fakeSha}.png`), fake);
    cap.manifest.files.png = { ...cap.manifest.files.png, sha256: fakeSha, byteSize: fake.byteLength };
    const manifestBytes = Buffer.from(canonicalJson(cap.manifest));
    const manifestSha = sha256Hex(manifestBytes);
    await fs.writeFile(path.join(built.dir, `originals/${manifestSha}.json`), manifestBytes);
    for (const f of cap.files) {
      if (f.role === 'png')
        Object.assign(f, { sha256: fakeSha, byteSize: fake.byteLength, path: `originals/${fakeSha}.png` });
      if (f.role === 'manifest')
        Object.assign(f, {
          sha256: manifestSha,
          byteSize: manifestBytes.length,
          path: `originals/${manifestSha}.json`,
        });
    }
    cap.manifestSha256 = manifestSha;
    let prev = packet.ledgerSlice[0]!.prevHash;
    for (const l of packet.ledgerSlice) {
      if (l.seq === cap.ledgerSeq) {
        const body = l.body as { files: Array<{ role: string; sha256: string }>; sha256: string };
        for (const f of body.files) {
          if (f.role === 'png') f.sha256 = fakeSha;
          if (f.role === 'manifest') f.sha256 = manifestSha;
        }
        body.sha256 = fakeSha;
        l.bodyHash = bodyHashOf(l.body);
      }
      l.prevHash = prev;
      l.entryHash = linkHashOf(l.seq, l.prevHash, l.bodyHash);
      prev = l.entryHash;
    }
    packet.checkpoint = signCheckpointForTest(forger, {
      chain: 'ledger',
      size: packet.checkpoint.size,
      headHash: prev,
      time: new Date(packet.checkpoint.time),
    });
    packet.signer = {
      publicKey: forger.publicKeyBase64,
      keyId: forger.keyId,
      fingerprint: fingerprintOf(forger.publicKeyBase64),
    };
    const json = JSON.stringify(packet, null, 2);
    await fs.writeFile(built.jsonPath, json);
    await fs.writeFile(path.join(built.dir, PACKET_SIGNATURE_FILE), signBytesForTest(forger, Buffer.from(json)));

    // Internally consistent: with the forger's own key as "anchor" it would pass, which is why the anchor matters.
    expect((await verifyPacket(built.dir, { trustedPublicKeys: [forger.publicKeyBase64] })).problems).toEqual([]);
    const r = await verifyPacket(built.dir, trust);
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.type)).toEqual(['packet_untrusted_key', 'checkpoint_untrusted_key']);
    expect((await verifyPacket(built.dir)).ok).toBe(false);
  });

  it('the claim summary is signed: editing the billed amount, a deadline or a CARC fails', async () => {
    const built = await store.exportPacket(claim, path.join(out, 'summary'), { actor: 't', reason: 't' });
    const original = await fs.readFile(built.jsonPath, 'utf8');
    const edits: Array<(p: Packet) => void> = [
      (p) => void (p.claim.amounts.billed = 9250),
      (p) => void (p.claim.deadlines[0]!.date = '2027-12-31'),
      (p) => void (p.claim.denialCodes[0]!.code = '50'),
    ];
    for (const edit of edits) {
      const p = packetSchema.parse(JSON.parse(original));
      edit(p);
      await fs.writeFile(built.jsonPath, JSON.stringify(p, null, 2));
      const r = await verifyPacket(built.dir, trust);
      expect(r.problems.map((x) => x.type)).toEqual(['packet_bad_signature']);
    }
    await fs.writeFile(built.jsonPath, original);
    expect((await verifyPacket(built.dir, trust)).ok).toBe(true);
  });

  it('rotation: a key trusted only until a date no longer vouches for packets signed after it', async () => {
    const built = await store.exportPacket(claim, path.join(out, 'rotated'), { actor: 't', reason: 't' });
    const retiredBefore = `${key.publicKeyBase64}@..2020-01-01`;
    const r = await verifyPacket(built.dir, { trustedPublicKeys: [retiredBefore] });
    expect(r.problems.map((x) => x.type)).toEqual(['packet_untrusted_key', 'checkpoint_untrusted_key']);
    const current = `${key.publicKeyBase64}@2020-01-01..`;
    expect((await verifyPacket(built.dir, { trustedPublicKeys: [current] })).ok).toBe(true);
  });

  it('scripts/verify-packet.sh (sha256sum, openssl, jq only) accepts a good packet and refuses tampered ones', async () => {
    const built = await store.exportPacket(claim, path.join(out, 'posix'), { actor: 't', reason: 't' });
    const pem = path.join(out, 'published.pem');
    await fs.writeFile(pem, `# comment lines before the key are fine\n${publicKeyPem(key.publicKeyBase64)}`);
    const script = path.resolve(import.meta.dirname, '../../scripts/verify-packet.sh');
    const run = (dir: string, pub = pem) => {
      const r = spawnSync('sh', [script, dir, pub], { encoding: 'utf8' });
      return { code: r.status, out: r.stdout + r.stderr };
    };
    const good = run(built.dir);
    expect(good.out).toMatch(/^OK: packet for claim CLM-9001 verified: 8 files/);
    expect(good.code).toBe(0);

    // A lone PDF's attachments, flat in one directory (what `pdfdetach -saveall` gives).
    const flat = path.join(out, 'detached');
    await fs.mkdir(flat, { recursive: true });
    for (const [name, bytes] of readPdfAttachments(await fs.readFile(built.pdfPath)))
      await fs.writeFile(path.join(flat, name), bytes);
    expect(run(flat).code).toBe(0);

    const otherKey = path.join(out, 'other.pem');
    await fs.writeFile(otherKey, publicKeyPem(generateSigningKey().publicKeyBase64));
    expect(run(built.dir, otherKey)).toMatchObject({
      code: 1,
      out: expect.stringMatching(/^FAILED: packet.json is signed by key/),
    });

    const original = await fs.readFile(built.jsonPath, 'utf8');
    const p = packetSchema.parse(JSON.parse(original));
    p.claim.amounts.billed = 9999;
    await fs.writeFile(built.jsonPath, JSON.stringify(p, null, 2));
    expect(run(built.dir)).toMatchObject({
      code: 1,
      out: expect.stringMatching(/^FAILED: packet.sig does not verify/),
    });
    await fs.writeFile(built.jsonPath, original);

    const png = p.captures[0]!.files.find((f) => f.role === 'png')!;
    const file = path.join(built.dir, png.path);
    const bytes = await fs.readFile(file);
    bytes[100] = bytes[100]! ^ 0x01;
    await fs.writeFile(file, bytes);
    expect(run(built.dir)).toMatchObject({ code: 1, out: expect.stringMatching(/does not match its SHA-256/) });
  });
});
