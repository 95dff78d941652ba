// Layout "v2": the same data as v1 with elements moved and renamed, as a real
// portal redesign would. It exists to prove bots report drift (layout_changed
// naming the element) instead of reading a wrong value.
import { CARC, RARC } from '../shared/codes.ts';
import type { AvailityClaim } from './data.ts';
import { AVAILITY_PAYERS } from './data.ts';
import { escapeHtml as h, formatUsd, usDate } from '../shared/helpers.ts';
import { shell } from './views.ts';

export function searchPageV2(payer: string, error?: string): string {
  const opts = [{ id: 'all', name: 'Any payer' }, ...AVAILITY_PAYERS]
    .map((p) => `<option value="${p.id}"${p.id === payer ? ' selected' : ''}>${h(p.name)}</option>`)
    .join('');
  return shell({
    title: 'Find a claim',
    signedIn: true,
    body: `<h1>Find a claim</h1>${error ? `<div class="alert" role="alert">${h(error)}</div>` : ''}
<div class="note">New! Search all your payers from one place.</div>
<form method="post" action="/claims/status/member-search" aria-label="Patient lookup"><fieldset><legend>Patient lookup</legend>
  <label for="v2-plan">Health plan</label><select id="v2-plan" name="payer">${opts}</select>
  <label for="v2-sub">Subscriber ID</label><input id="v2-sub" name="memberId" required>
  <label for="v2-npi">Rendering NPI</label><input id="v2-npi" name="npi" required>
  <label for="v2-birth">Birth date</label><input id="v2-birth" name="dob" type="date" required>
  <label for="v2-from">From</label><input id="v2-from" name="dosFrom" type="date" required>
  <label for="v2-to">Through</label><input id="v2-to" name="dosTo" type="date" required>
  <button class="primary" type="submit">Look up patient claims</button></fieldset></form>
<form method="get" action="/claims/status/search" aria-label="Claim lookup"><fieldset><legend>Claim lookup</legend>
  <input type="hidden" name="payer" value="all">
  <label for="v2-claim">Payer claim ID</label><input id="v2-claim" name="claimNumber" required>
  <button class="primary" type="submit">Find claim</button></fieldset></form>`,
  });
}

const dl = (term: string, value: string): string => `<dt>${h(term)}</dt><dd>${h(value)}</dd>`;

export function detailPageV2(c: AvailityClaim): string {
  const adj = c.adjustments
    .map(
      (a) =>
        `<tr><td>${a.group}-${h(a.carc)}</td><td class="num">${formatUsd(a.amountCents)}</td><td>${h(CARC[a.carc] ?? '')}</td></tr>`,
    )
    .join('');
  return shell({
    title: 'Claim detail',
    signedIn: true,
    body: `<h1>Claim detail</h1>
<div class="note" role="status">${h(c.statusCategory)}: ${h(c.statusText)} (${h(c.statusCode)})</div>
<section aria-label="Financials"><dl>
${dl('Total charges', formatUsd(c.billedCents))}${dl('Plan allowed', c.allowedCents === null ? 'Pending' : formatUsd(c.allowedCents))}
${dl('Plan paid', formatUsd(c.paidCents))}${dl('Member owes', formatUsd(c.patientRespCents))}
${dl('Payment reference', c.checkNumber ?? 'None')}${dl('Paid on', c.paymentDate ? usDate(c.paymentDate) : 'None')}</dl></section>
<section aria-label="Claim information"><dl>
${dl('Payer claim ID', c.claimNumber)}${dl('Health plan', c.payerName)}${dl('Subscriber', `${c.patient.firstName} ${c.patient.lastName}`)}
${dl('Subscriber ID', c.memberId)}${dl('Service dates', `${usDate(c.serviceDate)} - ${usDate(c.serviceDate)}`)}</dl></section>
<section aria-label="Claim adjustments"><h2>Claim adjustments</h2><table><thead><tr><th scope="col">Group-CARC</th><th scope="col">Adj. amount</th><th scope="col">Reason</th></tr></thead><tbody>${adj}</tbody></table>
<p>Remarks: ${c.remarkCodes.map((r) => `${h(r)} (${h(RARC[r] ?? '')})`).join('; ') || 'none'}</p></section>`,
  });
}
