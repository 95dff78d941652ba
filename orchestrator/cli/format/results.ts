// Plain-text tables of a run's results, in each task's own columns; --json is
// the machine interface. Failed rows say what to do (the error class's
// userAction), joined rows name the earlier lookup they share.
import { ERROR_POLICY, isErrorClass, type TaskName } from '../../../bots/index.ts';
import type { RunResultRow } from '../../platform/runs/wait.ts';
import { money, renderTable } from '../table.ts';

type Data = Record<string, unknown>;
const data = (r: RunResultRow): Data => (r.data ?? {}) as Data;
const outcome = (r: RunResultRow) => (r.outcome === 'failed' ? `failed: ${r.errorClass}` : r.outcome);
const evidence = (r: RunResultRow) => `${r.evidenceCount}${r.joinedJobId ? ' (joined)' : ''}`;

function claimStatus(rows: RunResultRow[]): string {
  // Worklist runs say which row each result answers; an ambiguous match names its candidates.
  const pcn = rows.some((r) => r.patientControlNumber !== null);
  return renderTable(
    [
      ...(pcn ? ['PCN'] : []),
      'claim',
      'payer',
      'outcome',
      'status',
      'billed',
      'paid',
      'pt resp',
      'check',
      'denial codes',
      'evidence',
    ],
    rows.map((r) => {
      const d = data(r);
      const adj = Array.isArray(d.adjustments) ? (d.adjustments as { group: string; carc: string }[]) : [];
      const candidates = Array.isArray(d.candidates) ? (d.candidates as unknown[]).map(String) : [];
      return [
        ...(pcn ? [r.patientControlNumber ?? ''] : []),
        r.claimNumber,
        r.payerId,
        outcome(r),
        typeof d.statusCategory === 'string'
          ? `${d.statusCategory} ${String(d.statusText ?? '')}`.slice(0, 40)
          : candidates.length > 0
            ? `candidates: ${candidates.join(' ')}`
            : '',
        money(d.billedAmount),
        money(d.paidAmount),
        money(d.patientResponsibility),
        (d.checkNumber as string | null) ?? '',
        adj.map((a) => `${a.group}-${a.carc}`).join(' '),
        evidence(r),
      ];
    }),
  );
}

function denialDetails(rows: RunResultRow[]): string {
  return renderTable(
    ['claim', 'payer', 'outcome', 'CARC', 'RARC', 'denied', 'appeal by', 'evidence'],
    rows.map((r) => {
      const d = data(r);
      const carcs = Array.isArray(d.carcCodes) ? (d.carcCodes as { code: string; group?: string }[]) : [];
      const rarcs = Array.isArray(d.remarkCodes) ? (d.remarkCodes as { code: string }[]) : [];
      return [
        r.claimNumber,
        r.payerId,
        outcome(r),
        carcs.map((c) => (c.group ? `${c.group}-${c.code}` : c.code)).join(' '),
        rarcs.map((c) => c.code).join(' '),
        money(d.deniedAmount),
        (d.appealDeadline as string | null) ?? '',
        evidence(r),
      ];
    }),
  );
}

function credentialing(rows: RunResultRow[]): string {
  return renderTable(
    ['NPI', 'provider', 'outcome', 'profile', 'attested', 're-attest by', 'enrollments', 'evidence'],
    rows.map((r) => {
      const d = data(r);
      const enrollments = Array.isArray(d.enrollments) ? (d.enrollments as { payer: string; status: string }[]) : [];
      return [
        (d.npi as string | undefined) ?? String((r.target as Data).npi ?? ''),
        (d.providerName as string | undefined) ?? '',
        outcome(r),
        (d.profileStatus as string | undefined) ?? '',
        (d.lastAttestationDate as string | null) ?? '',
        (d.reattestationDueDate as string | null) ?? '',
        enrollments.map((e) => `${e.payer}:${e.status}`).join(' '),
        evidence(r),
      ];
    }),
  );
}

function eraDownload(rows: RunResultRow[]): string {
  const lines = rows.flatMap((r) => {
    const files = Array.isArray(data(r).files) ? (data(r).files as Data[]) : [];
    const range = `${String((r.target as Data).from ?? '')}..${String((r.target as Data).to ?? '')}`;
    if (files.length === 0) return [[range, outcome(r), '', '', '', '', '', '']];
    return files.map((f) => [
      range,
      outcome(r),
      f.fileName as string,
      (f.payer as string | null) ?? '',
      (f.paymentDate as string | null) ?? '',
      money(f.amount),
      (f.traceNumber as string | null) ?? '',
      String(f.sha256 ?? '').slice(0, 12),
    ]);
  });
  return renderTable(['range', 'outcome', 'file', 'payer', 'paid on', 'amount', 'trace', 'sha256'], lines);
}

const BY_TASK: Partial<Record<TaskName, (rows: RunResultRow[]) => string>> = {
  'claim-status': claimStatus,
  'denial-details': denialDetails,
  'credentialing-status': credentialing,
  'era-download': eraDownload,
};

/** The results table for a task, then one line per failure class saying what to do. */
export function formatResults(task: TaskName, rows: RunResultRow[]): string {
  const table = (BY_TASK[task] ?? claimStatus)(rows);
  const classes = [...new Set(rows.flatMap((r) => (r.errorClass ? [r.errorClass] : [])))];
  const advice = classes
    .filter(isErrorClass)
    .map((c) => `${c}: ${ERROR_POLICY[c].userAction}`)
    .join('\n');
  const joined = rows.filter((r) => r.joinedJobId).length;
  const note =
    joined > 0
      ? `\n${joined} of ${rows.length} lookup(s) joined an identical lookup queued or run within the dedup window; their results and evidence are that lookup's (job ids in --json).`
      : '';
  return `${table}${advice ? `\n\nWhat to do:\n${advice}` : ''}${note}`;
}
