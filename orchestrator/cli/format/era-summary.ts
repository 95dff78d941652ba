// Human-readable summary for `portalbots era parse` without --json. Amounts
// are shown with two decimals; patient names are never printed (not parsed
// into the result at all).
import { renderTable } from '../table.ts';
import type { Era835Result } from '../../../x12/types.ts';

const m = (n: number | null) => (n === null ? '' : n.toFixed(2));

export function renderSummary(result: Era835Result): string {
  const out: string[] = [];
  for (const tx of result.transactions) {
    const p = tx.payment;
    out.push(
      `Transaction ${tx.controlNumber}: ${tx.payer.name ?? '(no payer)'} (${tx.payer.id ?? 'no id'}) -> ${tx.payee.name ?? '(no payee)'} NPI ${tx.payee.npi ?? '-'}`,
    );
    out.push(
      `  Payment ${m(p.amount)} ${p.method} on ${p.date ?? '?'} trace ${p.traceNumber ?? '-'}; ${tx.claims.length} claim(s); balance ${tx.balance.ok ? 'OK' : 'PROBLEMS'}`,
    );
    if (tx.claims.length > 0) {
      const rows = tx.claims.map((c) => {
        const adj = [...c.adjustments, ...c.serviceLines.flatMap((l) => l.adjustments)];
        const codes = [...new Set(adj.map((a) => `${a.group}-${a.reason}`))].join(' ');
        const remarks = [...new Set([...c.remarkCodes, ...c.serviceLines.flatMap((l) => l.remarkCodes)])].join(' ');
        return [
          c.patientControlNumber,
          c.statusCode,
          m(c.chargeAmount),
          m(c.paidAmount),
          m(c.patientResponsibility),
          c.payerClaimControlNumber ?? '',
          c.serviceLines.length,
          codes,
          remarks,
        ];
      });
      out.push(
        indent(
          renderTable(
            [
              'Patient ctrl #',
              'Status',
              'Charge',
              'Paid',
              'Pt resp',
              'Payer claim #',
              'Lines',
              'Adjustments',
              'Remarks',
            ],
            rows,
          ),
        ),
      );
    }
    if (tx.providerAdjustments.length > 0) {
      out.push(
        indent(
          renderTable(
            ['PLB reason', 'Reference', 'Amount'],
            tx.providerAdjustments.map((a) => [a.reason, a.reference ?? '', m(a.amount)]),
          ),
        ),
      );
    }
    for (const pr of tx.balance.problems) out.push(`  ! ${pr.message}`);
    out.push('');
  }
  for (const w of result.warnings) out.push(`warning: ${w.message} (segment ${w.segment} #${w.position})`);
  const claims = result.transactions.reduce((n, t) => n + t.claims.length, 0);
  out.push(`${result.transactions.length} transaction(s), ${claims} claim(s), ${result.warnings.length} warning(s)`);
  return out.join('\n');
}

function indent(s: string): string {
  return s
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}
