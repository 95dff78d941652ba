// Reconsideration screens of the UHC-like portal: the three-step request
// (reason and corrected fields, attachments, review), the confirmation with
// its tracking number, the "already in progress" refusal, and the tracking
// pages where the decision shows up later.
import type { ReconsiderationRecord } from '../shared/reconsiderations.ts';
import { escapeHtml as h } from '../shared/helpers.ts';
import type { UhcClaim, UhcTin } from './data.ts';
import { monDate, plainAmount } from './format.ts';
import { errorBox, shell } from './views.ts';

/** The portal's reconsideration reasons: option value -> label. */
export const UHC_RECONSIDERATION_REASONS: Readonly<Record<string, string>> = {
  CORRECTED: 'Corrected claim or billing error',
  MEDNEC: 'Medical necessity: additional clinical information',
  AUTH: 'Prior authorization was on file',
  TIMELY: 'Timely filing: proof of timely submission',
  COB: 'Coordination of benefits updated',
  DUP: 'Not a duplicate claim',
  CODING: 'Coding or bundling dispute',
  UNDERPAY: 'Underpayment: contracted rate not applied',
  OTHER: 'Other',
};

/** Corrected claim fields the form offers: form name -> label. */
export const UHC_CORRECTED_FIELDS = {
  procedureCode: 'Corrected Procedure Code',
  diagnosisCode: 'Corrected Diagnosis Code',
  billedAmount: 'Corrected Billed Amount',
} as const;

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export interface ReconsiderationDraft {
  reason: string;
  argument: string;
  correctedFields: Record<string, string>;
  attachments: { fileName: string; byteSize: number; sha256: string }[];
}

const STEPS = ['Reason', 'Attachments', 'Review'];
const steps = (current: number): string =>
  `<nav aria-label="Reconsideration steps"><ol>${STEPS.map((s, i) =>
    i + 1 === current
      ? `<li aria-current="step"><strong>Step ${i + 1}: ${s}</strong></li>`
      : `<li>Step ${i + 1}: ${s}</li>`,
  ).join('')}</ol></nav>`;
const dd = (k: string, v: string) => `<dt>${h(k)}</dt><dd>${h(v)}</dd>`;
const base = (c: UhcClaim) => `/claims/${encodeURIComponent(c.claimNumber)}/reconsideration`;
const kb = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024))} KB`;

function claimSummary(c: UhcClaim): string {
  return `<section class="panel" aria-labelledby="claim-h"><h2 id="claim-h">Claim</h2><dl>
${dd('Claim Number', c.claimNumber)}${dd('Date(s) of Service', monDate(c.serviceDate))}${dd('Amount Billed', plainAmount(c.billedCents))}${dd('Paid to Provider', plainAmount(c.paidCents))}</dl></section>`;
}

function attachmentTable(d: ReconsiderationDraft): string {
  const rows = d.attachments.map((a) => `<tr><td>${h(a.fileName)}</td><td>${kb(a.byteSize)}</td></tr>`).join('');
  return `<h2 id="att-h">Attached Documents</h2><table aria-labelledby="att-h"><thead><tr><th>File Name</th><th>Size</th></tr></thead><tbody>${rows || '<tr><td colspan="2">No documents attached.</td></tr>'}</tbody></table>`;
}

export function reasonPage(c: UhcClaim, tin: UhcTin, d: ReconsiderationDraft | undefined, error?: string): string {
  const options = Object.entries(UHC_RECONSIDERATION_REASONS)
    .map(([v, l]) => `<option value="${v}"${d?.reason === v ? ' selected' : ''}>${h(l)}</option>`)
    .join('');
  const corrected = Object.entries(UHC_CORRECTED_FIELDS)
    .map(
      ([name, label]) =>
        `<label for="${name}">${label}</label><input type="text" id="${name}" name="${name}" value="${h(d?.correctedFields[name] ?? '')}">`,
    )
    .join('');
  return shell({
    title: 'Request Reconsideration',
    signedIn: true,
    tin,
    body: `<h1>Request Reconsideration</h1>${steps(1)}${errorBox(error)}${claimSummary(c)}
<form method="post" action="${base(c)}/reason" class="panel" aria-label="Reconsideration reason">
<label for="reason">Reconsideration Reason</label><select id="reason" name="reason" required><option value="">Select a reason</option>${options}</select>
<fieldset><legend>Corrected claim information (optional)</legend>${corrected}</fieldset>
<label for="argument">Explanation</label><textarea id="argument" name="argument" rows="8" cols="70" maxlength="4000" required>${h(d?.argument ?? '')}</textarea>
<button class="btn" type="submit">Continue to Attachments</button></form>`,
  });
}

export function attachmentsPage(c: UhcClaim, tin: UhcTin, d: ReconsiderationDraft, error?: string): string {
  return shell({
    title: 'Request Reconsideration - Attachments',
    signedIn: true,
    tin,
    body: `<h1>Request Reconsideration</h1>${steps(2)}${errorBox(error)}
<p>Attach supporting documents: medical records, the corrected claim, proof of timely filing. PDF only, up to 10 MB per file.</p>
<form method="post" action="${base(c)}/attachments" enctype="multipart/form-data" class="panel" aria-label="Upload a document">
<label for="document">Document (PDF, up to 10 MB)</label><input type="file" id="document" name="document" accept="application/pdf,.pdf">
<button class="btn" type="submit">Upload Document</button></form>
${attachmentTable(d)}
<form method="post" action="${base(c)}/attachments/done" aria-label="Continue"><button class="btn" type="submit">Continue to Review</button></form>
<p><a href="${base(c)}">Back to reason</a></p>`,
  });
}

export function reviewPage(c: UhcClaim, tin: UhcTin, d: ReconsiderationDraft): string {
  const corrected = Object.entries(UHC_CORRECTED_FIELDS)
    .map(([name, label]) => dd(label, d.correctedFields[name] || 'N/A'))
    .join('');
  return shell({
    title: 'Request Reconsideration - Review',
    signedIn: true,
    tin,
    body: `<h1>Review Your Reconsideration</h1>${steps(3)}
<section class="panel" aria-labelledby="sum-h"><h2 id="sum-h">Reconsideration Summary</h2><dl>
${dd('Claim Number', c.claimNumber)}${dd('Reconsideration Reason', UHC_RECONSIDERATION_REASONS[d.reason] ?? d.reason)}${corrected}${dd('Explanation', d.argument)}</dl></section>
${attachmentTable(d)}
<p>By submitting you attest the information is accurate. A submitted reconsideration cannot be changed.</p>
<form method="post" action="${base(c)}/submit" aria-label="Submit reconsideration"><button class="btn" type="submit">Submit Reconsideration</button></form>
<p><a href="${base(c)}/attachments">Back to attachments</a></p>`,
  });
}

export function confirmationPage(r: ReconsiderationRecord, tin: UhcTin): string {
  return shell({
    title: 'Reconsideration Submitted',
    signedIn: true,
    tin,
    body: `<h1>Reconsideration Submitted</h1><div class="info" role="status">Your reconsideration request was received.</div>
<section class="panel" aria-labelledby="conf-h"><h2 id="conf-h">Confirmation</h2><dl>
${dd('Tracking Number', r.trackingNumber)}${dd('Claim Number', r.claimNumber)}${dd('Submitted Date', monDate(r.submittedAt.slice(0, 10)))}</dl></section>
<p>Decisions are usually issued within 30 days. <a href="/reconsiderations/${h(r.trackingNumber)}">Track this reconsideration</a></p>`,
  });
}

export function inProgressPage(r: ReconsiderationRecord, tin: UhcTin): string {
  return shell({
    title: 'Reconsideration In Progress',
    signedIn: true,
    tin,
    body: `<h1>Reconsideration In Progress</h1><div class="error" role="alert">A reconsideration for this claim is already in progress (tracking ${h(r.trackingNumber)}).</div>
<section class="panel" aria-labelledby="conf-h"><h2 id="conf-h">Confirmation</h2><dl>
${dd('Tracking Number', r.trackingNumber)}${dd('Claim Number', r.claimNumber)}${dd('Submitted Date', monDate(r.submittedAt.slice(0, 10)))}</dl></section>
<p><a href="/reconsiderations/${h(r.trackingNumber)}">Track this reconsideration</a></p>`,
  });
}

export function trackingSearchPage(tin: UhcTin, error?: string): string {
  return shell({
    title: 'Reconsideration Status',
    signedIn: true,
    tin,
    body: `<h1>Track a Reconsideration</h1>${errorBox(error)}
<form method="post" action="/reconsiderations/search" class="panel" aria-label="Track a reconsideration">
<label for="trackingNumber">Tracking Number</label><input type="text" id="trackingNumber" name="trackingNumber" required>
<button class="btn" type="submit">Track</button></form>`,
  });
}

const DECISION_TEXT = { overturned: 'Overturned', upheld: 'Upheld', partially_paid: 'Partially Overturned' } as const;

export function statusPage(r: ReconsiderationRecord, tin: UhcTin): string {
  return shell({
    title: `Reconsideration ${r.trackingNumber}`,
    signedIn: true,
    tin,
    body: `<h1>Reconsideration Status</h1>
<section class="panel" aria-labelledby="det-h"><h2 id="det-h">Reconsideration Details</h2><dl>
${dd('Tracking Number', r.trackingNumber)}${dd('Claim Number', r.claimNumber)}${dd('Submitted Date', monDate(r.submittedAt.slice(0, 10)))}
${dd('Status', r.status === 'decided' ? 'Decision Issued' : 'In Review')}${dd('Decision', r.decision ? DECISION_TEXT[r.decision] : 'N/A')}
${dd('Approved Amount', r.approvedCents === null ? 'N/A' : plainAmount(r.approvedCents))}${dd('Decision Date', r.decidedAt ? monDate(r.decidedAt.slice(0, 10)) : 'N/A')}</dl></section>
<p><a href="/reconsiderations">Track another</a></p>`,
  });
}

export function trackingNotFoundPage(tin: UhcTin): string {
  return shell({
    title: 'Reconsideration Not Found',
    signedIn: true,
    tin,
    body: `<h1>No reconsideration found</h1><p role="status">No reconsideration matches that tracking number.</p><p><a href="/reconsiderations">Track another</a></p>`,
  });
}
