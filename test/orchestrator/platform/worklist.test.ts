// CSV worklists: row-by-row validation with line numbers, good rows run
// through the one submit path (trigger 'csv'), results export as
// formula-safe CSV and as JSON; progress only on a TTY.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWorklist, WorklistError } from '../../../orchestrator/platform/worklists/csv.ts';
import { exportRunResults, neutralizeFormula } from '../../../orchestrator/platform/worklists/export.ts';
import { createProgress } from '../../../orchestrator/cli/progress.ts';
import { submitWorklist } from '../../../orchestrator/platform/worklists/submit.ts';
import { persistResult } from '../../../orchestrator/platform/results/persist.ts';
import { createEnv, PORTAL, REDIS_URL, testBots, type Env } from './setup.ts';

const CSV = [
  'Claim Number,Payer,Patient Control Number,Service Date,Billed Amount',
  'CLM-100001,aetna,PCN-1,2026-10-01,"1,250.00"',
  'bad claim!,aetna,PCN-2,2026-10-02,100.00',
  'CLM-100003,cigna,PCN-3,10/03/2026,$99.5',
  'CLM-100004,aetna,PCN-4,2026-02-30,10.00',
  'CLM-100005,aetna,PCN-5,2026-10-05,ten dollars',
  'CLM-100001,aetna,PCN-1,2026-10-01,1250.00',
  'CLM-100007,aetna,PCN-7',
  'CLM-100008,aetna,PCN-8,2026-10-08,5.00,extra',
  '',
  '"=HYPERLINK(""http://x"")",aetna,PCN-9,2026-10-09,1.00',
].join('\n');

describe('worklist CSV parsing', () => {
  it('reports bad rows with line number and field, keeps good rows', () => {
    const { rows, errors } = parseWorklist(CSV);
    expect(rows.map((r) => [r.line, r.claim_number])).toEqual([
      [2, 'CLM-100001'],
      [4, 'CLM-100003'],
    ]);
    expect(rows[0]).toMatchObject({
      payer: 'aetna',
      patient_control_number: 'PCN-1',
      service_date: '2026-10-01',
      billed_amount: 1250,
    });
    expect(rows[1]).toMatchObject({ service_date: '2026-10-03', billed_amount: 99.5 });
    expect(errors.map((e) => `${e.line}:${e.field}`)).toEqual([
      '3:claim_number',
      '5:service_date',
      '6:billed_amount',
      '7:claim_number',
      '8:(row)',
      '9:(row)',
      '11:claim_number',
    ]);
    expect(errors.find((e) => e.line === 7)!.message).toBe('duplicates line 2');
    // Messages never echo the cell (it may be PHI).
    expect(errors.map((e) => e.message).join(' ')).not.toContain('bad claim!');
  });

  it('refuses a file without a claim_number column', () => {
    expect(() => parseWorklist('payer,amount\naetna,1\n')).toThrow(WorklistError);
    expect(() => parseWorklist('payer,amount\naetna,1\n')).toThrow(/claim_number column/);
  });
});

describe('worklist run and export', () => {
  let env: Env;
  beforeAll(async () => {
    env = await createEnv('worklist');
  });
  afterAll(async () => env?.close());

  it('submits the good rows with trigger csv, records claim facts, exports safe CSV and JSON', async () => {
    const worklist = parseWorklist(CSV);
    const run = await submitWorklist(
      { db: env.db, queueFor: env.queues.queueFor, bots: testBots, jobAttempts: 3, queueSettings: env.settings },
      { portal: PORTAL, task: 'claim-status', worklist },
    );
    expect(run.jobs.map((j) => j.claimNumber)).toEqual(['CLM-100001', 'CLM-100003']);
    expect((await env.db.run.findUniqueOrThrow({ where: { id: run.runId } })).trigger).toBe('csv');
    const claim = await env.db.claim.findUniqueOrThrow({
      where: { portalId_claimNumber: { portalId: PORTAL, claimNumber: 'CLM-100001' } },
    });
    expect(claim.payerId).toBe('aetna');
    expect(claim.patientControlNumber).toBe('PCN-1');
    expect(claim.billedAmount?.toString()).toBe('1250');
    // Unknown payer id (cigna is not in this database) is not forced into a foreign key.
    const c3 = await env.db.claim.findUniqueOrThrow({
      where: { portalId_claimNumber: { portalId: PORTAL, claimNumber: 'CLM-100003' } },
    });
    expect(c3.payerId).toBeNull();

    // A result whose portal text starts like a formula.
    const j = run.jobs[0]!;
    const t = new Date().toISOString();
    await persistResult(
      env.db,
      {
        schemaVersion: 1,
        runId: run.runId,
        jobId: j.jobId,
        portal: PORTAL,
        payer: 'aetna',
        task: 'claim-status',
        target: { claimId: j.claimId, claimNumber: j.claimNumber },
        outcome: 'found',
        data: {
          statusCategory: 'F2',
          statusText: '=cmd|/c calc!A1',
          billedAmount: 1250,
          paidAmount: -12.5,
          adjustments: [{ group: 'CO', carc: '45' }],
        },
        evidence: [],
        botVersion: 'test-1',
        startedAt: t,
        finishedAt: t,
      },
      { attempts: 1, claim: { claimId: j.claimId } },
    );
    const csv = await exportRunResults(env.db, run.runId, 'csv');
    const records = parse(csv, { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      claim_number: 'CLM-100001',
      status_text: "'=cmd|/c calc!A1",
      paid_amount: '-12.5',
      billed_amount: '1250',
      denial_codes: 'CO-45',
    });
    const json = JSON.parse(await exportRunResults(env.db, run.runId, 'json')) as {
      run: { id: string };
      results: unknown[];
    };
    expect(json.run.id).toBe(run.runId);
    expect(json.results).toHaveLength(1);
    await expect(exportRunResults(env.db, crypto.randomUUID(), 'csv')).rejects.toThrow(/--run: no run/);
  });

  it('neutralizes formula-leading cells but not plain numbers', () => {
    expect(['=1+1', '+1', '-x', '@SUM(A1)', '\tx', 'ok', '-12.50', '42'].map(neutralizeFormula)).toEqual([
      "'=1+1",
      "'+1",
      "'-x",
      "'@SUM(A1)",
      "'\tx",
      'ok',
      '-12.50',
      '42',
    ]);
  });

  it('draws progress only on a TTY', () => {
    const chunks: string[] = [];
    const sink = Object.assign(new Writable({ write: (c, _e, done) => (chunks.push(String(c)), done()) }), {
      isTTY: true,
    }) as unknown as NodeJS.WriteStream;
    const p = createProgress(sink, 'claims');
    p.update(1, 4);
    p.update(4, 4);
    p.finish();
    expect(chunks.join('')).toContain('4/4 claims (100%)');
    const quiet: string[] = [];
    const pipe = new Writable({
      write: (c, _e, done) => (quiet.push(String(c)), done()),
    }) as unknown as NodeJS.WriteStream;
    const q = createProgress(pipe);
    q.update(1, 2);
    q.finish();
    expect(quiet).toEqual([]);
  });

  it('portalbots run --csv reports bad rows by line and runs the good ones; results export prints them', {
    timeout: 60_000,
  }, async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'worklist-'));
    try {
      const file = path.join(dir, 'claims.csv');
      await writeFile(file, 'claim_number,payer\nAET-200001,aetna\nnot ok,aetna\nAET-200003,aetna\n');
      const cliEnv = {
        ...process.env,
        DATABASE_URL: env.database.url,
        REDIS_URL,
        PORTALBOTS_QUEUE_PREFIX: env.prefix,
        LOG_LEVEL: 'silent',
      };
      const exec = promisify(execFile);
      const res = await exec(
        'node',
        ['bin/portalbots.mjs', 'run', 'availity', 'claim-status', '--csv', file, '--json'],
        { env: cliEnv },
      ).catch((e: { code: number; stdout: string; stderr: string }) => e);
      // Bad rows make the exit non-zero, but the good rows were queued.
      expect(res).toMatchObject({ code: 1 });
      const { stdout, stderr } = res as { stdout: string; stderr: string };
      expect(stderr).toContain('1 bad row(s)');
      expect(stderr).toMatch(/line 3: claim_number: must be 5-30 letters/);
      const out = JSON.parse(stdout) as { runId: string; jobs: { claimNumber: string }[]; badRows: { line: number }[] };
      expect(out.jobs.map((j) => j.claimNumber)).toEqual(['AET-200001', 'AET-200003']);
      expect(out.badRows.map((b) => b.line)).toEqual([3]);
      expect((await env.db.run.findUniqueOrThrow({ where: { id: out.runId } })).trigger).toBe('csv');
      const missing = await exec(
        'node',
        ['bin/portalbots.mjs', 'run', 'availity', 'claim-status', '--csv', path.join(dir, 'nope.csv')],
        { env: cliEnv },
      ).catch((e: { code: number; stderr: string }) => e);
      expect(missing).toMatchObject({ code: 2 });
      expect((missing as { stderr: string }).stderr).toMatch(/--csv: cannot read .*nope\.csv: ENOENT/);
      const exported = await exec(
        'node',
        ['bin/portalbots.mjs', 'results', 'export', '--run', out.runId, '--format', 'csv'],
        { env: cliEnv },
      );
      expect(exported.stdout.split('\n')[0]).toBe(
        'patient_control_number,claim_number,payer,outcome,status_category,status_text,billed_amount,allowed_amount,paid_amount,patient_responsibility,check_number,denial_codes,error_class,error_message,evidence_count,job_id,finished_at',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
