// Results of a run as CSV or JSON. Spreadsheets execute cells that start
// with = + - @ (and tab/CR), so such text cells are prefixed with a quote
// (OWASP "CSV injection"); plain numbers are left as numbers.
import { stringify } from 'csv-stringify/sync';
import type { Db } from '../db/client.ts';
import { runResults, type RunResultRow } from '../runs/wait.ts';

export const EXPORT_COLUMNS = [
  'patient_control_number',
  'claim_number',
  'payer',
  'outcome',
  'status_category',
  'status_text',
  'billed_amount',
  'allowed_amount',
  'paid_amount',
  'patient_responsibility',
  'check_number',
  'denial_codes',
  'error_class',
  'error_message',
  'evidence_count',
  'job_id',
  'finished_at',
] as const;

export function neutralizeFormula(cell: string): string {
  if (/^-?\d+(\.\d+)?$/.test(cell)) return cell;
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  return String(v);
}

export function exportRow(r: RunResultRow): Record<(typeof EXPORT_COLUMNS)[number], string> {
  const d = (r.data ?? {}) as Record<string, unknown>;
  const adj = Array.isArray(d.adjustments) ? (d.adjustments as { group?: string; carc?: string }[]) : [];
  // An ambiguous member search has no one claim: its candidates go where the error would.
  const candidates = Array.isArray(d.candidates) ? (d.candidates as unknown[]).map(String) : [];
  return {
    patient_control_number: text(r.patientControlNumber),
    claim_number: text(r.claimNumber),
    payer: text(r.payerId),
    outcome: r.outcome,
    status_category: text(d.statusCategory),
    status_text: text(d.statusText),
    billed_amount: text(d.billedAmount),
    allowed_amount: text(d.allowedAmount),
    paid_amount: text(d.paidAmount),
    patient_responsibility: text(d.patientResponsibility),
    check_number: text(d.checkNumber),
    denial_codes: adj.map((a) => `${a.group ?? ''}-${a.carc ?? ''}`).join(' '),
    error_class: text(r.errorClass),
    error_message: text(r.errorMessage ?? (candidates.length ? `candidates: ${candidates.join(' ')}` : null)),
    evidence_count: String(r.evidenceCount),
    job_id: r.jobId,
    finished_at: r.finishedAt.toISOString(),
  };
}

export function resultsToCsv(rows: RunResultRow[]): string {
  return stringify(
    rows.map((r) => {
      const e = exportRow(r);
      return EXPORT_COLUMNS.map((c) => neutralizeFormula(e[c]));
    }),
    { header: true, columns: [...EXPORT_COLUMNS] },
  );
}

/**
 * What run health needs (ops): how each lookup ended and why, never which
 * claim or what it was worth. The job id names the claim by its internal uuid
 * only; error messages are left out because a portal's text may quote the claim.
 */
export const HEALTH_COLUMNS = ['job_id', 'payer', 'outcome', 'error_class', 'evidence_count', 'finished_at'] as const;

export interface RunHealthRow {
  jobId: string;
  payerId: string | null;
  outcome: string;
  errorClass: string | null;
  evidenceCount: number;
  joinedJobId: string | null;
  finishedAt: Date;
}

export function healthRow(r: RunResultRow): RunHealthRow {
  return {
    jobId: r.jobId,
    payerId: r.payerId,
    outcome: r.outcome,
    errorClass: r.errorClass,
    evidenceCount: r.evidenceCount,
    joinedJobId: r.joinedJobId,
    finishedAt: r.finishedAt,
  };
}

function healthToCsv(rows: RunResultRow[]): string {
  return stringify(
    rows.map((r) => {
      const h = healthRow(r);
      const e: Record<(typeof HEALTH_COLUMNS)[number], string> = {
        job_id: h.jobId,
        payer: text(h.payerId),
        outcome: h.outcome,
        error_class: text(h.errorClass),
        evidence_count: String(h.evidenceCount),
        finished_at: h.finishedAt.toISOString(),
      };
      return HEALTH_COLUMNS.map((c) => neutralizeFormula(e[c]));
    }),
    { header: true, columns: [...HEALTH_COLUMNS] },
  );
}

/** `full`: everything the billing team needs; `health`: what ops needs (HEALTH_COLUMNS). */
export type ExportView = 'full' | 'health';

export async function exportRunResults(
  db: Db,
  runId: string,
  format: 'csv' | 'json',
  view: ExportView = 'full',
): Promise<string> {
  const run = await db.run.findUnique({
    where: { id: runId },
    select: { id: true, portalId: true, task: true, trigger: true, jobCount: true, createdAt: true },
  });
  if (!run) throw new Error(`--run: no run with id ${runId}`);
  const rows = await runResults(db, runId);
  if (view === 'health') {
    if (format === 'csv') return healthToCsv(rows);
    return `${JSON.stringify({ run, results: rows.map(healthRow) }, null, 2)}\n`;
  }
  if (format === 'csv') return resultsToCsv(rows);
  return `${JSON.stringify({ run, results: rows }, null, 2)}\n`;
}
