// Where the UHC-like portal shows its reconsideration screens (layout v1):
// the request's three steps, the confirmation, the "already in progress"
// refusal and the tracking pages.
import type { ReconsiderationReason } from '../runtime/tasks.ts';
import { defineSelectors } from '../runtime/selectors.ts';

export const reconsiderationSelectors = defineSelectors({
  claimDetail: {
    heading: { role: 'heading', name: 'Claim Details', level: 1, exact: true },
    request: { role: 'link', name: 'Request Reconsideration', exact: true },
  },
  reason: {
    heading: { role: 'heading', name: 'Request Reconsideration', level: 1, exact: true },
    currentStep: { css: 'nav[aria-label="Reconsideration steps"] [aria-current="step"]' },
    reason: { label: 'Reconsideration Reason' },
    procedureCode: { label: 'Corrected Procedure Code' },
    diagnosisCode: { label: 'Corrected Diagnosis Code' },
    billedAmount: { label: 'Corrected Billed Amount' },
    argument: { label: 'Explanation' },
    continue: { role: 'button', name: 'Continue to Attachments', exact: true },
    error: { role: 'alert' },
  },
  attachments: {
    currentStep: { css: 'nav[aria-label="Reconsideration steps"] [aria-current="step"]' },
    file: { label: 'Document (PDF, up to 10 MB)' },
    upload: { role: 'button', name: 'Upload Document', exact: true },
    table: { role: 'table', name: 'Attached Documents', exact: true },
    continue: { role: 'button', name: 'Continue to Review', exact: true },
    error: { role: 'alert' },
  },
  review: {
    heading: { role: 'heading', name: 'Review Your Reconsideration', level: 1, exact: true },
    summary: { role: 'region', name: 'Reconsideration Summary', exact: true },
    table: { role: 'table', name: 'Attached Documents', exact: true },
    submit: { role: 'button', name: 'Submit Reconsideration', exact: true },
    claimNumber: { field: 'Claim Number', in: 'summary' },
    reason: { field: 'Reconsideration Reason', in: 'summary' },
  },
  confirmation: {
    heading: { role: 'heading', name: 'Reconsideration Submitted', level: 1, exact: true },
    details: { role: 'region', name: 'Confirmation', exact: true },
    trackingNumber: { field: 'Tracking Number', in: 'details' },
    claimNumber: { field: 'Claim Number', in: 'details' },
    submittedDate: { field: 'Submitted Date', in: 'details' },
  },
  inProgress: {
    heading: { role: 'heading', name: 'Reconsideration In Progress', level: 1, exact: true },
    details: { role: 'region', name: 'Confirmation', exact: true },
    trackingNumber: { field: 'Tracking Number', in: 'details' },
    claimNumber: { field: 'Claim Number', in: 'details' },
    submittedDate: { field: 'Submitted Date', in: 'details' },
  },
  trackSearch: {
    heading: { role: 'heading', name: 'Track a Reconsideration', level: 1, exact: true },
    trackingNumber: { label: 'Tracking Number' },
    track: { role: 'button', name: 'Track', exact: true },
  },
  trackNotFound: {
    heading: { role: 'heading', name: 'No reconsideration found', level: 1, exact: true },
  },
  status: {
    heading: { role: 'heading', name: 'Reconsideration Status', level: 1, exact: true },
    details: { role: 'region', name: 'Reconsideration Details', exact: true },
    trackingNumber: { field: 'Tracking Number', in: 'details' },
    claimNumber: { field: 'Claim Number', in: 'details' },
    submittedDate: { field: 'Submitted Date', in: 'details' },
    status: { field: 'Status', in: 'details' },
    decision: { field: 'Decision', in: 'details' },
    approvedAmount: { field: 'Approved Amount', in: 'details' },
    decisionDate: { field: 'Decision Date', in: 'details' },
  },
});

export const ATTACHMENT_COLUMNS = { fileName: 'File Name', size: 'Size' } as const;

/** The portal's reason option (its label) for each contract reason. */
export const UHC_REASON_LABELS: Record<ReconsiderationReason, string> = {
  corrected_claim: 'Corrected claim or billing error',
  medical_necessity: 'Medical necessity: additional clinical information',
  prior_authorization: 'Prior authorization was on file',
  timely_filing: 'Timely filing: proof of timely submission',
  coordination_of_benefits: 'Coordination of benefits updated',
  not_duplicate: 'Not a duplicate claim',
  coding: 'Coding or bundling dispute',
  underpayment: 'Underpayment: contracted rate not applied',
  other: 'Other',
};

/** Status page wording -> contract values. */
export const UHC_STATUS_TEXT = { 'In Review': 'in_review', 'Decision Issued': 'decided' } as const;
export const UHC_DECISION_TEXT = {
  Overturned: 'overturned',
  Upheld: 'upheld',
  'Partially Overturned': 'partially_paid',
} as const;
