// Layout "v2" of the UHC-like portal: the same data with elements moved and
// renamed, as a real redesign would. It proves bots report drift
// (layout_changed naming the element) instead of reading a wrong value.
import { escapeHtml as h } from '../shared/helpers.ts';
import { carcText, deniedCents, type UhcClaim, type UhcTin } from './data.ts';
import { formatUsd } from '../shared/helpers.ts';
import { dashedTin, longDate, monDate, plainAmount } from './format.ts';
import { errorBox, shell } from './views.ts';

export function searchPageV2(tin: UhcTin, error?: string): string {
  return shell({
    title: 'Claim Lookup',
    signedIn: true,
    tin,
    body: `<h1>Claim Lookup</h1>${errorBox(error)}<div class="info">Try our new combined claim lookup.</div>
<form method="post" action="/claims/search" class="panel" aria-label="Lookup"><input type="hidden" name="mode" value="claim">
<label for="v2-claim">Claim #</label><input type="text" id="v2-claim" name="claimNumber">
<button class="btn" type="submit">Look Up</button></form>
<form method="post" action="/claims/search" class="panel" aria-label="Patient lookup"><input type="hidden" name="mode" value="member">
<label for="v2-sub">Subscriber ID</label><input type="text" id="v2-sub" name="memberId">
<label for="v2-dob">Birth Date</label><input type="text" id="v2-dob" name="dob" placeholder="MM/DD/YYYY">
<button class="btn" type="submit">Find Patient Claims</button></form>`,
  });
}

const dd = (term: string, value: string): string => `<dt>${h(term)}</dt><dd>${h(value)}</dd>`;

export function detailPageV2(c: UhcClaim, tin: UhcTin): string {
  const adj = c.adjustments
    .map(
      (a) =>
        `<tr><td>${a.group}${h(a.carc)}</td><td>${plainAmount(a.amountCents)}</td><td>${h(carcText(a.carc))}</td></tr>`,
    )
    .join('');
  return shell({
    title: `Claim ${c.claimNumber}`,
    signedIn: true,
    tin,
    body: `<h1>Claim Summary</h1><div class="info" role="status">${h(c.statusText)} (${h(c.statusCategory)})</div>
<section class="panel" aria-label="Financials"><dl>${dd('Total Charges', plainAmount(c.billedCents))}${dd('Plan Allowed', c.allowedCents === null ? '-' : plainAmount(c.allowedCents))}
${dd('Plan Paid', plainAmount(c.paidCents))}${dd('Patient Owes', plainAmount(c.patientRespCents))}${dd('Payment', c.paymentNumber ?? '-')}${dd('Paid On', c.paymentDate ? monDate(c.paymentDate) : '-')}</dl></section>
<section class="panel" aria-label="Claim"><dl>${dd('Claim #', c.claimNumber)}${dd('TIN', dashedTin(c.tin))}${dd('Service Dates', monDate(c.serviceDate))}</dl></section>
<table aria-label="Adjustments"><thead><tr><th>Code</th><th>Amount</th><th>Reason</th></tr></thead><tbody>${adj}</tbody></table>
<p>Remarks: ${c.remarkCodes.map(h).join(', ') || 'none'}</p>`,
  });
}

export function letterPageV2(c: UhcClaim, tin: UhcTin): string {
  const l = c.letter as NonNullable<UhcClaim['letter']>;
  return shell({
    title: `Letter ${l.documentId}`,
    signedIn: true,
    tin,
    body: `<article class="panel" aria-label="Correspondence"><h1>Claim Determination Notice</h1>
<p>${longDate(l.letterDate)} · Claim ${h(c.claimNumber)} · Charges ${formatUsd(c.billedCents)} · Not payable ${formatUsd(deniedCents(c))}</p>
<p>${h(l.rationale)}</p><p>Codes: ${c.adjustments.map((a) => `${a.group}-${h(a.carc)} ${formatUsd(a.amountCents)}`).join('; ')}</p>
<p>Appeals: 12 months from the date of service (${longDate(l.appealDeadline)}).</p></article>`,
  });
}
