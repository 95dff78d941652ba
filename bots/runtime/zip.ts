// A small ZIP reader for remittance archives (payers hand out several 835s as
// one .zip): reads the central directory, inflates stored (0) and deflated (8)
// entries with node:zlib and checks each CRC-32, so a truncated or altered
// download fails loudly instead of yielding a short 835. No ZIP64, no
// encryption, no multi-disk archives: a payer archive using them is refused
// with a one-line reason rather than read wrongly.
import { crc32, inflateRawSync } from 'node:zlib';

export interface ZipMember {
  name: string;
  bytes: Buffer;
}

export class ZipError extends Error {
  override name = 'ZipError';
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** Refuse archives that would inflate past this (a zip bomb is not a remittance). */
const MAX_MEMBER_BYTES = 512 * 1024 * 1024;

export function isZip(bytes: Buffer): boolean {
  return bytes.length >= 4 && bytes.readUInt32LE(0) === LOCAL;
}

function endOfCentralDirectory(buf: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--)
    if (buf.readUInt32LE(i) === EOCD) return i;
  throw new ZipError('not a ZIP archive: no end of central directory record');
}

/** Every file of the archive (directories skipped), in central-directory order. */
export function readZip(buf: Buffer): ZipMember[] {
  const end = endOfCentralDirectory(buf);
  const count = buf.readUInt16LE(end + 10);
  const size = buf.readUInt32LE(end + 12);
  let at = buf.readUInt32LE(end + 16);
  if (count === 0xffff || at === 0xffffffff) throw new ZipError('ZIP64 archives are not supported');
  if (at + size > end) throw new ZipError('ZIP central directory lies outside the archive');
  const out: ZipMember[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== CENTRAL)
      throw new ZipError(`ZIP central directory entry ${n + 1} is damaged`);
    const flags = buf.readUInt16LE(at + 8);
    const method = buf.readUInt16LE(at + 10);
    const crc = buf.readUInt32LE(at + 16);
    const compressed = buf.readUInt32LE(at + 20);
    const length = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const comment = buf.readUInt16LE(at + 32);
    const localAt = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLength).toString(flags & 0x0800 ? 'utf8' : 'latin1');
    at += 46 + nameLength + extra + comment;
    if (name.endsWith('/')) continue;
    if (flags & 0x0001) throw new ZipError(`ZIP entry ${name} is encrypted`);
    if (length > MAX_MEMBER_BYTES) throw new ZipError(`ZIP entry ${name} is larger than ${MAX_MEMBER_BYTES} bytes`);
    if (localAt + 30 > buf.length || buf.readUInt32LE(localAt) !== LOCAL)
      throw new ZipError(`ZIP entry ${name} has no local header`);
    const start = localAt + 30 + buf.readUInt16LE(localAt + 26) + buf.readUInt16LE(localAt + 28);
    if (start + compressed > buf.length) throw new ZipError(`ZIP entry ${name} is truncated`);
    const raw = buf.subarray(start, start + compressed);
    let bytes: Buffer;
    if (method === 0) bytes = Buffer.from(raw);
    else if (method === 8) {
      try {
        bytes = inflateRawSync(raw, { maxOutputLength: MAX_MEMBER_BYTES });
      } catch (e) {
        throw new ZipError(`ZIP entry ${name} does not inflate: ${(e as Error).message}`);
      }
    } else throw new ZipError(`ZIP entry ${name} uses compression method ${method}, not stored or deflate`);
    if (bytes.length !== length || crc32(bytes) !== crc)
      throw new ZipError(`ZIP entry ${name} fails its CRC-32 or length check`);
    out.push({ name, bytes });
  }
  return out;
}
