// Claim screens of the UHC-like portal (layout v1): the search page with its
// three searches, paginated results with CSV export, and claim details.
import { escapeHtml as h, usDate } from '../shared/helpers.ts';
import { carcText, rarcText, type UhcClaim, type UhcTin } from './data.ts';
import { dashedTin, monDate, plainAmount } from './format.ts';
import { errorBox, shell } from './views.ts';

export function searchPage(tin: UhcTin, error?: string): string {
  return shell({
    title: 'Claims & Payments',
    signedIn: true,
    tin,
    body: `<h1>Claims &amp; Payments</h1>${errorBox(error)}
<form method="post" action="/claims/search" class="panel" aria-label="Search by claim number"><h2>Search by claim number</h2>
<input type="hidden" name="mode" value="claim">
<label for="claimNumber">Claim Number</label><input type="text" id="claimNumber" name="claimNumber" required>
<button class="btn" type="submit">Search Claim</button></form>
<form method="post" action="/claims/search" class="panel" aria-label="Search by member"><h2>Search by member</h2>
<input type="hidden" name="mode" value="member">
<label for="memberId">Member ID</label><input type="text" id="memberId" name="memberId" required>
<label for="memberDob">Patient Date of Birth</label><input type="text" id="memberDob" name="dob" placeholder="MM/DD/YYYY" required>
<label for="memberDosFrom">From Date of Service</label><input type="text" id="memberDosFrom" name="dosFrom" placeholder="MM/DD/YYYY">
<label for="memberDosTo">To Date of Service</label><input type="text" id="memberDosTo" name="dosTo" placeholder="MM/DD/YYYY">
<button class="btn" type="submit">Search Member Claims</button></form>
<form method="post" action="/claims/search" class="panel" aria-label="Search by date of service"><h2>Search by date of service</h2>
<input type="hidden" name="mode" value="dos">
<label for="dosFrom">Service Date From</label><input type="text" id="dosFrom" name="dosFrom" placeholder="MM/DD/YYYY" required>
<label for="dosTo">Service Date To</label><input type="text" id="dosTo" name="dosTo" placeholder="MM/DD/YYYY" required>
<button class="btn" type="submit">Search by Date of Service</button></form>`,
  });
}

export function noClaimsPage(tin: UhcTin): string {
  return shell({
    title: 'No Claims Found',
    signedIn: true,
    tin,
    body: `<h1>No claims found</h1><p role="status">No claims matched your search for Tax ID ${dashedTin(tin.tin)}. Claims are listed under the TIN that billed them: try another TIN.</p>
<p><a href="/claims">New search</a></p>`,
  });
}

export interface ResultsPageInput {
  tin: UhcTin;
  claims: readonly UhcClaim[];
  page: number;
  pageSize: number;
}

export function resultsPage({ tin, claims, page, pageSize }: ResultsPageInput): string {
  const pages = Math.max(1, Math.ceil(claims.length / pageSize));
  const first = (page - 1) * pageSize;
  const shown = claims.slice(first, first + pageSize);
  const rows = shown
    .map(
      (
        c,
      ) => `<tr><td><a href="/claims/${h(c.claimNumber)}">${h(c.claimNumber)}</a></td><td>${h(c.memberId)}</td><td>${h(`${c.patient.lastName}, ${c.patient.firstName}`)}</td>
<td>${h(c.patientAccountNumber)}</td><td>${usDate(c.serviceDate)}</td><td>${plainAmount(c.billedCents)}</td><td>${plainAmount(c.paidCents)}</td><td>${h(c.statusText)}</td></tr>`,
    )
    .join('');
  const links: string[] = [];
  if (page > 1) links.push(`<a href="/claims/results?page=${page - 1}" rel="prev">Previous</a>`);
  for (let p = 1; p <= pages; p++)
    links.push(p === page ? `<span aria-current="page">${p}</span>` : `<a href="/claims/results?page=${p}">${p}</a>`);
  if (page < pages) links.push(`<a href="/claims/results?page=${page + 1}" rel="next">Next</a>`);
  return shell({
    title: 'Claim Search Results',
    signedIn: true,
    tin,
    body: `<h1>Claim Search Results</h1>
<p role="status">Showing ${first + 1}-${first + shown.length} of ${claims.length} claims</p>
<table aria-label="Claims"><thead><tr><th>Claim Number</th><th>Member ID</th><th>Patient Name</th><th>Patient Account Number</th><th>Date of Service</th><th>Billed</th><th>Paid</th><th>Claim Status</th></tr></thead><tbody>${rows}</tbody></table>
<nav class="pages" aria-label="Pagination">${links.join(' ')}</nav>
<p><a href="/claims/results/export.csv" download>Export to CSV</a> · <a href="/claims">New search</a></p>`,
  });
}

const csvCell = (v: string): string => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The whole result set (every page) as CSV: dates YYYYMMDD, plain amounts. */
export function resultsCsv(claims: readonly UhcClaim[]): string {
  const head = [
    'Claim Number',
    'Tax ID',
    'Member ID',
    'Patient Last Name',
    'Patient First Name',
    'DOS',
    'Billed Amount',
    'Paid Amount',
    'Status Category',
    'Claim Status',
  ];
  const lines = claims.map((c) =>
    [
      c.claimNumber,
      c.tin,
      c.memberId,
      c.patient.lastName,
      c.patient.firstName,
      c.serviceDate.replace(/-/g, ''),
      plainAmount(c.billedCents),
      plainAmount(c.paidCents),
      c.statusCategory,
      c.statusText,
    ]
      .map(csvCell)
      .join(','),
  );
  return `${[head.join(','), ...lines].join('\r\n')}\r\n`;
}

const NA = 'N/A';
const dd = (term: string, value: string): string => `<dt>${h(term)}</dt><dd>${h(value)}</dd>`;

export function detailPage(c: UhcClaim, tin: UhcTin): string {
  const adj = c.adjustments
    .map(
      (a) =>
        `<tr><td>${a.group}</td><td>${h(a.carc)}</td><td>${h(carcText(a.carc))}</td><td>${plainAmount(-a.amountCents)}</td></tr>`,
    )
    .join('');
  const remarks = c.remarkCodes.map((r) => `<tr><td>${h(r)}</td><td>${h(rarcText(r))}</td></tr>`).join('');
  return shell({
    title: `Claim ${c.claimNumber}`,
    signedIn: true,
    tin,
    body: `<p><a href="/claims/results">Back to results</a></p><h1>Claim Details</h1>
<section class="panel" aria-labelledby="info-h"><h2 id="info-h">Claim Information</h2><dl>
${dd('Claim Number', c.claimNumber)}${dd('Tax ID', dashedTin(c.tin))}${dd('Patient Account Number', c.patientAccountNumber)}
${dd('Member ID', c.memberId)}${dd('Patient', `${c.patient.firstName} ${c.patient.lastName}`)}
${dd('Date(s) of Service', `${monDate(c.serviceDate)} to ${monDate(c.serviceDate)}`)}${dd('Received Date', monDate(c.receivedDate))}</dl></section>
<section class="panel" aria-labelledby="status-h"><h2 id="status-h">Claim Status</h2><dl>
${dd('Claim Status', c.statusText)}${dd('Status Category Code', c.statusCategory)}${dd('Status Reason Code', c.statusCode)}</dl></section>
<section class="panel" aria-labelledby="pay-h"><h2 id="pay-h">Payment Summary</h2><dl>
${dd('Amount Billed', plainAmount(c.billedCents))}${dd('Allowed Amount', c.allowedCents === null ? NA : plainAmount(c.allowedCents))}
${dd('Paid to Provider', plainAmount(c.paidCents))}${dd('Member Responsibility', plainAmount(c.patientRespCents))}
${dd('Payment Method', c.paymentMethod ?? NA)}${dd('Check/EFT Trace Number', c.paymentNumber ?? NA)}${dd('Payment Date', c.paymentDate ? monDate(c.paymentDate) : NA)}</dl></section>
<h2 id="adj-h">Claim Adjustments</h2>
<table aria-labelledby="adj-h"><thead><tr><th>Group</th><th>Reason Code</th><th>Reason Description</th><th>Adjustment Amount</th></tr></thead><tbody>${adj}</tbody></table>
<h2 id="rarc-h">Remark Codes</h2>
<table aria-labelledby="rarc-h"><thead><tr><th>Remark Code</th><th>Remark Description</th></tr></thead><tbody>${remarks}</tbody></table>
${c.letter ? `<p><a href="/documents/${h(c.letter.documentId)}">View denial letter</a></p>` : ''}
${c.letter ? `<p><a href="/claims/${h(c.claimNumber)}/reconsideration">Request Reconsideration</a></p>` : ''}`,
  });
}

/** Shown when a claim number is not under the selected TIN. */
export function claimNotOnTinPage(tin: UhcTin): string {
  return shell({
    title: 'Claim Not Available',
    signedIn: true,
    tin,
    body: `<h1>Claim not available</h1><p role="status">This claim is not on file for Tax ID ${dashedTin(tin.tin)}.</p>`,
  });
}
