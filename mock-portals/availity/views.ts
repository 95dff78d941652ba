// Server-rendered pages of the Availity-like portal (layout v1) and the
// shared page shell. Real labels, headings and landmarks, because bots locate
// by role and accessible name first, as a person would read the page.
import { CARC, RARC } from '../shared/codes.ts';
import type { AvailityClaim } from './data.ts';
import { AVAILITY_PAYERS } from './data.ts';
import { escapeHtml as h, formatUsd, usDate } from '../shared/helpers.ts';

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:15px/1.45 "Segoe UI",Helvetica,Arial,sans-serif;color:#1d2733;background:#f3f5f8}
header.top{background:#0b3d6e;color:#fff;display:flex;align-items:center;gap:24px;padding:10px 24px}
header.top .brand{font-weight:700;font-size:18px;letter-spacing:.3px}header.top nav a{color:#d6e6f7;margin-right:16px;text-decoration:none}
header.top form{margin-left:auto}header.top button{background:transparent;color:#fff;border:1px solid #8fb3d9;border-radius:4px;padding:4px 10px}
main{max-width:980px;margin:24px auto;background:#fff;border:1px solid #dde3ea;border-radius:6px;padding:24px 32px}
h1{font-size:24px;margin:0 0 16px;color:#0b3d6e}h2{font-size:17px;margin:24px 0 8px;color:#24466b}
label{display:block;font-weight:600;margin:12px 0 4px}input,select{font:inherit;padding:6px 8px;border:1px solid #9aa8b7;border-radius:4px;min-width:260px}
button.primary{margin-top:16px;background:#1a73c9;color:#fff;border:0;border-radius:4px;padding:8px 18px;font:inherit;font-weight:600}
fieldset{border:1px solid #dde3ea;border-radius:6px;margin:16px 0;padding:8px 20px 20px}legend{font-weight:700;color:#24466b;padding:0 6px}
table{border-collapse:collapse;width:100%;margin:4px 0 8px}th,td{text-align:left;padding:6px 10px;border-bottom:1px solid #e6ebf0;vertical-align:top}
th[scope=row]{width:260px;color:#46566a;font-weight:600}thead th{background:#eef3f8}td.num{font-variant-numeric:tabular-nums}
.alert{background:#fdecea;border:1px solid #f5c2bd;color:#8a1c12;padding:10px 14px;border-radius:4px;margin:8px 0}
.note{background:#eef6ff;border:1px solid #c4dcf5;padding:10px 14px;border-radius:4px}.muted{color:#6b7a8c}
.payers{display:flex;gap:12px;list-style:none;padding:0}.payers a{display:block;border:1px solid #c4d3e3;border-radius:6px;padding:14px 18px;text-decoration:none;color:#0b3d6e;font-weight:600}
footer{text-align:center;color:#7d8a99;font-size:12px;margin:24px}
`;

export interface ShellOptions {
  title: string;
  signedIn?: boolean;
  body: string;
}

export function shell({ title, signedIn = false, body }: ShellOptions): string {
  const nav = signedIn
    ? `<nav aria-label="Main"><a href="/home">Home</a><a href="/claims/status?payer=all">Claim Status</a><a href="/remittance">Remittance Viewer</a><a href="/claims/denials">Denials</a></nav>
       <form method="post" action="/logout"><button type="submit">Sign out</button></form>`
    : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>${h(title)} | Availbridge Provider Portal</title><style>${STYLE}</style></head>
<body><header class="top"><span class="brand">Availbridge Essentials</span>${nav}</header>
<main id="content">${body}</main>
<footer>Availbridge is a mock of a multi-payer provider portal for testing. No real patient data.</footer></body></html>`;
}

const alert = (msg?: string): string => (msg ? `<div class="alert" role="alert">${h(msg)}</div>` : '');

export function loginPage(opts: { error?: string; notice?: string; username?: string } = {}): string {
  return shell({
    title: 'Sign in',
    body: `<h1>Sign in</h1>${opts.notice ? `<p class="note" role="status">${h(opts.notice)}</p>` : ''}${alert(opts.error)}
<form method="post" action="/login" aria-label="Sign in">
  <label for="userId">User ID</label><input id="userId" name="userId" autocomplete="username" value="${h(opts.username ?? '')}" required>
  <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
  <button class="primary" type="submit">Sign in</button>
</form><p class="muted">Forgot your password? Contact your organization's administrator.</p>`,
  });
}

export function mfaPage(opts: { error?: string; rechallenge?: boolean } = {}): string {
  return shell({
    title: 'Verify your identity',
    body: `<h1>Verify your identity</h1>
${opts.rechallenge ? '<p class="note" role="status">For your security, please verify your identity again.</p>' : ''}${alert(opts.error)}
<p>Enter the 6-digit code from your authenticator app.</p>
<form method="post" action="/mfa" aria-label="Two-step verification">
  <label for="otp">Verification code</label><input id="otp" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" required>
  <button class="primary" type="submit">Verify</button>
</form>`,
  });
}

export function homePage(displayName: string): string {
  const payers = AVAILITY_PAYERS.map((p) => `<li><a href="/claims/status?payer=${p.id}">${h(p.name)}</a></li>`).join(
    '',
  );
  return shell({
    title: 'Home',
    signedIn: true,
    body: `<h1>Welcome, ${h(displayName)}</h1>
<section aria-labelledby="payers-h"><h2 id="payers-h">Choose a payer</h2><ul class="payers">${payers}<li><a href="/claims/status?payer=all">All payers</a></li></ul></section>
<section aria-labelledby="tasks-h"><h2 id="tasks-h">Common tasks</h2><ul><li><a href="/claims/status?payer=all">Claim status inquiry</a></li><li id="remittance"><a href="/remittance">Remittance viewer (835 downloads)</a></li><li><a href="/claims/denials">Denial details</a></li></ul></section>`,
  });
}

function payerSelect(id: string, selected: string, label: string): string {
  const opts = [{ id: 'all', name: 'All payers' }, ...AVAILITY_PAYERS]
    .map((p) => `<option value="${p.id}"${p.id === selected ? ' selected' : ''}>${h(p.name)}</option>`)
    .join('');
  return `<label for="${id}">${label}</label><select id="${id}" name="payer">${opts}</select>`;
}

export function searchPage(payer: string, error?: string): string {
  return shell({
    title: 'Claim Status',
    signedIn: true,
    body: `<h1>Claim Status Inquiry</h1>${alert(error)}
<form method="get" action="/claims/status/search" aria-label="Search by claim number"><fieldset><legend>Search by claim number</legend>
  ${payerSelect('payer-claim', payer, 'Payer')}
  <label for="claimNumber">Claim number</label><input id="claimNumber" name="claimNumber" required>
  <button class="primary" type="submit">Search by claim number</button></fieldset></form>
<form method="post" action="/claims/status/member-search" aria-label="Search by member"><fieldset><legend>Search by member</legend>
  ${payerSelect('payer-member', payer, 'Payer')}
  <label for="memberId">Member ID</label><input id="memberId" name="memberId" required>
  <label for="npi">Provider NPI</label><input id="npi" name="npi" inputmode="numeric" maxlength="10" required>
  <label for="dob">Patient date of birth</label><input id="dob" name="dob" type="date" required>
  <label for="dosFrom">Service date from</label><input id="dosFrom" name="dosFrom" type="date" required>
  <label for="dosTo">Service date to</label><input id="dosTo" name="dosTo" type="date" required>
  <button class="primary" type="submit">Search by member</button></fieldset></form>`,
  });
}

export function notFoundPage(): string {
  return shell({
    title: 'No claims found',
    signedIn: true,
    body: `<h1>No claims found</h1><p>No claims matched your search. Check the claim number, or search by member and date of service.</p>
<p><a href="/claims/status?payer=all">New search</a></p>`,
  });
}

export function memberResultsPage(claims: AvailityClaim[]): string {
  const rows = claims
    .map(
      (
        c,
      ) => `<tr><td><a href="/claims/status/detail/${h(c.claimNumber)}">${h(c.claimNumber)}</a></td><td>${h(`${c.patient.lastName}, ${c.patient.firstName}`)}</td>
<td>${h(c.patientControlNumber)}</td><td>${usDate(c.serviceDate)}</td><td>${h(c.payerName)}</td><td>${h(c.statusCategory)}</td><td class="num">${formatUsd(c.billedCents)}</td></tr>`,
    )
    .join('');
  return shell({
    title: 'Claim Status Results',
    signedIn: true,
    body: `<h1>Claim Status Results</h1><p role="status">${claims.length} ${claims.length === 1 ? 'claim' : 'claims'} found</p>
<table aria-label="Matching claims"><thead><tr><th scope="col">Claim number</th><th scope="col">Patient</th><th scope="col">Patient control number</th><th scope="col">Date of service</th><th scope="col">Payer</th><th scope="col">Status</th><th scope="col">Billed</th></tr></thead>
<tbody>${rows}</tbody></table><p><a href="/claims/status?payer=all">New search</a></p>`,
  });
}

const dash = '—';
const row = (label: string, value: string): string => `<tr><th scope="row">${h(label)}</th><td>${h(value)}</td></tr>`;

export function detailPage(c: AvailityClaim): string {
  const adj = c.adjustments
    .map(
      (a) =>
        `<tr><td>${a.group}</td><td>${h(a.carc)}</td><td>${h(CARC[a.carc] ?? '')}</td><td class="num">${formatUsd(a.amountCents)}</td></tr>`,
    )
    .join('');
  const remarks = c.remarkCodes.map((r) => `<li><strong>${h(r)}</strong> ${h(RARC[r] ?? '')}</li>`).join('');
  return shell({
    title: 'Claim Status Results',
    signedIn: true,
    body: `<nav aria-label="Breadcrumb" class="muted"><a href="/home">Home</a> › <a href="/claims/status?payer=all">Claim Status</a> › Results</nav>
<h1>Claim Status Results</h1>
<h2 id="summary-h">Claim summary</h2><table aria-labelledby="summary-h"><tbody>
${row('Claim number', c.claimNumber)}${row('Payer', c.payerName)}${row('Patient', `${c.patient.lastName}, ${c.patient.firstName}`)}
${row('Member ID', c.memberId)}${row('Patient control number', c.patientControlNumber)}${row('Rendering provider', `${c.provider.name} (NPI ${c.provider.npi})`)}
${row('Date of service', usDate(c.serviceDate))}${row('Received date', usDate(c.receivedDate))}
${row('Status category', c.statusCategory)}${row('Status code', c.statusCode)}${row('Status', c.statusText)}
</tbody></table>
<h2 id="payment-h">Payment</h2><table aria-labelledby="payment-h"><tbody>
${row('Billed amount', formatUsd(c.billedCents))}${row('Allowed amount', c.allowedCents === null ? dash : formatUsd(c.allowedCents))}
${row('Paid amount', formatUsd(c.paidCents))}${row('Patient responsibility', formatUsd(c.patientRespCents))}
${row('Check/EFT number', c.checkNumber ?? dash)}${row('Payment date', c.paymentDate ? usDate(c.paymentDate) : dash)}
</tbody></table>
<h2 id="adj-h">Adjustments</h2><table aria-labelledby="adj-h"><thead><tr><th scope="col">Group code</th><th scope="col">Reason code</th><th scope="col">Description</th><th scope="col">Amount</th></tr></thead>
<tbody>${adj}</tbody></table>${c.adjustments.length === 0 ? '<p class="muted">No adjustments.</p>' : ''}
<h2 id="rarc-h">Remark codes</h2><ul aria-labelledby="rarc-h">${remarks}</ul>${c.remarkCodes.length === 0 ? '<p class="muted">No remark codes.</p>' : ''}`,
  });
}

export function maintenancePage(): string {
  return shell({
    title: 'Scheduled maintenance',
    body: '<h1>Scheduled maintenance</h1><p>Availbridge is temporarily unavailable while we perform scheduled maintenance. Please try again later.</p>',
  });
}

export function tooManyRequestsPage(retryAfterSec: number): string {
  return shell({
    title: 'Too many requests',
    body: `<h1>Too many requests</h1><p>You have made too many requests. Try again in ${retryAfterSec} seconds.</p>`,
  });
}

export function lockedPage(): string {
  return loginPage({
    error:
      'Your account has been locked after too many unsuccessful sign-in attempts. Contact your administrator to unlock it.',
  });
}
