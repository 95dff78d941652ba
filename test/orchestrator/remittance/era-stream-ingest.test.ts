// `portalbots era ingest` on a multi-megabyte 835, as the operator runs it, through the
// streaming evidence path (putOriginalFile in, openOriginal out): every claim persisted, the
// stored original verifiable. And a stored original altered on disk fails the ingest with the
// store's integrity error before anything is committed.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, mkdtemp, open, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvidenceIntegrityError } from '../../../evidence-store/index.ts';
import { EraPipelineError, processEraFile } from '../../../orchestrator/remittance/index.ts';
import { generate835File } from '../../../tools/bench/era-files.ts';
import { createHarness, TEST_SIGNING_KEY, type Harness } from '../../helpers/harness.ts';
import { type CliRun, runCliInProcess } from '../../helpers/in-process-cli.ts';

let h: Harness;
let tmp: string;

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const c of createReadStream(file)) hash.update(c as Buffer);
  return hash.digest('hex');
}

/** The real `portalbots era` program in this process, against the harness's schema and evidence directory. */
function eraCli(args: string[]): Promise<CliRun> {
  return runCliInProcess('era', args, {
    DATABASE_URL: h.config.databaseUrl,
    PORTALBOTS_DATA_DIR: h.config.dataDir,
    PORTALBOTS_EVIDENCE_DIR: h.config.evidenceDir,
    PORTALBOTS_EVIDENCE_SIGNING_KEY: TEST_SIGNING_KEY,
    LOG_LEVEL: 'silent',
  });
}

beforeAll(async () => {
  h = await createHarness('era_stream', { availity: 'http://127.0.0.1:4010' });
  tmp = await mkdtemp(path.join(os.tmpdir(), 'portalbots-era-stream-'));
}, 60_000);
afterAll(async () => {
  await h?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('era ingest through the streaming evidence path', () => {
  it('stores a multi-MB 835 verifiably and persists every claim', async () => {
    const file = path.join(tmp, 'remit.835');
    const g = await generate835File(file, 4);
    const sha256 = await sha256Of(file);
    const run = await eraCli(['ingest', file, '--portal', 'availity', '--force', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { evidenceId: string; sha256: string; claims: number; transactions: number };
    expect(out).toMatchObject({ sha256, claims: g.claims, transactions: g.transactions });
    expect(await h.db.eraRemittanceClaim.count()).toBe(g.claims);

    const row = await h.db.evidence.findUniqueOrThrow({ where: { id: out.evidenceId } });
    expect([row.sha256, row.byteSize]).toEqual([sha256, g.bytes]);
    const blob = path.join(h.config.evidenceDir, ...row.storageKey.split('/'));
    expect(await sha256Of(blob)).toBe(sha256);
    expect((await stat(blob)).mode & 0o777).toBe(0o400);
    expect(
      createHash('sha256')
        .update(await h.evidence.read(row.storageKey))
        .digest('hex'),
    ).toBe(sha256);
    const report = await h.evidence.verify({ all: true });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    const ledger = await h.evidence.accessLog({});
    expect(ledger.some((a) => a.storageKey === row.storageKey && a.outcome === 'ok')).toBe(true);
  }, 180_000);

  it('refuses a missing file or a directory with a one-line usage error', async () => {
    const missing = await eraCli(['ingest', path.join(tmp, 'nope.835'), '--portal', 'availity']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/nope\.835: file not found/);
    const dir = await eraCli(['ingest', tmp, '--portal', 'availity']);
    expect(dir.code).not.toBe(0);
    expect(dir.stderr).toMatch(/is a directory, not a file/);
  });

  it.each([
    ['still a valid 835: one patient control number near the end changes', 'valid'],
    ['no longer X12: the element separator after ISA changes, so parsing fails at once', 'syntax'],
  ] as const)(
    'fails the ingest with the integrity error when the stored original was altered (%s), committing nothing',
    async (_, how) => {
      const file = path.join(tmp, `tampered-${how}.835`);
      await generate835File(file, 2, how === 'valid' ? 4242 : 4343);
      const stored = await h.evidence.putOriginalFile(file, {
        contentType: 'application/edi-x12',
        ext: '835',
        label: 'era-835',
      });
      const row = await h.db.evidence.create({
        data: {
          sha256: stored.sha256,
          kind: 'file',
          contentType: 'application/edi-x12',
          byteSize: stored.byteSize,
          storageKey: stored.storageKey,
          label: 'era-835',
          url: 'file:///tampered.835',
          portalId: 'availity',
          jobId: `test-era-stream-tamper-${how}`,
          botVersion: 'test',
          manifest: {},
          capturedAt: new Date(),
        },
        select: { id: true },
      });
      // Same length either way.
      const blob = path.join(h.config.evidenceDir, ...stored.storageKey.split('/'));
      await chmod(blob, 0o600);
      const fh = await open(blob, 'r+');
      if (how === 'valid') {
        const tail = Buffer.alloc(64 * 1024);
        const at = stored.byteSize - tail.length;
        await fh.read(tail, 0, tail.length, at);
        const clp = tail.lastIndexOf('CLP*') + 4;
        expect(clp).toBeGreaterThan(4);
        tail[clp] = tail[clp] === 0x58 ? 0x59 : 0x58; // X or Y
        await fh.write(tail, clp, 1, at + clp);
      } else {
        await fh.write(Buffer.from('A'), 0, 1, 3); // ISA*... -> ISAA...
      }
      await fh.close();

      const files = await h.db.eraFile.count();
      const claims = await h.db.eraRemittanceClaim.count();
      const err = await processEraFile(
        h.db,
        h.evidence,
        { evidenceId: row.id },
        { portal: 'availity', force: true },
      ).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EraPipelineError);
      expect(err).toMatchObject({ code: 'integrity_error' });
      expect((err as Error).cause).toBeInstanceOf(EvidenceIntegrityError);
      expect([await h.db.eraFile.count(), await h.db.eraRemittanceClaim.count()]).toEqual([files, claims]);
      const reads = await h.evidence.accessLog({});
      expect(reads.some((a) => a.storageKey === stored.storageKey && a.outcome === 'integrity_error')).toBe(true);
    },
    180_000,
  );
});
