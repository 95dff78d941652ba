// A claim's submission date end to end, against real PostgreSQL: a worklist's
// submission date (any of its header aliases) lands on the claim, also for a
// row found later by member search; an 835's claim received date (DTM*050)
// and service dates fill only what intake left empty, never replacing a date;
// and the no-response alert, the timely-filing verdict and A/R aging count
// from it (clock injected).
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bots } from '../../../bots/registry.ts';
import { getWorkItemByClaim, workQueueKpis, type WorkQueueKpis } from '../../../orchestrator/denials/index.ts';
import { parseWorklist } from '../../../orchestrator/platform/worklists/csv.ts';
import { recordFoundClaim } from '../../../orchestrator/platform/worklists/items.ts';
import { submitWorklist } from '../../../orchestrator/platform/worklists/submit.ts';
import { processEraFile } from '../../../orchestrator/remittance/index.ts';
import { createHarness, type Harness } from '../../helpers/harness.ts';

const NOW = new Date('2026-11-25T12:00:00Z');
const PORTAL = 'availity';
let h: Harness;
const day = (d: Date | null) => d?.toISOString().slice(0, 10) ?? null;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

interface EraClaim {
  claimNumber: string;
  pcn: string;
  status: '1' | '4';
  amount: number;
  received?: string;
  lineDate?: string;
}

/** A minimal balanced 835 (one transaction); dates as YYYYMMDD. */
function era835(control: string, claims: EraClaim[]): Buffer {
  const paid = claims.reduce((n, c) => n + (c.status === '1' ? c.amount : 0), 0);
  const body = [
    `ST*835*${control}`,
    `BPR*I*${paid}*C*ACH*CCP*01*999999992*DA*123456*1512345678**01*999988880*DA*98765*20261120`,
    `TRN*1*EFT${control}*1512345678`,
    'DTM*405*20261120',
    'N1*PR*ACME HEALTH PLAN',
    'N1*PE*RIVERSIDE FAMILY CLINIC*XX*1234567893',
    'LX*1',
    ...claims.flatMap((c) => {
      const p = c.status === '1' ? c.amount : 0;
      return [
        `CLP*${c.pcn}*${c.status}*${c.amount}*${p}*0*12*${c.claimNumber}`,
        'NM1*QC*1*DOE*JANE****MI*W123456789',
        ...(c.received ? [`DTM*050*${c.received}`] : []),
        `SVC*HC:99213*${c.amount}*${p}**1`,
        ...(c.lineDate ? [`DTM*472*${c.lineDate}`] : []),
        ...(p === c.amount ? [] : [`CAS*CO*50*${c.amount - p}`]),
      ];
    }),
  ];
  const segments = [
    'ISA*00*          *00*          *ZZ*PAYERSENDER    *ZZ*PROVRECEIVER   *261120*1200*^*00501*000000101*0*P*:',
    'GS*HP*PAYERSENDER*PROVRECEIVER*20261120*1200*101*X*005010X221A1',
    ...body,
    `SE*${body.length + 1}*${control}`,
    'GE*1*101',
    'IEA*1*000000101',
  ];
  return Buffer.from(`${segments.join('~\n')}~\n`);
}

async function claimDates(claimNumber: string) {
  const c = await h.db.claim.findUniqueOrThrow({
    where: { portalId_claimNumber: { portalId: PORTAL, claimNumber } },
    select: { id: true, serviceDate: true, submittedDate: true },
  });
  return { id: c.id, serviceDate: day(c.serviceDate), submittedDate: day(c.submittedDate) };
}

beforeAll(async () => {
  h = await createHarness('submitted_date', { [PORTAL]: 'http://127.0.0.1:4010' });
}, 60_000);
afterAll(async () => {
  await h?.close();
});

describe('claim submission dates', () => {
  const deps = () => ({
    db: h.db,
    queueFor: h.queues.queueFor,
    bots,
    jobAttempts: h.config.jobAttempts,
    queueSettings: h.config.queues,
  });
  const csv = [
    'Claim Number,Patient Control Number,Member ID,Date of Birth,Service Date,Billed Amount,Payer,Provider NPI,Date Submitted',
    'SUBD-A,PCN-A,,,10/01/2026,100.00,aetna,,10/05/2026',
    'SUBD-B,PCN-B,,,2026-06-01,100.00,aetna,,',
    ',PCN-C,W100200300,1980-04-02,2026-11-05,80.00,aetna,1234567893,2026-11-10',
  ].join('\n');
  let itemC = '';
  let k: WorkQueueKpis;

  it('a worklist stores its submission date on claims, and on a row without a claim number until its claim is found', async () => {
    const worklist = parseWorklist(csv, { portal: bots[PORTAL]! });
    expect(worklist.errors).toEqual([]);
    const run = await submitWorklist(deps(), { portal: PORTAL, task: 'claim-status', worklist });
    itemC = run.worklistJobs![0]!.worklistItemId;
    expect(await claimDates('SUBD-A')).toMatchObject({ serviceDate: '2026-10-01', submittedDate: '2026-10-05' });
    expect(await claimDates('SUBD-B')).toMatchObject({ serviceDate: '2026-06-01', submittedDate: null });
    expect(day((await h.db.worklistItem.findUniqueOrThrow({ where: { id: itemC } })).submittedDate)).toBe('2026-11-10');

    await recordFoundClaim(h.db, PORTAL, itemC, 'SUBD-C');
    expect(await claimDates('SUBD-C')).toMatchObject({ serviceDate: '2026-11-05', submittedDate: '2026-11-10' });
    // The PM system corrects its date on a later export: the matched claim follows.
    const again = parseWorklist(
      [
        'Patient Control Number,Member ID,Date of Birth,Service Date,Payer,Provider NPI,Bill Date',
        'PCN-C,W100200300,1980-04-02,2026-11-05,aetna,1234567893,2026-11-12',
      ].join('\n'),
      { portal: bots[PORTAL]! },
    );
    await submitWorklist(deps(), { portal: PORTAL, task: 'claim-status', worklist: again });
    expect(await claimDates('SUBD-C')).toMatchObject({ submittedDate: '2026-11-12' });
  });

  it('an 835 fills an empty submission date (DTM*050) and service date, never one intake gave', async () => {
    await h.db.claim.create({
      data: {
        portalId: PORTAL,
        claimNumber: 'SUBD-D',
        payerId: 'aetna',
        patientControlNumber: 'PCN-D',
        billedAmount: '200.00',
      },
    });
    const bytes = era835('0001', [
      { claimNumber: 'SUBD-A', pcn: 'PCN-A', status: '1', amount: 100, received: '20261020', lineDate: '20260930' },
      { claimNumber: 'SUBD-B', pcn: 'PCN-B', status: '1', amount: 100, received: '20261012', lineDate: '20260602' },
      { claimNumber: 'SUBD-D', pcn: 'PCN-D', status: '4', amount: 200, received: '20261020', lineDate: '20260701' },
    ]);
    const r = await processEraFile(h.db, h.evidence, { bytes, sha256: sha(bytes) }, { portal: PORTAL });
    expect(r).toMatchObject({ duplicate: false, claims: 3, matched: 3 });
    expect(await claimDates('SUBD-A')).toMatchObject({ serviceDate: '2026-10-01', submittedDate: '2026-10-05' });
    expect(await claimDates('SUBD-B')).toMatchObject({ serviceDate: '2026-06-01', submittedDate: '2026-10-12' });
    expect(await claimDates('SUBD-D')).toMatchObject({ serviceDate: '2026-07-01', submittedDate: '2026-10-20' });

    // A later remittance (a resubmission received later) leaves the dates as they are.
    const later = era835('0002', [
      { claimNumber: 'SUBD-D', pcn: 'PCN-D', status: '4', amount: 200, received: '20261115', lineDate: '20260705' },
    ]);
    await processEraFile(h.db, h.evidence, { bytes: later, sha256: sha(later) }, { portal: PORTAL });
    expect(await claimDates('SUBD-D')).toMatchObject({ serviceDate: '2026-07-01', submittedDate: '2026-10-20' });
  });

  it('the no-response alert counts from the submission date, else from when we first tracked the claim', async () => {
    // Everything was first tracked on 11-20 except E (10-01), which has no submission date.
    await h.db.claim.updateMany({ data: { createdAt: new Date('2026-11-20T10:00:00Z') } });
    await h.db.claim.create({
      data: {
        portalId: PORTAL,
        claimNumber: 'SUBD-E',
        payerId: 'aetna',
        serviceDate: new Date('2026-09-25T00:00:00Z'),
        createdAt: new Date('2026-10-01T10:00:00Z'),
      },
    });
    k = await workQueueKpis(h.db, { from: new Date('2026-11-01T00:00:00Z'), to: NOW }, NOW);
    const alert = (n: string) => k.noResponse.find((a) => a.claimNumber === n);
    // A: submitted 10-05 -> 51 days > aetna's 30 (tracked only 5 days: no alert without the date).
    expect(alert('SUBD-A')).toMatchObject({
      submittedDate: '2026-10-05',
      waitingSince: 'submitted',
      daysWaiting: 51,
      timelyFilingDeadline: '2026-12-30', // 10-01 + 90
      filedOnTime: true,
    });
    // B: received 10-12 (from the 835) -> 44 days; DOS 06-01 + 90 = 08-30: filed late.
    expect(alert('SUBD-B')).toMatchObject({ daysWaiting: 44, timelyFilingDeadline: '2026-08-30', filedOnTime: false });
    // C: submitted 11-12 -> 13 days: within turnaround.
    expect(alert('SUBD-C')).toBeUndefined();
    // E: no submission date -> tracked since 10-01 10:00 -> 55 days; on-time unknown.
    expect(alert('SUBD-E')).toMatchObject({
      submittedDate: null,
      waitingSince: 'tracked',
      daysWaiting: 55,
      filedOnTime: null,
    });
  });

  it('A/R aging of an open denial counts from the submission date, and the item shows it', async () => {
    // D: denied on the 835, DOS 07-01 (147 days: 120+), submitted 10-20 -> 36 days: 31-60.
    const aetna = k.agingBuckets.byPayer.find((p) => p.payerId === 'aetna')!;
    expect(aetna.buckets['31-60']).toEqual({ items: 1, dollars: 200 });
    expect(aetna.buckets['120+'].items).toBe(0);
    const d = await claimDates('SUBD-D');
    const item = await getWorkItemByClaim(h.db, d.id);
    expect(item).toMatchObject({
      serviceDate: '2026-07-01',
      submittedDate: '2026-10-20',
      timelyFilingDeadline: '2026-09-29',
      filedOnTime: false,
    });
  });
});
