// `portalbots evidence ...` end to end: a schema seeded with claims, results and
// real PNG captures stored through the real sink and evidence store, then the CLI
// run as a subprocess against it, as an auditor would.
import { spawn } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageCapture } from '../../../bots/runtime/bot.ts';
import {
  generateSigningKey,
  openEvidenceStore,
  sha256FromKey,
  type EvidenceStore,
} from '../../../evidence-store/index.ts';
import { createPool } from '../../../orchestrator/platform/db/connection.ts';
import { createDb, type Db } from '../../../orchestrator/platform/db/client.ts';
import { jobEvidenceSink } from '../../../orchestrator/platform/worker/evidence-sink.ts';
import { createTestSchema, type TestDatabase } from '../../helpers/database.ts';
import { type CliRun, runCliInProcess } from '../../helpers/in-process-cli.ts';

const KEY = generateSigningKey();
let database: TestDatabase;
let db: Db;
let store: EvidenceStore;
let pool: ReturnType<typeof createPool>;
let tmp: string;
let evidenceDir: string;
const ids: Record<string, string> = {};
/** storage keys of the captures, per claim, in capture order */
const keys: Record<string, string[]> = {};

function cliEnv(env: Record<string, string>): Record<string, string> {
  return {
    DATABASE_URL: database.url,
    PORTALBOTS_DATA_DIR: tmp,
    PORTALBOTS_EVIDENCE_DIR: evidenceDir,
    PORTALBOTS_EVIDENCE_SIGNING_KEY: KEY.seedBase64,
    LOG_LEVEL: 'silent',
    USER: 'auditor-1',
    ...env,
  };
}

/**
 * The real `portalbots evidence` program, in this process (a subprocess costs seconds of
 * TypeScript loading on a shared 2-core machine). Argument errors from commander itself,
 * and anything that must prove it needs no database, go through `spawnCli` instead.
 */
function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCliInProcess('evidence', args, cliEnv(env));
}

function spawnCli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/portalbots.mjs', 'evidence', ...args], {
      env: { ...process.env, ...cliEnv(env) },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

async function png(seed: number): Promise<Buffer> {
  return sharp({
    create: { width: 320, height: 200, channels: 3, background: { r: (seed * 70) % 256, g: 120, b: 200 - seed * 30 } },
  })
    .composite([
      {
        input: Buffer.from(
          `<svg width="320" height="200"><text x="20" y="100" font-size="28" fill="white">Claim screen ${seed}</text></svg>`,
        ),
        top: 0,
        left: 0,
      },
    ])
    .png()
    .toBuffer();
}

function capture(label: string, bytes: Buffer, at: string, url: string): PageCapture {
  return {
    label,
    png: bytes,
    html: `<html><body><h1>${label}</h1></body></html>`,
    ariaSnapshot: `- heading "${label}"`,
    url,
    finalUrl: url,
    httpStatus: 200,
    title: label,
    capturedAt: new Date(at),
    viewport: { width: 320, height: 200, deviceScaleFactor: 1 },
    userAgent: 'test-agent',
    browserVersion: '140.0',
    playwrightVersion: '1.56.0',
    botVersion: 'availity@1.2.3',
  };
}

async function flipByte(file: string, at: number): Promise<void> {
  await chmod(file, 0o644); // the fs backend stores originals read-only
  const bytes = await readFile(file);
  bytes[at] = bytes[at]! ^ 0xff;
  await writeFile(file, bytes);
}

beforeAll(async () => {
  database = await createTestSchema('evidence_cli');
  tmp = await mkdtemp(path.join(os.tmpdir(), 'evidence-cli-'));
  evidenceDir = path.join(tmp, 'evidence');
  db = createDb(database.url, 2);
  pool = createPool(database.url, 2);
  store = await openEvidenceStore({ dir: evidenceDir, db: pool, signingKey: KEY.seedBase64, derive: false });

  await db.portal.create({ data: { id: 'availity', name: 'Availity', baseUrl: 'http://127.0.0.1:1' } });
  await db.payer.create({ data: { id: 'aetna', name: 'Aetna', portalId: 'availity', appealWindowDays: 180 } });
  const run = await db.run.create({
    data: { portalId: 'availity', task: 'claim-status', trigger: 'cli', jobCount: 3 },
  });
  ids.run = run.id;
  const claims = [
    ['A', 'AET100001', 'PCN-77'],
    ['B', 'AET100002', null],
    ['C', 'AET100003', null],
  ] as const;
  for (const [k, number, pcn] of claims) {
    const c = await db.claim.create({
      data: {
        portalId: 'availity',
        payerId: 'aetna',
        claimNumber: number,
        patientControlNumber: pcn,
        billedAmount: '250.00',
      },
    });
    ids[k] = c.id;
  }
  const sinkFor = (claim: 'A' | 'B' | 'C', jobId: string) =>
    jobEvidenceSink(db, store, {
      jobId,
      runId: run.id,
      portal: 'availity',
      claimId: ids[claim]!,
      claimRef: claims.find((c) => c[0] === claim)![1],
    });
  // Stored out of time order on purpose: the listing must sort by capture time.
  const a2 = sinkFor('A', 'job-a2');
  const a1 = sinkFor('A', 'job-a1');
  const refs = [
    await a2.capture(
      capture('claim detail', await png(2), '2026-11-20T10:05:00.000Z', 'http://portal.test/claims/AET100001'),
    ),
    await a1.capture(
      capture('search results', await png(1), '2026-11-20T10:01:00.000Z', 'http://portal.test/search?q=AET100001'),
    ),
    await a2.capture(
      capture('remittance', await png(3), '2026-11-20T10:07:30.000Z', 'http://portal.test/remit/AET100001'),
    ),
  ];
  expect(refs.every((r) => /^[0-9a-f]{64}$/.test(r.sha256))).toBe(true);
  const b1 = sinkFor('B', 'job-b1');
  const c1 = sinkFor('C', 'job-c1');
  await b1.capture(
    capture('claim detail', await png(4), '2026-11-21T09:00:00.000Z', 'http://portal.test/claims/AET100002'),
  );
  await c1.capture(
    capture('claim detail', await png(5), '2026-11-21T09:30:00.000Z', 'http://portal.test/claims/AET100003'),
  );
  // Captures are written behind the bot; flush() is where a job waits for them.
  for (const sink of [a2, a1, b1, c1]) expect(await sink.flush()).toBeNull();
  for (const k of ['A', 'B', 'C'])
    keys[k] = (await db.evidence.findMany({ where: { claimId: ids[k]! }, orderBy: { capturedAt: 'asc' } })).map(
      (r) => r.storageKey,
    );

  await db.taskResult.create({
    data: {
      jobId: 'job-a2',
      runId: run.id,
      portalId: 'availity',
      payerId: 'aetna',
      task: 'claim-status',
      target: { claimNumber: 'AET100001' },
      claimId: ids.A!,
      outcome: 'found',
      botVersion: 'availity@1.2.3',
      startedAt: new Date('2026-11-20T10:00:00Z'),
      finishedAt: new Date('2026-11-20T10:08:00Z'),
      data: {
        claimNumber: 'AET100001',
        payer: 'Aetna',
        statusCategory: 'F2',
        statusText: 'Denied',
        billedAmount: 250,
        allowedAmount: 0,
        paidAmount: 0,
        patientResponsibility: 0,
        checkNumber: null,
        paymentDate: '2026-11-01',
        adjustments: [{ group: 'CO', carc: '50', amount: 250 }],
        remarkCodes: ['N115'],
      },
    },
  });
}, 120_000);

afterAll(async () => {
  await store?.close();
  await pool?.end();
  await db?.$disconnect();
  await database?.drop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('portalbots evidence', () => {
  it('lists every capture of a claim in capture order, and logs the reads with who and why', async () => {
    const r = await cli(['list', '--claim', 'AET100001', '--reason', 'audit 2026-Q4', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { claim: { claimNumber: string }; captures: Array<Record<string, unknown>> };
    expect(out.claim.claimNumber).toBe('AET100001');
    expect(out.captures.map((c) => c.label)).toEqual(['search results', 'claim detail', 'remittance']);
    expect(out.captures.map((c) => c.capturedAt)).toEqual([
      '2026-11-20T10:01:00.000Z',
      '2026-11-20T10:05:00.000Z',
      '2026-11-20T10:07:30.000Z',
    ]);
    expect(out.captures.map((c) => c.storageKey)).toEqual(keys.A);
    for (const c of out.captures) {
      expect(c).toMatchObject({ status: 'ok', kind: 'screenshot', botVersion: 'availity@1.2.3', portal: 'availity' });
      expect(c.sha256).toBe(String(c.storageKey).match(/([0-9a-f]{64})/)![1]);
      expect(typeof c.ledgerSeq).toBe('number');
    }
    const log = await store.accessLog({ claimRef: 'AET100001' });
    expect(log.length).toBe(3);
    expect(
      log.every(
        (l) => l.actor === 'auditor-1' && l.reason === 'audit 2026-Q4' && l.action === 'read' && l.outcome === 'ok',
      ),
    ).toBe(true);

    // By claim id, as text.
    const text = await cli(['list', '--claim', ids.B!]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Claim AET100002 \(availity, Aetna\): 1 capture\(s\)/);
    expect(text.stdout).toContain(keys.B![0]!.match(/([0-9a-f]{64})/)![1]);
  });

  it('verify passes on an untouched store', async () => {
    const r = await cli(['verify', '--all', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      ok: boolean;
      store: { ok: boolean; files: { rehashed: number } };
      rows: { rowsChecked: number; problems: unknown[] };
    };
    expect(out.ok).toBe(true);
    // 5 PNGs + 5 manifests + the distinct HTML/ARIA files (identical pages share one content-addressed file).
    expect(out.store.files.rehashed).toBe(16);
    expect(out.rows).toMatchObject({ rowsChecked: 5, problems: [] });
  });

  it('exports a packet that verifies standalone, without a database, and fails after a byte flip', async () => {
    const pdf = path.join(tmp, 'out', 'claim-AET100001.pdf');
    const r = await cli([
      'packet',
      '--claim',
      'AET100001',
      '--out',
      pdf,
      '--reason',
      'appeal of CO-50 denial',
      '--actor',
      'auditor-2',
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout) as { pdf: string; dir: string; captures: number };
    expect(res).toMatchObject({ pdf, dir: path.join(tmp, 'out', 'claim-AET100001.packet'), captures: 3 });
    expect((await readFile(pdf)).subarray(0, 5).toString()).toBe('%PDF-');
    const packet = JSON.parse(await readFile(path.join(res.dir, 'packet.json'), 'utf8')) as {
      claim: Record<string, unknown>;
      captures: Array<{ manifest: { label: string } }>;
    };
    expect(packet.claim).toMatchObject({
      claimNumber: 'AET100001',
      payer: 'Aetna',
      patientControlNumber: 'PCN-77',
      amounts: { billed: 250, allowed: 0, paid: 0, patientResponsibility: 0 },
      deadlines: [{ label: 'Appeal deadline (180 days from payment/denial date 2026-11-01)', date: '2027-04-30' }],
    });
    const codes = packet.claim.denialCodes as Array<{
      group: string;
      code: string;
      description: string;
      amount: number;
    }>;
    expect(codes[0]).toMatchObject({ group: 'CO', code: '50', amount: 250 });
    expect(codes[0]!.description).toMatch(/medical(ly)? necess/i);
    expect(codes[1]).toMatchObject({ group: 'RARC', code: 'N115', amount: 0 });
    expect(packet.captures.map((c) => c.manifest.label)).toEqual(['search results', 'claim detail', 'remittance']);
    const exports = (await store.accessLog({ actor: 'auditor-2' })).filter((l) => l.action === 'export');
    expect(exports.length).toBe(3 * 4);
    expect(exports.every((l) => l.reason === 'appeal of CO-50 denial')).toBe(true);

    const offline = {
      DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none',
      PORTALBOTS_EVIDENCE_DIR: path.join(tmp, 'nowhere'),
    };
    const ok = await spawnCli(['verify', '--packet', pdf, '--trust', KEY.publicKeyBase64], offline);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/OK: packet verified/);
    expect(ok.stdout).toMatch(/key trusted/);
    expect(ok.stdout).toMatch(/Signed claim summary .*AET100001, Aetna; billed 250\.00/);

    // The published key: `evidence public-key` output saved to a file is what --trust takes.
    const pub = await cli(['public-key']);
    expect(pub.code).toBe(0);
    expect(pub.stdout).toContain(`# base64:      ${KEY.publicKeyBase64}`);
    expect(pub.stdout).toMatch(
      /# fingerprint: SHA256:([0-9a-f]{4}:){15}[0-9a-f]{4}\n[\s\S]*-----BEGIN PUBLIC KEY-----/,
    );
    const pubFile = path.join(tmp, 'published-key.txt');
    await writeFile(pubFile, pub.stdout);
    // Only the PDF travels: verified from its attachments, the packet directory is not read.
    const lone = path.join(tmp, 'lone', 'appeal.pdf');
    await mkdir(path.dirname(lone), { recursive: true });
    await copyFile(pdf, lone);
    const fromFile = await cli(['verify', '--packet', lone, '--trust', pubFile], offline);
    expect(fromFile.stdout).toMatch(/OK: packet verified/);
    expect(fromFile.code).toBe(0);
    // Without a trust anchor it is refused: a forger could have re-signed it.
    const anchorless = await cli(['verify', '--packet', lone], offline);
    expect(anchorless.code).toBe(1);
    expect(anchorless.stdout).toMatch(/\[no_trust_anchor\]/);

    const shot = path.join(res.dir, 'originals', `${keys.A![1]!.match(/([0-9a-f]{64})/)![1]}.png`);
    await flipByte(shot, 200);
    const bad = await spawnCli(['verify', '--packet', res.dir, '--trust', KEY.publicKeyBase64, '--json'], offline);
    expect(bad.code).toBe(1);
    const report = JSON.parse(bad.stdout) as { ok: boolean; problems: Array<{ message: string; path?: string }> };
    expect(report.ok).toBe(false);
    expect(JSON.stringify(report.problems)).toContain(path.basename(shot));
  });

  it('verify names the claim and file when a stored file is altered, deleted, or loses its row', async () => {
    const changed = keys.A![1]!;
    await flipByte(path.join(evidenceDir, changed), 300);
    await unlink(path.join(evidenceDir, keys.B![0]!));
    await db.evidence.deleteMany({ where: { claimId: ids.C! } });

    const r = await cli(['verify', '--all', '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as {
      ok: boolean;
      rows: {
        problems: Array<{
          type: string;
          claimNumber?: string | null;
          storageKey: string;
          message: string;
          lastVerifiedAt?: string | null;
        }>;
      };
    };
    expect(out.ok).toBe(false);
    const byType = (t: string) => out.rows.problems.filter((p) => p.type === t);
    expect(byType('row_file_changed')).toMatchObject([{ claimNumber: 'AET100001', storageKey: changed }]);
    expect(byType('row_file_changed')[0]!.lastVerifiedAt).toBeTruthy(); // known good at the earlier verify
    expect(byType('row_file_missing')).toMatchObject([{ claimNumber: 'AET100002', storageKey: keys.B![0] }]);
    expect(byType('file_without_row')).toMatchObject([{ claimNumber: 'AET100003', storageKey: keys.C![0] }]);

    const text = await cli(['verify', '--all']);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/FAILED: \d+ problem\(s\)/);
    expect(text.stdout).toMatch(new RegExp(`claim AET100001.*${changed.replace(/[.]/g, '\\.')}`));
    // The listing shows the altered capture too.
    const list = await cli(['list', '--claim', 'AET100002', '--json']);
    expect(list.code).toBe(1);
    expect(JSON.parse(list.stdout).captures[0].status).toBe('file_missing');
  });

  it('legal hold keeps a claim out of a retention run (dry run)', async () => {
    await pool.query(`UPDATE evidence_objects SET retain_until = now() - interval '1 day'`);
    const placed = await cli(['hold', 'place', '--claim', 'AET100001', '--reason', 'litigation', '--json']);
    expect(placed.code).toBe(0);
    const dry = await cli(['retention', 'apply', '--dry-run', '--json']);
    expect(dry.code).toBe(0);
    const p = JSON.parse(dry.stdout) as {
      wouldDelete: Array<{ storageKey: string }>;
      held: Array<{ storageKey: string }>;
    };
    expect(p.held.map((h) => h.storageKey)).toEqual(expect.arrayContaining(keys.A!));
    expect(p.wouldDelete.map((h) => h.storageKey)).toEqual(expect.arrayContaining(keys.C!));
    expect(p.wouldDelete.map((h) => h.storageKey)).not.toContain(keys.A![0]);
    expect((await stat(path.join(evidenceDir, keys.C![0]!))).isFile()).toBe(true); // dry run deleted nothing
    const released = await cli(['hold', 'release', '--claim', 'AET100001', '--reason', 'case closed']);
    expect(released.code).toBe(0);
    expect(released.stdout).toMatch(/Released 1 legal hold/);
  });

  it('rejects bad input with one line naming the field', async () => {
    const offline = { DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none' };
    const [missing, noReason, badPacket] = await Promise.all([
      spawnCli(['list'], offline),
      spawnCli(['packet', '--claim', 'AET100001', '--out', path.join(tmp, 'x.pdf')], offline),
      spawnCli(['verify', '--packet', path.join(tmp, 'no-such-dir')], offline),
    ]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr.split('\n')[0]).toMatch(/^portalbots: .*--claim/);
    expect(noReason.code).not.toBe(0);
    expect(noReason.stderr.split('\n')[0]).toMatch(/--reason/);
    expect(badPacket.code).toBe(2);
    expect(badPacket.stderr).toMatch(/^portalbots: --packet ".*no-such-dir": no such file or directory\n$/);

    const unknown = await cli([
      'packet',
      '--claim',
      'NOPE12345',
      '--out',
      path.join(tmp, 'x.pdf'),
      '--reason',
      'appeal',
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('portalbots: --claim "NOPE12345": no such claim\n');
    const badOut = await cli([
      'packet',
      '--claim',
      'AET100001',
      '--out',
      path.join(tmp, 'x.txt'),
      '--reason',
      'appeal',
    ]);
    expect(badOut.code).toBe(2);
    expect(badOut.stderr).toBe('portalbots: --out: must name a .pdf file, e.g. claim-123.pdf\n');
  });

  it('derive-missing makes the copies of captures that have none, once, and reports damaged originals', {
    timeout: 60_000,
  }, async () => {
    // This suite's captures were stored with derivation off, as if their worker had died first;
    // the verify test above altered one original (claim A) and deleted another (claim B).
    const shas = (
      await pool.query<{ sha256: string }>(`SELECT sha256 FROM evidence_ledger WHERE kind = 'capture' ORDER BY seq`)
    ).rows.map((r) => r.sha256);
    expect(shas.length).toBe(5);
    const damaged = new Set([keys.A![1]!, keys.B![0]!].map((k) => sha256FromKey(k)));
    const young = await cli(['derive-missing', '--json']);
    expect(young.stderr).toBe('');
    expect(JSON.parse(young.stdout)).toEqual({ derived: 0, failed: 0 }); // all younger than --min-age 15m
    const r = await cli(['derive-missing', '--min-age', '0m', '--since', '30d', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({ derived: 3, failed: 2 });
    for (const sha of shas) {
      const variants = (await store.variants(sha)).map((v) => v.variant).sort();
      expect(variants).toEqual(damaged.has(sha) ? [] : ['annotated', 'thumb', 'webp']);
    }
    const again = await cli(['derive-missing', '--min-age', '0m']);
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('Derived copies for 0 capture(s); 2 failed (see the log).\n');
    const bad = await cli(['derive-missing', '--since', '7x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('portalbots: --since: must be a duration like 30m, 12h or 7d\n');
  });
});
