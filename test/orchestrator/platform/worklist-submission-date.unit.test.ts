// The worklist's optional submission date: any of the names PM systems export
// it under is the one submission_date column, US dates are read, and a date
// that cannot be right (not a date, before the date of service) is refused
// by line and field. Also what an 835 contributes when intake gave no date.
import { describe, expect, it } from 'vitest';
import { parseWorklist, WorklistError } from '../../../orchestrator/platform/worklists/csv.ts';
import { claimDatesRows, remittanceServiceDate } from '../../../orchestrator/remittance/claim-dates.ts';
import type { Match } from '../../../orchestrator/remittance/match.ts';
import type { Claim } from '../../../x12/types.ts';

const csv = (header: string, ...rows: string[]) => [`Claim Number,Service Date,${header}`, ...rows].join('\n');

describe('worklist submission_date column', () => {
  it.each([
    'submission_date',
    'Submission Date',
    'Submitted Date',
    'Date Submitted',
    'Claim Submitted',
    'Claim-Submitted-Date',
    'Bill Date',
    'DATE BILLED',
  ])('reads "%s" as submission_date, ISO or US dates', (header) => {
    const { rows, errors } = parseWorklist(csv(header, 'CLM-1,2026-10-01,2026-10-05', 'CLM-2,2026-10-01,10/7/2026'));
    expect(errors).toEqual([]);
    expect(rows.map((r) => r.submission_date)).toEqual(['2026-10-05', '2026-10-07']);
  });

  it('is optional: a worklist without it, or a row with it empty, has no date', () => {
    expect(parseWorklist('Claim Number\nCLM-1').rows[0]!.submission_date).toBeUndefined();
    const { rows, errors } = parseWorklist(csv('Date Submitted', 'CLM-1,2026-10-01,'));
    expect(errors).toEqual([]);
    expect(rows[0]!.submission_date).toBeUndefined();
  });

  it('refuses a date that is not one, or one before the date of service, by line and field', () => {
    const { rows, errors } = parseWorklist(
      csv(
        'Bill Date',
        'CLM-1,2026-10-01,2026-02-30',
        'CLM-2,2026-10-01,yesterday',
        'CLM-3,2026-10-01,2026-09-30',
        'CLM-4,2026-10-01,2026-10-01',
      ),
    );
    expect(rows.map((r) => r.claim_number)).toEqual(['CLM-4']);
    expect([...new Set(errors.map((e) => `${e.line}:${e.field}`))]).toEqual([
      '2:submission_date',
      '3:submission_date',
      '4:submission_date',
    ]);
    expect(errors.find((e) => e.line === 2)!.message).toBe('is not a real date');
    expect(errors.find((e) => e.line === 4)!.message).toBe('is before the date of service');
    // The range form: compared with its first day.
    const range = parseWorklist(
      'Claim Number,Service Date From,Service Date To,Submitted Date\nCLM-5,2026-10-01,2026-10-09,2026-10-03',
    );
    expect(range.errors).toEqual([]);
  });

  it('refuses a header with two submission date columns (which one would be kept is a guess)', () => {
    expect(() => parseWorklist(csv('Submitted Date,Bill Date', 'CLM-1,2026-10-01,2026-10-05,2026-10-06'))).toThrow(
      WorklistError,
    );
  });
});

const claim = (over: Partial<Claim>): Claim => ({
  patientControlNumber: 'PCN-1',
  statusCode: '1',
  chargeAmount: 100,
  paidAmount: 100,
  patientResponsibility: 0,
  payerClaimControlNumber: 'CLM-1',
  adjustments: [],
  serviceLines: [],
  claimFilingIndicator: null,
  remarkCodes: [],
  ...over,
});
const line = (serviceDate: string | null, serviceStartDate?: string) =>
  ({
    procedure: { qualifier: 'HC', code: '99213', modifiers: [] },
    chargeAmount: 50,
    paidAmount: 50,
    units: 1,
    adjustments: [],
    remarkCodes: [],
    serviceDate,
    allowedAmount: null,
    lineItemControlNumber: null,
    ...(serviceStartDate ? { serviceStartDate } : {}),
  }) as Claim['serviceLines'][number];
const matched = (claimId: string | null): Match =>
  claimId
    ? { claimId, method: 'payer_claim_number', reason: null }
    : { claimId: null, method: 'unmatched', reason: 'no_claim' };

describe('claim dates from an 835', () => {
  it('service date: the statement period start, else the earliest service line date', () => {
    expect(remittanceServiceDate(claim({ statementFromDate: '2026-09-03', serviceLines: [line('2026-09-01')] }))).toBe(
      '2026-09-03',
    );
    expect(remittanceServiceDate(claim({ serviceLines: [line('2026-09-05'), line('2026-09-02'), line(null)] }))).toBe(
      '2026-09-02',
    );
    expect(remittanceServiceDate(claim({ serviceLines: [line('2026-09-05', '2026-09-04')] }))).toBe('2026-09-04');
    expect(remittanceServiceDate(claim({}))).toBeNull();
  });

  it('one row per matched claim with the earliest dates; unmatched claims, dateless claims and impossible dates left out', () => {
    const rows = claimDatesRows(
      [
        claim({ receivedDate: '2026-10-12', serviceLines: [line('2026-09-02')] }),
        claim({ receivedDate: '2026-10-09', statusCode: '22' }),
        claim({ receivedDate: '2026-10-01' }),
        claim({}),
        claim({ receivedDate: '2026-02-30', statementFromDate: '2026-13-01' }),
      ],
      [matched('a'), matched('a'), matched(null), matched('b'), matched('c')],
    );
    expect(rows).toEqual([{ claimId: 'a', receivedDate: '2026-10-09', serviceDate: '2026-09-02' }]);
  });
});
