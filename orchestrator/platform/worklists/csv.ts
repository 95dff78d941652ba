// Worklists: a CSV export of claims from a practice-management system.
// Every row is validated on its own; bad rows are reported with their line
// number and field and left out, good rows run. Header names are matched
// loosely ("Claim Number", "claim_number", "CLAIM-NUMBER" are one column).
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { ClaimNumber, IsoDate } from '../../../bots/index.ts';
import { text } from '../text.ts';

export const WORKLIST_COLUMNS = [
  'claim_number',
  'payer',
  'patient_control_number',
  'service_date',
  'billed_amount',
] as const;

const optional = <T extends z.ZodType>(t: T) =>
  z.preprocess((v) => (v === '' || v === undefined ? undefined : v), t.optional());

export const WorklistRow = z.object({
  claim_number: ClaimNumber,
  payer: optional(
    z
      .string()
      .trim()
      .regex(/^[a-z0-9-]{2,40}$/i, 'must be a payer id (letters, digits, dashes)')
      .transform((s) => s.toLowerCase()),
  ),
  patient_control_number: optional(
    z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9-]{1,38}$/, 'must be 1-38 letters, digits or dashes'),
  ),
  service_date: optional(
    z.preprocess(
      (v) => (typeof v === 'string' ? usDate(v) : v),
      IsoDate.refine(
        (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
        'is not a real date',
      ),
    ),
  ),
  billed_amount: optional(
    z
      .string()
      .trim()
      .transform((s) => s.replace(/^\$/, '').replace(/,/g, ''))
      .pipe(text().regex(/^\d{1,10}(\.\d{1,2})?$/, 'must be an amount like 1250.00'))
      .transform(Number),
  ),
});
export type WorklistRow = z.infer<typeof WorklistRow>;

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
  return h
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

export function parseWorklist(text: string, opts: { maxRows?: number } = {}): ParsedWorklist {
  let records: { record: Record<string, string>; info: { lines: number; error?: unknown } }[];
  try {
    records = parse(text, {
      columns: (header: string[]) => header.map(normalizeHeader),
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
  if (!header.includes('claim_number')) {
    throw new WorklistError(
      `CSV header (line 1) must have a claim_number column; found: ${header.join(', ') || '(nothing)'}`,
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
    const dup = seen.get(r.data.claim_number);
    if (dup !== undefined) {
      errors.push({ line, field: 'claim_number', message: `duplicates line ${dup}` });
      continue;
    }
    seen.set(r.data.claim_number, line);
    rows.push({ ...r.data, line });
  }
  return { rows, errors };
}

export function formatRowErrors(errors: RowError[]): string {
  return errors.map((e) => `line ${e.line}: ${e.field}: ${e.message}`).join('\n');
}
