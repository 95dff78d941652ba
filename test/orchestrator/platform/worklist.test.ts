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
import { SubmitError } from '../../../orchestrator/platform/runs/submit.ts';
import { pickTargets } from '../../../orchestrator/platform/schedules/targets.ts';
import { markWorklistChecked, recordFoundClaim } from '../../../orchestrator/platform/worklists/items.ts';
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

  it('takes rows keyed by patient control number, and names what a portal needs by line', () => {
    const availity = {
      payers: ['aetna', 'cigna', 'anthem'],
      memberSearch: ['dateOfBirth', 'payer', 'providerNpi'] as const,
    };
    const text = [
      '\uFEFFPatient Control Number,MEMBER-ID,Date Of Birth,Service Date,Billed Amount,Payer,Provider NPI,TIN',
      'PB1,W218895078,11/30/1991,09/11/2025,"$2,360.00",aetna,1732103076,',
      'PB2,W218895078,,09/12/2025,10.00,aetna,1732103076,',
      'PB3,W218895078,11/30/1991,09/13/2025,10.00,humana,1732103076,',
      'PB4,W218895078,11/30/1991,13/45/2025,10.00,aetna,1732103076,',
      'PB5,W218895078,11/30/1991,09/15/2025,10.00,aetna,,',
      ',W218895078,11/30/1991,09/16/2025,10.00,aetna,1732103076,',
      'PB1,W218895078,11/30/1991,09/11/2025,2360.00,aetna,1732103076,',
      'PB8,,11/30/1991,09/18/2025,10.00,aetna,1732103076,',
      'PB9,W218895078,11/30/1991,,10.00,aetna,1732103076,',
      'PB10,W218895078,11/30/1991,09/20/2025,10.00,aetna,1732103076,12-3456789',
    ].join('\r\n');
    const { rows, errors } = parseWorklist(text, { portal: availity });
    expect(rows.map((r) => [r.line, r.patient_control_number])).toEqual([
      [2, 'PB1'],
      [11, 'PB10'],
    ]);
    expect(rows[0]).toMatchObject({
      member_id: 'W218895078',
      date_of_birth: '1991-11-30',
      service_date: '2025-09-11',
      billed_amount: 2360,
      payer: 'aetna',
      provider_npi: '1732103076',
    });
    expect(rows[1]!.tin).toBe('123456789');
    expect(errors.map((e) => `${e.line}:${e.field}`)).toEqual([
      '3:date_of_birth',
      '4:payer',
      '5:service_date',
      '6:provider_npi',
      '7:patient_control_number',
      '8:patient_control_number',
      '9:member_id',
      '10:service_date',
    ]);
    expect(errors.find((e) => e.line === 4)!.message).toMatch(/unknown payer "humana"/);
    expect(errors.find((e) => e.line === 8)!.message).toBe('duplicates line 2');
    // A portal without a member search needs the claim number.
    const byNumberOnly = parseWorklist('patient_control_number,member_id,service_date\nPB1,W218895078,2025-09-11\n', {
      portal: { payers: ['caqh'] },
    });
    expect(byNumberOnly.errors).toEqual([
      { line: 2, field: 'claim_number', message: 'is required: this portal finds claims by claim number only' },
    ]);
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

  it('checks the portal before writing anything: an unknown portal writes no run and no claim', async () => {
    const before = { runs: await env.db.run.count(), claims: await env.db.claim.count() };
    await expect(
      submitWorklist(
        { db: env.db, queueFor: env.queues.queueFor, bots: testBots, jobAttempts: 3, queueSettings: env.settings },
        { portal: 'nosuchportal', task: 'claim-status', worklist: parseWorklist(CSV) },
      ),
    ).rejects.toThrow(SubmitError);
    expect({ runs: await env.db.run.count(), claims: await env.db.claim.count() }).toEqual(before);
  });

  it('writes a 50,000-row worklist in one batched transaction (rows with and without claim numbers)', {
    timeout: 240_000,
  }, async () => {
    const n = 50_000;
    const lines = ['claim_number,patient_control_number,member_id,date_of_birth,service_date,billed_amount,payer'];
    for (let i = 0; i < n; i++) {
      const pcn = `BULK${String(i).padStart(6, '0')}`;
      const number = i % 2 === 0 ? `BULK-${String(i).padStart(7, '0')}` : '';
      lines.push(`${number},${pcn},M${String(i).padStart(9, '0')},1980-01-01,2025-06-01,${(i % 900) + 100}.00,aetna`);
    }
    const worklist = parseWorklist(lines.join('\n'), {
      portal: { payers: ['aetna'], memberSearch: ['dateOfBirth'] },
    });
    expect(worklist.errors).toEqual([]);
    const started = Date.now();
    const run = await submitWorklist(
      { db: env.db, queueFor: env.queues.queueFor, bots: testBots, jobAttempts: 3, queueSettings: env.settings },
      { portal: PORTAL, task: 'claim-status', worklist },
    );
    const ms = Date.now() - started;
    expect(run.jobs).toHaveLength(n / 2);
    expect(run.worklistJobs).toHaveLength(n / 2);
    expect((await env.db.run.findUniqueOrThrow({ where: { id: run.runId } })).jobCount).toBe(n);
    expect(await env.db.worklistItem.count({ where: { patientControlNumber: { startsWith: 'BULK' } } })).toBe(n / 2);
    const sample = await env.db.claim.findUniqueOrThrow({
      where: { portalId_claimNumber: { portalId: PORTAL, claimNumber: 'BULK-0000002' } },
    });
    expect(sample.patientControlNumber).toBe('BULK000002');
    expect(sample.billedAmount?.toString()).toBe('102');
    // One upsert per row took about 149 s here; multi-row statements take a few seconds plus the enqueue.
    expect(ms).toBeLessThan(90_000);
    // Job payloads carry ids only.
    const [job] = await env.queues.queueFor(PORTAL).getJobs(['waiting'], 0, 0);
    expect(Object.keys(job!.data).sort()).toEqual(expect.arrayContaining(['portal', 'runId', 'task']));
    expect(JSON.stringify(job!.data)).not.toMatch(/M0000|1980-01-01/);
  });

  it('scheduled claim-status sweeps pick worklist rows no lookup has matched yet, until checked', async () => {
    const worklist = parseWorklist(
      'patient_control_number,member_id,date_of_birth,service_date\nSWEEP-1,W218895078,1991-11-30,2025-09-11\n',
      { portal: { payers: ['aetna'], memberSearch: ['dateOfBirth'] } },
    );
    const run = await submitWorklist(
      { db: env.db, queueFor: env.queues.queueFor, bots: testBots, jobAttempts: 3, queueSettings: env.settings },
      { portal: PORTAL, task: 'claim-status', worklist },
    );
    const itemId = run.worklistJobs![0]!.worklistItemId;
    const schedule = {
      id: crypto.randomUUID(),
      portal: PORTAL,
      task: 'claim-status' as const,
      cron: '0 6 * * *',
      timezone: 'UTC',
      enabled: true,
      targetSelection: { maxAgeHours: 24, maxTargets: 100_000 },
      maintenanceWindows: [],
      updatedAt: new Date(),
    };
    const now = new Date();
    const due = await pickTargets(env.db, schedule, now);
    expect(due.kind === 'claims' && due.worklistItemIds).toContain(itemId);
    await markWorklistChecked(env.db, itemId, now);
    const later = await pickTargets(env.db, schedule, now);
    expect(later.kind === 'claims' && (later.worklistItemIds ?? []).includes(itemId)).toBe(false);
  });

  it("a claim found by member search gets the row's date of service and charge (aging and timely filing read them)", async () => {
    const worklist = parseWorklist(
      'patient_control_number,member_id,date_of_birth,service_date,billed_amount\nFOUND-1,W218895079,1991-11-30,2025-09-12,310.25\n',
      { portal: { payers: ['aetna'], memberSearch: ['dateOfBirth'] } },
    );
    const run = await submitWorklist(
      { db: env.db, queueFor: env.queues.queueFor, bots: testBots, jobAttempts: 3, queueSettings: env.settings },
      { portal: PORTAL, task: 'claim-status', worklist },
    );
    const found = await recordFoundClaim(env.db, PORTAL, run.worklistJobs![0]!.worklistItemId, 'FOUNDCLM-1');
    const claim = await env.db.claim.findUniqueOrThrow({ where: { id: found.id } });
    expect(claim.serviceDate?.toISOString().slice(0, 10)).toBe('2025-09-12');
    expect(Number(claim.billedAmount)).toBe(310.25);
    expect(claim.patientControlNumber).toBe('FOUND-1');
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
