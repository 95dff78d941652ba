// Worklists: a CSV export of claims from a practice-management system.
// Every row is validated on its own; bad rows are reported with their line
// number and field and left out, good rows run. Header names are matched
// loosely ("Claim Number", "claim_number", "CLAIM-NUMBER" are one column),
// and the date the claim went to the payer goes by many names in PM exports
// ("Submitted Date", "Date Submitted", "Bill Date": SUBMISSION_DATE_ALIASES).
// A row is keyed by its claim number when it has one, else by its patient
// control number, and then carries what the portal's member search needs.
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import {
  ClaimNumber,
  IsoDate,
  MemberId,
  Npi,
  PatientControlNumber,
  type MemberSearchField,
} from '../../../bots/index.ts';
import { text } from '../text.ts';

export const WORKLIST_COLUMNS = [
  'patient_control_number',
  'claim_number',
  'member_id',
  'date_of_birth',
  'service_date',
  'service_date_from',
  'service_date_to',
  'billed_amount',
  'payer',
  'provider_npi',
  'tin',
  'submission_date',
] as const;

/**
 * Header names (after normalizing) that PM systems use for the date a claim
 * was submitted (billed) to the payer; all of them are the submission_date column.
 */
export const SUBMISSION_DATE_ALIASES: readonly string[] = [
  'submission_date',
  'submitted_date',
  'date_submitted',
  'submit_date',
  'claim_submitted',
  'claim_submitted_date',
  'claim_submission_date',
  'date_of_submission',
  'bill_date',
  'billed_date',
  'billing_date',
  'date_billed',
];

/** The worklist column that carries each member-search field a portal may need. */
export const MEMBER_SEARCH_COLUMNS: Record<MemberSearchField, (typeof WORKLIST_COLUMNS)[number]> = {
  dateOfBirth: 'date_of_birth',
  payer: 'payer',
  providerNpi: 'provider_npi',
  tin: 'tin',
};

const optional = <T extends z.ZodType>(t: T) =>
  z.preprocess((v) => (v === '' || v === undefined ? undefined : v), t.optional());

const RealDate = z.preprocess(
  (v) => (typeof v === 'string' ? usDate(v) : v),
  IsoDate.refine(
    (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    'is not a real date',
  ),
);

export const WorklistRow = z.object({
  claim_number: optional(ClaimNumber),
  payer: optional(
    z
      .string()
      .trim()
      .regex(/^[a-z0-9-]{2,40}$/i, 'must be a payer id (letters, digits, dashes)')
      .transform((s) => s.toLowerCase()),
  ),
  patient_control_number: optional(PatientControlNumber),
  member_id: optional(MemberId),
  date_of_birth: optional(RealDate),
  service_date: optional(RealDate),
  service_date_from: optional(RealDate),
  service_date_to: optional(RealDate),
  billed_amount: optional(
    z
      .string()
      .trim()
      .transform((s) => s.replace(/^\$/, '').replace(/,/g, ''))
      .pipe(text().regex(/^\d{1,10}(\.\d{1,2})?$/, 'must be an amount like 1250.00'))
      .transform(Number),
  ),
  provider_npi: optional(text().trim().pipe(Npi)),
  tin: optional(
    z
      .string()
      .trim()
      .transform((s) => s.replace(/-/g, ''))
      .pipe(text().regex(/^\d{9}$/, 'must be a 9-digit TIN like 12-3456789')),
  ),
  /** When the claim went to the payer (timely filing and the no-response alert count from it). */
  submission_date: optional(RealDate),
});
export type WorklistRow = z.infer<typeof WorklistRow>;

/** What a portal accepts: its payers, and what its member search needs (bots' BotDefinition). */
export interface WorklistPortal {
  payers: readonly string[];
  memberSearch?: readonly MemberSearchField[];
}

export interface RowError {
  line: number;
  field: string;
  message: string;
}

export interface ParsedWorklist {
  rows: (WorklistRow & { line: number })[];
  errors: RowError[];
}

export class WorklistError extends Error {
  override name = 'WorklistError';
}

/** PM systems export 03/14/2026; the contract is ISO. */
function usDate(v: string): string {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v.trim());
  return m ? `${m[3]}-${m[1]!.padStart(2, '0')}-${m[2]!.padStart(2, '0')}` : v.trim();
}

function normalizeHeader(h: string): string {
  const name = h
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return SUBMISSION_DATE_ALIASES.includes(name) ? 'submission_date' : name;
}

export function parseWorklist(text: string, opts: { maxRows?: number; portal?: WorklistPortal } = {}): ParsedWorklist {
  let records: { record: Record<string, string>; info: { lines: number; error?: unknown } }[];
  // Two aliases of one column (say "Submitted Date" and "Bill Date") would silently keep the last one.
  let submissionColumns = 0;
  try {
    records = parse(text, {
      columns: (header: string[]) => {
        const names = header.map(normalizeHeader);
        submissionColumns = names.filter((n) => n === 'submission_date').length;
        return names;
      },
      info: true,
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    }) as typeof records;
  } catch (e) {
    throw new WorklistError(`CSV cannot be read: ${(e as Error).message}`);
  }
  const first = records[0];
  const header = first ? Object.keys(first.record) : normalizeHeader(text.split(/\r?\n/, 1)[0] ?? '').split(',');
  if (submissionColumns > 1)
    throw new WorklistError(
      'CSV header (line 1) has more than one submission date column (submission_date or an alias such as "Bill Date")',
    );
  if (!header.includes('claim_number') && !header.includes('patient_control_number')) {
    throw new WorklistError(
      `CSV header (line 1) must have a patient_control_number or claim_number column; found: ${header.join(', ') || '(nothing)'}`,
    );
  }
  const max = opts.maxRows ?? 50_000;
  if (records.length > max) throw new WorklistError(`CSV has ${records.length} rows; at most ${max} per worklist`);

  const rows: ParsedWorklist['rows'] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of records) {
    const line = info.lines;
    if (info.error) {
      errors.push({ line, field: '(row)', message: `has a different number of columns than the header` });
      continue;
    }
    const r = WorklistRow.safeParse(record);
    if (!r.success) {
      for (const issue of r.error.issues)
        errors.push({ line, field: String(issue.path[0] ?? '(row)'), message: issue.message });
      continue;
    }
    const problem = rowProblem(r.data, opts.portal);
    if (problem) {
      errors.push({ line, ...problem });
      continue;
    }
    const key = r.data.claim_number ? `claim ${r.data.claim_number}` : `pcn ${r.data.patient_control_number}`;
    const dup = seen.get(key);
    if (dup !== undefined) {
      errors.push({
        line,
        field: r.data.claim_number ? 'claim_number' : 'patient_control_number',
        message: `duplicates line ${dup}`,
      });
      continue;
    }
    seen.set(key, line);
    rows.push({ ...r.data, line });
  }
  return { rows, errors };
}

/** The first thing a valid-looking row lacks for its portal, or null. */
function rowProblem(row: WorklistRow, portal: WorklistPortal | undefined): { field: string; message: string } | null {
  if (row.payer && portal && !portal.payers.includes(row.payer))
    return {
      field: 'payer',
      message: `unknown payer "${row.payer}" (this portal serves: ${portal.payers.join(', ')})`,
    };
  if (row.service_date && (row.service_date_from || row.service_date_to))
    return { field: 'service_date', message: 'give service_date or service_date_from/service_date_to, not both' };
  if (Boolean(row.service_date_from) !== Boolean(row.service_date_to))
    return {
      field: row.service_date_from ? 'service_date_to' : 'service_date_from',
      message: 'is required with the other end of the range',
    };
  if (row.service_date_from && row.service_date_to && row.service_date_from > row.service_date_to)
    return { field: 'service_date_from', message: 'is after service_date_to' };
  const firstDay = row.service_date ?? row.service_date_from;
  if (row.submission_date && firstDay && row.submission_date < firstDay)
    return { field: 'submission_date', message: 'is before the date of service' };
  if (row.claim_number) return null;
  // No claim number: the row is found by a member search, keyed by its account number.
  if (!row.patient_control_number)
    return { field: 'patient_control_number', message: 'is required when claim_number is empty' };
  if (portal && !portal.memberSearch)
    return { field: 'claim_number', message: 'is required: this portal finds claims by claim number only' };
  if (!row.member_id) return { field: 'member_id', message: 'is required when claim_number is empty' };
  if (!row.service_date && !row.service_date_from)
    return { field: 'service_date', message: 'is required when claim_number is empty' };
  for (const need of portal?.memberSearch ?? []) {
    const column = MEMBER_SEARCH_COLUMNS[need];
    if (row[column] === undefined) return { field: column, message: "is required by this portal's member search" };
  }
  return null;
}

/** The member search of a row without a claim number (dates resolved). */
export function serviceRange(row: WorklistRow): { from: string; to: string } {
  const from = (row.service_date ?? row.service_date_from) as string;
  return { from, to: (row.service_date ?? row.service_date_to) as string };
}

export function formatRowErrors(errors: RowError[]): string {
  return errors.map((e) => `line ${e.line}: ${e.field}: ${e.message}`).join('\n');
}
