// The work queue as CSV in the columns a practice-management system imports.
// Cells that a spreadsheet would run as a formula (= + - @, tab, CR) are
// neutralized with a leading quote; plain numbers stay numbers.
import { stringify } from 'csv-stringify/sync';
import { neutralizeFormula } from '../platform/worklists/export.ts';
import type { WorkItemDto } from './rows.ts';

export const WORKQUEUE_CSV_COLUMNS = [
  'claim_number',
  'patient_control_number',
  'payer',
  'carc',
  'rarc',
  'state',
  'assignee',
  'team',
  'deadline',
  'outcome',
  'recovered_amount',
  'dollars_at_risk',
  'confirmation_number',
  'work_item_id',
  // Appended so the columns a PM import is mapped to keep their positions.
  'submitted_date',
] as const;

const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const cents = (n: number | null) => (n === null ? '' : n.toFixed(2));

export function workQueueCsvRow(i: WorkItemDto): Record<(typeof WORKQUEUE_CSV_COLUMNS)[number], string> {
  return {
    claim_number: text(i.claimNumber),
    patient_control_number: text(i.patientControlNumber),
    payer: text(i.payerId),
    carc: i.adjustments.map((a) => (a.group ? `${a.group}-${a.carc}` : a.carc)).join(' '),
    rarc: i.remarkCodes.join(' '),
    state: i.state,
    assignee: text(i.assignee),
    team: i.team,
    deadline: i.appealDeadline?.slice(0, 10) ?? '',
    outcome: text(i.outcome),
    recovered_amount: cents(i.recoveredAmount),
    dollars_at_risk: cents(i.dollarsAtRisk),
    confirmation_number: text(i.confirmationNumber),
    work_item_id: i.id,
    submitted_date: text(i.submittedDate),
  };
}

export function workQueueToCsv(items: WorkItemDto[]): string {
  return stringify(
    items.map((i) => {
      const r = workQueueCsvRow(i);
      return WORKQUEUE_CSV_COLUMNS.map((c) => neutralizeFormula(r[c]));
    }),
    { header: true, columns: [...WORKQUEUE_CSV_COLUMNS] },
  );
}
