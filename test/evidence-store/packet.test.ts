import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import {
  openEvidenceStore,
  generateSigningKey,
  verifyPacket,
  packetSchema,
  type EvidenceStore,
  type PacketClaim,
} from '../../evidence-store/index.ts';
import { createTestDb, ctxFor, makeCapture, tempDir, type TestDb } from './helpers.ts';

let db: TestDb;
let dir: string;
let out: string;
let store: EvidenceStore;
const key = generateSigningKey();

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
    expect((await verifyPacket(built.pdfPath)).ok).toBe(true);

    const log = await store.accessLog({ actor: 'appeals@clinic' });
    expect(log).toHaveLength(8);
    expect(log.every((l) => l.action === 'export' && l.reason === 'appeal CLM-9001' && l.claimRef === 'CLM-9001')).toBe(
      true,
    );
  });

  it('travels as a zip: our zip and a system `zip -r` of the directory both verify; a damaged zip does not', async () => {
    const built = await store.exportPacket(claim, path.join(out, 'zipped'), { actor: 'z', reason: 'zip', zip: true });
    expect(built.zipPath).toBe(`${built.dir}.zip`);
    expect((await verifyPacket(built.zipPath!)).ok).toBe(true);
    execFileSync('unzip', ['-tq', built.zipPath!]); // standard tools accept it
    const sys = path.join(out, 'system.zip');
    execFileSync('zip', ['-qr', sys, 'zipped'], { cwd: out });
    expect((await verifyPacket(sys)).ok).toBe(true);
    const bytes = await fs.readFile(built.zipPath!);
    bytes[400] = bytes[400]! ^ 0xff;
    const bad = path.join(out, 'bad.zip');
    await fs.writeFile(bad, bytes);
    const r = await verifyPacket(bad);
    expect(r.ok).toBe(false);
  });

  it('fails after a byte flip in an original, a forged checkpoint or an untrusted key', async () => {
    const built = await store.exportPacket(claim, path.join(out, 'tampered'), { actor: 't', reason: 't' });
    const packet = packetSchema.parse(JSON.parse(await fs.readFile(built.jsonPath, 'utf8')));
    const png = packet.captures[1]!.files.find((f) => f.role === 'png')!;
    const file = path.join(built.dir, png.path);
    const bytes = await fs.readFile(file);
    bytes[200] = bytes[200]! ^ 0x80;
    await fs.writeFile(file, bytes);
    let r = await verifyPacket(built.dir);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([
      expect.objectContaining({ type: 'file_changed', path: png.path, seq: packet.captures[1]!.ledgerSeq }),
    ]);

    bytes[200] = bytes[200]! ^ 0x80; // restore, then forge the checkpoint instead
    await fs.writeFile(file, bytes);
    expect((await verifyPacket(built.dir)).ok).toBe(true);
    const forged = { ...packet, checkpoint: { ...packet.checkpoint, size: packet.checkpoint.size + 1 } };
    await fs.writeFile(built.jsonPath, JSON.stringify(forged));
    r = await verifyPacket(built.dir);
    expect(r.problems.map((p) => p.type)).toEqual(
      expect.arrayContaining(['checkpoint_bad_signature', 'checkpoint_mismatch']),
    );

    await fs.writeFile(built.jsonPath, JSON.stringify(packet));
    r = await verifyPacket(built.dir, { trustedPublicKeys: [generateSigningKey().publicKeyBase64] });
    expect(r.problems).toEqual([expect.objectContaining({ type: 'checkpoint_untrusted_key' })]);

    // Editing a manifest field in packet.json (e.g. the URL) is caught against the hashed manifest file.
    const edited = structuredClone(packet);
    edited.captures[0]!.manifest.finalUrl = 'https://elsewhere.example/';
    await fs.writeFile(built.jsonPath, JSON.stringify(edited));
    r = await verifyPacket(built.dir);
    expect(r.problems).toEqual([expect.objectContaining({ type: 'manifest_mismatch' })]);
  });
});
