// Server-rendered pages of the CAQH-like credentialing portal (layout v1):
// a green, form-heavy look unlike the payer portals, a left-hand nav, dates
// printed as "Nov 3, 2026", and a provider profile split over two tabs
// (summary, authorized plans), as credentialing portals tend to do.
import { caqhDate, providerDisplayName, type CaqhProvider } from './data.ts';
import { escapeHtml as h } from '../shared/helpers.ts';

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:14px/1.5 Verdana,Geneva,sans-serif;color:#222;background:#eef2ee}
.bar{background:#1f5c3a;color:#fff;padding:12px 20px;display:flex;align-items:center;gap:16px}.bar .brand{font:bold 19px Georgia,serif}
.bar form{margin-left:auto}.bar button{background:#2f7a50;color:#fff;border:1px solid #9cc7ac;padding:3px 10px}
.wrap{display:flex;max-width:1100px;margin:18px auto;gap:18px}aside{width:200px}aside a{display:block;padding:6px 10px;color:#1f5c3a;text-decoration:none;border-left:3px solid transparent}
aside a[aria-current]{border-left-color:#1f5c3a;font-weight:bold;background:#dfeae2}
main{flex:1;background:#fff;border-top:4px solid #1f5c3a;padding:20px 28px;min-height:300px}
h1{font:normal 24px Georgia,serif;margin:0 0 14px;color:#1f5c3a}h2{font-size:16px;color:#2d4a38}
label{display:block;margin:10px 0 3px;font-weight:bold}input{font:inherit;padding:5px 7px;border:1px solid #8aa595;min-width:280px}
button.go{background:#1f5c3a;color:#fff;border:0;padding:7px 16px;margin-top:12px;font:inherit;cursor:pointer}
table{border-collapse:collapse;width:100%;margin:10px 0}th,td{border:1px solid #cfdcd3;padding:5px 8px;text-align:left}thead th{background:#dfeae2}
dl{display:grid;grid-template-columns:220px 1fr;gap:6px 12px}dt{font-weight:bold;color:#4b6355}dd{margin:0}
.tabs{display:flex;gap:4px;border-bottom:2px solid #1f5c3a;margin-bottom:14px}.tabs a{padding:6px 14px;background:#dfeae2;color:#1f5c3a;text-decoration:none}
.tabs a[aria-current]{background:#1f5c3a;color:#fff}.err{background:#fff0f0;border:1px solid #e0a8a8;color:#8b1a1a;padding:8px 12px;margin:8px 0}
.info{background:#f2f8f4;border:1px solid #b8d4c1;padding:8px 12px;margin:8px 0}.pager{display:flex;gap:14px;align-items:center}
.badge{display:inline-block;padding:1px 8px;border-radius:9px;background:#e6efe9;font-size:12px}
footer{text-align:center;font-size:11px;color:#68806f;margin:20px}
`;

export type NavItem = 'dashboard' | 'roster' | null;

export function page(title: string, body: string, nav?: NavItem): string {
  const signedIn = nav !== undefined;
  const link = (id: Exclude<NavItem, null>, href: string, text: string) =>
    `<a href="${href}"${nav === id ? ' aria-current="page"' : ''}>${text}</a>`;
  const side = signedIn
    ? `<aside><nav aria-label="Portal menu">${link('dashboard', '/dashboard', 'Dashboard')}${link('roster', '/roster', 'Provider Roster')}<a href="/dashboard#reports">Reports</a></nav></aside>`
    : '';
  const out = signedIn ? '<form method="post" action="/signout"><button type="submit">Log Out</button></form>' : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${h(title)} - CredVault ProView</title><style>${STYLE}</style></head>
<body><div class="bar"><span class="brand">CredVault ProView</span><span>Provider Data Portal</span>${out}</div>
<div class="wrap">${side}<main>${body}</main></div>
<footer>CredVault ProView is a mock credentialing portal for testing. Provider data is fictitious.</footer></body></html>`;
}

const err = (msg?: string): string => (msg ? `<div class="err" role="alert">${h(msg)}</div>` : '');
const info = (msg?: string): string => (msg ? `<div class="info" role="status">${h(msg)}</div>` : '');

export function signInPage(opts: { error?: string; notice?: string; username?: string } = {}): string {
  return page(
    'Log In',
    `<h1>Provider Data Portal Log In</h1>${info(opts.notice)}${err(opts.error)}
<form method="post" action="/signin" aria-label="Log in">
  <label for="un">Username</label><input id="un" name="username" autocomplete="username" value="${h(opts.username ?? '')}" required>
  <label for="pw">Password</label><input id="pw" name="password" type="password" autocomplete="current-password" required>
  <button class="go" type="submit">Log In</button>
</form><p><a href="/signin#help">Forgot username or password?</a></p>`,
  );
}

export function verifyPage(opts: { error?: string; rechallenge?: boolean } = {}): string {
  return page(
    'Security Verification',
    `<h1>Security Verification</h1>
${opts.rechallenge ? info('For your protection, ProView needs to verify your identity again before you continue.') : ''}${err(opts.error)}
<p>Open your authenticator app and enter the current authentication code for ProView.</p>
<form method="post" action="/signin/verify" aria-label="Security verification">
  <label for="ac">Authentication code</label><input id="ac" name="authCode" inputmode="numeric" autocomplete="one-time-code" maxlength="6" required>
  <button class="go" type="submit">Submit Code</button>
</form>`,
  );
}

export function dashboardPage(displayName: string, organization: string, providerCount: number): string {
  return page(
    'Dashboard',
    `<h1>Practice Manager Dashboard</h1><p>Welcome back, ${h(displayName)}.</p>
<section aria-label="Organization"><dl><dt>Organization</dt><dd>${h(organization)}</dd><dt>Providers on roster</dt><dd>${providerCount}</dd></dl></section>
<p><a href="/roster">View provider roster</a></p><h2 id="reports">Reports</h2><p>No reports scheduled.</p>`,
    'dashboard',
  );
}

export interface RosterView {
  query: string;
  page: number;
  pages: number;
  total: number;
  from: number;
  to: number;
  rows: CaqhProvider[];
  error?: string;
}

const dateOr = (iso: string | null, none: string): string => (iso ? caqhDate(iso) : none);

export function rosterPage(v: RosterView): string {
  const rows = v.rows
    .map(
      (
        p,
      ) => `<tr><td><a href="/providers/${p.caqhId}">${h(`${p.lastName}, ${p.firstName} ${p.middleInitial}., ${p.degree}`)}</a></td>
<td>${p.npi}</td><td>${p.caqhId}</td><td>${h(p.specialty)}</td><td><span class="badge">${h(p.profileStatusText)}</span></td><td>${dateOr(p.reattestationDueDate, 'N/A')}</td></tr>`,
    )
    .join('');
  const q = v.query ? `&amp;q=${encodeURIComponent(v.query)}` : '';
  const pager =
    v.pages > 1
      ? `<nav class="pager" aria-label="Roster pages">${v.page > 1 ? `<a href="/roster?page=${v.page - 1}${q}">‹ Previous</a>` : ''}<span>Page ${v.page} of ${v.pages}</span>${v.page < v.pages ? `<a href="/roster?page=${v.page + 1}${q}">Next ›</a>` : ''}</nav>`
      : '';
  const results =
    v.total === 0
      ? `<h2>No providers found</h2><p>No provider on your roster matches "${h(v.query)}". Check the NPI or name and search again.</p>`
      : `<p role="status">Showing ${v.from}–${v.to} of ${v.total} providers</p>
<table aria-label="Providers"><thead><tr><th scope="col">Provider</th><th scope="col">NPI</th><th scope="col">CAQH Provider ID</th><th scope="col">Specialty</th><th scope="col">Profile Status</th><th scope="col">Re-attestation Due</th></tr></thead>
<tbody>${rows}</tbody></table>${pager}`;
  return page(
    'Provider Roster',
    `<h1>Provider Roster</h1>${err(v.error)}
<form method="get" action="/roster" role="search" aria-label="Roster search">
  <label for="rq">Search by NPI or provider name</label><input id="rq" name="q" value="${h(v.query)}">
  <button class="go" type="submit">Search</button>
</form>${results}`,
    'roster',
  );
}

function tabs(
  p: CaqhProvider,
  current: 'summary' | 'plans',
  labels = { summary: 'Profile Summary', plans: 'Authorized Plans' },
): string {
  const a = (id: 'summary' | 'plans', href: string) =>
    `<a href="${href}"${current === id ? ' aria-current="page"' : ''}>${labels[id]}</a>`;
  return `<nav class="tabs" aria-label="Profile sections">${a('summary', `/providers/${p.caqhId}`)}${a('plans', `/providers/${p.caqhId}/plans`)}</nav>`;
}

export function profilePage(p: CaqhProvider): string {
  return page(
    'Provider Profile',
    `<h1>Provider Profile</h1>${tabs(p, 'summary')}
<section aria-label="Profile summary"><dl>
<dt>Provider Name</dt><dd>${h(providerDisplayName(p))}</dd><dt>NPI</dt><dd>${p.npi}</dd><dt>CAQH Provider ID</dt><dd>${p.caqhId}</dd>
<dt>Primary Specialty</dt><dd>${h(p.specialty)}</dd><dt>Profile Status</dt><dd>${h(p.profileStatusText)}</dd>
<dt>Last Attestation Date</dt><dd>${dateOr(p.lastAttestationDate, 'Not attested')}</dd><dt>Re-attestation Due Date</dt><dd>${dateOr(p.reattestationDueDate, 'N/A')}</dd>
</dl></section><p class="info">Providers must review and attest to their profile every 120 days.</p>`,
    'roster',
  );
}

export function plansPage(p: CaqhProvider): string {
  const rows = p.enrollments
    .map(
      (e) =>
        `<tr><td>${h(e.planName)}</td><td>${h(e.statusText)}</td><td>${dateOr(e.effectiveDate, 'N/A')}</td><td>${dateOr(e.expiryDate, 'N/A')}</td></tr>`,
    )
    .join('');
  return page(
    'Authorized Plans',
    `<h1>Authorized Plans</h1>${tabs(p, 'plans')}
<section aria-label="Provider"><dl><dt>Provider Name</dt><dd>${h(providerDisplayName(p))}</dd><dt>NPI</dt><dd>${p.npi}</dd></dl></section>
<table aria-label="Health plan enrollment"><thead><tr><th scope="col">Health Plan</th><th scope="col">Enrollment Status</th><th scope="col">Effective Date</th><th scope="col">Expiration Date</th></tr></thead>
<tbody>${rows}</tbody></table>${p.enrollments.length === 0 ? '<p>No health plans are authorized to view this profile.</p>' : ''}`,
    'roster',
  );
}

export function providerNotFoundPage(): string {
  return page('Provider not found', '<h1>Provider not found</h1><p>This provider is not on your roster.</p>', 'roster');
}

export function maintenancePage(): string {
  return page(
    'System Maintenance',
    '<h1>System Maintenance</h1><p>ProView is undergoing scheduled maintenance. Please check back later.</p>',
  );
}

export function tooManyRequestsPage(retryAfterSec: number): string {
  return page(
    'Request limit reached',
    `<h1>Request limit reached</h1><p>Too many requests from your organization. Please wait ${retryAfterSec} seconds.</p>`,
  );
}

export const LOCKED_MESSAGE =
  'Your account is locked because of too many failed log in attempts. Call the ProView help desk to unlock it.';
