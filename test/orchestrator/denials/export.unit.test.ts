// The work-queue CSV: PM-import columns, and cells a spreadsheet would run as
// formulas are neutralized (an assignee or claim number typed as "=HYPERLINK(...)").
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { WORKQUEUE_CSV_COLUMNS, workQueueToCsv } from '../../../orchestrator/denials/export.ts';
import type { WorkItemDto } from '../../../orchestrator/denials/rows.ts';

const item = (over: Partial<WorkItemDto>): WorkItemDto =>
  ({
    id: '00000000-0000-4000-8000-000000000001',
    claimId: '00000000-0000-4000-8000-000000000002',
    claimNumber: 'AET123',
    portalId: 'availity',
    patientControlNumber: 'PCN-9',
    serviceDate: '2026-10-01',
    payerId: 'aetna',
    state: 'resolved',
    team: 'clinical-documentation',
    adjustments: [
      { group: 'CO', carc: '50', amount: 900 },
      { group: null, carc: '96', amount: null },
    ],
    remarkCodes: ['N115', 'M127'],
    assignee: 'biller-1',
    appealDeadline: '2027-03-30T00:00:00.000Z',
    outcome: 'partially_paid',
    recoveredAmount: 450,
    dollarsAtRisk: 900,
    confirmationNumber: 'RC-1',
    submittedDate: '2026-10-05',
    ...over,
  }) as WorkItemDto;

describe('work queue CSV export', () => {
  it('writes the PM-import columns', () => {
    const rows = parse(workQueueToCsv([item({})]), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...WORKQUEUE_CSV_COLUMNS]);
    expect(rows[0]).toMatchObject({
      claim_number: 'AET123',
      patient_control_number: 'PCN-9',
      payer: 'aetna',
      carc: 'CO-50 96',
      rarc: 'N115 M127',
      state: 'resolved',
      assignee: 'biller-1',
      deadline: '2027-03-30',
      outcome: 'partially_paid',
      recovered_amount: '450.00',
      dollars_at_risk: '900.00',
      confirmation_number: 'RC-1',
      submitted_date: '2026-10-05',
    });
    // Appended last: a PM import mapped by column position keeps working.
    expect(WORKQUEUE_CSV_COLUMNS.at(-1)).toBe('submitted_date');
    expect(WORKQUEUE_CSV_COLUMNS.indexOf('work_item_id')).toBe(13);
  });

  it('neutralizes formula cells and keeps numbers and empty values', () => {
    const csv = workQueueToCsv([
      item({ assignee: '=HYPERLINK("http://x","y")', claimNumber: '+1-555', recoveredAmount: null, outcome: null }),
    ]);
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(rows[0]!.assignee).toBe(`'=HYPERLINK("http://x","y")`);
    expect(rows[0]!.claim_number).toBe("'+1-555");
    expect(rows[0]!.recovered_amount).toBe('');
    expect(rows[0]!.outcome).toBe('');
    expect(rows[0]!.dollars_at_risk).toBe('900.00');
  });
});
