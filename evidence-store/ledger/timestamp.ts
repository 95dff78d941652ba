// RFC 3161 trusted timestamps for checkpoints: an independent time-stamping authority
// (TSA) signs "this digest existed at time T". A checkpoint's own `time` is the signer's
// clock; a TSA token bounds it from outside, so a stolen or retired key cannot backdate.
// Request building and the response fields we need (status, genTime, message imprint)
// are plain DER, done here; the CMS signature of the token is checked with
// `openssl ts -verify` against the configured TSA CA (tsaCaFile).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const SHA256_ALG = Buffer.from('300d06096086480165030402010500', 'hex');

function tlv(tag: number, body: Buffer): Buffer {
  const n = body.length;
  const len = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, body]);
}

/** DER TimeStampReq {version 1, messageImprint (sha256, digest), nonce, certReq true}. */
export function timestampRequest(digest: Buffer, nonce = randomBytes(8)): Buffer {
  const imprint = tlv(0x30, Buffer.concat([SHA256_ALG, tlv(0x04, digest)]));
  const nonceInt = tlv(0x02, nonce[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), nonce]) : nonce);
  return tlv(0x30, Buffer.concat([Buffer.from('020101', 'hex'), imprint, nonceInt, Buffer.from('0101ff', 'hex')]));
}

interface Node {
  tag: number;
  start: number;
  body: Buffer;
}

function read(buf: Buffer, at: number): Node & { end: number } {
  const tag = buf[at]!;
  let len = buf[at + 1]!;
  let off = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[off + i]!;
    off += n;
  }
  if (off + len > buf.length) throw new Error('truncated DER');
  return { tag, start: at, body: buf.subarray(off, off + len), end: off + len };
}

function children(b: Buffer): Node[] {
  const out: Node[] = [];
  for (let at = 0; at < b.length; ) {
    const n = read(b, at);
    out.push(n);
    at = n.end;
  }
  return out;
}

export interface ParsedTimestamp {
  /** PKIStatus: 0 granted, 1 grantedWithMods; anything else is a refusal. */
  status: number;
  /** TSTInfo.genTime as ISO 8601, null when the response carries no token. */
  time: string | null;
  /** The digest the TSA stamped (hex). */
  imprint: string | null;
}

function generalizedTime(s: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\.\d+)?Z$/.exec(s);
  if (!m) throw new Error(`unexpected GeneralizedTime ${s}`);
  return new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[7] ?? ''}Z`).toISOString();
}

/** Reads TimeStampResp → token → SignedData → TSTInfo (genTime, messageImprint). Throws on malformed DER. */
export function parseTimestampResponse(der: Buffer): ParsedTimestamp {
  const resp = children(read(der, 0).body);
  const status = Number(children(resp[0]!.body)[0]?.body.readUIntBE(0, 1) ?? 2);
  const token = resp[1];
  if (!token) return { status, time: null, imprint: null };
  const [, content] = children(token.body); // ContentInfo {contentType, [0] SignedData}
  const signedData = children(children(content!.body)[0]!.body);
  const encap = children(signedData[2]!.body); // {eContentType, [0] OCTET STRING TSTInfo}
  const tstInfoDer = children(encap[1]!.body)[0]!.body;
  const tst = children(read(tstInfoDer, 0).body); // version, policy, messageImprint, serial, genTime, ...
  const imprint = children(tst[2]!.body)[1]!.body.toString('hex');
  const time = generalizedTime(tst[4]!.body.toString('latin1'));
  return { status, time, imprint };
}

/** POSTs a request for `digest` to the TSA; returns the DER response (base64) and its time. */
export async function requestTimestamp(
  url: string,
  digest: Buffer,
): Promise<{ token: string; time: string; imprint: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/timestamp-query' },
    body: new Uint8Array(timestampRequest(digest)),
    signal: AbortSignal.timeout(15_000),
  });
  if (!res.ok) throw new Error(`TSA answered HTTP ${res.status}`);
  const der = Buffer.from(await res.arrayBuffer());
  const parsed = parseTimestampResponse(der);
  if (parsed.status > 1 || !parsed.time || !parsed.imprint) throw new Error(`TSA refused (status ${parsed.status})`);
  if (parsed.imprint !== digest.toString('hex')) throw new Error('TSA stamped another digest');
  return { token: der.toString('base64'), time: parsed.time, imprint: parsed.imprint };
}

/**
 * Checks a stored token: it must stamp `digest`; with a CA file, its CMS signature must
 * verify (`openssl ts -verify`). Returns the TSA time, or a reason it cannot be trusted.
 */
export async function checkTimestamp(
  tokenBase64: string,
  digest: Buffer,
  caFile: string | undefined,
): Promise<{ ok: boolean; time: string | null; reason?: string }> {
  let parsed: ParsedTimestamp;
  const der = Buffer.from(tokenBase64, 'base64');
  try {
    parsed = parseTimestampResponse(der);
  } catch (e) {
    return { ok: false, time: null, reason: `unreadable token: ${(e as Error).message}` };
  }
  if (parsed.imprint !== digest.toString('hex'))
    return { ok: false, time: parsed.time, reason: 'the token stamps another checkpoint' };
  if (!caFile) return { ok: true, time: parsed.time };
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ev-tsr-'));
  try {
    const file = path.join(dir, 'r.tsr');
    await fs.writeFile(file, der);
    const r = spawnSync(
      'openssl',
      ['ts', '-verify', '-digest', digest.toString('hex'), '-in', file, '-CAfile', caFile],
      { encoding: 'utf8' },
    );
    if (r.error) return { ok: false, time: parsed.time, reason: `openssl not available: ${r.error.message}` };
    if (r.status !== 0 || !/Verification: OK/.test(r.stdout))
      return { ok: false, time: parsed.time, reason: 'the TSA signature does not verify against tsaCaFile' };
    return { ok: true, time: parsed.time };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
