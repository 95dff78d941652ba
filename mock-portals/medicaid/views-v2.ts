// Layout "v2" of the Medicaid-like portal: the same data with elements moved
// and renamed, as a portal refresh would. It exists to prove that the bot
// reports drift (layout_changed naming the element) instead of mis-reading.
import type { MedicaidClaim, MedicaidClaimView } from './data.ts';
import { claimDetailPage, raPage, type RaListView } from './views.ts';

/** Claim detail: the payment box is renamed and "PAID AMT" becomes "AMOUNT PAID" (moved first). */
export function claimDetailPageV2(c: MedicaidClaim, v: MedicaidClaimView): string {
  const html = claimDetailPage(c, v);
  const paid = /<tr><td class="lbl">PAID AMT:<\/td><td>[^<]*<\/td><\/tr>\n/.exec(html)?.[0] ?? '';
  return html
    .replace(paid, '')
    .replace(
      '<table class="box" aria-label="PAYMENT INFORMATION" width="100%">\n',
      `<table class="box" aria-label="REIMBURSEMENT" width="100%">\n${paid.replace('PAID AMT:', 'AMOUNT PAID:')}`,
    );
}

/** RA list: the check/EFT column is renamed "PAYMENT NUMBER" and the table gets a new name. */
export function raPageV2(error?: string, list?: RaListView): string {
  return raPage(error, list)
    .replace('<th>CHECK/EFT NO.</th>', '<th>PAYMENT NUMBER</th>')
    .replace('aria-label="REMITTANCE ADVICE FILES"', 'aria-label="835 REMITTANCES"');
}
