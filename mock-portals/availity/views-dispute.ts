// Claim dispute screens of the Availity-like portal: the dispute center
// (start a dispute, find one), the two-step dispute (details with the
// document upload, then review), the confirmation with its dispute ID, the
// "already in progress" refusal and the dispute status page.
import { escapeHtml as h, formatUsd, usDate } from '../shared/helpers.ts';
import type { ReconsiderationRecord } from '../shared/reconsiderations.ts';
import type { AvailityClaim } from './data.ts';
import { shell } from './views.ts';

/** The portal's dispute reasons: option value -> label. */
export const AVAILITY_DISPUTE_REASONS: Readonly<Record<string, string>> = {
  CORR: 'Corrected claim information',
  MNEC: 'Medical necessity',
  AUTH: 'Authorization on file',
  TFL: 'Timely filing',
  COB: 'Coordination of benefits',
  DUPL: 'Not a duplicate',
  CODE: 'Coding dispute',
  PAY: 'Incorrect payment amount',
  OTH: 'Other',
};

export interface DisputeDraft {
  reason: string;
  argument: string;
  correctedFields: Record<string, string>;
  attachments: { fileName: string; byteSize: number; sha256: string }[];
}

const alert = (m?: string) => (m ? `<div class="alert" role="alert">${h(m)}</div>` : '');
const row = (label: string, value: string) => `<tr><th scope="row">${h(label)}</th><td>${h(value)}</td></tr>`;
const dash = '—';

export function disputeCenterPage(error?: string): string {
  return shell({
    title: 'Claim Disputes',
    signedIn: true,
    body: `<h1>Claim Disputes</h1>${alert(error)}
<form method="get" action="/claims/disputes/new" aria-label="Start a dispute"><h2>Start a dispute</h2>
<label for="disputeClaim">Claim number</label><input id="disputeClaim" name="claimNumber" required>
<button class="primary" type="submit">Start dispute</button></form>
<form method="post" action="/claims/disputes/find" aria-label="Find a dispute"><h2>Find a dispute</h2>
<label for="disputeId">Dispute ID</label><input id="disputeId" name="disputeId" required>
<button class="primary" type="submit">Find dispute</button></form>`,
  });
}

export function disputeFormPage(c: AvailityClaim, d: DisputeDraft | undefined, error?: string): string {
  const options = Object.entries(AVAILITY_DISPUTE_REASONS)
    .map(([v, l]) => `<option value="${v}"${d?.reason === v ? ' selected' : ''}>${h(l)}</option>`)
    .join('');
  return shell({
    title: 'Dispute a Claim',
    signedIn: true,
    body: `<h1>Dispute a Claim</h1><p class="muted">Step 1 of 2: Dispute details</p>${alert(error)}
<table aria-label="Claim"><tbody>${row('Claim number', c.claimNumber)}${row('Payer', c.payerName)}${row('Date of service', usDate(c.serviceDate))}${row('Billed amount', formatUsd(c.billedCents))}</tbody></table>
<form method="post" action="/claims/disputes/review" enctype="multipart/form-data" aria-label="Dispute details">
<input type="hidden" name="claimNumber" value="${h(c.claimNumber)}">
<label for="disputeReason">Dispute reason</label><select id="disputeReason" name="reason" required><option value="">Choose a reason</option>${options}</select>
<fieldset><legend>Corrected claim information (optional)</legend>
<label for="correctedProcedure">Corrected procedure code</label><input id="correctedProcedure" name="procedureCode" value="${h(d?.correctedFields.procedureCode ?? '')}">
<label for="correctedBilled">Corrected billed amount</label><input id="correctedBilled" name="billedAmount" value="${h(d?.correctedFields.billedAmount ?? '')}"></fieldset>
<label for="disputeExplanation">Explanation</label><textarea id="disputeExplanation" name="argument" rows="7" cols="70" maxlength="4000" required>${h(d?.argument ?? '')}</textarea>
<label for="disputeDocument">Supporting documentation (PDF, up to 10 MB)</label><input type="file" id="disputeDocument" name="document" accept="application/pdf,.pdf">
<button class="primary" type="submit">Review dispute</button></form>`,
  });
}

export function disputeReviewPage(c: AvailityClaim, d: DisputeDraft): string {
  return shell({
    title: 'Review your dispute',
    signedIn: true,
    body: `<h1>Review your dispute</h1><p class="muted">Step 2 of 2: Review and submit</p>
<table aria-label="Dispute summary"><tbody>${row('Claim number', c.claimNumber)}${row('Payer', c.payerName)}${row('Dispute reason', AVAILITY_DISPUTE_REASONS[d.reason] ?? d.reason)}
${row('Corrected procedure code', d.correctedFields.procedureCode || dash)}${row('Corrected billed amount', d.correctedFields.billedAmount ? formatUsd(Math.round(Number(d.correctedFields.billedAmount) * 100)) : dash)}
${row('Explanation', d.argument)}${row('Attachment', d.attachments.map((a) => a.fileName).join(', '))}</tbody></table>
<form method="post" action="/claims/disputes/submit" aria-label="Submit dispute"><input type="hidden" name="claimNumber" value="${h(c.claimNumber)}">
<button class="primary" type="submit">Submit dispute</button></form>
<p><a href="/claims/disputes/new?claimNumber=${encodeURIComponent(c.claimNumber)}">Edit dispute</a></p>`,
  });
}

function confirmationTable(r: ReconsiderationRecord, payerName: string): string {
  return `<table aria-label="Dispute confirmation"><tbody>${row('Dispute ID', r.trackingNumber)}${row('Claim number', r.claimNumber)}${row('Payer', payerName)}${row('Submitted', usDate(r.submittedAt.slice(0, 10)))}</tbody></table>`;
}

export function disputeSubmittedPage(r: ReconsiderationRecord, payerName: string): string {
  return shell({
    title: 'Dispute submitted',
    signedIn: true,
    body: `<h1>Dispute submitted</h1><p class="note" role="status">The payer received your dispute.</p>${confirmationTable(r, payerName)}
<p><a href="/claims/disputes/${h(r.trackingNumber)}">View dispute status</a></p>`,
  });
}

export function disputeInProgressPage(r: ReconsiderationRecord, payerName: string): string {
  return shell({
    title: 'Dispute in progress',
    signedIn: true,
    body: `<h1>Dispute in progress</h1>${alert(`A dispute for this claim is already in progress (tracking ${r.trackingNumber}).`)}${confirmationTable(r, payerName)}`,
  });
}

export function disputeNotEligiblePage(message: string): string {
  return shell({
    title: 'Dispute not available',
    signedIn: true,
    body: `<h1>Dispute not available</h1><p role="status">${h(message)}</p><p><a href="/claims/disputes">Claim Disputes</a></p>`,
  });
}

const OUTCOME = { overturned: 'Overturned', upheld: 'Upheld', partially_paid: 'Partially overturned' } as const;

export function disputeStatusPage(r: ReconsiderationRecord, payerName: string): string {
  return shell({
    title: `Dispute ${r.trackingNumber}`,
    signedIn: true,
    body: `<h1>Dispute status</h1><table aria-label="Dispute details"><tbody>
${row('Dispute ID', r.trackingNumber)}${row('Claim number', r.claimNumber)}${row('Payer', payerName)}${row('Submitted', usDate(r.submittedAt.slice(0, 10)))}
${row('Status', r.status === 'decided' ? 'Closed' : 'Pending review')}${row('Outcome', r.decision ? OUTCOME[r.decision] : dash)}
${row('Amount approved', r.approvedCents === null ? dash : formatUsd(r.approvedCents))}${row('Closed', r.decidedAt ? usDate(r.decidedAt.slice(0, 10)) : dash)}</tbody></table>`,
  });
}

export function disputeNotFoundPage(): string {
  return shell({
    title: 'No dispute found',
    signedIn: true,
    body: '<h1>No dispute found</h1><p role="status">No dispute matches that ID.</p><p><a href="/claims/disputes">Claim Disputes</a></p>',
  });
}
