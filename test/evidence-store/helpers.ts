// Test helpers: a private PostgreSQL schema per test file (with the evidence ledger
// migration applied), a temp evidence directory, and synthetic portal screenshots.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import sharp from 'sharp';
import type { CaptureInput } from '../../evidence-store/index.ts';

export const DATABASE_URL = process.env.EVIDENCE_TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const MIGRATIONS = ['20261123010000_evidence_ledger', '20261207061000_evidence_append_only'].map((m) =>
  path.resolve(import.meta.dirname, `../../prisma/migrations/${m}/migration.sql`),
);
/** The tables whose UPDATE/DELETE/TRUNCATE the append-only triggers refuse. */
const APPEND_ONLY = ['evidence_ledger', 'evidence_access_log', 'evidence_checkpoints'];

export const EV_TABLES = [
  'evidence_ledger',
  'evidence_access_log',
  'evidence_chain_heads',
  'evidence_checkpoints',
  'evidence_objects',
  'evidence_retention_policies',
  'evidence_legal_holds',
];

export interface TestDb {
  schema: string;
  pool: pg.Pool;
  reset(): Promise<void>;
  /**
   * Act as the tables' owner (an attacker with full database access): switch the append-only
   * triggers off (`on = false`) or back on. Rewrites in tamper tests need it.
   */
  appendOnly(on: boolean): Promise<void>;
  drop(): Promise<void>;
}

/** A fresh schema with our tables; the pool's search_path points at it, as a deployment's would. */
export async function createTestDb(prefix: string): Promise<TestDb> {
  const schema = `ev_${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA "${schema}"`);
  await admin.end();
  const pool = new pg.Pool({ connectionString: DATABASE_URL, options: `-c search_path=${schema}`, max: 4 });
  for (const m of MIGRATIONS) await pool.query(await fs.readFile(m, 'utf8'));
  const appendOnly = async (on: boolean) => {
    for (const t of APPEND_ONLY) await pool.query(`ALTER TABLE ${t} ${on ? 'ENABLE' : 'DISABLE'} TRIGGER USER`);
  };
  return {
    schema,
    pool,
    appendOnly,
    reset: async () => {
      await appendOnly(false);
      await pool.query(`TRUNCATE ${EV_TABLES.join(', ')}`);
      await appendOnly(true);
    },
    drop: async () => {
      await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
      await pool.end();
    },
  };
}

export async function tempDir(prefix = 'ev-'): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

/** A synthetic "portal page" PNG: header bar, a table-ish body and some text, so derivations have content. */
export async function portalPng(text: string, width = 1024, height = 640): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="100%" height="100%" fill="#ffffff"/>
    <rect width="100%" height="64" fill="#0b5394"/>
    <text x="24" y="42" font-family="DejaVu Sans" font-size="26" fill="#ffffff">Mock Payer Portal - Claim Status</text>
    ${Array.from(
      { length: 8 },
      (
        _,
        i,
      ) => `<rect x="24" y="${100 + i * 52}" width="${width - 48}" height="44" fill="${i % 2 ? '#f3f4f6' : '#e5e7eb'}"/>
    <text x="40" y="${128 + i * 52}" font-family="DejaVu Sans" font-size="18" fill="#111827">${text} row ${i + 1}: status A2, billed $${(120 + i * 13.5).toFixed(2)}</text>`,
    ).join('')}
  </svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

export async function makeCapture(label: string, overrides: Partial<CaptureInput> = {}): Promise<CaptureInput> {
  return {
    label,
    png: await portalPng(label),
    html: `<html><body><h1>${label}</h1><table><tr><td>A2</td></tr></table></body></html>`,
    ariaSnapshot: `- heading "${label}" [level=1]\n- table:\n  - row "A2"`,
    url: `https://portal.example.test/claims/search?q=${encodeURIComponent(label)}`,
    finalUrl: `https://portal.example.test/claims/detail/${encodeURIComponent(label)}`,
    httpStatus: 200,
    title: `Claim detail - ${label}`,
    capturedAt: new Date('2026-11-20T15:04:05.123Z'),
    viewport: { width: 1024, height: 640, deviceScaleFactor: 1 },
    userAgent:
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/140.0.0.0 Safari/537.36',
    browserVersion: '140.0.7339.16',
    playwrightVersion: '1.65.1',
    botVersion: '1.2.3',
    ...overrides,
  };
}

export const ctxFor = (claimRef: string, n = 1) => ({
  runId: `run-${n}`,
  jobId: `job-${claimRef}-${n}`,
  portal: 'availity',
  claimRef,
  botVersion: '1.2.3',
});
