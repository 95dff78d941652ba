// Remittance viewer and denial detail pages of the Availity-like portal, in
// both layouts. v2 renames and moves what bots read (table names, column
// headers, labels), as a redesign would, so drift is reported, not mis-read.
import type { DenialDetailsOutput } from '../../bots/index.ts';
import type { AvailityEra } from './era-data.ts';
import { AVAILITY_PAYERS } from './data.ts';
import { escapeHtml as h, formatUsd, usDate } from '../shared/helpers.ts';
import { shell } from './views.ts';

export const REMITTANCE_PAGE_SIZE = 20;
const METHOD_TEXT: Record<AvailityEra['method'], string> = { ACH: 'EFT', CHK: 'Check', NON: 'No payment' };
const dash = '—';

export interface RemittanceQuery {
  payer: string;
  from: string;
  to: string;
  page: number;
}

function payerOptions(selected: string): string {
  return [{ id: 'all', name: 'All payers' }, ...AVAILITY_PAYERS]
    .map((p) => `<option value="${p.id}"${p.id === selected ? ' selected' : ''}>${h(p.name)}</option>`)
    .join('');
}

function pageLinks(q: RemittanceQuery, total: number, label: string): string {
  const pages = Math.max(1, Math.ceil(total / REMITTANCE_PAGE_SIZE));
  const href = (page: number) =>
    `/remittance?${new URLSearchParams({ payer: q.payer, from: q.from, to: q.to, page: String(page) })}`;
  const prev = q.page > 1 ? `<a href="${h(href(q.page - 1))}">Previous page</a>` : '';
  const next = q.page < pages ? `<a href="${h(href(q.page + 1))}">Next page</a>` : '';
  return `<nav aria-label="${label}">${prev} <span>Page ${q.page} of ${pages}</span> ${next}</nav>`;
}

/** The remittance list (v1): filter form, one row per ERA, 835 download links, pagination. */
export function remittancePage(q: RemittanceQuery, rows: AvailityEra[], total: number, error?: string): string {
  const first = total === 0 ? 0 : (q.page - 1) * REMITTANCE_PAGE_SIZE + 1;
  const body = rows
    .map(
      (
        e,
      ) => `<tr><td>${h(e.payerName)}</td><td>${usDate(e.paymentDate)}</td><td>${METHOD_TEXT[e.method]}</td><td>${h(e.traceNumber)}</td>
<td class="num">${formatUsd(e.amountCents)}</td><td class="num">${e.claimCount}</td>
<td><a href="/remittance/${encodeURIComponent(e.id)}/835" download="${h(e.fileName)}" aria-label="Download 835 ${h(e.traceNumber)}">${h(e.fileName)}</a></td></tr>`,
    )
    .join('');
  return shell({
    title: 'Remittance Viewer',
    signedIn: true,
    body: `<h1>Remittance Viewer</h1>${error ? `<div class="alert" role="alert">${h(error)}</div>` : ''}
<form method="get" action="/remittance" aria-label="Find remittances"><fieldset><legend>Find remittances</legend>
  <label for="era-payer">Payer</label><select id="era-payer" name="payer">${payerOptions(q.payer)}</select>
  <label for="era-from">Payment date from</label><input id="era-from" name="from" type="date" value="${h(q.from)}">
  <label for="era-to">Payment date to</label><input id="era-to" name="to" type="date" value="${h(q.to)}">
  <button class="primary" type="submit">Search remittances</button></fieldset></form>
<p role="status">${total === 0 ? 'No remittances found' : `Showing ${first}–${first + rows.length - 1} of ${total} remittances`}</p>
<table aria-label="Remittances"><thead><tr><th scope="col">Payer</th><th scope="col">Payment date</th><th scope="col">Payment method</th><th scope="col">Check/EFT number</th><th scope="col">Amount</th><th scope="col">Claims</th><th scope="col">835 file</th></tr></thead>
<tbody>${body}</tbody></table>${pageLinks(q, total, 'Pagination')}`,
  });
}

/** v2: "Payments" with renamed columns and the download under "ERA". */
export function remittancePageV2(q: RemittanceQuery, rows: AvailityEra[], total: number, error?: string): string {
  const body = rows
    .map(
      (
        e,
      ) => `<tr><td>${usDate(e.paymentDate)}</td><td>${h(e.payerName)}</td><td>${h(e.traceNumber)} (${METHOD_TEXT[e.method]})</td>
<td class="num">${formatUsd(e.amountCents)}</td><td><a href="/remittance/${encodeURIComponent(e.id)}/835">ERA</a></td></tr>`,
    )
    .join('');
  return shell({
    title: 'Payments',
    signedIn: true,
    body: `<h1>Payments &amp; remittances</h1>${error ? `<div class="alert" role="alert">${h(error)}</div>` : ''}
<form method="get" action="/remittance" aria-label="Filter payments"><fieldset><legend>Filter</legend>
  <label for="v2-era-payer">Health plan</label><select id="v2-era-payer" name="payer">${payerOptions(q.payer)}</select>
  <label for="v2-era-from">Paid after</label><input id="v2-era-from" name="from" type="date" value="${h(q.from)}">
  <label for="v2-era-to">Paid before</label><input id="v2-era-to" name="to" type="date" value="${h(q.to)}">
  <button class="primary" type="submit">Apply filter</button></fieldset></form>
<table aria-label="Payments"><thead><tr><th scope="col">Paid on</th><th scope="col">Health plan</th><th scope="col">Trace #</th><th scope="col">Total</th><th scope="col">Download</th></tr></thead>
<tbody>${body}</tbody></table>${pageLinks(q, total, 'Pages')}`,
  });
}

export function denialSearchPage(layout: 'v1' | 'v2', error?: string): string {
  const alert = error ? `<div class="alert" role="alert">${h(error)}</div>` : '';
  if (layout === 'v2') {
    return shell({
      title: 'Appeals center',
      signedIn: true,
      body: `<h1>Appeals center</h1>${alert}<form method="get" action="/claims/denials/search" aria-label="Look up a denial">
  <label for="v2-denial-claim">Payer claim ID</label><input id="v2-denial-claim" name="claimNumber" required>
  <button class="primary" type="submit">Open</button></form>`,
    });
  }
  return shell({
    title: 'Denial Details',
    signedIn: true,
    body: `<h1>Denial Details Lookup</h1>${alert}<form method="get" action="/claims/denials/search" aria-label="Find a denied claim">
  <label for="denial-claim">Claim number</label><input id="denial-claim" name="claimNumber" required>
  <button class="primary" type="submit">View denial details</button></form>`,
  });
}

export function noDenialPage(): string {
  return shell({
    title: 'No denial found',
    signedIn: true,
    body: '<h1>No denial found</h1><p>No denied or reduced claim matches that claim number.</p><p><a href="/claims/denials">New lookup</a></p>',
  });
}

const row = (label: string, value: string): string => `<tr><th scope="row">${h(label)}</th><td>${h(value)}</td></tr>`;
const money = (n: number | null): string => (n === null ? dash : formatUsd(Math.round(n * 100)));

/** One denied claim (v1): summary, reason codes, remark codes, the payer's rationale. */
export function denialPage(d: DenialDetailsOutput, payerName: string): string {
  const codes = d.carcCodes
    .map(
      (c) =>
        `<tr><td>${h(c.group ?? dash)}</td><td>${h(c.code)}</td><td>${h(c.description)}</td><td class="num">${money(c.amount ?? null)}</td></tr>`,
    )
    .join('');
  const remarks = d.remarkCodes.map((r) => `<tr><td>${h(r.code)}</td><td>${h(r.description)}</td></tr>`).join('');
  return shell({
    title: 'Denial Details',
    signedIn: true,
    body: `<nav aria-label="Breadcrumb" class="muted"><a href="/home">Home</a> › <a href="/claims/denials">Denials</a> › Details</nav>
<h1>Denial Details</h1>
<h2 id="den-sum-h">Denial summary</h2><table aria-labelledby="den-sum-h"><tbody>
${row('Claim number', d.claimNumber)}${row('Payer', payerName)}${row('Billed amount', money(d.billedAmount))}${row('Denied amount', money(d.deniedAmount))}
${row('Denial date', d.denialDate ? usDate(d.denialDate) : dash)}${row('Appeal deadline', d.appealDeadline ? usDate(d.appealDeadline) : 'Not appealable')}
</tbody></table>
<h2 id="den-carc-h">Denial reason codes</h2><table aria-labelledby="den-carc-h"><thead><tr><th scope="col">Group</th><th scope="col">Reason code</th><th scope="col">Description</th><th scope="col">Amount</th></tr></thead><tbody>${codes}</tbody></table>
<h2 id="den-rarc-h">Remark codes</h2><table aria-labelledby="den-rarc-h"><thead><tr><th scope="col">Code</th><th scope="col">Description</th></tr></thead><tbody>${remarks}</tbody></table>${d.remarkCodes.length === 0 ? '<p class="muted">No remark codes.</p>' : ''}
<section aria-labelledby="den-why-h"><h2 id="den-why-h">Payer rationale</h2><p>${d.rationale === null ? 'No rationale was provided by the payer.' : h(d.rationale)}</p></section>`,
  });
}

/** v2: one "Determination" list, codes merged into one column, deadline renamed. */
export function denialPageV2(d: DenialDetailsOutput, payerName: string): string {
  const codes = d.carcCodes
    .map(
      (c) =>
        `<tr><td>${h(`${c.group ?? ''}-${c.code}`)}</td><td class="num">${money(c.amount ?? null)}</td><td>${h(c.description)}</td></tr>`,
    )
    .join('');
  return shell({
    title: 'Claim determination',
    signedIn: true,
    body: `<h1>Claim determination</h1>
<section aria-label="Determination"><dl><dt>Payer claim ID</dt><dd>${h(d.claimNumber)}</dd><dt>Health plan</dt><dd>${h(payerName)}</dd>
<dt>Appeal by</dt><dd>${d.appealDeadline ? usDate(d.appealDeadline) : 'N/A'}</dd><dt>Amount not paid</dt><dd>${money(d.deniedAmount)}</dd></dl></section>
<table aria-label="Reasons"><thead><tr><th scope="col">Code</th><th scope="col">Amount</th><th scope="col">Explanation</th></tr></thead><tbody>${codes}</tbody></table>
<p>${h(d.rationale ?? '')}</p>`,
  });
}
