// RFC 3161 timestamps on checkpoints, against a local time-stamping authority run with
// `openssl ts -reply` behind a small HTTP server (what a TSA is, minus the network).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { generateSigningKey, openEvidenceStore } from '../../evidence-store/index.ts';
import { createTestDb, tempDir, type TestDb } from './helpers.ts';

let db: TestDb;
let tsaDir: string;
let server: Server;
let tsaUrl: string;
const key = generateSigningKey();

const TSA_CNF = `[ tsa ]
default_tsa = tsa_config1
[ tsa_config1 ]
dir = .
serial = ./serial
crypto_device = builtin
signer_cert = ./tsa.crt
certs = ./ca.crt
signer_key = ./tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256
accuracy = secs:1
ordering = yes
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
`;

function openssl(args: string[], input?: Buffer): Buffer {
  return execFileSync('openssl', args, { cwd: tsaDir, input, stdio: ['pipe', 'pipe', 'ignore'] });
}

async function makeCa(dir: string, name: string): Promise<void> {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ed25519',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.crt`,
      '-subj',
      `/CN=${name}`,
      '-days',
      '2',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign',
    ],
    { cwd: dir, stdio: 'ignore' },
  );
}

beforeAll(async () => {
  db = await createTestDb('tsa');
  tsaDir = await tempDir('ev-tsa-');
  await fs.writeFile(path.join(tsaDir, 'tsa.cnf'), TSA_CNF);
  await fs.writeFile(path.join(tsaDir, 'serial'), '01\n');
  await fs.writeFile(
    path.join(tsaDir, 'ext.cnf'),
    'extendedKeyUsage=critical,timeStamping\nkeyUsage=critical,digitalSignature\n',
  );
  await makeCa(tsaDir, 'ca');
  await makeCa(tsaDir, 'other-ca');
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'tsa.key', '-out', 'tsa.csr', '-subj', '/CN=Test TSA']);
  openssl([
    'x509',
    '-req',
    '-in',
    'tsa.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'tsa.crt',
    '-days',
    '2',
    '-extfile',
    'ext.cnf',
  ]);
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        const q = path.join(tsaDir, `q-${Date.now()}-${Math.random()}.tsq`);
        execFileSync('sh', ['-c', `cat > "${q}"`], { input: Buffer.concat(chunks) });
        const reply = openssl(['ts', '-reply', '-config', 'tsa.cnf', '-queryfile', q]);
        res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(reply);
      } catch (e) {
        res.writeHead(500).end(String(e));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  tsaUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`;
});
afterAll(async () => {
  server.close();
  await db.drop();
  await fs.rm(tsaDir, { recursive: true, force: true });
});

describe('RFC 3161 timestamps on checkpoints', () => {
  it('stamps each checkpoint at the TSA, chains the token, and verify reports the TSA time', async () => {
    await db.reset();
    const dir = await tempDir();
    const open = (caFile: string) =>
      openEvidenceStore({ dir, db: db.pool, signingKey: key.seedBase64, derive: false, tsaUrl, tsaCaFile: caFile });
    const store = await open(path.join(tsaDir, 'ca.crt'));
    try {
      await store.putOriginal(Buffer.from('835'), { contentType: 'text/plain', ext: 'txt', claimRef: 'CLM-T' });
      const before = Date.now();
      const cp = await store.checkpoint();
      expect(cp.tsaTime).toBeDefined();
      expect(Math.abs(new Date(cp.tsaTime!).getTime() - before)).toBeLessThan(60_000);

      const r = await store.verify({ all: true });
      expect(r.problems).toEqual([]);
      expect(r.timestamps).toEqual([
        { size: cp.ledger.size, checkpointTime: cp.ledger.time, tsaTime: cp.tsaTime, ok: true },
      ]);
    } finally {
      await store.close();
    }
    // A TSA the verifier does not trust: the token's signature does not chain to its CA.
    const other = await open(path.join(tsaDir, 'other-ca.crt'));
    try {
      const r = await other.verify({ all: true });
      expect(r.problems).toEqual([
        expect.objectContaining({ type: 'timestamp_invalid', message: expect.stringMatching(/does not verify/) }),
      ]);
    } finally {
      await other.close();
    }
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('a token moved onto another checkpoint is reported', async () => {
    await db.reset();
    const dir = await tempDir();
    const store = await openEvidenceStore({ dir, db: db.pool, signingKey: key.seedBase64, derive: false, tsaUrl });
    try {
      await store.putOriginal(Buffer.from('a'), { contentType: 'text/plain', ext: 'txt' });
      await store.checkpoint();
      await store.putOriginal(Buffer.from('b'), { contentType: 'text/plain', ext: 'txt' });
      await store.checkpoint();
      // The attacker (table owner) swaps the second stamp's token for the first's, hashes recomputed would not help:
      // the token stamps the digest of the first checkpoint, not the second.
      await db.appendOnly(false);
      const rows = (
        await db.pool.query(`SELECT seq, details FROM evidence_ledger WHERE kind = 'timestamp' ORDER BY seq`)
      ).rows;
      await db.pool.query(
        `UPDATE evidence_ledger SET details = jsonb_set(details, '{token}', $2::jsonb) WHERE seq = $1`,
        [rows[1].seq, JSON.stringify(rows[0].details.token)],
      );
      await db.appendOnly(true);
      const r = await store.verify({ all: true });
      expect(r.problems.map((p) => p.type)).toContain('timestamp_invalid');
      expect(r.problems.find((p) => p.type === 'timestamp_invalid')!.message).toMatch(/stamps another checkpoint/);
    } finally {
      await store.close();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
