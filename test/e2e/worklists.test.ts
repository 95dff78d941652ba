// Real worklists end to end, per portal: a CSV as a billing team has it (patient
// control number, member, DOB, DOS, billed amount, payer, NPI, TIN, and no
// payer claim numbers) -> parse -> submit -> worker -> real Chromium against
// the mock portal's member search -> results that match the ground truth,
// row by row; a wrong birth date is not_found, a duplicate submission is an
// ambiguous_match naming both claims; found claim numbers are written back;
// Redis holds ids only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bots } from '../../bots/registry.ts';
import { demoCredentials, startPortals, type RunningPortals } from '../../mock-portals/index.ts';
import { waitForRun } from '../../orchestrator/platform/runs/wait.ts';
import { parseWorklist } from '../../orchestrator/platform/worklists/csv.ts';
import { exportRunResults } from '../../orchestrator/platform/worklists/export.ts';
import { submitWorklist } from '../../orchestrator/platform/worklists/submit.ts';
import { createHarness, type Harness } from '../helpers/harness.ts';
import { captureLogs } from '../helpers/logs.ts';

const SEED = 4343;
const PORTALS = ['availity', 'uhc', 'medicaid'] as const;

interface TruthClaim {
  claimNumber?: string;
  icn?: string;
  scenario: string;
  memberId: string;
  patient: { dateOfBirth: string };
  patientControlNumber: string;
  serviceDate: string;
  payerId?: string;
  providerNpi?: string;
  tin?: string;
  expected: { claimNumber: string; billedAmount: number };
}

interface Row {
  claim: TruthClaim;
  dob: string;
  expect: 'found' | 'not_found' | 'ambiguous_match';
  candidates?: string[];
}

const numberOf = (c: TruthClaim): string => c.expected.claimNumber;
const key = (c: TruthClaim) => `${c.memberId}|${c.serviceDate}|${c.expected.billedAmount}`;
/** 1991-11-30 -> 11/30/1991: PM exports write US dates. */
const us = (iso: string) => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;

/** >= 30 rows: every scenario, members with several claims, one wrong DOB, one exact tie. */
function pickRows(claims: TruthClaim[], pageSize: number | undefined): Row[] {
  const counts = new Map<string, TruthClaim[]>();
  for (const c of claims) counts.set(key(c), [...(counts.get(key(c)) ?? []), c]);
  const unique = claims.filter((c) => counts.get(key(c))!.length === 1);
  const picked: TruthClaim[] = [];
  const add = (c: TruthClaim) => {
    if (!picked.includes(c) && !picked.some((p) => p.patientControlNumber === c.patientControlNumber)) picked.push(c);
  };
  for (const s of new Set(unique.map((c) => c.scenario))) add(unique.find((c) => c.scenario === s)!);
  // Members with several claims: all of them, so the member search lists several and the row picks one. Where
  // the portal pages its results (UHC), one member with more claims than a page holds, whose rows are found on
  // later pages too; a second such member added 20 rows of the same path (UHC ran 49 rows, ~20% of its time).
  const byMember = new Map<string, TruthClaim[]>();
  for (const c of unique) byMember.set(c.memberId, [...(byMember.get(c.memberId) ?? []), c]);
  const several = [...byMember.values()].filter((l) => l.length >= 3);
  const paged = pageSize === undefined ? undefined : several.find((l) => l.length > pageSize);
  const members = paged ? [paged, ...several.filter((l) => l.length <= pageSize!)] : several;
  for (const list of members.slice(0, 3)) for (const c of list) add(c);
  for (const c of unique) if (picked.length < 32) add(c);
  const rows: Row[] = picked.map((c) => ({ claim: c, dob: c.patient.dateOfBirth, expect: 'found' }));
  const wrong = unique.find((c) => !picked.includes(c))!;
  rows.push({ claim: wrong, dob: '1900-01-01', expect: 'not_found' });
  const tie = [...counts.values()].find((l) => l.length > 1 && !l.some((c) => picked.includes(c)))!;
  rows.push({
    claim: tie[0]!,
    dob: tie[0]!.patient.dateOfBirth,
    expect: 'ambiguous_match',
    candidates: tie.map(numberOf).sort(),
  });
  return rows;
}

function worklistCsv(portal: string, rows: Row[]): string {
  // Loose headers, Excel's BOM and US dates, as a PM export comes.
  const lines = [
    '\uFEFFPatient Control Number,Member-ID,Date of Birth,Service Date,Billed Amount,Payer,Provider NPI,TIN',
  ];
  for (const { claim: c, dob } of rows) {
    const payer = c.payerId ?? portal;
    lines.push(
      [
        c.patientControlNumber,
        c.memberId,
        us(dob),
        us(c.serviceDate),
        c.expected.billedAmount.toFixed(2),
        payer,
        c.providerNpi ?? '',
        c.tin ?? '',
      ].join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

describe('worklists without claim numbers, per portal', () => {
  let portals: RunningPortals;
  let h: Harness;
  const logs = captureLogs();

  beforeAll(async () => {
    portals = await startPortals({ seed: SEED });
    h = await createHarness('worklists', portals.urls);
  });
  afterAll(async () => {
    await h?.close();
    await portals?.close();
  }, 400_000);

  for (const portal of PORTALS) {
    it(`${portal}: >= 30 rows match the ground truth exactly`, { timeout: 420_000 }, async () => {
      const truth = portals.truth.portals[portal] as unknown as { claims: TruthClaim[]; pageSize?: number };
      const rows = pickRows(truth.claims, truth.pageSize);
      expect(rows.length).toBeGreaterThanOrEqual(30);
      if (truth.pageSize !== undefined) {
        // Where results page, one member's rows are more than a page: some are found on a later page.
        const perMember = new Map<string, number>();
        for (const { claim } of rows) perMember.set(claim.memberId, (perMember.get(claim.memberId) ?? 0) + 1);
        expect(Math.max(...perMember.values())).toBeGreaterThan(truth.pageSize);
      }
      const worklist = parseWorklist(worklistCsv(portal, rows), { portal: bots[portal]! });
      expect(worklist.errors).toEqual([]);
      const run = await submitWorklist(
        { db: h.db, queueFor: h.queues.queueFor, bots, jobAttempts: 2, queueSettings: h.config.queues },
        { portal, task: 'claim-status', worklist },
      );
      expect(run.worklistJobs).toHaveLength(rows.length);

      // Job payloads name the row only: no member id or birth date in Redis.
      const jobs = await h.queues.queueFor(portal).getJobs(['waiting', 'delayed', 'active', 'completed']);
      const payloads = JSON.stringify(jobs.map((j) => j.data));
      for (const { claim } of rows) {
        expect(payloads).not.toContain(claim.memberId);
        expect(payloads).not.toContain(claim.patient.dateOfBirth);
      }

      const worker = await h.startWorker({
        credentials: { [portal]: demoCredentials(SEED)[portal] },
        logger: logs.logger,
        concurrency: 2,
      });
      try {
        const results = await waitForRun(h.db, run.runId, rows.length, { timeoutMs: 400_000 });
        const byPcn = new Map(results.map((r) => [r.patientControlNumber, r]));
        for (const row of rows) {
          const r = byPcn.get(row.claim.patientControlNumber);
          const label = `${portal} ${row.claim.patientControlNumber} (${row.expect})`;
          expect(r?.outcome, label).toBe(row.expect);
          if (row.expect === 'found') {
            expect(r?.data, label).toEqual(row.claim.expected);
            // Written back: the result's claim carries the payer's number and the row's PCN.
            expect(r?.claimNumber, label).toBe(numberOf(row.claim));
          } else {
            expect(r?.claimNumber, label).toBeNull();
          }
          if (row.expect === 'ambiguous_match') expect(r?.data, label).toEqual({ candidates: row.candidates });
        }
        const found = rows.filter((r) => r.expect === 'found');
        const written = await h.db.claim.findMany({
          where: { portalId: portal, patientControlNumber: { in: found.map((r) => r.claim.patientControlNumber) } },
        });
        expect(written.map((c) => c.claimNumber).sort()).toEqual(found.map((r) => numberOf(r.claim)).sort());

        // The export says which row each result answers.
        const csv = await exportRunResults(h.db, run.runId, 'csv');
        expect(csv.split('\n')[0]).toMatch(/^patient_control_number,claim_number,/);
        expect(csv).toContain(`${found[0]!.claim.patientControlNumber},${numberOf(found[0]!.claim)},`);
      } finally {
        await worker.close();
      }
    });
  }
});
