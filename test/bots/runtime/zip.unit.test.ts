// The bots' ZIP reader against the mock portals' writer and against damage:
// members come back byte for byte; a flipped byte, a truncated download or a
// file that is no archive fail with a one-line reason, never a short 835.
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isZip, readZip, ZipError } from '../../../bots/runtime/zip.ts';
import { writeZip } from '../../../mock-portals/shared/zip.ts';

const members = [
  { name: 'A_1of2.835', bytes: Buffer.from(`ISA*00*${'x'.repeat(5000)}~IEA*1*000000001~\n`) },
  { name: 'A_2of2.835', bytes: Buffer.from('ISA*00*second~') },
  { name: 'empty.txt', bytes: Buffer.alloc(0) },
];

describe('ZIP reader', () => {
  it('reads back what the writer stored, in order', () => {
    const zip = writeZip(members, '2025-05-08');
    expect(isZip(zip)).toBe(true);
    expect(readZip(zip)).toEqual(members);
  });

  it('reads stored (uncompressed) entries and skips directories', () => {
    const zip = writeZip(members.slice(1, 2), '2025-05-08');
    // Rewrite the one entry as method 0 (stored) by hand: local + central headers.
    const data = members[1]!.bytes;
    const deflated = deflateRawSync(data);
    const at = zip.indexOf(deflated);
    const stored = Buffer.concat([zip.subarray(0, at), data, zip.subarray(at + deflated.length)]);
    stored.writeUInt16LE(0, 8);
    stored.writeUInt32LE(data.length, 18);
    const central = stored.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    stored.writeUInt16LE(0, central + 10);
    stored.writeUInt32LE(data.length, central + 20);
    const eocd = stored.indexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    stored.writeUInt32LE(central, eocd + 16);
    expect(readZip(stored)).toEqual([{ name: 'A_2of2.835', bytes: data }]);
  });

  it('refuses damaged, truncated and non-ZIP input with a one-line reason', () => {
    const zip = writeZip(members, '2025-05-08');
    const flipped = Buffer.from(zip);
    flipped[40] = flipped[40]! ^ 0xff; // inside the first entry's data
    expect(() => readZip(flipped)).toThrow(ZipError);
    expect(() => readZip(zip.subarray(0, zip.length - 30))).toThrow(/no end of central directory|damaged/);
    expect(() => readZip(Buffer.from('ISA*00*not a zip~'))).toThrow(/not a ZIP archive/);
    expect(isZip(Buffer.from('ISA*'))).toBe(false);
    for (const bad of [flipped, Buffer.from('<html>')]) {
      try {
        readZip(bad);
      } catch (e) {
        expect((e as Error).message).not.toContain('\n');
      }
    }
  });
});
