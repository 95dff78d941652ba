// Plain-text renderings for the evidence CLI; --json is the machine interface.
import type { PacketVerifyReport, VerifyReport } from '../../../evidence-store/index.ts';
import { renderTable } from '../table.ts';
import type { CrossCheckReport } from '../../audit/cross-check.ts';
import type { CaptureListing } from '../../audit/listing.ts';

export function formatCaptures(
  claim: { claimNumber: string; portal: string; payer: string | null },
  rows: CaptureListing[],
): string {
  const title = `Claim ${claim.claimNumber} (${claim.portal}${claim.payer ? `, ${claim.payer}` : ''}): ${rows.length} capture(s)`;
  if (rows.length === 0) return `${title}\nNo evidence stored for this claim.`;
  const table = renderTable(
    ['#', 'captured at (UTC)', 'kind', 'label', 'url', 'sha256', 'bot', 'job', 'seq', 'status'],
    rows.map((r, i) => [
      i + 1,
      r.capturedAt,
      r.kind,
      r.label,
      r.url,
      r.sha256,
      r.botVersion,
      r.jobId,
      r.ledgerSeq,
      r.status,
    ]),
  );
  const issues = rows
    .map((r, i) => (r.problem ? `  #${i + 1}: ${r.problem}` : null))
    .filter((s): s is string => s !== null);
  return [title, table, ...(issues.length ? ['Problems:', ...issues] : [])].join('\n');
}

export function formatVerify(store: VerifyReport, rows: CrossCheckReport): string {
  const lines = [
    `Ledger: ${store.ledger.size} entries, ${store.ledger.checkpoints} checkpoint(s); access log: ${store.access.size} entries, ${store.access.checkpoints} checkpoint(s)`,
    `Files: ${store.files.checked} checked, ${store.files.rehashed} re-hashed; ${store.expectedDeletions.length} deleted by retention (expected)`,
    `Evidence rows: ${rows.rowsChecked} checked against ${rows.ledgerFilesChecked} chained capture/file entries${rows.storedFilesListed === null ? '' : `; ${rows.storedFilesListed} stored files listed`}`,
    ...store.timestamps.map(
      (t) =>
        `Timestamp: checkpoint of ${t.size} entries (signed ${t.checkpointTime}) stamped by the TSA at ${t.tsaTime ?? '?'}: ${t.ok ? 'valid' : 'INVALID'}`,
    ),
    ...store.warnings.map((w) => `Warning: ${w}`),
  ];
  const problems = [
    ...store.problems.map(
      (p) =>
        `  [${p.type}] ${p.claimRef ? `claim ${p.claimRef}: ` : ''}${p.message}${p.lastGoodCheckpoint ? ` (last good under checkpoint ${p.lastGoodCheckpoint.size}, ${p.lastGoodCheckpoint.time})` : ''}`,
    ),
    ...rows.problems.map((p) => `  [${p.type}] ${p.message}`),
  ];
  if (problems.length === 0) lines.push('OK: evidence verified, no problems.');
  else lines.push(`FAILED: ${problems.length} problem(s):`, ...problems);
  return lines.join('\n');
}

export function formatPacketReport(dir: string, r: PacketVerifyReport): string {
  const lines = [
    `Packet ${dir}: claim ${r.claimNumber ?? '?'}; ${r.filesChecked} file(s) re-hashed, ${r.entriesChecked} ledger entries walked`,
    r.signer
      ? `Signed by key ${r.signer.keyId} (${r.signer.fingerprint}): signature ${r.signer.signatureValid ? 'valid' : 'INVALID'}, key ${r.trustAnchor ? (r.signer.keyTrusted ? 'trusted' : 'NOT trusted') : 'not checked (no trust anchor)'}`
      : 'Signature: none readable',
    r.checkpoint
      ? `Checkpoint: ${r.checkpoint.size} entries signed ${r.checkpoint.time} by key ${r.checkpoint.keyId}: signature ${r.checkpoint.signatureValid ? 'valid' : 'INVALID'}, key ${r.checkpoint.keyTrusted ? 'trusted' : 'NOT trusted'}`
      : 'Checkpoint: none readable',
  ];
  if (r.claim) {
    const c = r.claim;
    lines.push(
      `Signed claim summary (compare with the cover): ${c.claimNumber}, ${c.payer}; billed ${c.amounts.billed.toFixed(2)}, allowed ${c.amounts.allowed.toFixed(2)}, paid ${c.amounts.paid.toFixed(2)}, patient ${c.amounts.patientResponsibility.toFixed(2)}`,
      ...c.denialCodes.map((d) => `  denial ${d.group}-${d.code} ${d.amount.toFixed(2)}: ${d.description}`),
      ...c.deadlines.map((d) => `  deadline ${d.date}: ${d.label}`),
    );
  }
  if (r.ok) lines.push('OK: packet verified.');
  else
    lines.push(
      `FAILED: ${r.problems.length} problem(s):`,
      ...r.problems.map((p) => `  [${p.type}] ${p.path ? `${p.path}: ` : ''}${p.message}`),
    );
  return lines.join('\n');
}
