// Pages of the UHC-like portal outside the claim screens: shell, two-step
// sign-in (username, then password), verification code, TIN picker,
// dashboard and the error pages. Real labels and landmarks throughout, since
// bots locate by role and accessible name first.
import { escapeHtml as h } from '../shared/helpers.ts';
import type { UhcTin } from './data.ts';
import { dashedTin } from './format.ts';

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:14px/1.5 Arial,Helvetica,sans-serif;color:#222;background:#fff}
header.masthead{background:#002677;color:#fff;padding:0 28px;display:flex;align-items:center;height:64px;gap:28px}
header.masthead .logo{font:700 20px Georgia,serif}header.masthead nav a{color:#fff;margin-right:18px;font-weight:600;text-decoration:none}
header.masthead form{margin-left:auto}header.masthead button{background:#ff612b;border:0;color:#fff;padding:6px 14px;border-radius:16px;font-weight:700}
.tinbar{background:#e5f8fb;border-bottom:1px solid #b8e0e8;padding:6px 28px;font-size:13px}
main{padding:24px 28px;max-width:1100px}h1{font:400 28px Georgia,serif;color:#002677;margin:0 0 18px}h2{font-size:18px;color:#002677;margin:22px 0 8px}
label{display:block;margin:10px 0 3px;font-weight:700}input[type=text],input[type=password],select{padding:7px;border:1px solid #767676;border-radius:2px;width:300px;font:inherit}
.btn{display:inline-block;margin-top:14px;background:#002677;color:#fff;border:0;border-radius:20px;padding:8px 22px;font:700 14px Arial}
.panel{border:1px solid #d9d9d9;border-radius:4px;padding:14px 20px;margin:0 0 16px;max-width:720px}
table{border-collapse:collapse;width:100%;margin:6px 0 10px}th,td{padding:7px 9px;border:1px solid #d9d9d9;text-align:left;vertical-align:top}thead th{background:#f2f2f2}
dl{display:grid;grid-template-columns:240px 1fr;gap:4px 12px;margin:0}dt{font-weight:700;color:#555}dd{margin:0}
.error{border-left:4px solid #c40000;background:#fdf2f2;padding:10px 14px;margin:8px 0}.info{border-left:4px solid #0c55b8;background:#eef4fc;padding:10px 14px;margin:8px 0}
nav.pages a,nav.pages span{margin-right:10px}footer{border-top:1px solid #ddd;color:#666;font-size:12px;padding:14px 28px;margin-top:30px}
`;

export interface ShellOptions {
  title: string;
  body: string;
  /** Signed-in chrome (nav, sign out); with a TIN, the TIN bar too. */
  signedIn?: boolean;
  tin?: UhcTin | undefined;
}

export function shell({ title, body, signedIn = false, tin }: ShellOptions): string {
  const nav = signedIn
    ? `<nav aria-label="Primary"><a href="/dashboard">Home</a><a href="/claims">Claims &amp; Payments</a><a href="/documents">Document Library</a></nav>
<form method="post" action="/logout"><button type="submit">Sign Out</button></form>`
    : '';
  const bar = tin
    ? `<div class="tinbar" role="region" aria-label="Selected TIN">Tax ID: <strong>${dashedTin(tin.tin)}</strong> ${h(tin.name)} · <a href="/select-tin">Change TIN</a></div>`
    : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${h(title)} - UnitedCare Provider Portal</title><style>${STYLE}</style></head>
<body><header class="masthead"><span class="logo">UnitedCare Provider Portal</span>${nav}</header>${bar}
<main id="main">${body}</main>
<footer>UnitedCare is a mock of a payer provider portal for testing. No real patient data.</footer></body></html>`;
}

export const errorBox = (msg?: string): string => (msg ? `<div class="error" role="alert">${h(msg)}</div>` : '');
const infoBox = (msg?: string): string => (msg ? `<div class="info" role="status">${h(msg)}</div>` : '');

export const LOCKED_MESSAGE =
  'Your One Healthcare ID has been locked because of too many unsuccessful sign in attempts. Call the help desk to unlock it.';

export function usernamePage(opts: { notice?: string; error?: string } = {}): string {
  return shell({
    title: 'Sign In',
    body: `<h1>Sign in with your One Healthcare ID</h1>${infoBox(opts.notice)}${errorBox(opts.error)}
<form method="post" action="/login/username" aria-label="Sign in" class="panel">
<label for="username">One Healthcare ID</label><input type="text" id="username" name="username" autocomplete="username" required>
<button class="btn" type="submit">Continue</button></form>`,
  });
}

export function passwordPage(username: string, error?: string): string {
  return shell({
    title: 'Enter Password',
    body: `<h1>Enter your password</h1>${errorBox(error)}
<form method="post" action="/login/password" aria-label="Enter password" class="panel">
<p>Signing in as <strong>${h(username)}</strong> (<a href="/login">not you?</a>)</p>
<input type="hidden" name="username" value="${h(username)}">
<label for="password">Password</label><input type="password" id="password" name="password" autocomplete="current-password" required>
<button class="btn" type="submit">Sign In</button></form>`,
  });
}

export function verifyPage(opts: { error?: string; rechallenge?: boolean } = {}): string {
  return shell({
    title: 'Confirm Your Identity',
    body: `<h1>Confirm your identity</h1>${opts.rechallenge ? infoBox('We need to confirm your identity again before you continue.') : ''}${errorBox(opts.error)}
<form method="post" action="/verify" aria-label="Confirm your identity" class="panel">
<p>Open your authenticator app and enter the 6-digit code for UnitedCare.</p>
<label for="otp">Authenticator code</label><input type="text" id="otp" name="otp" inputmode="numeric" autocomplete="one-time-code" maxlength="6" required>
<button class="btn" type="submit">Confirm</button></form>`,
  });
}

export function tinPickerPage(tins: readonly UhcTin[], returnTo: string, error?: string): string {
  const radios = tins
    .map(
      (t, i) =>
        `<div><input type="radio" id="tin-${i}" name="tin" value="${t.tin}"${i === 0 ? ' checked' : ''}> <label for="tin-${i}" style="display:inline">${dashedTin(t.tin)} ${h(t.name)}</label></div>`,
    )
    .join('');
  return shell({
    title: 'Select a Tax ID',
    signedIn: true,
    body: `<h1>Select a Tax ID</h1>${errorBox(error)}
<p>Your One Healthcare ID is linked to more than one Tax ID (TIN). Claims, payments and letters are shown for one TIN at a time.</p>
<form method="post" action="/select-tin" class="panel" aria-label="Select a Tax ID"><fieldset><legend>Tax IDs linked to your account</legend>${radios}</fieldset>
<input type="hidden" name="returnTo" value="${h(returnTo)}"><button class="btn" type="submit">Continue</button></form>`,
  });
}

export function dashboardPage(displayName: string, tin: UhcTin): string {
  return shell({
    title: 'Home',
    signedIn: true,
    tin,
    body: `<h1>Welcome, ${h(displayName)}</h1>
<div class="panel"><h2>Quick links</h2><ul><li><a href="/claims">Claims &amp; Payments</a></li><li><a href="/documents">Document Library</a></li></ul></div>`,
  });
}

export function maintenancePage(): string {
  return shell({
    title: 'Site Maintenance',
    body: "<h1>We'll be back soon</h1><p>The UnitedCare Provider Portal is unavailable during scheduled maintenance. Please try again later.</p>",
  });
}

export function tooManyRequestsPage(retryAfterSec: number): string {
  return shell({
    title: 'Too Many Requests',
    body: `<h1>Please slow down</h1><p>We received too many requests from your session. Try again in ${retryAfterSec} seconds.</p>`,
  });
}

export function notFoundPage(signedIn: boolean): string {
  return shell({ title: 'Page Not Found', signedIn, body: '<h1>Page not found</h1>' });
}
